"""Role × object × action: who may see and touch which work order (selectors are the one place).

Two counties; order A in county X (village V1, owned by V1's room), order B in county Y.
Every actor is checked against the selector AND the three doors (portal page, workbench page, API).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import CitizenFactory, UserFactory, build_network, eligible_advisor, post
from gongfa.workorders import selectors
from gongfa.workorders.selectors import Action
from gongfa.workorders.services import submit_question

VIEW, ACT, RATE = Action.VIEW, Action.ACT, Action.RATE

# actor → (orders visible, orders they may act on, orders rateable)
EXPECTED: dict[str, tuple[set[str], set[str], set[str]]] = {
    "anonymous": (set(), set(), set()),
    "citizen_a": ({"A"}, set(), {"A"}),
    "citizen_b": ({"B"}, set(), {"B"}),
    "citizen_none": (set(), set(), set()),
    "room_staff_v1": ({"A"}, {"A"}, set()),
    "advisor_v1": ({"A"}, {"A"}, set()),
    "station_staff_v1": (set(), set(), set()),
    "room_staff_other_village": (set(), set(), set()),
    "centre_hotline_x": ({"A"}, set(), set()),  # reads the county's records (callers' history), acts on none
    "staff_without_posting": (set(), set(), set()),
    "inactive_posting": (set(), set(), set()),
    "supervisor_township_v1": ({"A"}, {"A"}, set()),
    "supervisor_county_x": ({"A"}, {"A"}, set()),
    "supervisor_county_y": ({"B"}, {"B"}, set()),
    "supervisor_without_posting": (set(), set(), set()),
    "administrator": ({"A", "B"}, {"A", "B"}, set()),
}


@pytest.fixture
def world(db):
    x = build_network(prefix="330102", name="甲")
    y = build_network(prefix="330103", name="乙")
    v1 = x.villages[0]
    actors: dict[str, Any] = {"anonymous": None}
    actors["citizen_a"] = CitizenFactory()
    actors["citizen_b"] = CitizenFactory()
    actors["citizen_none"] = CitizenFactory()
    actors["room_staff_v1"] = UserFactory(role=Role.WINDOW_STAFF)
    post(actors["room_staff_v1"], x.rooms[v1.code])
    actors["advisor_v1"] = eligible_advisor(x.county)
    assign_village_advisor(advisor=actors["advisor_v1"], village=v1)
    actors["station_staff_v1"] = UserFactory(role=Role.WINDOW_STAFF)
    post(actors["station_staff_v1"], x.stations[x.townships[0].code])
    actors["room_staff_other_village"] = UserFactory(role=Role.WINDOW_STAFF)
    post(actors["room_staff_other_village"], x.rooms[x.villages[1].code])
    actors["centre_hotline_x"] = UserFactory(role=Role.HOTLINE_AGENT)
    post(actors["centre_hotline_x"], x.centre)
    actors["staff_without_posting"] = UserFactory(role=Role.WINDOW_STAFF)
    actors["inactive_posting"] = UserFactory(role=Role.WINDOW_STAFF)
    post(actors["inactive_posting"], x.rooms[v1.code], is_active=False)
    actors["supervisor_township_v1"] = UserFactory(role=Role.SUPERVISOR)
    post(actors["supervisor_township_v1"], x.stations[x.townships[0].code])
    actors["supervisor_county_x"] = UserFactory(role=Role.SUPERVISOR)
    post(actors["supervisor_county_x"], x.legal_aid_centre)
    actors["supervisor_county_y"] = UserFactory(role=Role.SUPERVISOR)
    post(actors["supervisor_county_y"], y.centre)
    actors["supervisor_without_posting"] = UserFactory(role=Role.SUPERVISOR)
    actors["administrator"] = UserFactory(role=Role.ADMINISTRATOR)
    orders = {
        "A": submit_question(requester=actors["citizen_a"], village=v1, text="甲县的问题"),
        "B": submit_question(requester=actors["citizen_b"], village=y.villages[0], text="乙县的问题"),
    }
    return actors, orders


def _visible(actor, action):
    return set(selectors.visible_to(actor, action).values_list("text", flat=True))


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("action_index", [0, 1, 2], ids=["view", "act", "rate"])
def test_selector_matrix(world, name, action_index):
    actors, orders = world
    action = (VIEW, ACT, RATE)[action_index]
    expected_keys = EXPECTED[name][action_index]
    expected = {orders[key].text for key in expected_keys}
    assert _visible(actors[name], action) == expected


def _client_for(actor) -> Client:
    client = Client()
    if actor is not None:
        client.force_login(actor)
    return client


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_door_agrees_with_the_selector(world, name):
    """Portal page, workbench page and API answer 200 exactly where the selector allows, and
    404 (never 403) for another person's item so its existence is not revealed."""
    actors, orders = world
    actor = actors[name]
    client = _client_for(actor)
    visible = EXPECTED[name][0]
    for key, order in orders.items():
        allowed = key in visible
        api = client.get(f"/api/v1/workorders/{order.tracking_number}")
        if actor is None:
            assert api.status_code == 401
        else:
            assert api.status_code == (200 if allowed else 404), (name, key, api.content)
        portal = client.get(f"/my/{order.tracking_number}/")
        workbench = client.get(f"/workbench/orders/{order.tracking_number}/")
        if actor is None:
            assert portal.status_code == 302 and workbench.status_code == 302
        elif actor.is_citizen:
            assert portal.status_code == (200 if allowed else 404)
            assert workbench.status_code == 403
        else:
            assert portal.status_code == 404
            assert workbench.status_code == (200 if allowed else 404), (name, key)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_api_list_matches_the_selector(world, name):
    actors, orders = world
    actor = actors[name]
    if actor is None:
        assert _client_for(None).get("/api/v1/workorders").status_code == 401
        return
    body = _client_for(actor).get("/api/v1/workorders").json()
    got = {item["tracking_number"] for item in body["items"]}
    assert got == {orders[key].tracking_number for key in EXPECTED[name][0]}
