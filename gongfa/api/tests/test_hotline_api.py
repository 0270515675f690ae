"""/api/v1/hotline/: the CTI's ring, answer, hang-up, import and after-hours message (scope
`hotline:cti`, token only), and the supervisors' call list."""

import datetime

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.network.models import DutyShift
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder

from .conftest import ApiClient

BASE = "/api/v1/hotline"
NIGHT = "2026-12-01T22:30:00+08:00"


@pytest.fixture
def queue(network):
    return HotlineQueue.objects.create(code="12348", name="12348热线", point=network.centre)


@pytest.fixture
def cti_user(network):
    user = UserFactory(role=Role.HOTLINE_AGENT, username="cti", real_name="话务系统")
    post(user, network.centre)
    return user


@pytest.fixture
def cti(cti_user, make_token, queue):
    _, plain = make_token(cti_user, ["hotline:cti"])
    return ApiClient(plain)


def test_ring_answer_hangup_over_the_api(cti):
    first = cti.post(
        f"{BASE}/calls/ring",
        {"call_id": "X-1", "caller": "13912345678", "queue": "12348", "at": "2026-12-01T10:00:00+08:00"},
    )
    assert first.status_code == 201, first.content
    assert first.json()["caller"] == "139****5678" and first.json()["outcome"] == "ringing"
    again = cti.post(f"{BASE}/calls/ring", {"call_id": "X-1", "caller": "13912345678", "queue": "12348"})
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    answered = cti.post(
        f"{BASE}/calls/answer", {"call_id": "X-1", "at": "2026-12-01T10:00:15+08:00", "agent_code": "nobody"}
    )
    assert answered.status_code == 200 and answered.json()["wait_seconds"] == 15
    assert answered.json()["agent"] is None and answered.json()["agent_code"] == "nobody"
    ended = cti.post(
        f"{BASE}/calls/hangup",
        {"call_id": "X-1", "ended_at": "2026-12-01T10:04:15+08:00", "result": "answered_on_call"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["talk_seconds"] == 240 and ended.json()["result"] == "answered_on_call"
    assert "13912345678" not in ended.content.decode()


def test_bad_inputs_answer_in_the_one_error_shape(cti):
    unknown_queue = cti.post(f"{BASE}/calls/ring", {"call_id": "X-2", "queue": "nope"})
    assert unknown_queue.status_code == 400 and unknown_queue.json()["error"]["code"] == "unknown_queue"
    never_rang = cti.post(f"{BASE}/calls/hangup", {"call_id": "never"})
    assert never_rang.status_code == 404 and never_rang.json()["error"]["code"] == "unknown_call"
    cti.post(f"{BASE}/calls/ring", {"call_id": "X-3", "queue": "12348", "at": "2026-12-01T10:00:00+08:00"})
    early = cti.post(
        f"{BASE}/calls/hangup", {"call_id": "X-3", "ended_at": "2026-12-01T09:00:00+08:00", "order": "GF20990101-00001"}
    )
    assert early.status_code == 400
    assert {e["code"] for e in early.json()["error"]["errors"]} == {
        "unknown_order",
        "ended_before_start",
    }
    not_json = cti.client.post(
        f"{BASE}/calls/ring", "{", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {cti.token}"
    )
    assert not_json.status_code == 400 and not_json.json()["error"]["code"] == "malformed_body"


def test_import_all_or_nothing_with_row_indexes(cti):
    good = {
        "call_id": "R-1",
        "queue": "12348",
        "received_at": "2026-12-01T10:00:00+08:00",
        "answered_at": "2026-12-01T10:00:10+08:00",
        "ended_at": "2026-12-01T10:02:10+08:00",
    }
    bad = [
        good,
        dict(good),
        {**good, "call_id": "R-3", "talk_seconds": -1},
        {**good, "call_id": "R-4", "ended_at": "2026-12-01T09:00:00+08:00"},
    ]
    refused = cti.post(f"{BASE}/calls/import", {"rows": bad})
    assert refused.status_code in (400, 422)
    if refused.status_code == 400:
        fields = {e["field"] for e in refused.json()["error"]["errors"]}
        assert {"rows[1].call_id", "rows[3].ended_at"} <= fields
    assert not CallRecord.objects.exists()
    done = cti.post(f"{BASE}/calls/import", {"rows": [good, {**good, "call_id": "R-2", "answered_at": None}]})
    assert done.status_code == 200, done.content
    assert done.json() == {"created": 2, "updated": 0}
    assert cti.post(f"{BASE}/calls/import", {"rows": [good]}).json() == {"created": 0, "updated": 1}


def test_duplicate_ids_in_an_import_are_named(cti):
    row = {
        "call_id": "R-1",
        "queue": "12348",
        "received_at": "2026-12-01T10:00:00+08:00",
        "ended_at": "2026-12-01T10:01:00+08:00",
    }
    refused = cti.post(f"{BASE}/calls/import", {"rows": [row, row]})
    assert refused.status_code == 400
    assert (
        refused.json()["error"]["code"] == "duplicate_call_id" and refused.json()["error"]["field"] == "rows[1].call_id"
    )


def test_after_hours_message_and_the_on_duty_refusal(cti, cti_user, network):
    created = cti.post(
        f"{BASE}/calls/after-hours-message",
        {"call_id": "M-1", "caller": "13912345678", "queue": "12348", "text": "请回电", "at": NIGHT},
    )
    assert created.status_code == 201, created.content
    order = WorkOrder.objects.get(tracking_number=created.json()["tracking_number"])
    assert order.after_hours and order.channel == "hotline"
    assert created.json()["contact_due"] == "2026-12-02T11:00:00+08:00"
    assert (
        cti.post(f"{BASE}/calls/after-hours-message", {"call_id": "M-1", "queue": "12348", "at": NIGHT}).status_code
        == 200
    )
    DutyShift.objects.create(
        point=network.centre,
        user=cti_user,
        date=datetime.date(2026, 12, 1),
        starts_at=datetime.time(8),
        ends_at=datetime.time(23),
    )
    refused = cti.post(f"{BASE}/calls/after-hours-message", {"call_id": "M-2", "queue": "12348", "at": NIGHT})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "on_duty"


def test_a_token_without_the_scope_or_a_session_is_refused(make_token, cti_user, queue, county_supervisor):
    _, plain = make_token(cti_user, ["workorders:read"])
    wrong = ApiClient(plain).post(f"{BASE}/calls/ring", {"call_id": "S-1", "queue": "12348"})
    assert wrong.status_code in (401, 403)
    assert (
        Client()
        .post(f"{BASE}/calls/ring", {"call_id": "S-1", "queue": "12348"}, content_type="application/json")
        .status_code
        == 401
    )
    browser = Client()
    browser.force_login(county_supervisor)
    assert browser.post(
        f"{BASE}/calls/ring", {"call_id": "S-1", "queue": "12348"}, content_type="application/json"
    ).status_code in (401, 403)
    assert not CallRecord.objects.exists()


def test_supervisors_list_the_calls_of_their_regions(
    cti, county_supervisor, other_supervisor, django_assert_max_num_queries
):
    for n in range(3):
        cti.post(
            f"{BASE}/calls/ring",
            {"call_id": f"L-{n}", "caller": "13912345678", "queue": "12348", "at": f"2026-12-0{n + 1}T10:00:00+08:00"},
        )
    cti.post(f"{BASE}/calls/hangup", {"call_id": "L-0", "ended_at": "2026-12-01T10:00:30+08:00"})
    browser = Client()
    browser.force_login(county_supervisor)
    with django_assert_max_num_queries(12):
        listed = browser.get(f"{BASE}/calls", {"start": "2026-12-01", "end": "2026-12-02"})
    assert listed.status_code == 200, listed.content
    assert [c["call_id"] for c in listed.json()["items"]] == ["L-1", "L-0"]
    assert browser.get(f"{BASE}/calls", {"outcome": "abandoned"}).json()["count"] == 1
    assert browser.get(f"{BASE}/calls", {"outcome": "nope"}).status_code == 400
    assert browser.get(f"{BASE}/calls", {"start": "2026-12-02", "end": "2026-12-01"}).status_code == 400
    outsider = Client()
    outsider.force_login(other_supervisor)
    assert outsider.get(f"{BASE}/calls").json()["count"] == 0
    agent = Client()
    agent.force_login(UserFactory(role=Role.HOTLINE_AGENT))
    assert agent.get(f"{BASE}/calls").status_code == 403
