"""POST …/actions/transfer_out: not our matter; handed to 12345 through the gateway."""

import pytest

from gongfa.workorders.gateways import RecordingGateway
from gongfa.workorders.models import WorkOrder

from .conftest import action_url


@pytest.fixture(autouse=True)
def _clear_gateway():
    RecordingGateway.sent.clear()


def test_transfer_out(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "transfer_out"), {"reason": "属于市场监管部门职责"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "transferred_out"
    assert [(number, reason) for number, reason, _ in RecordingGateway.sent] == [
        (assigned.tracking_number, "属于市场监管部门职责")
    ]


def test_transfer_out_needs_a_reason(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "transfer_out"), {})
    assert response.status_code == 400
    assert not RecordingGateway.sent


def test_an_unreachable_gateway_is_a_structured_502(clerk_api, assigned, settings):
    settings.WORKORDER_GATEWAY = "gongfa.workorders.gateways.FailingGateway"
    response = clerk_api.post(action_url(assigned, "transfer_out"), {"reason": "不属于本部门"})
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "gateway_unavailable"
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_a_closed_order_cannot_be_transferred_out(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复", "close_with": "answered"})
    response = clerk_api.post(action_url(assigned, "transfer_out"), {"reason": "x"})
    assert response.status_code == 409


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "transfer_out"), {"reason": "x"}).status_code == 404


def test_a_refused_transfer_out_sends_nothing(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复", "close_with": "answered"})
    assert clerk_api.post(action_url(assigned, "transfer_out"), {"reason": "x"}).status_code == 409
    assert not RecordingGateway.sent
