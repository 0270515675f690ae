"""First do no harm, in a real browser: a citizen on a phone who writes that they want to kill
someone sees the emergency numbers before the legal answer and the services, as a tappable 110
link; axe-core finds nothing serious on the page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dangerous_question_shows_emergency_guidance_first(live_server, phone_page, statute_corpus):
    from gongfa.knowledge import safety

    safety.forget_cues()  # the cue table of an earlier test's (truncated) database
    page = phone_page
    page.goto(live_server.url + "/qa/")
    page.get_by_label("请用自己的话描述您遇到的问题").fill("他欠钱不还还骂我，我想杀了他")
    page.get_by_role("button", name="提问").click()
    guidance = page.locator("[data-safety]")
    guidance.wait_for()
    assert guidance.get_attribute("role") == "alert"
    call_police = guidance.locator('a[href="tel:110"]')
    assert call_police.is_visible()
    answer_top = page.locator("[data-short-answer]").bounding_box()
    assert guidance.bounding_box()["y"] < answer_top["y"]
    assert re.search(r"12356", guidance.inner_text())
    assert_accessible(page)
