"""POST …/actions/<anything else>: a structured 404."""

from .conftest import action_url


def test_an_unknown_action_is_a_structured_404(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "teleport"), {})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_action" and error["field"] == "action" and "accept" in error["message"]


def test_unknown_actions_still_need_credentials(client, assigned):
    assert client.post(action_url(assigned, "teleport"), {}, content_type="application/json").status_code == 401
