"""The Q&A in a real browser: a citizen on a phone asks in their own words, reads the cited
articles with the matching words marked and the services that fit, then hands the question over to
a person; the work order carries the question and the answer. axe-core checks every page."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_slice import _last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800138111"
QUESTION = "老板拖欠我三个月工资不给，怎么办？<b>急</b>"


def test_citizen_asks_reads_citations_and_hands_over(live_server, phone_page, statute_corpus):
    network = build_network()
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="周干事")
    post(clerk, network.rooms[village.code])  # the village room is staffed: the order goes there
    page = phone_page

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="智能问答").first.click()
    page.wait_for_url(re.compile(r"/qa/$"))
    assert_accessible(page)

    # A question of punctuation only: the error summary says what is wrong, nothing is logged.
    page.get_by_label("请用自己的话描述您遇到的问题").fill("？？？")
    page.get_by_role("button", name="提问").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "问题不能只有标点符号" in summary.inner_text()
    assert_accessible(page)
    assert not QuestionLog.objects.exists()

    # A real question: the pay article first, the question's words marked, markup shown as text.
    page.get_by_label("请用自己的话描述您遇到的问题").fill(QUESTION)
    page.get_by_role("button", name="提问").click()
    citations = page.locator("[data-citations] > li")
    citations.first.wait_for()
    first = citations.first.inner_text()
    assert "《劳动合同法》第三十条" in first and "现行有效" in first
    assert "拖欠" in citations.first.locator("mark").all_inner_texts()
    assert page.get_by_text("<b>急</b>", exact=False).count() >= 1
    services = page.locator("[data-suggestions]").inner_text()
    assert "法律援助" in services and "免予核查经济困难状况" in services
    assert_accessible(page)

    # 转人工: sign in with phone and code, choose the village, submit.
    page.get_by_role("link", name="转人工").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    page.get_by_label("验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/qa/\d+/handover/"))
    assert_accessible(page)
    page.get_by_label("您所在的村(社区)").select_option(village.code)
    page.get_by_label("补充说明（可不填）").fill("工地在镇上，老板姓王。")
    page.get_by_role("button", name="提交给工作人员").click()
    page.wait_for_url(re.compile(r"/my/GF\d{8}-\d{5}/"))
    assert_accessible(page)

    order = WorkOrder.objects.get()
    log = QuestionLog.objects.get()
    assert log.work_order == order and log.asked_by == order.requester
    assert order.text.startswith(QUESTION)
    assert "工地在镇上" in order.text and "《劳动合同法》第三十条" in order.text
    assert order.owner_point == network.rooms[village.code]
    # The order page keeps the citizen's words apart from the Q&A's automatic answer (#16 item 8).
    own_words = page.get_by_test_id("own-words").inner_text()
    assert own_words.startswith(QUESTION) and "工地在镇上" in own_words and "智能问答" not in own_words
    robot = page.get_by_test_id("qa-answer").inner_text()
    assert "智能问答的参考答复" in robot and "《劳动合同法》第三十条" in robot
