"""预约管理 (the office's day of bookings): today by default, another day, filters by resource and
status, masked phones, 到场 and 爽约 per booking (the services' refusals shown), a constant number of
queries whatever the number of bookings, and other offices' staff kept out."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.appointments.choices import BookingStatus, ResourceKind
from gongfa.appointments.models import BookableResource, Booking, SlotTemplate
from gongfa.portal.tests.test_notarization_booking_support import (
    NINE,
    TEN,
    TUESDAY,
    Office,
    book,
    frozen_at,
    make_office,
    monday_fixture,  # noqa: F401
    office_fixture,  # noqa: F401
)
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db
DAY = reverse("workbench:bookings")


def test_the_day_lists_the_office_bookings_with_masked_phones(client, office: Office) -> None:
    booking = book(office)
    client.force_login(office.clerk)
    page = client.get(DAY, {"day": TUESDAY.isoformat()}).content.decode()
    row = page.split(f'data-testid="booking-row-{booking.number}"')[1].split("</tr>")[0]
    assert "139****5678" in row and "13912345678" not in page
    assert "张*" in row and "亲属关系" in row and "09:00" in row
    assert "到场" in row and "爽约" in row
    today = client.get(DAY).content.decode()  # Monday: none
    assert 'data-testid="no-bookings"' in today


def test_the_filters_narrow_the_day(client, office: Office) -> None:
    room = book(office)
    video = book(office, resource=office.video, matter=office.birth, citizen=CitizenFactory(), name="李四")
    client.force_login(office.clerk)
    page = client.get(DAY, {"day": TUESDAY.isoformat(), "resource": office.video.pk}).content.decode()
    assert video.number in page and room.number not in page
    page = client.get(DAY, {"day": TUESDAY.isoformat(), "status": BookingStatus.CANCELLED}).content.decode()
    assert room.number not in page and video.number not in page
    bad = client.get(DAY, {"day": "2025-13-40", "status": "nonsense"})
    assert bad.status_code == 400 and "日期的格式不正确" in bad.content.decode()


def test_checking_in_and_recording_a_no_show(client, office: Office) -> None:
    came = book(office)
    missed = book(office, at=TEN, citizen=CitizenFactory(), name="王五")
    client.force_login(office.clerk)
    early = client.post(reverse("workbench:booking_check_in", args=[came.number]), follow=True)
    assert "未到，不能签到" in early.content.decode()
    assert Booking.objects.get(pk=came.pk).status == BookingStatus.BOOKED
    with frozen_at(TUESDAY, hour=11):
        client.force_login(office.clerk)
        response = client.post(reverse("workbench:booking_check_in", args=[came.number]))
        assert response.status_code == 302
        client.post(reverse("workbench:booking_no_show", args=[missed.number]))
        again = client.post(reverse("workbench:booking_check_in", args=[came.number]), follow=True)
    assert Booking.objects.get(pk=came.pk).status == BookingStatus.ATTENDED
    assert Booking.objects.get(pk=missed.pk).status == BookingStatus.NO_SHOW
    assert again.status_code == 200 and came.number in again.content.decode()  # the refusal is told


def test_a_no_show_before_the_slot_is_refused(client, office: Office) -> None:
    booking = book(office)
    client.force_login(office.clerk)
    with frozen_at(TUESDAY, hour=9):
        client.force_login(office.clerk)
        page = client.post(reverse("workbench:booking_no_show", args=[booking.number]), follow=True).content.decode()
    assert "才能记为爽约" in page
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_other_offices_staff_and_other_roles_are_kept_out(client, office: Office) -> None:
    booking = book(office)
    other = make_office(prefix="330103", name="另一公证处", phone="13912340000")
    client.force_login(other.clerk)
    page = client.get(DAY, {"day": TUESDAY.isoformat()}).content.decode()
    assert booking.number not in page
    assert client.get(DAY, {"office": office.agency.pk}).status_code == 404
    assert client.get(reverse("workbench:booking", args=[booking.number])).status_code == 404
    assert client.post(reverse("workbench:booking_check_in", args=[booking.number])).status_code == 404
    client.force_login(staff(Role.LAWYER, at=office.net.centre))
    assert client.get(DAY).status_code == 403
    client.force_login(office.citizen)
    assert client.get(DAY).status_code == 403
    client.logout()
    assert client.get(DAY).status_code == 302  # to the staff sign-in


def _fill(office: Office, count: int) -> None:
    """`count` bookings on Tuesday, one per slot of as many rooms as needed."""
    made = Booking.objects.filter(date=TUESDAY).count()
    for index in range(made, count):
        room, _ = BookableResource.objects.get_or_create(
            office=office.agency, kind=ResourceKind.ROOM, name=f"业务室{index // 2}"
        )
        SlotTemplate.objects.get_or_create(
            resource=room,
            weekday=1,
            starts_at=NINE if index % 2 == 0 else TEN,
            defaults={"ends_at": datetime.time(9, 30) if index % 2 == 0 else datetime.time(10, 30)},
        )
        book(office, resource=room, at=NINE if index % 2 == 0 else TEN, citizen=CitizenFactory(), name=f"群众{index}")


def test_the_day_takes_the_same_queries_for_one_booking_or_twenty(
    client, office: Office, django_assert_max_num_queries
) -> None:
    client.force_login(office.clerk)
    url = f"{DAY}?day={TUESDAY.isoformat()}"
    _fill(office, 1)
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).content.decode().count('data-testid="booking-row-') == 1
    _fill(office, 20)
    with django_assert_max_num_queries(len(one.captured_queries)) as twenty:
        assert client.get(url).content.decode().count('data-testid="booking-row-') == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)
