"""预约时段设置: the office's resources with their weekly slots (add, delete) and closures (add,
remove) through the schedule services; bad input named all at once and nothing changed; other
offices' staff kept out; the menu entries of the booking part."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.appointments.models import Closure, SlotTemplate
from gongfa.portal.tests.test_notarization_booking_support import (
    TUESDAY,
    Office,
    book,
    make_office,
    monday_fixture,  # noqa: F401
    office_fixture,  # noqa: F401
)
from gongfa.testing.factories import staff

pytestmark = pytest.mark.django_db
SCHEDULE = reverse("workbench:booking_schedule")


def test_the_page_lists_resources_slots_and_closures(client, office: Office) -> None:
    Closure.objects.create(office=office.agency, starts_on=TUESDAY, ends_on=TUESDAY, reason="全员业务培训")
    client.force_login(office.clerk)
    page = client.get(SCHEDULE).content.decode()
    assert "第一业务室" in page and "视频公证台" in page and "示范1镇代办点" in page
    assert "周一 09:00–09:30" in page and "全员业务培训" in page


def test_adding_and_deleting_a_weekly_slot(client, office: Office) -> None:
    client.force_login(office.clerk)
    url = reverse("workbench:booking_template_add", args=[office.agency.pk])
    data = {"template-resource": office.room.pk, "template-weekday": "2", "template-starts_at": "14:00"}
    response = client.post(url, {**data, "template-ends_at": "14:30"})
    assert response.status_code == 302
    template = SlotTemplate.objects.get(resource=office.room, weekday=2, starts_at=datetime.time(14))
    response = client.post(reverse("workbench:booking_template_delete", args=[office.agency.pk, template.pk]))
    assert response.status_code == 302 and not SlotTemplate.objects.filter(pk=template.pk).exists()


def test_a_bad_slot_names_every_problem_and_adds_nothing(client, office: Office) -> None:
    client.force_login(office.clerk)
    before = SlotTemplate.objects.count()
    url = reverse("workbench:booking_template_add", args=[office.agency.pk])
    response = client.post(
        url, {"template-resource": office.room.pk, "template-starts_at": "10:00", "template-ends_at": "09:00"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请选择星期几" in page and "结束时间须晚于开始时间" in page
    overlap = client.post(
        url,
        {
            "template-resource": office.room.pk,
            "template-weekday": "0",
            "template-starts_at": "09:15",
            "template-ends_at": "09:45",
        },
    )
    assert overlap.status_code == 400 and "重叠" in overlap.content.decode()
    assert SlotTemplate.objects.count() == before


def test_adding_and_removing_a_closure(client, office: Office) -> None:
    client.force_login(office.clerk)
    url = reverse("workbench:booking_closure_add", args=[office.agency.pk])
    day = TUESDAY + datetime.timedelta(days=7)
    response = client.post(url, {"closure-starts_on": day, "closure-ends_on": day, "closure-reason": "全员业务培训"})
    assert response.status_code == 302
    closure = Closure.objects.get(office=office.agency)
    assert (closure.starts_on, closure.resource) == (day, None)
    client.post(reverse("workbench:booking_closure_remove", args=[office.agency.pk, closure.pk]))
    assert not Closure.objects.exists()


def test_a_closure_over_held_bookings_or_without_a_reason_is_refused(client, office: Office) -> None:
    book(office)
    client.force_login(office.clerk)
    url = reverse("workbench:booking_closure_add", args=[office.agency.pk])
    response = client.post(url, {"closure-starts_on": TUESDAY, "closure-ends_on": TUESDAY, "closure-reason": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "请填写停办原因" in page
    response = client.post(url, {"closure-starts_on": TUESDAY, "closure-ends_on": TUESDAY, "closure-reason": "培训"})
    assert response.status_code == 400 and "已有 1 个预约" in response.content.decode()
    assert not Closure.objects.exists()


def test_other_offices_staff_cannot_touch_the_schedule(client, office: Office) -> None:
    other = make_office(prefix="330103", name="另一公证处", phone="13912340000")
    client.force_login(other.clerk)
    assert client.get(SCHEDULE, {"office": office.agency.pk}).status_code == 404
    url = reverse("workbench:booking_template_add", args=[office.agency.pk])
    assert client.post(url, {"template-resource": office.room.pk}).status_code == 404
    template = SlotTemplate.objects.filter(resource=office.room).first()
    assert template is not None
    delete = reverse("workbench:booking_template_delete", args=[office.agency.pk, template.pk])
    assert client.post(delete).status_code == 404 and SlotTemplate.objects.filter(pk=template.pk).exists()
    client.force_login(staff(Role.HOTLINE_AGENT, at=office.net.centre))
    assert client.get(SCHEDULE).status_code == 403


def test_the_menu_entries_by_role(client, office: Office) -> None:
    import re

    def menu(user) -> list[str]:
        client.force_login(user)
        page = client.get(reverse("workbench:notifications")).content.decode()
        nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', page, re.S).group(1)  # type: ignore[union-attr]
        return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)', nav)

    assert "预约管理" in menu(office.clerk)
    assert "预约管理" in menu(staff(Role.NOTARY, at=office.agency))
    assert "代约公证" in menu(staff(Role.HOTLINE_AGENT, at=office.net.centre))
    assert "代约公证" in menu(staff(Role.WINDOW_STAFF, at=office.net.centre))
    supervisor = staff(Role.SUPERVISOR, at=office.net.centre)
    assert "预约管理" in menu(supervisor)
    lawyer = menu(staff(Role.LAWYER, at=office.net.centre))
    assert "预约管理" not in lawyer and "代约公证" not in lawyer
    mediator_elsewhere = staff(Role.NOTARY_CLERK, at=office.net.centre)  # not posted at a notary office
    assert "预约管理" not in menu(mediator_elsewhere)
