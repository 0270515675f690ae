"""/api/v1/appointments booking endpoints: each status code (200, 201, 400, 401, 403, 404, 409,
429) and the idempotency of POST /bookings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.api.models import ApiToken
from gongfa.api.tests.conftest import ApiClient
from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import Booking
from gongfa.appointments.tests.test_booking_slots import MONDAY, NINE, Office, frozen_at, make_office
from gongfa.testing.factories import CitizenFactory, staff

WEDNESDAY = MONDAY + datetime.timedelta(days=2)
BASE = "/api/v1/appointments"


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with frozen_at(MONDAY):
        yield


@pytest.fixture
def office(db: None) -> Office:
    return make_office()


def body(office: Office, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "office_id": office.agency.pk,
        "resource_id": office.room.pk,
        "matter_code": "kinship",
        "date": WEDNESDAY.isoformat(),
        "starts_at": "09:00",
        "name": "王小明",
        "phone": "13912345678",
    }
    values.update(extra)
    return values


@pytest.fixture
def citizen_api(office: Office, make_token: Callable[..., tuple[ApiToken, str]]) -> ApiClient:
    _, plain = make_token(office.citizen, ["appointments:book"])
    return ApiClient(plain)


def post(api: ApiClient, path: str, data: dict[str, Any], key: str | None = "k1") -> Any:
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(path, data, **extra)


def test_slots_are_public_and_carry_no_personal_data(client: Client, office: Office) -> None:
    Booking.objects.create(
        number="X1", office=office.agency, resource=office.room, matter=office.kinship, date=WEDNESDAY,
        starts_at=NINE, ends_at=datetime.time(9, 30), name="张三", phone="13800000000",
    )  # fmt: skip
    response = client.get(f"{BASE}/offices/{office.agency.pk}/slots", {"resource_id": office.room.pk})
    assert response.status_code == 200
    slots = response.json()
    assert slots[0]["date"] == (MONDAY + datetime.timedelta(days=1)).isoformat()
    assert {"date": WEDNESDAY.isoformat(), "starts_at": "09:00:00"} not in [
        {"date": s["date"], "starts_at": s["starts_at"]} for s in slots
    ]
    assert "张三" not in response.content.decode()
    assert set(slots[0]) == {
        "key",
        "resource_id",
        "resource_name",
        "resource_kind",
        "mode",
        "date",
        "starts_at",
        "ends_at",
    }
    video = client.get(f"{BASE}/offices/{office.agency.pk}/slots", {"mode": "video"}).json()
    assert {s["resource_id"] for s in video} == {office.video.pk}


def test_slots_of_an_unknown_office_or_resource_are_404(client: Client, office: Office) -> None:
    assert client.get(f"{BASE}/offices/{office.net.legal_aid_centre.pk}/slots").status_code == 404
    assert client.get(f"{BASE}/offices/999999/slots").status_code == 404
    other = make_office("330103")
    response = client.get(f"{BASE}/offices/{office.agency.pk}/slots", {"resource_id": other.room.pk})
    assert response.status_code == 404


def test_the_matter_list_with_materials(client: Client, office: Office) -> None:
    everything = client.get(f"{BASE}/matters").json()
    codes = [m["code"] for m in everything]
    assert "kinship" in codes
    assert "going_abroad" not in codes  # a parent: one books its children
    handled = client.get(f"{BASE}/matters", {"office_id": office.agency.pk}).json()
    assert sorted(m["code"] for m in handled) == ["birth", "kinship"]
    kinship = next(m for m in handled if m["code"] == "kinship")
    assert kinship["materials"]
    assert kinship["parent_code"] == "going_abroad"


def test_book_then_replay_with_the_same_key(citizen_api: ApiClient, office: Office) -> None:
    first = post(citizen_api, f"{BASE}/bookings", body(office))
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["number"].startswith("YY")
    assert data["status"] == BookingStatus.BOOKED
    assert data["materials"] and all("name" in m for m in data["materials"])
    assert data["phone_masked"] != "13912345678"
    assert data["work_order"]
    again = post(citizen_api, f"{BASE}/bookings", body(office))
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == data["number"]
    assert Booking.objects.count() == 1


def test_the_idempotency_key_is_required(citizen_api: ApiClient, office: Office) -> None:
    response = post(citizen_api, f"{BASE}/bookings", body(office), key=None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_required"
    response = post(citizen_api, f"{BASE}/bookings", body(office), key="x" * 129)
    assert response.json()["error"]["code"] == "idempotency_key_too_long"
    assert Booking.objects.count() == 0


def test_a_taken_slot_is_409(
    citizen_api: ApiClient, office: Office, make_token: Callable[..., tuple[ApiToken, str]]
) -> None:
    assert post(citizen_api, f"{BASE}/bookings", body(office)).status_code == 201
    _, plain = make_token(CitizenFactory(), ["appointments:book"])
    response = post(ApiClient(plain), f"{BASE}/bookings", body(office, name="李四", phone="13700000000"), key="other")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "slot_taken"
    assert "已被预约" in error["message"]
    assert Booking.objects.count() == 1


def test_every_field_problem_in_one_400(citizen_api: ApiClient, office: Office) -> None:
    response = post(
        citizen_api,
        f"{BASE}/bookings",
        body(office, name="", phone="123", date=MONDAY.isoformat(), matter_code="will"),
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["error"]["errors"]}
    assert fields == {"phone", "date", "matter"}  # the name comes from the account when left blank
    unknown = post(citizen_api, f"{BASE}/bookings", body(office, resource_id=999999, matter_code="nope"), key="k2")
    assert unknown.status_code == 400
    assert {e["field"] for e in unknown.json()["error"]["errors"]} == {"resource_id", "matter_code"}
    assert Booking.objects.count() == 0


def test_anonymous_401_wrong_scope_and_staff_session_403(
    client: Client, office: Office, make_token: Callable[..., tuple[ApiToken, str]]
) -> None:
    response = client.post(f"{BASE}/bookings", body(office), content_type="application/json", HTTP_IDEMPOTENCY_KEY="a")
    assert response.status_code == 401
    _, plain = make_token(office.citizen, ["workorders:create"])
    assert post(ApiClient(plain), f"{BASE}/bookings", body(office)).status_code == 403
    session = Client()
    session.force_login(office.clerk)
    response = session.post(f"{BASE}/bookings", body(office), content_type="application/json", HTTP_IDEMPOTENCY_KEY="a")
    assert response.status_code == 403
    assert Booking.objects.count() == 0


def test_a_citizen_session_books_on_the_portal_channel(office: Office) -> None:
    session = Client()
    session.force_login(office.citizen)
    response = session.post(
        f"{BASE}/bookings", body(office), content_type="application/json", HTTP_IDEMPOTENCY_KEY="s1"
    )
    assert response.status_code == 201
    assert Booking.objects.get().channel == "portal"


def test_a_hotline_token_books_on_behalf(office: Office, make_token: Callable[..., tuple[ApiToken, str]]) -> None:
    agent = staff(Role.HOTLINE_AGENT)
    _, plain = make_token(agent, ["appointments:book"])
    response = post(ApiClient(plain), f"{BASE}/bookings", body(office, channel="hotline"))
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert (booking.channel, booking.booked_by, booking.user) == ("hotline", agent, None)


def test_the_rate_limit(citizen_api: ApiClient, office: Office) -> None:
    from gongfa.api.appointments import booking as module

    limit = module.PrincipalRateThrottle(module._rate("APPOINTMENTS_BOOK_RATE", "20/m")).num_requests
    assert limit is not None
    codes = [post(citizen_api, f"{BASE}/bookings", {}, key=None).status_code for _ in range(limit + 1)]
    assert codes[-1] == 429
    assert set(codes[:-1]) == {422}


def test_reschedule_and_cancel(
    citizen_api: ApiClient, office: Office, make_token: Callable[..., tuple[ApiToken, str]]
) -> None:
    number = post(citizen_api, f"{BASE}/bookings", body(office)).json()["number"]
    moved = citizen_api.post(
        f"{BASE}/bookings/{number}/reschedule",
        {"resource_id": office.room.pk, "date": WEDNESDAY.isoformat(), "starts_at": "10:00"},
    )
    assert moved.status_code == 200
    assert moved.json()["starts_at"] == "10:00:00"
    assert moved.json()["reschedule_count"] == 1
    # Someone else: 404 (not 403), the booking is not theirs to see.
    _, plain = make_token(CitizenFactory(), ["appointments:book"])
    assert ApiClient(plain).post(f"{BASE}/bookings/{number}/cancel", {}).status_code == 404
    assert ApiClient(plain).get(f"{BASE}/bookings/{number}").status_code == 404
    assert citizen_api.get(f"{BASE}/bookings/{number}").status_code == 200
    cancelled = citizen_api.post(f"{BASE}/bookings/{number}/cancel", {"reason": "有事"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = citizen_api.post(f"{BASE}/bookings/{number}/cancel", {})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"


def test_reschedule_conflicts_and_cut_off(
    citizen_api: ApiClient, office: Office, make_token: Callable[..., tuple[ApiToken, str]]
) -> None:
    number = post(citizen_api, f"{BASE}/bookings", body(office)).json()["number"]
    _, plain = make_token(CitizenFactory(), ["appointments:book"])
    post(ApiClient(plain), f"{BASE}/bookings", body(office, starts_at="10:00", name="李四"), key="b")
    taken = citizen_api.post(
        f"{BASE}/bookings/{number}/reschedule",
        {"resource_id": office.room.pk, "date": WEDNESDAY.isoformat(), "starts_at": "10:00"},
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"
    elsewhere = make_office("330103")
    wrong = citizen_api.post(
        f"{BASE}/bookings/{number}/reschedule",
        {"resource_id": elsewhere.room.pk, "date": WEDNESDAY.isoformat(), "starts_at": "10:00"},
    )
    assert wrong.status_code == 400
    with frozen_at(WEDNESDAY - datetime.timedelta(days=1), hour=12):
        late = citizen_api.post(f"{BASE}/bookings/{number}/cancel", {})
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "past_cutoff"
    assert "已超过取消截止时间" in late.json()["error"]["message"]
    assert Booking.objects.get(number=number).starts_at == NINE
