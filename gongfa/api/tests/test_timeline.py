"""GET /api/v1/workorders/{tracking_number}/timeline: every event in order, in words, without
the citizen's personal data."""

import pytest
from django.test import Client

from gongfa.workorders.choices import CallbackOutcome
from gongfa.workorders.services import accept_work_order, log_callback

from .conftest import ApiClient


@pytest.fixture
def handled(staffed_village, order_at):
    village, clerk = staffed_village
    order = order_at(village, contact_name="李大爷")
    accept_work_order(order=order, actor=clerk)
    log_callback(order=order, actor=clerk, outcome=CallbackOutcome.REACHED, notes="李大爷说电话13912345678打不通")
    return order


def url(order):
    return f"/api/v1/workorders/{order.tracking_number}/timeline"


def test_events_in_order_with_labels(api_client, handled):
    response = api_client.get(url(handled))
    assert response.status_code == 200
    events = response.json()
    assert [e["verb"] for e in events] == ["submit", "dispatch", "accept", "callback"]
    assert [e["label"] for e in events] == ["登记受理", "派单", "受理", "回拨群众"]
    assert events[2]["from_status"] == "assigned" and events[2]["to_status"] == "in_progress"
    assert events[2]["to_status_label"] == "办理中" and events[2]["actor"] == "周干事"
    assert events[0]["actor"] == "群众" and events[0]["channel"] == "portal"
    assert events[3]["reason"] == "已接通"
    times = [e["at"] for e in events]
    assert times == sorted(times)


def test_no_personal_data_of_the_citizen(api_client, handled, citizen):
    text = api_client.get(url(handled)).content.decode()
    for secret in (citizen.phone, citizen.real_name, citizen.id_number, "13912345678"):
        assert secret not in text


def test_the_requester_sees_it_too(client, citizen, handled):
    client.force_login(citizen)
    assert client.get(url(handled)).status_code == 200


def test_outside_the_scope_it_is_404(other_supervisor, make_token, handled):
    _, plain = make_token(other_supervisor, ["workorders:read"])
    response = ApiClient(plain).get(url(handled))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_anonymous_is_401(handled):
    assert Client().get(url(handled)).status_code == 401
