"""Booking's performance facts (appointments/measures/booking.py) against hand-computed figures:
bookings by channel and mode, cancellations, attendance, no-shows, the no-show rate and the
average lead time."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingChannel
from gongfa.appointments.measures.booking import contributions, queryset
from gongfa.appointments.models import BookableResource, Booking
from gongfa.appointments.reports import load_definitions
from gongfa.appointments.services.booking import book_slot, cancel_booking, check_in_booking, record_no_show
from gongfa.appointments.tests.test_booking_slots import MONDAY, NINE, TEN, Office, frozen_at, make_office
from gongfa.performance.compute import indicator_values
from gongfa.performance.models import Indicator
from gongfa.performance.rollup import rebuild
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db
TUESDAY, WEDNESDAY, FRIDAY = (MONDAY + datetime.timedelta(days=d) for d in (1, 2, 4))


def facts(booking: Booking) -> Counter[tuple[str, datetime.date]]:
    found: Counter[tuple[str, datetime.date]] = Counter()
    for item in contributions(queryset().get(pk=booking.pk)):
        found[(item.measure, item.day)] += item.value
    return found


def make(
    office: Office,
    day: datetime.date,
    at: datetime.time,
    *,
    resource: BookableResource | None = None,
    actor: User | None = None,
    channel: str = BookingChannel.PORTAL,
) -> Booking:
    with frozen_at(MONDAY):
        return book_slot(
            actor=actor or CitizenFactory(),
            office=office.agency,
            resource=resource or office.room,
            matter=office.kinship,
            date=day,
            starts_at=at,
            name="王小明",
            phone="13912345678",
            channel=channel,
        )


@pytest.fixture
def world() -> tuple[Office, dict[str, Booking]]:
    """Made on Monday: two attended (Tuesday, lead 1; Friday, lead 4), one no-show (Tuesday, lead
    1), one cancelled (Wednesday, lead 2), one still booked at an agency point by the hotline
    (Friday, lead 4)."""
    office = make_office()
    agent = staff(Role.HOTLINE_AGENT)
    bookings = {
        "came": make(office, TUESDAY, NINE),
        "came_late_week": make(office, FRIDAY, NINE),
        "missed": make(office, TUESDAY, TEN),
        "cancelled": make(office, WEDNESDAY, NINE),
        "point": make(office, FRIDAY, NINE, resource=office.point, actor=agent, channel=BookingChannel.HOTLINE),
    }
    with frozen_at(MONDAY, hour=11):
        cancel_booking(actor=None, booking=bookings["cancelled"])
    with frozen_at(TUESDAY, hour=9):
        check_in_booking(actor=office.clerk, booking=bookings["came"])
    with frozen_at(TUESDAY, hour=12):
        record_no_show(actor=office.clerk, booking=bookings["missed"])
    with frozen_at(FRIDAY, hour=9):
        check_in_booking(actor=office.clerk, booking=bookings["came_late_week"])
    return office, bookings


def test_each_booking_contributes_on_its_days(world: tuple[Office, dict[str, Booking]]) -> None:
    _office, b = world
    assert facts(b["came"]) == Counter(
        {
            ("bk.booked", MONDAY): 1,
            ("bk.booked_at_office", MONDAY): 1,
            ("bk.lead_days", MONDAY): 1,
            ("bk.attended", TUESDAY): 1,
        }
    )
    assert facts(b["missed"])[("bk.no_shows", TUESDAY)] == 1
    assert facts(b["cancelled"]) == Counter(
        {
            ("bk.booked", MONDAY): 1,
            ("bk.booked_at_office", MONDAY): 1,
            ("bk.lead_days", MONDAY): 2,
            ("bk.cancelled", MONDAY): 1,
        }
    )
    point = list(contributions(queryset().get(pk=b["point"].pk)))
    assert {c.measure for c in point} == {"bk.booked", "bk.booked_agency_point", "bk.lead_days"}
    assert {c.channel for c in point} == {"hotline"}
    assert {c.topic for c in point} == {"kinship"}
    assert {c.service for c in point} == {"notarization"}


BOOKING_INDICATORS = ("bk_booked", "bk_no_show_rate", "bk_lead_days")


def test_the_indicators_from_the_facts(world: tuple[Office, dict[str, Booking]]) -> None:
    office, _b = world
    load_definitions()
    rebuild(datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
    indicators = list(Indicator.objects.filter(code__in=BOOKING_INDICATORS))
    values = indicator_values(indicators, office.net.county, MONDAY, FRIDAY)
    assert values["bk_booked"].numerator == 5
    # No-shows 1 ÷ (attended 2 + no-shows 1) = 33.3 %.
    assert (values["bk_no_show_rate"].numerator, values["bk_no_show_rate"].denominator) == (1, 3)
    assert values["bk_no_show_rate"].value is not None
    assert round(values["bk_no_show_rate"].value, 1) == Decimal("33.3")
    # Lead days 1 + 4 + 1 + 2 + 4 = 12 over 5 bookings = 2.4 days.
    assert (values["bk_lead_days"].numerator, values["bk_lead_days"].denominator) == (12, 5)
    assert values["bk_lead_days"].value == Decimal("2.4")
    # Only Tuesday: the attended and the missed appointment of that day, 50 %.
    tuesday = indicator_values(indicators, office.net.county, TUESDAY, TUESDAY)
    assert (tuesday["bk_no_show_rate"].numerator, tuesday["bk_no_show_rate"].denominator) == (1, 2)


def test_loading_twice_updates_by_code(db: None) -> None:
    load_definitions()
    load_definitions()
    assert set(Indicator.objects.filter(code__startswith="bk_").values_list("code", flat=True)) == set(
        BOOKING_INDICATORS
    )
