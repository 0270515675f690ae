"""代约公证: hotline agents and window staff book for a citizen in one form (channel by role), linked
to the citizen's account when the phone has one; every problem at once, nothing booked; a slot
taken meanwhile is named; roles that may not book on behalf are kept out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.appointments.choices import BookingChannel
from gongfa.appointments.models import Booking
from gongfa.portal.tests.test_notarization_booking_support import (
    NINE,
    TUESDAY,
    Office,
    book,
    monday_fixture,  # noqa: F401
    office_fixture,  # noqa: F401
)
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db
NEW = reverse("workbench:booking_new")


def _url(office: Office, mode: str = "at_office", matter: str = "kinship") -> str:
    return f"{NEW}?office={office.agency.pk}&matter={matter}&mode={mode}"


def _slot(office: Office, resource=None, at=NINE) -> str:
    return f"{(resource or office.room).pk}-{TUESDAY:%Y%m%d}-{at:%H%M}"


def test_a_hotline_agent_books_for_a_caller_with_an_account(client, office: Office) -> None:
    agent = staff(Role.HOTLINE_AGENT, at=office.net.centre)
    client.force_login(agent)
    page = client.get(_url(office)).content.decode()
    assert 'data-testid="on-behalf-form"' in page and _slot(office) in page and "12348热线代约" in page
    response = client.post(_url(office), {"slot": _slot(office), "name": "张三", "phone": "13912345678"})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:booking", args=[booking.number])
    assert (booking.channel, booking.booked_by, booking.user) == (BookingChannel.HOTLINE, agent, office.citizen)
    page = client.get(response["Location"]).content.decode()  # the agent reads the materials out
    assert all(m.name in page for m in office.kinship.materials.all())
    assert "139****5678" in page and "13912345678" not in page


def test_window_staff_book_on_the_window_channel_without_an_account(client, office: Office) -> None:
    clerk = staff(Role.WINDOW_STAFF, at=office.net.stations[office.net.townships[0].code])
    client.force_login(clerk)
    data = {"slot": _slot(office, office.point), "name": "赵六", "phone": "13800001111"}
    assert client.post(_url(office, "agency_point"), data).status_code == 302
    booking = Booking.objects.get()
    assert (booking.channel, booking.user, booking.resource) == (BookingChannel.WINDOW, None, office.point)


def test_every_problem_at_once_and_nothing_booked(client, office: Office) -> None:
    client.force_login(staff(Role.HOTLINE_AGENT, at=office.net.centre))
    response = client.post(_url(office, "home_visit"), {"slot": "", "name": "", "phone": "12", "id_number": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    for words in ("空闲时段", "姓名", "电话", "身份证", "上门地址", "特殊群体"):
        assert words in summary, words
    assert not Booking.objects.exists()


def test_a_taken_slot_is_named(client, office: Office) -> None:
    book(office, citizen=CitizenFactory())
    client.force_login(staff(Role.WINDOW_STAFF, at=office.net.centre))
    response = client.post(_url(office), {"slot": _slot(office), "name": "张三", "phone": "13912345678"})
    assert response.status_code == 400 and "已被预约" in response.content.decode()
    assert Booking.objects.count() == 1


def test_wrong_choices_are_named_and_nothing_is_offered(client, office: Office) -> None:
    client.force_login(staff(Role.HOTLINE_AGENT, at=office.net.centre))
    page = client.get(f"{NEW}?office={office.agency.pk}&matter=will").content.decode()
    assert "不办理所选事项" in page and 'data-testid="on-behalf-form"' not in page
    page = client.get(_url(office, "video")).content.decode()
    assert "办理方式本事项不能使用" in page
    response = client.post(f"{NEW}?office={office.agency.pk}", {"name": "张三"})
    assert response.status_code == 400 and not Booking.objects.exists()


def test_lawyers_and_citizens_may_not_book_on_behalf(client, office: Office) -> None:
    client.force_login(staff(Role.LAWYER, at=office.net.centre))
    assert client.get(NEW).status_code == 403
    client.force_login(office.citizen)
    assert client.get(NEW).status_code == 403
