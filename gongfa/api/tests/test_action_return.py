"""POST …/actions/return: back to the dispatch desk, with a reason."""

from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_return_with_a_reason(clerk_api, assigned, network):
    response = clerk_api.post(action_url(assigned, "return"), {"reason": "不属于本村，请重新分派"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "new" and data["owner_place"] == network.centre.name
    assert WorkOrder.objects.get(pk=assigned.pk).manual_dispatch


def test_a_reason_is_required(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "return"), {"reason": "  "})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "reason"
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_an_order_already_back_at_the_desk_cannot_be_returned_again(api_client, clerk_api, assigned):
    assert clerk_api.post(action_url(assigned, "return"), {"reason": "不归我们"}).status_code == 200
    response = api_client.post(action_url(assigned, "return"), {"reason": "再退"})
    assert response.status_code == 409


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "return"), {"reason": "x"}).status_code == 404
