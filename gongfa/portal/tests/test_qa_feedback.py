"""这个回答有帮助吗？ — the asker's yes or no on one answer of the portal's Q&A: only from the browser
that asked (or the signed-in asker), an unhelpful answer moves up the staff's verification queue
and the thanks page offers a person (转人工)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongfa.knowledge.choices import ReviewPriority
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory

QA = reverse("portal:qa")
ORDINARY = "老板拖欠工资三个月不给怎么办"  # answered with confidence: not a low-confidence log
UNSURE = "火星上的土地能不能买卖"  # a low-confidence answer


def ask(client: Client, question: str = ORDINARY) -> QuestionLog:
    response = client.post(QA, {"question": question})
    assert response.status_code == 200
    return QuestionLog.objects.order_by("-pk")[0]


def feedback_url(log: QuestionLog) -> str:
    return reverse("portal:qa_feedback", args=[log.pk])


def test_the_answer_page_carries_the_feedback_form(client, db, statute_corpus):
    page = client.post(QA, {"question": ORDINARY}).content.decode()
    log = QuestionLog.objects.get()
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*data-testid="qa-feedback"[^>]*>(.*?)</form>', page, re.S
    )
    assert form is not None
    assert form.group(1) == feedback_url(log)
    body = form.group(2)
    assert "这个回答有帮助吗？" in body and "csrfmiddlewaretoken" in body
    assert re.search(r'<button type="submit" name="helpful" value="yes"[^>]*>有帮助</button>', body)
    assert re.search(r'<button type="submit" name="helpful" value="no"[^>]*>没帮助</button>', body)
    # the bare question page (no answer yet) has no such form
    assert 'data-testid="qa-feedback"' not in client.get(QA).content.decode()


def test_helpful_from_the_same_browser_is_recorded(client, db, statute_corpus):
    log = ask(client)
    assert not log.low_confidence and log.review_priority == ReviewPriority.OTHER
    response = client.post(feedback_url(log), {"helpful": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="feedback-thanks"' in page and "很高兴这个回答对您有帮助。" in page
    assert reverse("portal:qa_handover", args=[log.pk]) not in page
    log.refresh_from_db()
    assert log.helpful is True and log.feedback_at is not None
    assert log.review_priority == ReviewPriority.OTHER


def test_unhelpful_moves_the_question_up_and_offers_a_person(client, db, statute_corpus):
    log = ask(client)
    response = client.post(feedback_url(log), {"helpful": "no"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="feedback-thanks"' in page
    handover = re.search(
        rf'<a class="button" href="{re.escape(reverse("portal:qa_handover", args=[log.pk]))}">([^<]+)</a>', page
    )
    assert handover is not None and handover.group(1) == "转人工"
    assert f'href="{QA}"' in page  # and another question
    log.refresh_from_db()
    assert log.helpful is False and log.feedback_at is not None
    assert log.review_priority == ReviewPriority.UNHELPFUL


def test_a_second_answer_replaces_the_first(client, db, statute_corpus):
    log = ask(client)
    client.post(feedback_url(log), {"helpful": "no"})
    client.post(feedback_url(log), {"helpful": "yes"})
    log.refresh_from_db()
    assert log.helpful is True and log.review_priority == ReviewPriority.OTHER


def test_a_low_confidence_answer_stays_first_in_the_queue(client, db, statute_corpus):
    log = ask(client, UNSURE)
    assert log.low_confidence
    client.post(feedback_url(log), {"helpful": "no"})
    log.refresh_from_db()
    assert log.helpful is False and log.review_priority == ReviewPriority.LOW_CONFIDENCE


def test_an_answer_already_handed_over_offers_no_second_hand_over(client, db, statute_corpus, network):
    client.force_login(CitizenFactory())
    log = ask(client)
    handover = reverse("portal:qa_handover", args=[log.pk])
    assert client.post(handover, {"village": network.villages[0].code}).status_code == 302
    log.refresh_from_db()
    assert log.work_order is not None and log.review_priority == ReviewPriority.HANDED_OVER
    page = client.post(feedback_url(log), {"helpful": "no"}).content.decode()
    assert 'data-testid="feedback-thanks"' in page and f'href="{handover}"' not in page
    log.refresh_from_db()
    assert log.helpful is False and log.review_priority == ReviewPriority.HANDED_OVER


def test_another_browser_cannot_rate_the_answer(client, db, statute_corpus):
    log = ask(client)
    stranger = Client()
    assert stranger.post(feedback_url(log), {"helpful": "no"}).status_code == 404
    someone = Client()
    someone.force_login(CitizenFactory())
    assert someone.post(feedback_url(log), {"helpful": "no"}).status_code == 404
    log.refresh_from_db()
    assert log.helpful is None and log.feedback_at is None
    assert log.review_priority == ReviewPriority.OTHER


def test_the_signed_in_asker_can_rate_from_another_browser(client, db, statute_corpus):
    citizen = CitizenFactory()
    client.force_login(citizen)
    log = ask(client)
    assert log.asked_by == citizen
    elsewhere = Client()
    elsewhere.force_login(citizen)
    assert elsewhere.post(feedback_url(log), {"helpful": "yes"}).status_code == 200
    log.refresh_from_db()
    assert log.helpful is True


def test_an_unknown_question_is_not_found(client, db, statute_corpus):
    log = ask(client)
    assert client.post(reverse("portal:qa_feedback", args=[log.pk + 1000]), {"helpful": "yes"}).status_code == 404


@pytest.mark.parametrize("data", [{}, {"helpful": ""}, {"helpful": "maybe"}])
def test_a_missing_or_bad_value_shows_the_error_summary(client, db, statute_corpus, data):
    log = ask(client)
    response = client.post(feedback_url(log), data)
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "请选择“有帮助”或“没帮助”。" in summary
    assert 'href="#id_helpful' in summary
    anchor = re.search(r'href="#([^"]+)"', summary)
    assert anchor is not None and f'id="{anchor.group(1)}"' in page  # the link lands on the form
    assert "<title>错误：" in page
    assert 'data-testid="qa-feedback"' in page and 'data-testid="feedback-thanks"' not in page
    assert ORDINARY in page  # the question, so the asker knows which answer
    log.refresh_from_db()
    assert log.helpful is None and log.feedback_at is None


def test_feedback_is_posted_never_fetched(client, db, statute_corpus):
    log = ask(client)
    assert client.get(feedback_url(log)).status_code == 405
    log.refresh_from_db()
    assert log.helpful is None
