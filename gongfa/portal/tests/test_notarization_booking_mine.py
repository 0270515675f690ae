"""我的预约: the citizen's own bookings, upcoming first; a booking's page with its material list and
a print layout; rescheduling and cancelling, hidden with the reason after the cut-off and refused
clearly when tried anyway; nobody else's booking is reachable; the portal menu and the catalogue
lead here."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import Booking
from gongfa.portal.tests.test_notarization_booking_support import (
    NINE,
    TEN,
    TUESDAY,
    Office,
    book,
    frozen_at,
    monday_fixture,  # noqa: F401
    office_fixture,  # noqa: F401
)
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db
MINE = reverse("portal:notarization_my_bookings")
NEXT_WEEK = TUESDAY + datetime.timedelta(days=7)


def test_the_list_shows_upcoming_bookings_first_with_their_buttons(client, office: Office) -> None:
    later = book(office, day=NEXT_WEEK)
    soon = book(office, day=TUESDAY + datetime.timedelta(days=1))
    cancelled = book(office, day=NEXT_WEEK, at=TEN)
    cancelled.status = BookingStatus.CANCELLED  # history, as the service leaves it
    cancelled.save(update_fields=["status"])
    client.force_login(office.citizen)
    page = client.get(MINE).content.decode()
    upcoming = page.split('data-testid="upcoming-bookings"')[1].split("</ul>")[0]
    assert upcoming.index(soon.number) < upcoming.index(later.number)
    assert cancelled.number not in upcoming and cancelled.number in page.split('data-testid="past-bookings"')[1]
    assert f'data-testid="reschedule-{soon.number}"' in upcoming and f'data-testid="cancel-{soon.number}"' in upcoming


def test_after_the_cut_off_the_buttons_give_way_to_the_reason(client, office: Office) -> None:
    booking = book(office)  # Tuesday 09:00: less than 24 hours from Monday 10:00
    client.force_login(office.citizen)
    page = client.get(MINE).content.decode()
    assert f'data-testid="reschedule-{booking.number}"' not in page
    assert f'data-testid="cancel-{booking.number}"' not in page
    assert "不足24小时" in page


def test_a_citizen_sees_only_their_own_bookings(client, office: Office) -> None:
    other = CitizenFactory()
    theirs = book(office, citizen=other, name="李四", phone=other.phone)
    client.force_login(office.citizen)
    assert theirs.number not in client.get(MINE).content.decode()
    for name in (
        "notarization_booking",
        "notarization_booking_print",
        "notarization_reschedule",
        "notarization_cancel",
    ):
        assert client.get(reverse(f"portal:{name}", args=[theirs.number])).status_code == 404, name
    response = client.post(reverse("portal:notarization_cancel", args=[theirs.number]), {"reason": "x"})
    assert response.status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.BOOKED


def test_staff_and_visitors_are_kept_out(client, office: Office) -> None:
    assert client.get(MINE).status_code == 302  # to the citizen sign-in
    client.force_login(office.clerk)
    assert client.get(MINE).status_code == 403


def test_the_booking_page_and_its_print_layout_tell_every_material(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    client.force_login(office.citizen)
    for name in ("notarization_booking", "notarization_booking_print"):
        page = client.get(reverse(f"portal:{name}", args=[booking.number])).content.decode()
        materials = page.split('data-testid="booking-materials"')[1].split("</ul>")[0]
        assert all(m.name in materials for m in office.kinship.materials.all())
        assert booking.number in page and "示范县公证处·第一业务室" in page
    printed = client.get(reverse("portal:notarization_booking_print", args=[booking.number])).content.decode()
    assert 'class="site-nav"' not in printed  # no menus on paper
    assert "张*" in printed and "张三" not in printed


def test_rescheduling_moves_the_booking_to_another_free_slot(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    book(office, citizen=CitizenFactory(), day=NEXT_WEEK, at=TEN)  # taken by someone else
    client.force_login(office.citizen)
    url = reverse("portal:notarization_reschedule", args=[booking.number])
    page = client.get(url, {"day": NEXT_WEEK.isoformat()}).content.decode()
    times = page.split('data-testid="slot-times"')[1].split("</ul>")[0]
    assert f"{office.room.pk}-{NEXT_WEEK:%Y%m%d}-1000" not in times
    new_day = NEXT_WEEK + datetime.timedelta(days=1)
    response = client.post(url, {"slot": f"{office.room.pk}-{new_day:%Y%m%d}-1000"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.date, booking.starts_at, booking.reschedule_count) == (new_day, TEN, 1)


def test_a_taken_or_made_up_slot_is_refused_and_nothing_changes(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    book(office, citizen=CitizenFactory(), day=NEXT_WEEK, at=TEN)
    client.force_login(office.citizen)
    url = reverse("portal:notarization_reschedule", args=[booking.number])
    taken = client.post(url, {"slot": f"{office.room.pk}-{NEXT_WEEK:%Y%m%d}-1000"})
    assert taken.status_code == 400 and "已被预约" in taken.content.decode()
    empty = client.post(url, {"slot": ""})
    assert empty.status_code == 400 and "请选择预约时段" in empty.content.decode()
    garbage = client.post(url, {"slot": "nonsense"})
    assert garbage.status_code == 400 and "所选时段不正确" in garbage.content.decode()
    booking.refresh_from_db()
    assert (booking.date, booking.starts_at, booking.reschedule_count) == (NEXT_WEEK, NINE, 0)


def test_a_slot_taken_between_the_page_and_the_press_says_so(client, office: Office, monkeypatch) -> None:
    booking = book(office, day=NEXT_WEEK)
    client.force_login(office.citizen)
    target = NEXT_WEEK + datetime.timedelta(days=1)
    from gongfa.portal.notarization import bookings as view

    slots = view.available_slots(office.agency, mode="at_office")  # read before the other citizen booked
    book(office, citizen=CitizenFactory(), day=target, at=TEN)
    monkeypatch.setattr(view, "available_slots", lambda *a, **k: slots)
    response = client.post(
        reverse("portal:notarization_reschedule", args=[booking.number]),
        {"slot": f"{office.room.pk}-{target:%Y%m%d}-1000"},
    )
    assert response.status_code == 409 and "刚刚已被预约" in response.content.decode()
    booking.refresh_from_db()
    assert booking.date == NEXT_WEEK


def test_cancelling_with_a_reason(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    client.force_login(office.citizen)
    url = reverse("portal:notarization_cancel", args=[booking.number])
    assert "取消原因" in client.get(url).content.decode()
    response = client.post(url, {"reason": "材料没有备齐"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:notarization_my_bookings")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancel_reason == "材料没有备齐"


def test_cancelling_or_rescheduling_after_the_cut_off_is_refused_with_the_reason(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    client.force_login(office.citizen)
    with frozen_at(NEXT_WEEK - datetime.timedelta(days=1), hour=12):  # 21 hours before
        client.force_login(office.citizen)  # a week later: signed in afresh
        cancel = client.post(reverse("portal:notarization_cancel", args=[booking.number]), {"reason": "有事"})
        again = client.post(
            reverse("portal:notarization_reschedule", args=[booking.number]),
            {"slot": f"{office.room.pk}-{NEXT_WEEK + datetime.timedelta(days=1):%Y%m%d}-0900"},
        )
    assert cancel.status_code == 400 and "不足24小时" in cancel.content.decode()
    assert again.status_code == 400 and "不足24小时" in again.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and booking.date == NEXT_WEEK


def test_a_too_long_reason_is_refused(client, office: Office) -> None:
    booking = book(office, day=NEXT_WEEK)
    client.force_login(office.citizen)
    response = client.post(reverse("portal:notarization_cancel", args=[booking.number]), {"reason": "长" * 201})
    assert response.status_code == 400 and "取消原因不能超过" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_the_menu_the_matter_list_and_the_catalogue_lead_to_booking(client, office: Office) -> None:
    client.force_login(office.citizen)
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{MINE}"' in home and 'data-testid="portal-my-bookings-link"' in home
    matters = client.get(reverse("portal:notarization_matters")).content.decode()
    book_url = reverse("portal:notarization_book")
    assert f'href="{book_url}?matter=kinship"' in matters
    catalogue = client.get(reverse("catalog:detail", args=["notarization"])).content.decode()
    button = catalogue.split('data-testid="book-notarization"')[0].rsplit("<a", 1)[1]
    assert f'href="{book_url}"' in button
    other = client.get(reverse("catalog:detail", args=["consultation"])).content.decode()
    assert 'data-testid="book-notarization"' not in other


def test_the_list_takes_the_same_queries_for_one_booking_or_ten(
    client, office: Office, django_assert_max_num_queries
) -> None:
    client.force_login(office.citizen)
    book(office, day=NEXT_WEEK)
    client.get(MINE)
    with django_assert_max_num_queries(30) as one:
        client.get(MINE)
    days = [NEXT_WEEK + datetime.timedelta(days=n) for n in range(1, 10)]
    for day in [d for d in days if d.weekday() < 5][:5]:
        for at in (NINE, TEN):
            if (day, at) != (NEXT_WEEK, NINE):
                book(office, day=day, at=at)
    book(office, day=NEXT_WEEK, at=TEN)
    assert Booking.objects.count() == 12
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(MINE).content.decode()
    assert page.count('data-testid="booking-YY') == 12
