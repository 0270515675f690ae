"""POST …/actions/transfer: to another point or agency (also across regions), with a reason."""

import pytest

from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_transfer_to_a_station(clerk_api, assigned, network):
    station = network.stations[network.townships[0].code]
    colleague = UserFactory(real_name="吴干事")
    post(colleague, station)
    response = clerk_api.post(
        action_url(assigned, "transfer"),
        {"point_id": station.pk, "person_id": colleague.pk, "reason": "需要工作站律师"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner_place"] == station.name
    order = WorkOrder.objects.get(pk=assigned.pk)
    assert order.owner_point == station and order.owner_user == colleague and order.status == "assigned"


def test_transfer_to_an_agency_across_counties(api_client, assigned, other_county):
    response = api_client.post(
        action_url(assigned, "transfer"), {"agency_id": other_county.legal_aid_centre.pk, "reason": "户籍地在邻县"}
    )
    assert response.status_code == 200, response.content
    assert WorkOrder.objects.get(pk=assigned.pk).owner_agency == other_county.legal_aid_centre


def test_transfer_to_the_same_point_is_refused(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "transfer"), {"point_id": assigned.owner_point_id, "reason": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "same_place"


def test_transfer_to_an_inactive_person_is_refused(clerk_api, assigned, network):
    station = network.stations[network.townships[0].code]
    retired = UserFactory(is_active=False)
    post(retired, station)
    response = clerk_api.post(
        action_url(assigned, "transfer"), {"point_id": station.pk, "person_id": retired.pk, "reason": "x"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "inactive_person"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"reason": "x"}, "transfer_target_required", "point_id"),
        ({"point_id": 1, "agency_id": 1, "reason": "x"}, "transfer_target_required", "point_id"),
        ({"point_id": 999999, "reason": "x"}, "unknown_point", "point_id"),
        ({"agency_id": 999999, "reason": "x"}, "unknown_agency", "agency_id"),
    ],
)
def test_unknown_targets_are_a_422(clerk_api, assigned, body, code, field):
    response = clerk_api.post(action_url(assigned, "transfer"), body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)


def test_an_unknown_person_is_a_422(clerk_api, assigned, network, citizen):
    station = network.stations[network.townships[0].code]
    for person_id in (999999, citizen.pk):
        response = clerk_api.post(
            action_url(assigned, "transfer"), {"point_id": station.pk, "person_id": person_id, "reason": "x"}
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unknown_person"


def test_a_reason_is_required(clerk_api, assigned, network):
    station = network.stations[network.townships[0].code]
    response = clerk_api.post(action_url(assigned, "transfer"), {"point_id": station.pk})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"


def test_outside_the_region_it_is_404(outsider_api, assigned, other_county):
    response = outsider_api.post(action_url(assigned, "transfer"), {"point_id": other_county.centre.pk, "reason": "x"})
    assert response.status_code == 404
