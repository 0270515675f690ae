"""The demo county's notarization booking (gongfa/demo/booking.py): the office's matters, resources,
weekly slots and a closure, and about forty bookings made through the services (the past month
attended, missed or cancelled; the coming fortnight, the demo citizen's among them). Seeded once for
the module on top of the default demo world."""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingStatus, ResourceKind
from gongfa.appointments.models import BookableResource, Booking, Closure, OfficeMatter, SlotTemplate
from gongfa.audit.models import Event
from gongfa.demo.booking import BookingResult, seed_booking
from gongfa.demo.generator import DEMO_CITIZEN_PHONES
from gongfa.demo.tests.conftest import START

TODAY = datetime.date(2026, 12, 3)
COUNTY = "339901000000"


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[tuple[BookingResult, float]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            started = time.perf_counter()
            result = seed_booking(20261124, COUNTY, START, today=TODAY)
            elapsed = time.perf_counter() - started
            print(f"booking demo: {result.bookings} bookings in {elapsed:.2f} s")
            yield result, elapsed
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_the_office_publishes_matters_resources_slots_and_a_closure(seeded: tuple[BookingResult, float]) -> None:
    result, elapsed = seeded
    assert not result.skipped and elapsed < 15  # about 5 s on a laptop; generous for shared CI
    office = BookableResource.objects.first().office  # type: ignore[union-attr]
    kinds = list(BookableResource.objects.filter(office=office).values_list("kind", flat=True))
    assert kinds.count(ResourceKind.ROOM) == 2 and kinds.count(ResourceKind.NOTARY) == 3
    assert {ResourceKind.VIDEO, ResourceKind.AGENCY_POINT, ResourceKind.HOME_VISIT} <= set(kinds)
    notaries = BookableResource.objects.filter(office=office, kind=ResourceKind.NOTARY)
    assert all(r.notary is not None and r.notary.role == Role.NOTARY for r in notaries)
    room = BookableResource.objects.get(office=office, name="第一业务室")
    monday = SlotTemplate.objects.filter(resource=room, weekday=0).order_by("starts_at")
    assert [f"{t.starts_at:%H:%M}" for t in monday][:2] == ["09:00", "09:30"] and monday.count() == 11
    assert OfficeMatter.objects.get(office=office, matter__code="kinship").working_days == 10
    assert not OfficeMatter.objects.filter(office=office, matter__code="going_abroad").exists()  # a parent
    closure = Closure.objects.get(office=office)
    assert closure.starts_on.weekday() == 2 and closure.starts_on > TODAY and closure.reason == "全员业务培训"


def test_the_bookings_span_the_past_month_and_the_coming_fortnight(seeded: tuple[BookingResult, float]) -> None:
    result, _ = seeded
    bookings = Booking.objects.all()
    assert 30 <= bookings.count() == result.bookings <= 45
    past = bookings.filter(date__lt=TODAY)
    assert {BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.CANCELLED} <= set(
        past.values_list("status", flat=True)
    )
    assert not past.filter(status=BookingStatus.BOOKED).exists()
    upcoming = bookings.filter(date__gt=TODAY)
    assert upcoming.count() >= 10 and set(upcoming.values_list("status", flat=True)) == {BookingStatus.BOOKED}
    closed = Closure.objects.get()
    assert not bookings.filter(date=closed.starts_on).exists()
    assert all(b.work_order_id is not None for b in bookings)  # each made through book_slot
    # Every step is an event dated at its moment (the moved clock).
    attended = past.filter(status=BookingStatus.ATTENDED).first()
    assert attended is not None and attended.attended_at is not None
    assert attended.attended_at.date() == attended.date
    assert Event.objects.filter(verb__startswith="appointments.booking").count() >= result.bookings


def test_the_demo_citizen_sees_an_upcoming_booking(client) -> None:
    citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).get(role=Role.CITIZEN)
    mine = Booking.objects.filter(user=citizen, date__gt=TODAY, status=BookingStatus.BOOKED)
    assert mine.count() == 1 and mine.get().matter.code == "kinship"  # type: ignore[union-attr]
    client.force_login(citizen)
    page = client.get(reverse("portal:notarization_my_bookings")).content.decode()
    assert mine.get().number in page


def test_a_second_run_skips() -> None:
    before = Booking.objects.count()
    again = seed_booking(20261124, COUNTY, START, today=TODAY)
    assert again.skipped and Booking.objects.count() == before
