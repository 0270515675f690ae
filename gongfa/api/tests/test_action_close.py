"""POST …/actions/close: with a result code (required), from answered."""

from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_close_an_answered_order(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复"})
    response = clerk_api.post(action_url(assigned, "close"), {"result_code": "answered"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "closed" and data["result_code"] == "answered" and data["sla_state"] == "stopped"


def test_closing_without_a_result_code_is_refused(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复"})
    response = clerk_api.post(action_url(assigned, "close"), {})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "result_required",
        "message": "办结须选择办结结果。",
        "field": "result_code",
    }
    assert WorkOrder.objects.get(pk=assigned.pk).status == "answered"


def test_closing_an_unanswered_order_is_a_409(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "close"), {"result_code": "answered"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "close"), {"result_code": "answered"}).status_code == 404
