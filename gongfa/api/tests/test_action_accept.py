"""POST …/actions/accept: the assigned place takes the order on."""

from django.test import Client

from gongfa.audit.models import Event
from gongfa.workorders.models import WorkOrder

from .conftest import ApiClient, action_url


def test_the_clerk_accepts(clerk_api, assigned, staffed_village):
    response = clerk_api.post(action_url(assigned, "accept"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "in_progress" and data["accepted_at"]
    event = Event.objects.get(verb="workorders.workorder.accept")
    assert event.channel == "api" and event.actor == staffed_village[1]


def test_accepting_twice_is_a_409(clerk_api, assigned):
    assert clerk_api.post(action_url(assigned, "accept")).status_code == 200
    response = clerk_api.post(action_url(assigned, "accept"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition" and "办理中" in error["message"]


def test_a_staff_token_of_another_county_gets_404(outsider_api, assigned):
    response = outsider_api.post(action_url(assigned, "accept"))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_a_token_without_act_scope_gets_403(integration_user, make_token, assigned):
    _, plain = make_token(integration_user, ["workorders:read"])
    response = ApiClient(plain).post(action_url(assigned, "accept"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"


def test_the_requester_cannot_act_on_their_own_order(client, citizen, assigned):
    client.force_login(citizen)
    response = client.post(action_url(assigned, "accept"), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"


def test_staff_act_through_the_session(staffed_village, assigned):
    browser = Client()
    browser.force_login(staffed_village[1])
    assert browser.post(action_url(assigned, "accept"), content_type="application/json").status_code == 200


def test_a_county_supervisor_acts_in_their_county(api_client, assigned):
    response = api_client.post(action_url(assigned, "accept"))
    assert response.status_code == 200
