"""GET /api/v1/workorders/{tracking_number}: the requester, or staff whose scope covers it; 404
for everyone else (also a staff token of another county)."""

import pytest
from django.test import Client

from gongfa.testing.factories import CitizenFactory

from .conftest import ApiClient


@pytest.fixture
def order(staffed_village, order_at):
    return order_at(staffed_village[0])


def url(order):
    return f"/api/v1/workorders/{order.tracking_number}"


def test_the_requester_reads_their_order(client, citizen, order):
    client.force_login(citizen)
    response = client.get(url(order))
    assert response.status_code == 200
    data = response.json()
    assert data["tracking_number"] == order.tracking_number
    assert data["contact_phone_masked"] == "139****5678" and "13912345678" not in str(data)
    assert data["contact_name_masked"] == "李*爷"


def test_another_citizen_gets_404(client, order):
    client.force_login(CitizenFactory())
    response = client.get(url(order))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_token_of_the_county_reads_it(api_client, order):
    assert api_client.get(url(order)).status_code == 200


def test_a_staff_token_of_another_county_gets_404(other_supervisor, make_token, order):
    _, plain = make_token(other_supervisor, ["workorders:read"])
    response = ApiClient(plain).get(url(order))
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": f"未找到工单 {order.tracking_number}。",
        "field": "tracking_number",
    }


def test_the_handling_clerk_reads_it_through_the_session(staffed_village, order):
    browser = Client()
    browser.force_login(staffed_village[1])
    assert browser.get(url(order)).status_code == 200


def test_a_token_without_read_scope_gets_403(integration_user, make_token, order):
    _, plain = make_token(integration_user, ["workorders:create"])
    response = ApiClient(plain).get(url(order))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"


def test_an_unknown_number_is_404(api_client, db):
    assert api_client.get("/api/v1/workorders/GF20990101-99999").status_code == 404
