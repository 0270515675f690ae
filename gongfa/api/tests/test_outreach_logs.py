"""The advisers' work log over the API (/api/v1/outreach/log-kinds, /logs): the kinds and their
fields, the caller's own month, recording with every problem at once (400, never a 500, nothing
saved), and the same key recorded once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.network.models import AdvisorAssignment, Region
from gongfa.outreach.models import AdvisorLog, WorkLogKind
from gongfa.testing.factories import MiniNetwork, eligible_advisor

pytestmark = pytest.mark.django_db

KINDS = "/api/v1/outreach/log-kinds"
LOGS = "/api/v1/outreach/logs"


@pytest.fixture
def advisor(network: MiniNetwork) -> User:
    user = eligible_advisor(network.county, real_name="李顾问", phone="13800001111")
    AdvisorAssignment.objects.create(advisor=user, village=network.villages[0])
    return user


@pytest.fixture
def phone(advisor: User) -> Client:
    client = Client()
    client.force_login(advisor)
    return client


def body(village: Region, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "village": village.code,
        "kind": "visit",
        "occurred_on": timezone.localdate().isoformat(),
        "summary": "到村值班，接待群众来访。",
        "days_in_village": 1,
    }
    values.update(extra)
    return values


def post(client: Client, data: dict[str, Any], **headers: str) -> Any:
    return client.post(LOGS, data, content_type="application/json", headers=headers)


def problems(response: Any) -> dict[str, str]:
    return {p["field"]: p["code"] for p in response.json()["error"]["errors"]}


def test_the_kinds_list_each_active_kind_with_its_fields(phone: Client) -> None:
    WorkLogKind.objects.filter(code="visit").update(fields={"days_in_village": "required", "topic": "optional"})
    WorkLogKind.objects.create(code="retired", name="停用类型", is_active=False)
    response = phone.get(KINDS)
    assert response.status_code == 200
    kinds = {k["code"]: k for k in response.json()}
    assert "retired" not in kinds
    assert kinds["visit"]["fields"] == [
        {"name": "days_in_village", "label": "驻村天数", "required": True},
        {"name": "topic", "label": "主题", "required": False},
    ]


def test_the_kinds_need_a_caller(client: Client) -> None:
    response = client.get(KINDS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_an_entry_is_recorded_and_listed_in_its_month(phone: Client, advisor: User, network: MiniNetwork) -> None:
    response = post(phone, body(network.villages[0]))
    assert response.status_code == 201, response.json()
    out = response.json()
    assert (out["village_code"], out["kind"], out["photos"]) == (network.villages[0].code, "visit", 0)
    log = AdvisorLog.objects.get()
    assert log.advisor == advisor
    month = timezone.localdate().strftime("%Y-%m")
    listed = phone.get(LOGS, {"month": month}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == log.pk


def test_the_list_shows_only_the_caller_s_own_month(phone: Client, advisor: User, network: MiniNetwork) -> None:
    other = eligible_advisor(network.county, real_name="王顾问", phone="13800002222")
    visit = WorkLogKind.objects.get(code="visit")
    today = timezone.localdate()
    AdvisorLog.objects.create(advisor=other, village=network.villages[0], kind=visit, occurred_on=today, summary="x")
    last_year = today - datetime.timedelta(days=400)
    AdvisorLog.objects.create(
        advisor=advisor, village=network.villages[0], kind=visit, occurred_on=last_year, summary="old"
    )
    assert phone.get(LOGS).json()["count"] == 0
    assert phone.get(LOGS, {"month": last_year.strftime("%Y-%m")}).json()["count"] == 1


def test_the_list_costs_the_same_queries_for_one_entry_or_many(
    phone: Client, advisor: User, network: MiniNetwork, django_assert_max_num_queries: Any
) -> None:
    visit = WorkLogKind.objects.get(code="visit")
    for n in range(12):
        AdvisorLog.objects.create(
            advisor=advisor, village=network.villages[0], kind=visit, occurred_on=timezone.localdate(), summary=f"{n}"
        )
    with django_assert_max_num_queries(12):
        assert phone.get(LOGS).json()["count"] == 12


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "march", "2026-00", "0000-01"])
def test_a_wrong_month_is_refused(phone: Client, month: str) -> None:
    response = phone.get(LOGS, {"month": month})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_month"
    assert response.json()["error"]["field"] == "month"


def test_every_problem_is_listed_at_once_and_nothing_is_saved(phone: Client, network: MiniNetwork) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(phone, body(network.villages[1], occurred_on=tomorrow, summary="  ", days_in_village=None))
    assert response.status_code == 400
    assert problems(response) == {
        "village": "not_served",
        "occurred_on": "future_date",
        "summary": "required",
        "days_in_village": "required",
    }
    assert not AdvisorLog.objects.exists()


def test_an_unknown_kind_and_village_are_named(phone: Client, network: MiniNetwork) -> None:
    response = post(phone, {**body(network.villages[0]), "kind": "no-such-kind", "village": "999999999999"})
    assert response.status_code == 400
    found = problems(response)
    assert found["kind"] == "unknown_kind"
    assert found["village"] == "unknown_village"
    assert not AdvisorLog.objects.exists()


def test_an_absurd_audience_needs_the_confirmation(phone: Client, network: MiniNetwork) -> None:
    talk = body(network.villages[0], kind="lecture", topic="民法典", audience=250_000)
    response = post(phone, talk)
    assert response.status_code == 400
    assert problems(response)["audience"] == "confirm_audience"
    assert not AdvisorLog.objects.exists()
    confirmed = post(phone, {**talk, "confirm_audience": True})
    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["audience"] == 250_000


def test_a_body_of_the_wrong_types_is_a_422_not_a_500(phone: Client, network: MiniNetwork) -> None:
    response = post(phone, body(network.villages[0], occurred_on="yesterday", audience="many"))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_the_same_idempotency_key_records_once(phone: Client, network: MiniNetwork) -> None:
    first = post(phone, body(network.villages[0]), **{"Idempotency-Key": "phone-1"})
    again = post(phone, body(network.villages[0]), **{"Idempotency-Key": "phone-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert AdvisorLog.objects.count() == 1


def test_the_same_client_key_in_the_body_records_once(phone: Client, network: MiniNetwork) -> None:
    first = post(phone, body(network.villages[0], client_key="k-1"))
    again = post(phone, body(network.villages[0], client_key="k-1"))
    other = post(phone, body(network.villages[0], client_key="k-2"))
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert AdvisorLog.objects.count() == 2


def test_another_caller_s_key_is_their_own(phone: Client, network: MiniNetwork) -> None:
    post(phone, body(network.villages[0], client_key="shared"))
    colleague = eligible_advisor(network.county, real_name="王顾问", phone="13800002222")
    AdvisorAssignment.objects.create(advisor=colleague, village=network.villages[0])
    client = Client()
    client.force_login(colleague)
    response = post(client, body(network.villages[0], client_key="shared"))
    assert response.status_code == 201
    assert AdvisorLog.objects.count() == 2


def test_an_over_long_summary_is_the_service_s_error(phone: Client, network: MiniNetwork) -> None:
    response = post(phone, body(network.villages[0], summary="字" * 2001))
    assert response.status_code == 400
    assert problems(response)["summary"] == "too_long"


@pytest.mark.parametrize(("days", "status"), [("NaN", 422), ("Infinity", 422), ("1e30", 400), (-1, 400)])
def test_odd_numbers_are_refused_never_a_500(phone: Client, network: MiniNetwork, days: Any, status: int) -> None:
    response = post(phone, body(network.villages[0], days_in_village=days))
    assert response.status_code == status
    assert not AdvisorLog.objects.exists()


def test_a_token_with_the_log_scope_records_and_one_without_is_refused(advisor: User, network: MiniNetwork) -> None:
    from gongfa.api.tests.conftest import ApiClient
    from gongfa.api.tokens import issue_token

    _, secret = issue_token(user=advisor, scopes=["outreach:log"])
    app = ApiClient(secret)
    assert app.post(LOGS, body(network.villages[0])).status_code == 201
    _, other = issue_token(user=advisor, scopes=["outreach:read"])
    refused = ApiClient(other).post(LOGS, body(network.villages[0], client_key="another"))
    assert refused.status_code in (401, 403)
    assert AdvisorLog.objects.count() == 1
