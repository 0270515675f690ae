"""Check-in, no-shows (by staff and by the sweep), the day-before reminders and the commands."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command

from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import Booking
from gongfa.appointments.services.booking import (
    book_slot,
    check_in_booking,
    record_no_show,
    record_no_shows,
    send_booking_reminders,
)
from gongfa.appointments.tests.test_booking_slots import (  # noqa: F401
    MONDAY,
    NINE,
    TEN,
    Office,
    frozen_at,
    monday_fixture,
    office_fixture,
)
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder

TUESDAY = MONDAY + datetime.timedelta(days=1)


def booked(office: Office, at: datetime.time = NINE, **extra: Any) -> Booking:
    with frozen_at(MONDAY):
        return book_slot(
            actor=extra.pop("actor", office.citizen),
            office=office.agency,
            resource=office.room,
            matter=office.kinship,
            date=TUESDAY,
            starts_at=at,
            name="王小明",
            phone=extra.pop("phone", "13912345678"),
            **extra,
        )


def test_check_in_on_the_day_accepts_the_work_order(office: Office) -> None:
    booking = booked(office)
    with frozen_at(MONDAY), pytest.raises(DomainError) as caught:
        check_in_booking(actor=office.clerk, booking=booking)
    assert caught.value.code == "too_early"
    with frozen_at(TUESDAY, hour=9):
        attended = check_in_booking(actor=office.clerk, booking=booking)
    assert attended.status == BookingStatus.ATTENDED
    assert attended.attended_at is not None
    order = WorkOrder.objects.get(bookings=booking)
    assert order.status == WorkOrderStatus.IN_PROGRESS
    assert order.owner_user == office.clerk
    with frozen_at(TUESDAY, hour=12):
        with pytest.raises(InvalidTransition):
            check_in_booking(actor=office.clerk, booking=attended)
        with pytest.raises(InvalidTransition):
            record_no_show(actor=office.clerk, booking=attended)


def test_only_office_staff_check_in(office: Office) -> None:
    booking = booked(office)
    with frozen_at(TUESDAY, hour=9), pytest.raises(NotPermitted):
        check_in_booking(actor=office.citizen, booking=booking)


def test_a_no_show_only_after_the_grace_period(office: Office) -> None:
    booking = booked(office)
    with frozen_at(TUESDAY, hour=9), pytest.raises(DomainError) as caught:
        record_no_show(actor=office.clerk, booking=booking)
    assert caught.value.code == "too_early"
    with frozen_at(TUESDAY, hour=10):
        missed = record_no_show(actor=office.clerk, booking=booking)
    assert missed.status == BookingStatus.NO_SHOW
    order = WorkOrder.objects.get(bookings=booking)
    assert order.status == WorkOrderStatus.CLOSED
    assert order.result_code == ResultCode.OTHER
    with frozen_at(TUESDAY, hour=10), pytest.raises(NotPermitted):
        record_no_show(actor=office.citizen, booking=booking)


def test_the_no_show_sweep_is_idempotent(office: Office) -> None:
    early = booked(office, NINE)
    late = booked(office, TEN, actor=CitizenFactory(), phone="13700000000")
    with frozen_at(TUESDAY, hour=9):
        from django.utils import timezone

        now = timezone.make_aware(datetime.datetime.combine(TUESDAY, datetime.time(9, 45)))
        assert record_no_shows(now=now) == 1
        assert record_no_shows(now=now) == 0
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == (BookingStatus.NO_SHOW, BookingStatus.BOOKED)
    with frozen_at(TUESDAY, hour=11):
        call_command("record_no_shows")
    late.refresh_from_db()
    assert late.status == BookingStatus.NO_SHOW


def test_reminders_go_once_the_day_before(
    office: Office, sms_outbox: list[tuple[str, str]], django_capture_on_commit_callbacks: Any
) -> None:
    booking = booked(office)
    cancelled = booked(office, TEN, actor=CitizenFactory(), phone="13700000000")
    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED)
    sms_outbox.clear()
    assert send_booking_reminders(today=TUESDAY) == 0  # the day itself: too late for "the day before"
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(today=MONDAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(today=MONDAY) == 0
    booking.refresh_from_db()
    assert booking.reminded_at is not None
    [(phone, text)] = sms_outbox
    assert phone == "13912345678"
    assert "提醒" in text
    assert booking.number in text
    assert Event.objects.filter(verb="appointments.booking.remind").count() == 1


def test_the_reminder_command(office: Office) -> None:
    booked(office)
    with frozen_at(MONDAY, hour=18):
        call_command("booking_reminders")
        call_command("booking_reminders")
    assert Event.objects.filter(verb="appointments.booking.remind").count() == 1
