"""Two things the desk does as the agent types or chooses, in a real browser (#16 items 1 and 6):

- "派给…" follows the call text: typing words a dispatch rule knows changes the suggestion without
  leaving the form (htmx posts the form after a pause; nothing is recorded);
- choosing an answer template fills the answer at once (site.js), the no-JavaScript "填入答复"
  button is hidden, and the answer records the template it came from."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import AnswerTemplate, DispatchRule, Topic, WorkOrder
from gongfa.workorders.services import accept_work_order, create_work_order
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE_BODY = "拖欠工资的，可以先向用人单位所在地的劳动保障监察机构投诉，也可以申请劳动仲裁。"


def _staff_login(page, base: str, username: str) -> None:
    page.goto(base + "/workbench/")
    page.wait_for_url(re.compile(r"/accounts/staff/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)*$"))


def test_the_suggestion_follows_the_call_text(live_server, desktop_page, settings):
    settings.TOPIC_CLASSIFIER = "gongfa.workorders.classify.keyword_classifier"  # the rule's words decide
    network = build_network()
    village = network.villages[2]
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, network.centre)
    station1 = network.stations[network.townships[0].code]
    post(UserFactory(role=Role.WINDOW_STAFF, username="clerk1", real_name="吴干事"), station1)
    wages = Topic.objects.create(code="wages-test", name="欠薪测试", keywords="拖欠工资 拖欠 工资 老板", sort_order=0)
    DispatchRule.objects.create(name="欠薪送中心", priority=1, topic=wages, target_point_tier="centre")
    page = desktop_page
    _staff_login(page, live_server.url, "agent")
    page.goto(live_server.url + "/workbench/hotline/")
    page.get_by_label("所在村(社区)或乡镇").select_option(village.code)
    suggestion = page.get_by_test_id("suggestion")
    suggestion.wait_for()
    page.wait_for_load_state("networkidle")
    assert station1.name in suggestion.inner_text()
    page.get_by_label("诉求内容").press_sequentially("老板拖欠工资三个月了")
    page.wait_for_function(
        "name => document.querySelector('[data-testid=suggestion]').innerText.includes(name)", arg=network.centre.name
    )
    assert network.centre.name in page.get_by_test_id("suggestion").inner_text()
    assert page.get_by_label("诉求内容").input_value() == "老板拖欠工资三个月了"  # the typing was not lost
    assert_accessible(page)


def test_choosing_an_answer_template_fills_the_answer(live_server, desktop_page):
    network = build_network()
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="周干事")
    post(clerk, network.rooms[village.code])
    template = AnswerTemplate.objects.create(title="欠薪怎么办", body=TEMPLATE_BODY)  # general: every topic
    order = create_work_order(
        channel=Channel.WINDOW, region=village, text="工资被拖欠", contact_phone="13900001111", received_by=clerk
    ).order
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.owner_user_id == clerk.pk  # the village's room, its only clerk
    accept_work_order(order=order, actor=clerk)
    page = desktop_page
    _staff_login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/workbench/orders/{order.tracking_number}/")
    assert page.get_by_role("button", name="填入答复").is_hidden()  # JavaScript fills it in place
    page.get_by_label("选用答复模板").select_option(value=str(template.pk))
    answer = page.locator("#action-answer textarea")
    assert answer.input_value() == TEMPLATE_BODY
    assert "欠薪怎么办" in page.get_by_role("status").filter(has_text="欠薪怎么办").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state("networkidle")
    done = WorkOrder.objects.get(pk=order.pk)
    assert done.status in (WorkOrderStatus.ANSWERED, WorkOrderStatus.CLOSED) and done.answer == TEMPLATE_BODY
    assert done.answer_template_id == template.pk
