"""POST /api/v1/integrations/12345/returns (不满意退回) and the inbound transfer's deadline field."""

import datetime

import pytest
from django.utils import timezone

from gongfa.testing.factories import UserFactory
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order

from .conftest import ApiClient
from .test_inbound_12345 import URL as INBOUND
from .test_inbound_12345 import body

RETURNS = "/api/v1/integrations/12345/returns"
PAST = "2020-01-01T00:00:00Z"


@pytest.fixture
def gateway(make_token, db):
    _, plain = make_token(UserFactory(username="gw12345"), ["12345:inbound"])
    return ApiClient(plain)


def test_the_inbound_deadline_governs_the_order(gateway, staffed_village):
    village, _ = staffed_village
    due = (timezone.localtime() + datetime.timedelta(days=3)).replace(microsecond=0, tzinfo=None)
    response = gateway.post(INBOUND, body(village, deadline=due.isoformat()))  # no zone: Beijing time
    assert response.status_code == 201, response.content
    assert response.json()["deadline_source"] == "12345工单规定的办理时限"
    order = WorkOrder.objects.get()
    assert timezone.localtime(order.resolve_due).replace(tzinfo=None) == due


@pytest.mark.parametrize(
    ("deadline", "status", "code"),
    [("2020-01-01T08:00:00+08:00", 400, "deadline_in_past"), ("next friday", 422, "invalid_request")],
)
def test_a_bad_inbound_deadline_is_a_structured_error(gateway, staffed_village, deadline, status, code):
    response = gateway.post(INBOUND, body(staffed_village[0], deadline=deadline))
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert code in (error["code"], *[e.get("code") for e in error.get("errors", [])])
    assert not WorkOrder.objects.exists()


@pytest.fixture
def answered(gateway, staffed_village, django_capture_on_commit_callbacks):
    village, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        assert gateway.post(INBOUND, body(village)).status_code == 201
    order = WorkOrder.objects.get()
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    return order


def test_a_return_reopens_the_order_and_a_repeat_is_replayed(gateway, answered):
    response = gateway.post(RETURNS, {"reference": "SX20261124-0001", "reason": "群众反映未联系本人"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == WorkOrderStatus.IN_PROGRESS
    again = gateway.post(RETURNS, {"reference": "SX20261124-0001", "reason": "群众反映未联系本人"})
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert WorkOrder.objects.get().status == WorkOrderStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"reference": "SX-unknown", "reason": "不满意"}, 404, "unknown_reference"),
        ({"reference": "SX20261124-0001", "reason": "  "}, 400, "reason_required"),
        ({"reference": "SX20261124-0001"}, 422, "invalid_request"),
        (
            {"reference": "SX20261124-0001", "reason": "不满意", "deadline": "2020-01-01T00:00:00Z"},
            400,
            "deadline_in_past",
        ),
    ],
)
def test_bad_returns_are_structured_errors(gateway, answered, payload, status, code):
    response = gateway.post(RETURNS, payload)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert code in (error["code"], *[e.get("code") for e in error.get("errors", [])])
    assert WorkOrder.objects.get().status == WorkOrderStatus.CLOSED


def test_an_order_not_from_12345_cannot_be_returned(gateway, order_at, staffed_village):
    own = order_at(staffed_village[0])
    response = gateway.post(RETURNS, {"reference": own.tracking_number, "reason": "不满意"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_from_12345"


def test_an_order_still_being_handled_is_a_conflict(gateway, staffed_village):
    assert gateway.post(INBOUND, body(staffed_village[0])).status_code == 201
    response = gateway.post(RETURNS, {"reference": "SX20261124-0001", "reason": "不满意"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_answered"


def test_a_token_without_the_scope_is_refused(make_token, answered):
    _, plain = make_token(UserFactory(username="other"), ["workorders:read"])
    response = ApiClient(plain).post(RETURNS, {"reference": "SX20261124-0001", "reason": "不满意"})
    assert response.status_code in (401, 403)
