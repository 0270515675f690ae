"""The queue in a browser: HTMX filters swap the results and push the URL, "/" jumps to search,
j/k move between rows and can be switched off, bulk controls for supervisors; axe on each state."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.services import create_work_order
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filters_keyboard_and_bulk_controls(live_server, desktop_page):
    network = build_network()
    supervisor = UserFactory(role=Role.SUPERVISOR, username="sup", real_name="郑主任")
    post(supervisor, network.centre)
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[network.villages[0].code])
    portal = create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="离婚后孩子抚养费", requester=CitizenFactory()
    ).order
    hotline = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="老板拖欠工资",
        contact_phone="13800000001",
        received_by=clerk,
    ).order
    page = desktop_page
    page.goto(live_server.url + "/workbench/queue/")
    page.get_by_label("用户名").fill("sup")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/queue/$"))
    assert page.get_by_role("link", name=portal.tracking_number).is_visible()
    assert page.get_by_role("combobox", name="批量操作").is_visible()
    assert_accessible(page)

    # A filter change swaps the results in place (HTMX) and puts the filters in the address.
    page.get_by_label("渠道").select_option("hotline")
    page.wait_for_url(re.compile(r"channel=hotline"))
    page.get_by_role("link", name=portal.tracking_number).wait_for(state="detached")
    assert page.get_by_role("link", name=hotline.tracking_number).is_visible()
    assert_accessible(page)

    # Keyboard: "/" focuses the search box; j moves to the first row; switched off, j does nothing.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "id_q"
    page.locator("h1").click()
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == hotline.tracking_number
    page.get_by_label("启用单键快捷键").uncheck()
    page.locator("h1").click()
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.tagName") != "A"
