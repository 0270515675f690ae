"""Booking times of day (09:00) in the OpenAPI document and at the door, found by the hostile-input
run (test_openapi_hostile_input.py): the schema said format "time" (RFC 3339 full-time, which
needs an offset) with maxLength 8, so no valid value could be written, and every slot the API
answered ("09:00:00") broke its own documented schema."""

# ruff: noqa: F811 - the fixtures imported from test_appointments_booking are parameters below

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest

from gongfa.api.api import api
from gongfa.api.tests.conftest import ApiClient
from gongfa.api.tests.test_appointments_booking import (  # noqa: F401 - fixtures
    BASE,
    WEDNESDAY,
    _monday,
    body,
    citizen_api,
    office,
    post,
)
from gongfa.appointments.models import Booking
from gongfa.appointments.tests.test_booking_slots import Office

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def _validator(component: str, field: str) -> Any:
    return jsonschema_rs.validator_for(COMPONENTS[component]["properties"][field], validate_formats=True)


@pytest.mark.parametrize(("component", "field"), [("BookingIn", "starts_at"), ("BookingRescheduleIn", "starts_at")])
def test_the_documented_input_can_be_written(component: str, field: str) -> None:
    stated = COMPONENTS[component]["properties"][field]
    assert "format" not in stated and stated["maxLength"] == 8 and stated.get("pattern")
    validator = _validator(component, field)
    assert validator.is_valid("09:00") and validator.is_valid("09:00:00")
    assert not validator.is_valid("9:00") and not validator.is_valid("24:00") and not validator.is_valid("09:00Z")


@pytest.mark.parametrize("component", ["BookingSlotOut", "BookingOut"])
def test_the_answers_match_their_schema(component: str) -> None:
    for field in ("starts_at", "ends_at"):
        assert _validator(component, field).is_valid("09:30:00"), (component, field)


def test_the_slots_answered_are_valid_against_the_document(client: Any, office: Office) -> None:
    response = client.get(f"{BASE}/offices/{office.agency.pk}/slots", {"start": WEDNESDAY.isoformat()})
    assert response.status_code == 200
    slots = response.json()["items"] if isinstance(response.json(), dict) else response.json()
    assert slots
    validator = _validator("BookingSlotOut", "starts_at")
    assert all(validator.is_valid(slot["starts_at"]) for slot in slots)


@pytest.mark.parametrize("starts_at", ["09:00Z", "09:00:00+08:00", 32400, "0900", "09:00:00.000"])
def test_a_time_outside_the_documented_form_is_a_422(citizen_api: ApiClient, office: Office, starts_at: Any) -> None:
    response = post(citizen_api, f"{BASE}/bookings", body(office, starts_at=starts_at))
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid_request"
    assert Booking.objects.count() == 0


@pytest.mark.parametrize("starts_at", ["09:00", "09:00:00"])
def test_both_documented_forms_book(citizen_api: ApiClient, office: Office, starts_at: str) -> None:
    response = post(citizen_api, f"{BASE}/bookings", body(office, starts_at=starts_at))
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "09:00:00"
