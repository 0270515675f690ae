"""Reschedule and cancel: who may, the cut-off, the limit, atomicity; the work order closes on
cancellation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.appointments import rules
from gongfa.appointments.choices import BookingChannel, BookingStatus
from gongfa.appointments.models import Booking, Closure
from gongfa.appointments.services.booking import (
    SlotTaken,
    book_slot,
    cancel_booking,
    check_in_booking,
    reschedule_booking,
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
from gongfa.network.models import RegionSetting
from gongfa.testing.factories import CitizenFactory, staff
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.usefixtures("monday")
WEDNESDAY = MONDAY + datetime.timedelta(days=2)
THURSDAY = MONDAY + datetime.timedelta(days=3)


def booked(office: Office, day: datetime.date = WEDNESDAY, at: datetime.time = NINE, **extra: Any) -> Booking:
    values: dict[str, Any] = {
        "actor": office.citizen,
        "office": office.agency,
        "resource": office.room,
        "matter": office.kinship,
        "date": day,
        "starts_at": at,
        "name": "王小明",
        "phone": "13912345678",
    }
    values.update(extra)
    return book_slot(**values)


def test_the_owner_reschedules_and_the_old_slot_is_free(
    office: Office, sms_outbox: list[tuple[str, str]], django_capture_on_commit_callbacks: Any
) -> None:
    booking = booked(office)
    with django_capture_on_commit_callbacks(execute=True):
        moved = reschedule_booking(
            actor=office.citizen, booking=booking, resource=office.room, date=THURSDAY, starts_at=TEN
        )
    assert (moved.date, moved.starts_at, moved.reschedule_count) == (THURSDAY, TEN, 1)
    assert moved.number == booking.number
    assert moved.status == BookingStatus.BOOKED
    # The old slot can be booked by someone else now.
    other = booked(office, actor=CitizenFactory(), name="李四", phone="13700000000")
    assert (other.date, other.starts_at) == (WEDNESDAY, NINE)
    event = Event.objects.get(verb="appointments.booking.reschedule")
    assert event.data["from"]["date"] == WEDNESDAY.isoformat()
    assert any("已改约" in text for _phone, text in sms_outbox)


def test_rescheduling_to_a_taken_slot_changes_nothing(office: Office) -> None:
    mine = booked(office)
    booked(office, THURSDAY, TEN, actor=CitizenFactory(), name="李四", phone="13700000000")
    with pytest.raises(SlotTaken):
        reschedule_booking(actor=office.citizen, booking=mine, resource=office.room, date=THURSDAY, starts_at=TEN)
    mine.refresh_from_db()
    assert (mine.date, mine.starts_at, mine.reschedule_count) == (WEDNESDAY, NINE, 0)


def test_rescheduling_checks_the_new_slot_like_a_booking(office: Office) -> None:
    booking = booked(office)
    Closure.objects.create(office=office.agency, starts_on=THURSDAY, ends_on=THURSDAY, reason="搬迁")
    for day, code in [
        (THURSDAY, "closed"),
        (MONDAY, "slot_in_past"),
        (MONDAY + datetime.timedelta(days=40), "beyond_window"),
        (MONDAY + datetime.timedelta(days=6), "not_working_day"),
    ]:
        with pytest.raises(DomainError) as caught:
            reschedule_booking(actor=office.citizen, booking=booking, resource=office.room, date=day, starts_at=NINE)
        assert caught.value.code == code
    with pytest.raises(DomainError) as caught:
        reschedule_booking(actor=office.citizen, booking=booking, resource=office.room, date=WEDNESDAY, starts_at=NINE)
    assert caught.value.code == "same_slot"
    with pytest.raises(DomainError) as caught:
        reschedule_booking(actor=office.citizen, booking=booking, resource=office.video, date=THURSDAY, starts_at=NINE)
    assert {p.code for p in caught.value.problems} >= {"matter_not_handled"}
    booking.refresh_from_db()
    assert (booking.date, booking.reschedule_count) == (WEDNESDAY, 0)


def test_the_reschedule_limit(office: Office) -> None:
    RegionSetting.objects.create(
        region=office.net.county, key=rules.MAX_RESCHEDULES.key, value=1, effective_from=datetime.date(2020, 1, 1)
    )
    booking = booked(office)
    booking = reschedule_booking(
        actor=office.citizen, booking=booking, resource=office.room, date=THURSDAY, starts_at=NINE
    )
    with pytest.raises(DomainError) as caught:
        reschedule_booking(actor=office.citizen, booking=booking, resource=office.room, date=THURSDAY, starts_at=TEN)
    assert caught.value.code == "too_many_reschedules"
    assert "最多改约1次" in caught.value.message


def test_no_reschedule_or_cancel_after_the_cut_off(office: Office) -> None:
    booking = booked(office)  # Wednesday 09:00; cut-off 24 hours before: Tuesday 09:00
    with frozen_at(MONDAY + datetime.timedelta(days=1), hour=10):
        with pytest.raises(DomainError) as caught:
            cancel_booking(actor=office.citizen, booking=booking)
        assert caught.value.code == "past_cutoff"
        assert caught.value.message.startswith("已超过取消截止时间（预约开始前24小时）")
        with pytest.raises(DomainError) as caught:
            reschedule_booking(
                actor=office.citizen, booking=booking, resource=office.room, date=THURSDAY, starts_at=NINE
            )
        assert {p.code for p in caught.value.problems} == {"past_cutoff"}
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_cancel_frees_the_slot_and_closes_the_work_order(
    office: Office, sms_outbox: list[tuple[str, str]], django_capture_on_commit_callbacks: Any
) -> None:
    booking = booked(office)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_booking(actor=office.citizen, booking=booking, reason="行程有变")
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancel_reason == "行程有变"
    assert cancelled.cancelled_at is not None
    order = WorkOrder.objects.get(bookings=booking)
    assert order.status == WorkOrderStatus.CLOSED
    assert order.result_code == ResultCode.WITHDRAWN
    assert any("已取消" in text for _phone, text in sms_outbox)
    assert booked(office, actor=CitizenFactory(), name="李四", phone="13700000000").starts_at == NINE


def test_a_cancelled_booking_cannot_be_cancelled_or_moved_again(office: Office) -> None:
    booking = cancel_booking(actor=office.citizen, booking=booked(office))
    with pytest.raises(InvalidTransition):
        cancel_booking(actor=office.citizen, booking=booking)
    with pytest.raises(InvalidTransition):
        reschedule_booking(actor=office.citizen, booking=booking, resource=office.room, date=THURSDAY, starts_at=NINE)
    with pytest.raises(InvalidTransition):
        check_in_booking(actor=office.clerk, booking=booking)


def test_a_too_long_cancel_reason(office: Office) -> None:
    booking = booked(office)
    with pytest.raises(DomainError) as caught:
        cancel_booking(actor=office.citizen, booking=booking, reason="因" * 201)
    assert caught.value.field == "reason"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_who_may_change_a_booking(office: Office) -> None:
    booking = booked(office)
    stranger = CitizenFactory()
    elsewhere = staff(Role.NOTARY_CLERK)
    for actor in (stranger, elsewhere):
        with pytest.raises(NotPermitted):
            cancel_booking(actor=actor, booking=booking)
        with pytest.raises(NotPermitted):
            reschedule_booking(actor=actor, booking=booking, resource=office.room, date=THURSDAY, starts_at=NINE)
    # Staff of the office may; so may the hotline agent who booked on the caller's behalf.
    reschedule_booking(actor=office.clerk, booking=booking, resource=office.room, date=THURSDAY, starts_at=NINE)
    agent = staff(Role.HOTLINE_AGENT)
    by_phone = booked(office, actor=agent, channel=BookingChannel.HOTLINE, name="李四", phone="13700000000")
    assert cancel_booking(actor=agent, booking=by_phone).status == BookingStatus.CANCELLED


def test_the_office_staff_hear_of_a_cancellation(office: Office, django_capture_on_commit_callbacks: Any) -> None:
    from gongfa.notifications.models import Notification

    booking = booked(office)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(actor=office.citizen, booking=booking, reason="行程有变")
    notice = Notification.objects.get(recipient=office.clerk)
    assert booking.number in notice.title
    assert "已取消" in notice.body
    assert not Notification.objects.filter(recipient=office.citizen).exists()
