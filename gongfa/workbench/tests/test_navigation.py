"""The workbench menu for every role, compared with the table of who may use which page; every
link shown opens (no 403); the current page is marked; the portal menu by kind of visitor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.network.choices import AgencyKind
from gongfa.network.models import AdvisorAssignment, Agency
from gongfa.testing.factories import CitizenFactory, UserFactory, post

R = Role
# role → the menu, in order (the acceptance table of issue #11 §1).
EXPECTED: dict[str, list[str]] = {
    R.HOTLINE_AGENT: ["热线坐席台", "待办队列", "司法鉴定委托引导", "典型案例", "通知"],
    R.WINDOW_STAFF: ["待办队列", "窗口受理", "法律援助", "文书代书", "司法鉴定委托引导", "普法与公益", "通知"],
    R.VILLAGE_ADVISOR: ["待办队列", "窗口受理", "文书代书", "我的工作日志", "我的公益服务", "典型案例", "通知"],
    R.LEGAL_AID_REVIEWER: ["待办队列", "法律援助", "司法鉴定委托引导", "典型案例", "通知"],
    R.LAWYER: ["我的案件", "值班律师法律帮助", "同行评估", "文书代书", "我的公益服务", "典型案例", "通知"],
    R.MEDIATOR: ["待办队列", "人民调解", "我的公益服务", "典型案例", "通知"],
    # Posted at a notary office (see person()); 代约公证 appears only once an office takes bookings.
    R.NOTARY_CLERK: ["待办队列", "公证案件", "预约管理", "通知"],
    R.NOTARY: ["待办队列", "公证案件", "预约管理", "通知"],
    R.APPRAISER: ["待办队列", "鉴定机构待办", "通知"],
    R.ARBITRATION_STAFF: ["待办队列", "通知"],
    R.SUPERVISOR: [
        "概览",
        "待办队列",
        "法律援助",
        "文书代书",
        "人民调解",
        "督办",
        "绩效管理",
        "答复模板",
        "话务与质检",
        "需求研判",
        "问题核实",
        "司法鉴定委托引导",
        "普法与公益",
        "通知",
    ],
    R.ADMINISTRATOR: [
        "概览",
        "待办队列",
        "法律援助",
        "文书代书",
        "人民调解",
        "督办",
        "绩效管理",
        "答复模板",
        "话务与质检",
        "需求研判",
        "问题核实",
        "司法鉴定委托引导",
        "普法与公益",
        "通知",
        "管理后台",
    ],
}
NAV = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)')


def person(role: str, network):
    """A member of staff of `role`, posted where that role works."""
    user = UserFactory(role=role, is_staff=role == R.ADMINISTRATOR)
    if role == R.VILLAGE_ADVISOR:
        AdvisorAssignment.objects.create(advisor=user, village=network.villages[0])
    elif role == R.LEGAL_AID_REVIEWER:
        post(user, network.legal_aid_centre)
    elif role == R.LAWYER:
        post(user, Agency.objects.create(name="示范律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county))
    elif role == R.MEDIATOR:
        post(user, Agency.objects.create(name="示范调委会", kind=AgencyKind.MEDIATION_COMMITTEE, region=network.county))
    elif role in (R.NOTARY_CLERK, R.NOTARY):
        post(
            user,
            Agency.objects.get_or_create(name="示范公证处", kind=AgencyKind.NOTARY_OFFICE, region=network.county)[0],
        )
    elif role == R.APPRAISER:
        post(
            user, Agency.objects.create(name="示范鉴定所", kind=AgencyKind.APPRAISAL_INSTITUTION, region=network.county)
        )
    elif role == R.ARBITRATION_STAFF:
        post(
            user,
            Agency.objects.create(name="示范仲裁委", kind=AgencyKind.ARBITRATION_COMMISSION, region=network.county),
        )
    elif role == R.WINDOW_STAFF:
        post(user, network.stations[network.townships[0].code])
    elif role != R.ADMINISTRATOR:
        post(user, network.centre)
    return user


def menu(page: str) -> list[tuple[str, str]]:
    found = NAV.search(page)
    assert found, "no navigation on the page"
    return [(href, label.strip()) for href, label in LINK.findall(found.group(1))]


@pytest.mark.django_db
def test_the_menu_of_every_role_matches_the_table(client, network):
    assert set(EXPECTED) == set(Role.values) - {R.CITIZEN}  # a new role needs a row here
    shown = {}
    for role in EXPECTED:
        client.force_login(person(role, network))
        shown[role] = [label for _, label in menu(client.get(reverse("workbench:notifications")).content.decode())]
    assert shown == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_link_in_the_menu_opens(client, network, role):
    """No entry leads to a 403 (or anywhere but the page): each one answers 200 for that person."""
    client.force_login(person(role, network))
    for href, label in menu(client.get(reverse("workbench:notifications")).content.decode()):
        response = client.get(href)
        assert response.status_code == 200, (role, label, href, response.status_code)


@pytest.mark.django_db
def test_the_current_page_is_marked_and_pages_below_an_entry_mark_it(client, network):
    client.force_login(person(R.SUPERVISOR, network))
    page = client.get(reverse("workbench:legal_aid_stats")).content.decode()
    nav = NAV.search(page).group(1)  # type: ignore[union-attr]
    assert nav.count('aria-current="page"') == 1
    assert re.search(r'href="/workbench/legal-aid/" aria-current="page">法律援助', nav)


@pytest.mark.django_db
def test_the_unread_count_is_a_badge_on_notifications(client, network):
    from gongfa.notifications.services import notify

    user = person(R.HOTLINE_AGENT, network)
    notify(user, "有新工单", link=reverse("workbench:queue"))
    client.force_login(user)
    page = client.get(reverse("workbench:hotline")).content.decode()
    assert re.search(r'data-testid="notifications-link">通知 <span class="badge">1</span>', page)


@pytest.mark.django_db
def test_the_portal_menu_by_visitor(client, network):
    visitor = [label for _, label in menu(client.get(reverse("portal:home")).content.decode())]
    common = [
        "首页",
        "服务目录",
        "智能问答",
        "我要咨询",
        "法律援助",
        "文书代书",
        "法律服务名录",
        "人民调解",
        "典型案例",
        "我的事项",
        "数据公开",
    ]
    assert visitor == [*common, "登录"]
    client.force_login(CitizenFactory())
    citizen = [label for _, label in menu(client.get(reverse("portal:home")).content.decode())]
    mine = ["我的事项", "我的预约", "我的公证"]
    assert citizen == [*common[:-2], *mine, "数据公开", "我的资料"]
    client.force_login(person(R.HOTLINE_AGENT, network))
    staff = [label for _, label in menu(client.get(reverse("portal:qa")).content.decode())]
    assert staff == [*common, "工作台"]
