"""Issue 11 §2 must-show, in a real browser: a hotline agent submits the empty desk form and sees
every problem at once, in the error summary (which takes the focus) and beside each field; a link
of the summary takes the focus to its field; axe-core finds nothing serious; no order is created."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "region": "请选择所在区划。",
    "text": "请填写诉求内容。",
    "contact_phone": "请填写联系电话，方便工作人员联系您。",
}


def test_the_empty_desk_form_shows_every_error_at_once(live_server, desktop_page):
    network = build_network()
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, network.centre)
    page = desktop_page
    page.goto(live_server.url + "/accounts/staff/login/")
    page.get_by_label("用户名").fill("agent")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/"))
    page.goto(live_server.url + "/workbench/hotline/")

    page.get_by_role("button", name="登记工单").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    # Every problem at once, in the summary with a link to its field, and beside the field.
    links = summary.locator(".error-summary__list a")
    assert sorted(links.all_inner_texts()) == sorted(EXPECTED.values())
    for field, message in EXPECTED.items():
        assert summary.locator(f'a[href="#id_{field}"]').inner_text() == message
        assert message in page.locator(f"#id_{field}_error").inner_text()
        assert page.locator(f"#id_{field}").get_attribute("aria-invalid") == "true"
    # The summary has the focus (screen readers announce it first), not the first field.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    # Its link takes the focus to the field to fix.
    summary.locator('a[href="#id_text"]').click()
    assert page.evaluate("() => document.activeElement.id") == "id_text"
    assert not WorkOrder.objects.exists()
