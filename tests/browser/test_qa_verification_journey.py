"""The issue's must-show, in a real browser: a low-confidence question is verified by staff, and the
same question asked again now cites the verified article first.

A citizen on a phone asks a question the Q&A is unsure of (it cites the Labour Contract Law and
never the Legal Aid Law) and says the answer did not help; the county supervisor opens 需求研判 →
问题核实, opens the question, searches the statutes for 法律援助, ticks 《法律援助法》第三十一条 alone
and confirms; the citizen asks the same question again and the first article cited is the one staff
verified. axe-core checks every page visited."""

from __future__ import annotations

import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.models import QuestionLog, VerifiedQuestion
from gongfa.knowledge.recall import forget_memory
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "没钱请律师，老板欠的钱要不回来"
TARGET = "《法律援助法》第三十一条"


def _staff_login(page, base: str, username: str) -> None:
    page.goto(base + "/workbench/")
    page.wait_for_url(re.compile(r"/accounts/staff/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)*$"))  # the role's landing page
    assert_accessible(page)


def _ask(page, base: str, question: str):
    """Ask on the portal's Q&A page; the cited articles, best first."""
    page.goto(base + "/qa/")
    page.get_by_label("请用自己的话描述您遇到的问题").fill(question)
    page.get_by_role("button", name="提问").click()
    page.locator("[data-qa-answer]").wait_for()
    return page.locator("[data-citations] > li")


def test_a_verified_question_asked_again_cites_the_verified_article_first(
    live_server, phone_page, desktop_page, statute_corpus
):
    forget_memory()  # no question memory left from an earlier test in this process
    network = build_network()
    supervisor = UserFactory(role=Role.SUPERVISOR, username="county_sup", real_name="郑主任")
    post(supervisor, network.centre)
    base = live_server.url

    # 1. The citizen asks: a low-confidence answer that does not cite the Legal Aid Law.
    citizen = phone_page
    citations = _ask(citizen, base, QUESTION)
    assert citizen.locator("[data-low-confidence]").inner_text() == "较低，建议转人工"
    citations.first.wait_for()
    cited = citations.locator("h4").all_inner_texts()
    assert cited and not any(TARGET in title for title in cited), cited
    assert_accessible(citizen)
    log = QuestionLog.objects.get()
    assert log.low_confidence and not log.verified

    # … and says it did not help: thanks, and a person is offered.
    feedback = citizen.get_by_test_id("qa-feedback")
    feedback.get_by_role("button", name="没帮助").click()
    citizen.get_by_test_id("feedback-thanks").wait_for()
    assert citizen.get_by_role("link", name="转人工").count() == 1
    assert_accessible(citizen)
    log.refresh_from_db()
    assert log.helpful is False

    # 2. The supervisor finds it: 需求研判 → 问题核实 → the question.
    staff = desktop_page
    _staff_login(staff, base, "county_sup")
    staff.get_by_role("navigation", name="工作台导航").get_by_role("link", name="需求研判").click()
    staff.wait_for_url(re.compile(r"/workbench/qa/demand/"))
    staff.get_by_test_id("verification-link").click()
    staff.wait_for_url(re.compile(r"/workbench/qa/verify/$"))
    assert_accessible(staff)
    row = staff.get_by_test_id("verification-queue").locator("tbody tr", has_text=QUESTION)
    assert "低置信度" in row.inner_text()
    row.get_by_role("link", name=re.compile("^核实")).click()
    staff.wait_for_url(re.compile(rf"/workbench/qa/verify/{log.pk}/$"))
    assert QUESTION in staff.get_by_test_id("verify-log").inner_text()
    assert staff.get_by_label("问题（已去除个人信息）").input_value() == QUESTION
    assert staff.get_by_role("checkbox", name=re.compile(re.escape(TARGET))).count() == 0  # not in the answer
    assert_accessible(staff)

    # … searches the statutes: the page comes back with the Legal Aid article to tick.
    staff.get_by_label("检索法条").fill("法律援助 经济困难")
    staff.get_by_role("button", name="检索").click()
    staff.get_by_test_id("search-note").wait_for()
    target = staff.get_by_role("checkbox", name=re.compile("^" + re.escape(TARGET)))
    assert target.count() == 1
    assert not VerifiedQuestion.objects.exists()  # a search verifies nothing
    assert_accessible(staff)

    # … ticks it alone, legal, and confirms.
    articles = staff.locator('input[name="articles"]')
    for index in range(articles.count()):
        articles.nth(index).uncheck()
    target.check()
    staff.get_by_role("radio", name="法律问题", exact=True).check()
    staff.get_by_test_id("verify-submit").click()
    staff.wait_for_url(re.compile(r"/workbench/qa/verify/$"))
    staff.get_by_text("已核实。以后相似的提问会参考这次核实的法条和类别。").wait_for()
    assert staff.get_by_text("没有待核实的问题。").is_visible()
    assert_accessible(staff)
    verified = VerifiedQuestion.objects.get()
    assert verified.question_log_id == log.pk and verified.verdict == QuestionVerdict.LEGAL
    assert [article.citation for article in verified.articles.all()] == [TARGET]
    assert verified.verified_by == supervisor and verified.corrected

    # The verified question now opens read-only: who verified it, no form.
    staff.goto(f"{base}/workbench/qa/verify/{log.pk}/")
    assert "郑主任" in staff.get_by_test_id("verified-notice").inner_text()
    assert staff.get_by_test_id("verify-form").count() == 0

    # 3. The citizen asks the same question again: the verified article comes first.
    citations = _ask(citizen, base, QUESTION)
    citations.first.wait_for()
    first = citations.first.inner_text()
    assert TARGET in first and "现行有效" in first
    assert TARGET in citizen.locator("[data-short-answer]").inner_text()
    assert_accessible(citizen)
    again = QuestionLog.objects.order_by("-pk")[0]
    assert again.pk != log.pk and again.citations[0]["cited"] == TARGET
