"""Phones on the field (issue #11 §3): a village adviser signs in on a 390×844 screen and sees
the first order of their villages as a card on the first screen; the filters are folded behind
one button; axe finds nothing serious there nor on a supervisor's queue on the same phone."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.network.models import AdvisorAssignment
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order
from tests.browser.conftest import PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREEN_HEIGHT = PHONE["viewport"]["height"]  # type: ignore[index]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/workbench/")
    page.wait_for_url(re.compile(r"/accounts/staff/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)?$"))


def _submitted_and_dispatched(village) -> WorkOrder:
    """A villager's request from the portal, dispatched by the real dispatch service (to the
    village's room and its adviser)."""
    text = "邻居把围墙砌到我家宅基地上，村里调解了两次都没用，想问怎么办"
    return create_work_order(channel=Channel.PORTAL, region=village, text=text, requester=CitizenFactory()).order


def test_the_adviser_sees_the_first_order_on_the_first_screen(live_server, phone_page):
    network = build_network()
    village = network.villages[0]
    adviser = UserFactory(role=Role.VILLAGE_ADVISOR, username="adviser", real_name="陈律师")
    AdvisorAssignment.objects.create(advisor=adviser, village=village)
    order = _submitted_and_dispatched(village)
    assert order.owner_user == adviser  # the dispatch chose the village's adviser

    page = phone_page
    _sign_in(page, live_server.url, "adviser")
    assert page.url.endswith("/workbench/queue/")  # the adviser's landing page: their villages' orders
    card = page.locator("tr.queue-card").first
    assert order.tracking_number in card.inner_text()
    assert village.name in card.inner_text()
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= SCREEN_HEIGHT, box  # all of it on the first screen
    # The filters are folded behind one button; the keyboard help is not shown on a phone.
    assert not page.get_by_label("搜索").is_visible()
    page.locator("summary", has_text="筛选").click()
    assert page.get_by_label("渠道").is_visible()
    assert not page.get_by_text("启用单键快捷键").is_visible()
    # Nothing scrolls sideways: the cards fit the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page)

    # The dispatch told the adviser (issue #11 §4): the unread badge, and the notice names the order.
    assert "1" in page.get_by_test_id("notifications-link").inner_text()
    page.get_by_test_id("notifications-link").click()
    page.wait_for_url(re.compile(r"/workbench/notifications/$"))
    assert page.get_by_text(order.tracking_number).first.is_visible()
    assert_accessible(page)


def test_the_supervisors_queue_on_a_phone_is_accessible(live_server, phone_page):
    network = build_network()
    supervisor = UserFactory(role=Role.SUPERVISOR, username="sup", real_name="郑主任")
    post(supervisor, network.centre)
    adviser = UserFactory(role=Role.VILLAGE_ADVISOR)
    AdvisorAssignment.objects.create(advisor=adviser, village=network.villages[0])
    for village in network.villages[:3]:
        _submitted_and_dispatched(village)

    page = phone_page
    _sign_in(page, live_server.url, "sup")
    assert_accessible(page)  # the overview
    page.get_by_role("link", name="待办队列").click()
    page.wait_for_url(re.compile(r"/workbench/queue/$"))
    assert page.locator("tr.queue-card").count() == 3
    assert_accessible(page)  # with the bulk controls and the tick boxes on the cards
