"""The issue's must-show, in a real browser: a call recorded on the hotline console is dispatched
to a township station (the caller's village room has nobody), the station clerk accepts it, calls
back, answers and closes it; the citizen signs in with an SMS code and rates it 不满意; the
township supervisor finds the return-visit task on the supervision page. axe-core checks every
page visited."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.core.choices import Channel
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.choices import Rating, ReturnVisitKind, TaskStatus, WorkOrderStatus
from gongfa.workorders.models import CallbackRecord, ReturnVisit, WorkOrder
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLER = "13912345678"
CALL = "工地老板拖欠我两个月工资，打电话也不接，我该怎么办？"
ANSWER = "可以向劳动保障监察大队投诉，也可以申请劳动争议仲裁；农民工讨薪可申请法律援助。"


def _last_code(phone: str) -> str:
    for to, message in reversed(LocmemSmsBackend.outbox):
        if to == phone:
            match = re.search(r"\d{4,8}", message)
            assert match, message
            return match.group(0)
    raise AssertionError(f"no SMS to {phone}")


def _staff_login(page, base: str, username: str) -> None:
    page.goto(base + "/workbench/")
    page.wait_for_url(re.compile(r"/accounts/staff/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)*$"))  # the role's landing page
    assert_accessible(page)


def _logout(page) -> None:
    page.get_by_role("button", name="退出").first.click()
    page.wait_for_load_state()


def test_hotline_call_to_return_visit(live_server, desktop_page, phone_page, statute_corpus):
    network = build_network()
    village = network.villages[2]  # its room has nobody: the order falls back to the station
    station = network.stations[network.townships[0].code]
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, network.centre)
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="吴干事")
    post(clerk, station)
    supervisor = UserFactory(role=Role.SUPERVISOR, username="township_sup", real_name="钱站长", phone="13600000008")
    post(supervisor, station)
    county_supervisor = UserFactory(role=Role.SUPERVISOR, username="county_sup", real_name="郑主任")
    post(county_supervisor, network.centre)
    CitizenFactory(phone=CALLER, real_name="李大爷")  # has used the portal before
    staff = desktop_page
    base = live_server.url

    # 1. The hotline agent takes the call: looks the number up, records the call.
    _staff_login(staff, base, "agent")
    staff.get_by_role("link", name="热线坐席台").click()
    staff.wait_for_url(re.compile(r"/workbench/hotline/"))
    assert_accessible(staff)
    staff.get_by_label("来电号码").fill(CALLER)
    staff.get_by_role("button", name="查找").click()
    staff.get_by_text("该号码没有历史工单。").wait_for()
    assert staff.get_by_label("联系电话").input_value() == CALLER
    # The Q&A panel answers in place (HTMX), with the articles cited.
    panel = staff.get_by_test_id("qa-panel")
    panel.get_by_label("来电人的问题").fill("老板拖欠工资三个月不给")
    panel.get_by_role("button", name="查询法律依据").click()
    staff.locator("#qa-panel [data-citations]").wait_for()
    assert "《劳动合同法》第三十条" in staff.locator("#qa-panel [data-citations]").inner_text()
    assert "免予核查经济困难状况" in staff.locator("#qa-panel [data-suggestions]").inner_text()
    assert staff.get_by_label("联系电话").input_value() == CALLER  # the call record is untouched
    assert_accessible(staff)
    staff.get_by_label("姓名").fill("李大爷")
    staff.get_by_label("诉求内容").fill(CALL)
    staff.get_by_label("所在村(社区)或乡镇").select_option(village.code)
    staff.get_by_label("农民工").check()
    staff.get_by_role("button", name="登记工单").click()
    staff.get_by_text(re.compile(r"已登记工单 GF\d{8}-\d{5}")).wait_for()
    order = WorkOrder.objects.get()
    assert order.channel == Channel.HOTLINE and order.status == WorkOrderStatus.ASSIGNED
    assert order.owner_point == station and order.owner_user == clerk
    assert order.first_owner_user == agent
    assert "无在岗人员" in order.routing_reason
    assert staff.get_by_role("link", name=order.tracking_number).is_visible()  # now in the caller's history
    assert_accessible(staff)
    _logout(staff)

    # 2. The station clerk: the queue (keyboard: j then Enter opens the first row), accept,
    #    call back, answer, close.
    _staff_login(staff, base, "clerk")
    assert staff.get_by_role("link", name=order.tracking_number).is_visible()
    staff.keyboard.press("j")
    assert staff.evaluate("() => document.activeElement.textContent.trim()") == order.tracking_number
    staff.keyboard.press("Enter")
    staff.wait_for_url(re.compile(rf"/workbench/orders/{order.tracking_number}/$"))
    assert_accessible(staff)
    staff.get_by_role("button", name="受理", exact=True).click()
    staff.get_by_text(f"已受理工单 {order.tracking_number}。").wait_for()
    assert_accessible(staff)
    staff.get_by_label("已接通").check()
    staff.get_by_label("回拨记录").fill("已与李大爷通话，了解了欠薪情况")
    staff.get_by_role("button", name="登记回拨").click()
    staff.get_by_text("已登记回拨：已接通。").wait_for()
    staff.get_by_label("答复内容").fill(ANSWER)
    staff.get_by_role("button", name="提交答复").click()
    staff.get_by_text("系统将短信通知群众").wait_for()
    assert_accessible(staff)
    staff.get_by_label("办结结果").select_option("answered")
    staff.get_by_role("button", name="办结", exact=True).click()
    staff.get_by_text(f"工单 {order.tracking_number} 已办结。").wait_for()
    timeline = staff.get_by_test_id("timeline").inner_text()
    for step in ["登记受理", "派单", "受理", "回拨群众", "答复", "办结"]:
        assert step in timeline
    assert_accessible(staff)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.first_contact_at is not None
    assert CallbackRecord.objects.filter(order=order, outcome="reached").exists()
    _logout(staff)

    # 3. The citizen signs in on a phone with an SMS code and rates it 不满意.
    page = phone_page
    page.goto(base + "/my/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("手机号").fill(CALLER)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    page.get_by_label("验证码").fill(_last_code(CALLER))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/my/"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("工地老板拖欠")).click()
    assert ANSWER in page.get_by_test_id("answer").inner_text()
    steps = page.get_by_test_id("citizen-timeline").inner_text()
    assert "已交由示范1镇公共法律服务工作站办理" in steps and "吴干事" not in steps and "孙坐席" not in steps
    assert_accessible(page)
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("意见和建议").fill("只告诉我去仲裁，没有帮我联系老板")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价").wait_for()
    assert_accessible(page)
    order.refresh_from_db()
    assert order.rating == Rating.DISSATISFIED
    visit = ReturnVisit.objects.get(order=order, kind=ReturnVisitKind.DISSATISFIED)
    assert visit.assignee == supervisor

    # 4. The township supervisor sees the return-visit task (and its notification) and completes it.
    _staff_login(staff, base, "township_sup")
    assert staff.get_by_test_id("notifications-link").inner_text().startswith("通知")
    assert "1" in staff.get_by_test_id("notifications-link").inner_text()
    staff.get_by_role("link", name="督办", exact=True).click()
    staff.wait_for_url(re.compile(r"/workbench/supervision/"))
    task = staff.get_by_test_id("return-visit")
    assert order.tracking_number in task.inner_text() and "差评必回访" in task.inner_text()
    assert_accessible(staff)
    task.get_by_label("回访情况").fill("已电话回访，协调老板本周内支付工资")
    task.get_by_role("button", name="完成回访").click()
    staff.get_by_text(f"已完成工单 {order.tracking_number} 的回访。").wait_for()
    assert_accessible(staff)
    visit.refresh_from_db()
    assert visit.status == TaskStatus.DONE and visit.done_by == supervisor
