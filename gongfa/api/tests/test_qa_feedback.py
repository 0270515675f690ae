"""POST /api/v1/qa/feedback (这个回答有帮助吗？): the asker rates one answer by the token it came
with; an unhelpful answer moves up the verification queue; tampered, expired or missing tokens
are refused and change nothing."""

import datetime

import time_machine
from django.test import Client
from django.utils import timezone

from gongfa.knowledge.choices import ReviewPriority
from gongfa.knowledge.models import QuestionLog


def _ask(client, question="老板拖欠工资三个月怎么办"):
    response = client.post("/api/v1/qa/ask", {"question": question}, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def _feedback(client, body):
    return client.post("/api/v1/qa/feedback", body, content_type="application/json")


def test_an_unhelpful_answer_is_recorded_and_queued(statute_corpus):
    client = Client()
    answer = _ask(client)
    assert answer["feedback_token"] and str(answer["id"]) in answer["feedback_token"]  # signed, not secret
    QuestionLog.objects.filter(pk=answer["id"]).update(low_confidence=False, review_priority=ReviewPriority.OTHER)
    response = _feedback(client, {"feedback_token": answer["feedback_token"], "helpful": False})
    assert response.status_code == 200 and response.json() == {"question_id": answer["id"], "helpful": False}
    log = QuestionLog.objects.get(pk=answer["id"])
    assert log.helpful is False and log.feedback_at is not None and log.review_priority == ReviewPriority.UNHELPFUL
    # a second answer replaces the first (a misclick can be put right)
    assert _feedback(client, {"feedback_token": answer["feedback_token"], "helpful": True}).status_code == 200
    log.refresh_from_db()
    assert log.helpful is True and log.review_priority == ReviewPriority.OTHER


def test_a_token_names_one_answer_only(statute_corpus):
    client = Client()
    first, second = _ask(client), _ask(client, "邻居装修把墙弄裂了")
    forged = first["feedback_token"].replace(str(first["id"]), str(second["id"]), 1)
    response = _feedback(client, {"feedback_token": forged, "helpful": False})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_token" and error["field"] == "feedback_token"
    assert not QuestionLog.objects.filter(helpful__isnull=False).exists()


def test_an_old_token_has_expired(statute_corpus):
    client = Client()
    answer = _ask(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = _feedback(client, {"feedback_token": answer["feedback_token"], "helpful": True})
    assert response.status_code == 400 and response.json()["error"]["code"] == "feedback_expired"
    assert QuestionLog.objects.get(pk=answer["id"]).helpful is None


def test_missing_fields_are_each_named(statute_corpus):
    response = _feedback(Client(), {})
    assert response.status_code in (400, 422)
    text = response.content.decode()
    assert "feedback_token" in text and "helpful" in text
