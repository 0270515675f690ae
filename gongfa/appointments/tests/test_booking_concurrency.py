"""Double booking is impossible under concurrency (issue #14): real threads, each with its own
PostgreSQL connection, book the same slot at the same moment. The partial unique constraint lets
exactly one win; the others get slot_taken; the database holds one booking.

SQLite serialises writers and has no row-level concurrency to speak of: skipped there (conftest's
`postgres` marker)."""

from __future__ import annotations

import datetime

import pytest

from gongfa.appointments.choices import SLOT_HOLDING_STATUSES
from gongfa.appointments.models import Booking
from gongfa.appointments.services.booking import SlotTaken, book_slot
from gongfa.appointments.tests.test_booking_slots import MONDAY, NINE, frozen_at, make_office
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.models import WorkOrder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WEDNESDAY = MONDAY + datetime.timedelta(days=2)
THREADS = 8


def test_parallel_bookings_of_one_slot_one_wins() -> None:
    office = make_office()
    citizens = [CitizenFactory() for _ in range(THREADS)]

    def attempt(i: int) -> int:
        booking = book_slot(
            actor=citizens[i],
            office=office.agency,
            resource=office.room,
            matter=office.kinship,
            date=WEDNESDAY,
            starts_at=NINE,
            name=f"群众{i}",
            phone=f"139000000{i:02d}",
        )
        return booking.pk

    with frozen_at(MONDAY):
        results, errors = run_concurrently(THREADS, attempt)
    assert len(results) == 1, errors
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, SlotTaken) and e.code == "slot_taken" for e in errors), errors
    held = Booking.objects.filter(
        resource=office.room, date=WEDNESDAY, starts_at=NINE, status__in=SLOT_HOLDING_STATUSES
    )
    assert held.count() == 1
    assert Booking.objects.count() == 1
    # The losers left nothing behind: one work order, the winner's.
    assert WorkOrder.objects.count() == 1
    assert held.get().work_order_id == WorkOrder.objects.get().pk


def test_parallel_retries_with_one_key_make_one_booking() -> None:
    office = make_office()
    citizen = CitizenFactory()

    def attempt(_i: int) -> int:
        return book_slot(
            actor=citizen,
            office=office.agency,
            resource=office.room,
            matter=office.kinship,
            date=WEDNESDAY,
            starts_at=NINE,
            name="王小明",
            phone="13912345678",
            client_key="same-key",
        ).pk

    with frozen_at(MONDAY):
        results, errors = run_concurrently(4, attempt)
    assert errors == []
    assert len(set(results)) == 1
    assert Booking.objects.count() == 1
