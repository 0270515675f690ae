"""The first slice, end to end in a real browser: a citizen on a phone asks, the village room
answers and closes it in the workbench, the citizen reads the answer and rates it. axe-core checks
every page."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN_PHONE = "13800138000"
QUESTION = "老板三个月不发工资，我该怎么办？<script>alert(1)</script>"
ANSWER = "可以先向劳动保障监察部门投诉，也可以申请劳动争议仲裁；农民工讨薪可申请法律援助，不审查经济困难。"


def _last_code(phone: str) -> str:
    for to, message in reversed(LocmemSmsBackend.outbox):
        if to == phone:
            match = re.search(r"\d{4,8}", message)
            assert match, message
            return match.group(0)
    raise AssertionError(f"no SMS to {phone}: {LocmemSmsBackend.outbox}")


def test_citizen_asks_village_room_answers_citizen_rates(live_server, phone_page, desktop_page):
    network = build_network()
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="周干事")
    post(clerk, network.rooms[village.code])
    page = phone_page

    # Home, in Chinese, accessible.
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert_accessible(page)

    # 我要咨询 → sign in with phone and one-time code.
    page.get_by_role("link", name="我要咨询").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("手机号").fill(CITIZEN_PHONE)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    assert_accessible(page)
    page.get_by_label("验证码").fill(_last_code(CITIZEN_PHONE))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/ask/"))

    # An empty submission: the error summary takes focus and lists both problems.
    assert_accessible(page)
    page.get_by_role("button", name="提交问题").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert "请选择您所在的村(社区)。" in summary.inner_text()
    assert "请填写问题描述。" in summary.inner_text()
    assert page.title().startswith("错误：")
    assert_accessible(page)
    assert not WorkOrder.objects.exists()

    # Pick the village, write the question, submit.
    page.get_by_label("您所在的村(社区)").select_option(village.code)
    page.get_by_label("您想咨询什么问题？").fill(QUESTION)
    page.get_by_role("button", name="提交问题").click()
    page.wait_for_url(re.compile(r"/my/GF\d{8}-\d{5}/"))
    order = WorkOrder.objects.get()
    assert order.owner_point == network.rooms[village.code]
    assert page.get_by_text("<script>alert(1)</script>", exact=False).count() == 1  # shown as text
    assert_accessible(page)

    # The village room's clerk answers in the workbench.
    staff = desktop_page
    staff.goto(live_server.url + "/workbench/")
    staff.wait_for_url(re.compile(r"/accounts/staff/login/"))
    assert_accessible(staff)
    staff.get_by_label("用户名").fill("clerk")
    staff.get_by_label("密码").fill(TEST_PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_url(re.compile(r"/workbench/"))
    assert_accessible(staff)
    staff.get_by_role("link", name=order.tracking_number).click()
    assert_accessible(staff)
    staff.get_by_label("答复内容").fill(ANSWER)
    staff.get_by_label("答复后办结").check()
    assert staff.get_by_label("办结结果").input_value() == "answered"
    staff.get_by_role("button", name="提交答复").click()
    staff.get_by_text("已答复并办结工单").wait_for()
    assert_accessible(staff)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED
    sms = [text for to, text in LocmemSmsBackend.outbox if to == CITIZEN_PHONE and order.tracking_number in text]
    assert sms and "/r/" in sms[-1]  # the answer SMS carries the signed rating link

    # The citizen reads the answer under 我的事项 and rates it.
    page.get_by_role("link", name="我的事项").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("老板三个月不发工资")).click()
    assert ANSWER in page.get_by_test_id("answer").inner_text()
    timeline = page.get_by_test_id("citizen-timeline").inner_text()
    assert "已答复您" in timeline and "事项已办结" in timeline and "周干事" not in timeline
    assert_accessible(page)
    page.get_by_label("非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价").wait_for()
    assert_accessible(page)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED
    assert order.rating == 5


def test_elder_mode_persists_and_enlarges_text(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    normal = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="长辈模式").click()
    page.wait_for_load_state()
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    large = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= normal * 1.2
    assert_accessible(page)
    page.goto(live_server.url + "/ask/")  # another page, same visitor: still on
    page.goto(live_server.url + "/")
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    page.get_by_role("button", name="退出长辈模式").click()
    page.wait_for_load_state()
    assert "elder" not in (page.locator("html").get_attribute("class") or "")


def test_keyboard_user_can_skip_to_content(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_english_switch(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Ask a question").first.is_visible()
    assert_accessible(page)
