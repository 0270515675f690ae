"""预约办理 on the portal, step by step: office (skipped when there is one), matter (only what the
office handles, under its parent), mode (where the matter allows), date and slot, details (prefilled
from the account), confirm; every wrong input shows its step again with a clear message and books
nothing; a slot taken meanwhile shows "已被预约" and the free slots again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongfa.appointments.choices import BookingChannel, BookingMode, BookingStatus
from gongfa.appointments.models import Booking
from gongfa.portal.tests.test_notarization_booking_support import (
    NINE,
    TEN,
    TUESDAY,
    Office,
    book,
    make_office,
    monday_fixture,  # noqa: F401
    office_fixture,  # noqa: F401
)
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db
BOOK = reverse("portal:notarization_book")
DETAILS = reverse("portal:notarization_book_details")


def key(office: Office, day=TUESDAY, at=NINE, resource=None) -> str:
    return f"{(resource or office.room).pk}-{day:%Y%m%d}-{at:%H%M}"


def test_a_visitor_is_sent_to_sign_in(client, office: Office) -> None:
    response = client.get(BOOK)
    assert response.status_code == 302 and "login" in response["Location"]


def test_one_office_is_skipped_and_only_its_matters_are_offered_under_their_parent(client, office: Office) -> None:
    client.force_login(office.citizen)
    page = client.get(BOOK).content.decode()
    assert 'data-testid="step-matter"' in page
    assert 'value="kinship"' in page and 'value="birth"' in page
    assert 'value="will"' not in page  # not handled by this office
    assert "出国（境）公证" in page  # the parent as the group's heading


def test_two_offices_are_offered_and_a_matter_narrows_them(client, office: Office) -> None:
    other = make_office(prefix="330103", name="另一公证处", phone="13912340000")
    other.agency.notarial_matters.filter(matter=other.kinship).delete()
    client.force_login(office.citizen)
    page = client.get(BOOK).content.decode()
    assert 'data-testid="step-office"' in page and "另一公证处" in page and "示范县公证处" in page
    page = client.get(BOOK, {"matter": "kinship"}).content.decode()
    assert "另一公证处" not in page  # it does not handle kinship, and only one is left: skipped
    assert 'data-testid="step-mode"' in page


def test_a_matter_the_office_does_not_handle_is_refused_on_the_matter_step(client, office: Office) -> None:
    client.force_login(office.citizen)
    response = client.get(BOOK, {"office": office.agency.pk, "matter": "will", "mode": "at_office"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="step-matter"' in page and "error-summary" in page
    assert "不办理所选事项" in page


def test_modes_follow_the_matter(client, office: Office) -> None:
    client.force_login(office.citizen)
    kinship = client.get(BOOK, {"office": office.agency.pk, "matter": "kinship"}).content.decode()
    modes = set(re.findall(r'name="mode" value="([a-z_]+)"', kinship))
    assert modes == {BookingMode.AT_OFFICE, BookingMode.AGENCY_POINT, BookingMode.HOME_VISIT}
    birth = client.get(BOOK, {"office": office.agency.pk, "matter": "birth"}).content.decode()
    assert set(re.findall(r'name="mode" value="([a-z_]+)"', birth)) == {
        BookingMode.AT_OFFICE,
        BookingMode.VIDEO,
        BookingMode.HOME_VISIT,
    }
    wrong = client.get(BOOK, {"office": office.agency.pk, "matter": "kinship", "mode": "video"})
    assert wrong.status_code == 400 and "办理方式本事项不能使用" in wrong.content.decode()


def test_the_slots_are_grouped_by_date_and_a_taken_one_is_not_offered(client, office: Office) -> None:
    book(office, citizen=CitizenFactory(), at=NINE)
    client.force_login(office.citizen)
    page = client.get(BOOK, {"office": office.agency.pk, "matter": "kinship", "mode": "at_office"}).content.decode()
    assert 'data-testid="step-slot"' in page and 'data-testid="slot-days"' in page
    assert "3月4日 周二" in page  # the first day: tomorrow
    times = page.split('data-testid="slot-times"')[1].split("</ul>")[0]
    assert key(office, at=TEN) in times and key(office, at=NINE) not in times


def test_the_details_are_prefilled_and_the_booking_is_made_after_confirming(client, office: Office) -> None:
    client.force_login(office.citizen)
    query = {"office": office.agency.pk, "matter": "kinship", "mode": "at_office", "slot": key(office)}
    page = client.get(DETAILS, query).content.decode()
    assert 'value="张三"' in page and 'value="13912345678"' in page
    assert "身份证号码" in page and "（选填）" in page
    url = f"{DETAILS}?office={office.agency.pk}&matter=kinship&mode=at_office&slot={key(office)}"
    data = {"stage": "check", "name": "张三", "phone": "13912345678", "id_number": "", "note": "需要无障碍通道"}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and 'data-testid="booking-confirm-form"' in confirm.content.decode()
    assert not Booking.objects.exists()  # checking keeps nothing
    client_key = re.search(r'name="client_key" value="([0-9a-f]+)"', confirm.content.decode()).group(1)  # type: ignore[union-attr]
    done = client.post(url, {**data, "stage": "confirm", "client_key": client_key})
    booking = Booking.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("portal:notarization_booking", args=[booking.number])
    assert (booking.user, booking.channel, booking.date, booking.starts_at) == (
        office.citizen,
        BookingChannel.PORTAL,
        TUESDAY,
        NINE,
    )
    assert booking.note == "需要无障碍通道" and booking.status == BookingStatus.BOOKED
    again = client.post(url, {**data, "stage": "confirm", "client_key": client_key})  # a double submit
    assert again.status_code == 302 and Booking.objects.count() == 1
    response = client.get(again["Location"])
    page = response.content.decode()
    assert booking.number in page and "3月4日" in page and "示范路1号" in page
    materials = page.split('data-testid="booking-materials"')[1].split("</ul>")[0]
    for material in office.kinship.materials.all():
        assert material.name in materials


def test_every_problem_of_the_details_shows_at_once_and_nothing_is_booked(client, office: Office) -> None:
    client.force_login(office.citizen)
    url = f"{DETAILS}?office={office.agency.pk}&matter=kinship&mode=home_visit&slot={key(office, resource=office.home)}"
    response = client.post(url, {"stage": "check", "name": "", "phone": "123", "id_number": "110", "address": ""})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    for words in ("姓名", "电话", "身份证", "上门地址", "特殊群体"):
        assert words in summary, words
    assert not Booking.objects.exists()


def test_a_wrong_slot_shows_the_free_slots_again(client, office: Office) -> None:
    client.force_login(office.citizen)
    query = {"office": office.agency.pk, "matter": "kinship", "mode": "at_office", "slot": "999-20250304-0900"}
    response = client.get(DETAILS, query, follow=True)
    page = response.content.decode()
    assert response.status_code == 400 and 'data-testid="step-slot"' in page and "请选择下面的空闲时段" in page


def test_a_slot_taken_meanwhile_says_so_and_offers_the_free_slots(client, office: Office) -> None:
    client.force_login(office.citizen)
    url = f"{DETAILS}?office={office.agency.pk}&matter=kinship&mode=at_office&slot={key(office)}"
    data = {"stage": "check", "name": "张三", "phone": "13912345678"}
    assert client.post(url, data).status_code == 200
    book(office, citizen=CitizenFactory())  # someone else is quicker
    response = client.post(url, {**data, "stage": "confirm", "client_key": "a" * 32})
    page = response.content.decode()
    assert response.status_code == 409 and "已被预约" in page and 'data-testid="step-slot"' in page
    times = page.split('data-testid="slot-times"')[1].split("</ul>")[0]
    assert key(office, at=TEN) in times and key(office) not in times
    assert Booking.objects.count() == 1
