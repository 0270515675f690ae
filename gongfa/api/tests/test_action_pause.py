"""POST …/actions/pause: stop the clock while waiting for the citizen (reason required)."""

from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_pause_an_accepted_order(clerk_api, assigned):
    assert clerk_api.post(action_url(assigned, "accept")).status_code == 200
    response = clerk_api.post(action_url(assigned, "pause"), {"reason": "等待群众补充劳动合同"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "waiting" and data["sla_state"] == "paused"
    assert WorkOrder.objects.get(pk=assigned.pk).paused_at is not None


def test_pause_needs_a_reason(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "accept"))
    response = clerk_api.post(action_url(assigned, "pause"), {})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"


def test_pause_before_accepting_is_a_409(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "pause"), {"reason": "等材料"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "pause"), {"reason": "x"}).status_code == 404
