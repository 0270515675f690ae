"""POST …/actions/reopen: a closed order comes back (reason required)."""

from .conftest import action_url


def test_reopen_a_closed_order(clerk_api, api_client, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复", "close_with": "answered"})
    response = api_client.post(action_url(assigned, "reopen"), {"reason": "回访发现问题未解决"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "in_progress" and data["closed_at"] is None and data["result_code"] == ""


def test_reopen_needs_a_reason(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "answer"), {"answer": "答复", "close_with": "answered"})
    response = clerk_api.post(action_url(assigned, "reopen"), {"reason": ""})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"


def test_reopening_an_open_order_is_a_409(clerk_api, assigned):
    assert clerk_api.post(action_url(assigned, "reopen"), {"reason": "x"}).status_code == 409


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "reopen"), {"reason": "x"}).status_code == 404
