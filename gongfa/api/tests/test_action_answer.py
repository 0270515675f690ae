"""POST …/actions/answer: reply to the citizen, optionally closing in the same step."""

from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_answer(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "answer"), {"answer": "可申请劳动仲裁。"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "answered" and data["answer"] == "可申请劳动仲裁。" and data["answered_at"]


def test_answer_and_close(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "answer"), {"answer": "已当场解答。", "close_with": "answered"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "closed" and data["result_code"] == "answered" and data["closed_at"]


def test_an_empty_answer_is_refused(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "answer"), {"answer": " "})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "answer"
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_an_unknown_result_code_is_refused(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "answer"), {"answer": "答复", "close_with": "vanished"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "result_required"
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_answering_twice_is_a_409(clerk_api, assigned):
    assert clerk_api.post(action_url(assigned, "answer"), {"answer": "一"}).status_code == 200
    assert clerk_api.post(action_url(assigned, "answer"), {"answer": "二"}).status_code == 409


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "answer"), {"answer": "x"}).status_code == 404
