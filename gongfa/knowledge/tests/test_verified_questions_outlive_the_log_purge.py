"""The daily purge of old question logs (问答记录, QA_LOG_KEEP_DAYS) deletes the raw question with
whatever personal data it held; the de-identified verified question made from it stays, with its
articles and topic, and keeps voting in the question memory (issue #19)."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import datetime

from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.knowledge import recall
from gongfa.knowledge.models import QuestionLog, VerifiedQuestion
from gongfa.knowledge.tasks import purge_question_logs

from .test_verify_question import article, corpus, labour, make_log, staff, verify  # noqa: F401 - fixtures


def _old(log: QuestionLog, days: int) -> QuestionLog:
    QuestionLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    log.refresh_from_db()
    return log


def test_the_verified_question_stays_when_its_log_is_purged(corpus, staff, labour, settings):
    settings.QA_LOG_KEEP_DAYS = 30
    pay, aid = article("第三十条"), article("第三十一条", "法律援助法")
    old = _old(make_log("我叫张三，电话13812345678，老板拖欠工资", cited=[pay]), 31)
    kept_text = "我叫【姓名】，电话【电话】，老板拖欠工资"
    verified = verify(old, staff, text=kept_text, article_ids=[aid.pk, pay.pk], topic=labour)
    unverified_old = _old(make_log("另一个旧问题"), 40)
    recent = make_log("老板拖欠工资")

    assert purge_question_logs() == 2

    assert list(QuestionLog.objects.all()) == [recent]
    assert not QuestionLog.objects.filter(pk__in=[old.pk, unverified_old.pk]).exists()
    stored = VerifiedQuestion.objects.get(pk=verified.pk)
    assert stored.question_log is None
    assert stored.text == kept_text and stored.topic == labour and stored.is_active
    assert set(stored.articles.all()) == {aid, pay}
    assert stored.answered_article_ids == [pay.pk] and stored.corrected is True
    assert stored.asked_at == old.created_at and stored.verified_by == staff
    # the audit event still names the verified question
    assert Event.objects.get(verb="knowledge.question.verify").subject == stored
    # and it still votes
    recall.forget_memory()
    assert f"verified:{stored.pk}" in {k.source for k in recall.known_questions()}
    assert recall.memory_votes(kept_text).articles.keys() == {aid.pk, pay.pk}


def test_a_rerun_deletes_nothing_more(corpus, staff, settings):
    settings.QA_LOG_KEEP_DAYS = 30
    old = _old(make_log("老板拖欠工资"), 31)
    verify(old, staff, article_ids=[article("第三十条").pk])
    assert purge_question_logs() == 1
    assert purge_question_logs() == 0
    assert VerifiedQuestion.objects.count() == 1
