"""book_slot: the booking, its work order, its event and its confirmation text; every bad input
reported at once, nothing written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.appointments.choices import BookingChannel, BookingMode, BookingStatus, SpecialGroup
from gongfa.appointments.models import Booking, Closure, NotarialMatter, OfficeMatter
from gongfa.appointments.services.booking import SlotTaken, book_slot
from gongfa.appointments.tests.test_booking_slots import MONDAY, NINE, TEN, Office, monday_fixture, office_fixture  # noqa: F401
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.testing.factories import staff
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.usefixtures("monday")
TUESDAY = MONDAY + datetime.timedelta(days=1)


def book(office: Office, /, **overrides: Any) -> Booking:
    values: dict[str, Any] = {
        "actor": office.citizen,
        "office": office.agency,
        "resource": office.room,
        "matter": office.kinship,
        "date": TUESDAY,
        "starts_at": NINE,
        "name": "王小明",
        "phone": "13912345678",
    }
    values.update(overrides)
    return book_slot(**values)


def test_a_citizen_books_a_slot_with_a_tracked_work_order(
    office: Office, sms_outbox: list[tuple[str, str]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(office, id_number="")
    assert booking.number.startswith("YY2025")
    assert booking.status == BookingStatus.BOOKED
    assert booking.user == office.citizen
    assert booking.mode == BookingMode.AT_OFFICE
    assert booking.ends_at == datetime.time(9, 30)
    order = booking.work_order
    assert order is not None
    assert order.service_type is not None
    assert order.service_type.code == "notarization"
    assert order.owner_agency == office.agency
    assert order.status == WorkOrderStatus.ASSIGNED
    assert order.requester == office.citizen
    assert Event.objects.filter(verb="appointments.booking.book", subject_id=str(booking.pk)).count() == 1
    # The confirmation, with the material list told all at once (一次性告知).
    [(phone, text)] = sms_outbox
    assert phone == "13912345678"
    assert booking.number in text
    for material in office.kinship.materials.filter(required=True):
        assert material.name in text


def test_the_same_client_key_returns_the_same_booking(
    office: Office, sms_outbox: list[tuple[str, str]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = book(office, client_key="k-1")
    with django_capture_on_commit_callbacks(execute=True):
        again = book(office, client_key="k-1")
    assert again.pk == first.pk
    assert Booking.objects.count() == 1
    assert WorkOrder.objects.count() == 1
    assert len(sms_outbox) == 1


def test_a_taken_slot_is_refused_with_a_clear_message(office: Office) -> None:
    book(office)
    other = staff(Role.HOTLINE_AGENT)
    with pytest.raises(SlotTaken) as caught:
        book(office, actor=other, channel=BookingChannel.HOTLINE, name="李四", phone="13700000000")
    assert caught.value.code == "slot_taken"
    assert caught.value.status == 409
    assert "已被预约" in caught.value.message
    assert Booking.objects.count() == 1


def test_every_problem_is_reported_at_once(office: Office) -> None:
    with pytest.raises(ValidationFailed) as caught:
        book(office, name="", phone="12345", id_number="110101199001011234", note="长" * 301, date=MONDAY)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"name", "phone", "id_number", "note", "date"}
    assert Booking.objects.count() == 0
    assert WorkOrder.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (MONDAY, "slot_in_past"),  # today
        (MONDAY - datetime.timedelta(days=1), "slot_in_past"),
        (MONDAY + datetime.timedelta(days=31), "beyond_window"),
        (MONDAY + datetime.timedelta(days=5), "not_working_day"),  # Saturday
    ],
)
def test_bad_days(office: Office, day: datetime.date, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        book(office, date=day)
    assert caught.value.code == code
    assert caught.value.field == "date"
    assert Booking.objects.count() == 0


def test_a_closure_day(office: Office) -> None:
    Closure.objects.create(office=office.agency, starts_on=TUESDAY, ends_on=TUESDAY, reason="集中培训")
    with pytest.raises(DomainError) as caught:
        book(office)
    assert caught.value.code == "closed"
    assert "集中培训" in caught.value.message
    assert Booking.objects.count() == 0


def test_a_time_the_template_does_not_offer(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        book(office, starts_at=datetime.time(9, 15))
    assert caught.value.code == "not_a_slot"


def test_a_matter_the_office_does_not_handle(office: Office) -> None:
    will = NotarialMatter.objects.get(code="will")
    with pytest.raises(DomainError) as caught:
        book(office, matter=will)
    assert caught.value.code == "matter_not_handled"
    assert "不办理" in caught.value.message
    OfficeMatter.objects.create(office=office.agency, matter=will, is_active=False)
    with pytest.raises(DomainError):
        book(office, matter=will)
    assert Booking.objects.count() == 0


def test_a_parent_matter_must_be_narrowed(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        book(office, matter=NotarialMatter.objects.get(code="going_abroad"))
    assert caught.value.code == "matter_has_children"


def test_mode_and_matter_must_fit(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        book(office, resource=office.video)  # kinship: no video
    assert caught.value.code == "matter_not_handled"
    assert "视频" in caught.value.message
    with pytest.raises(DomainError) as caught:
        book(office, resource=office.point, matter=office.birth)  # birth: no agency point
    assert "代办点" in caught.value.message
    assert book(office, resource=office.video, matter=office.birth).mode == BookingMode.VIDEO
    assert book(office, resource=office.point).mode == BookingMode.AGENCY_POINT


def test_a_video_override_by_the_office(office: Office) -> None:
    OfficeMatter.objects.filter(office=office.agency, matter=office.birth).update(video_allowed=False)
    with pytest.raises(DomainError):
        book(office, resource=office.video, matter=office.birth)


def test_a_home_visit_needs_an_address_and_a_special_group(office: Office) -> None:
    with pytest.raises(ValidationFailed) as caught:
        book(office, resource=office.home)
    assert {p.field for p in caught.value.problems} == {"address", "special_group"}
    booking = book(office, resource=office.home, address="示范1镇1村3组5号", special_group=SpecialGroup.ELDERLY)
    assert booking.mode == BookingMode.HOME_VISIT
    assert booking.address == "示范1镇1村3组5号"


def test_a_resource_of_another_office_or_inactive(office: Office, db: None) -> None:
    from gongfa.appointments.tests.test_booking_slots import make_office

    other = make_office("330103")
    with pytest.raises(DomainError) as caught:
        book(office, resource=other.room)
    assert caught.value.code == "wrong_resource"
    office.room.is_active = False
    office.room.save()
    with pytest.raises(DomainError) as caught:
        book(office)
    assert caught.value.code == "inactive_resource"


def test_who_may_book(office: Office) -> None:
    other = staff(Role.HOTLINE_AGENT)
    with pytest.raises(NotPermitted):
        book(office, user=other)  # a citizen books for themself only
    with pytest.raises(NotPermitted):
        book(office, actor=None, channel=BookingChannel.HOTLINE)
    with pytest.raises(NotPermitted):
        book(office, actor=office.citizen, channel=BookingChannel.WINDOW)
    booking = book(office, actor=other, channel=BookingChannel.HOTLINE, name="李四", phone="010-12345678")
    assert booking.booked_by == other
    assert booking.user is None
    assert booking.channel == BookingChannel.HOTLINE


def test_not_a_notary_office(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        book(office, office=office.net.legal_aid_centre)
    assert {p.code for p in caught.value.problems} >= {"not_a_notary_office"}


def test_the_confirmation_text_is_sent_once_however_often_the_task_runs(
    office: Office, sms_outbox: list[tuple[str, str]]
) -> None:
    from gongfa.appointments.tasks import text_booking

    booking = book(office)
    assert text_booking.run(booking.pk, "confirm", "k") is True
    assert text_booking.run(booking.pk, "confirm", "k") is False
    assert len(sms_outbox) == 1
    assert text_booking.run(booking.pk, "cancel", "k") is False  # not cancelled: nothing to say
