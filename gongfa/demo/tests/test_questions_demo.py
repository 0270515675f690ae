"""The demo's Q&A questions (gongfa/demo/questions.py): asked through qa.ask at the county's
villages and channels, two rated unhelpful, the neighbour's-wall question verified with 民法典
第二百九十五条 and the bus timetable marked not legal; the rest wait in the verification queue,
de-identified; a second run skips, and without statutes the step says so."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import DjangoDbBlocker

from gongfa.demo.questions import QUESTIONS, seed_questions
from gongfa.demo.tests.conftest import START
from gongfa.knowledge.choices import QuestionVerdict, ReviewPriority
from gongfa.knowledge.models import QuestionLog, VerifiedQuestion
from gongfa.knowledge.recall import forget_memory, known_questions
from gongfa.knowledge.tests.test_faq_import import import_seed_laws
from gongfa.knowledge.verification import proposed_text, verification_queue

COUNTY = "339901000000"

pytestmark = pytest.mark.usefixtures("asked", "db")


@pytest.fixture(scope="module")
def asked(seeded: str, django_db_blocker: DjangoDbBlocker) -> Any:
    with django_db_blocker.unblock():
        said: list[str] = []
        assert seed_questions(20261124, COUNTY, START, progress=said.append).skipped
        assert "法规库尚未导入" in said[0] and not QuestionLog.objects.exists()
        import_seed_laws()  # the laws the starter knowledge base cites, 民法典 among them
        forget_memory()
        yield seed_questions(20261124, COUNTY, START)


def test_every_question_is_logged_with_its_channel_and_two_are_unhelpful(asked: Any) -> None:
    assert asked.asked == len(QUESTIONS) and asked.verified == 2
    logs = QuestionLog.objects.filter(question__in=[q for q, _ in QUESTIONS])
    assert logs.count() == len(QUESTIONS)
    assert {log.channel for log in logs} == {channel for _, channel in QUESTIONS}
    assert logs.filter(helpful=False).count() == 2
    assert all(log.region is None for log in logs.filter(channel="api"))


def test_the_supervisor_verified_the_wall_question_and_the_bus_timetable() -> None:
    legal = VerifiedQuestion.objects.get(verdict=QuestionVerdict.LEGAL)
    assert [a.label for a in legal.articles.all()] == ["第二百九十五条"] and "墙" in legal.text
    assert legal.verified_by is not None and legal.verified_by.role == "supervisor"
    assert VerifiedQuestion.objects.get(verdict=QuestionVerdict.NOT_LEGAL).articles.count() == 0
    remembered = [k for k in known_questions() if k.source == f"verified:{legal.pk}"]
    assert len(remembered) == 1  # the memory knows the confirmed one, not the bus timetable


def test_the_rest_wait_de_identified_most_pressing_first() -> None:
    queue = list(verification_queue().filter(question__in=[q for q, _ in QUESTIONS]))
    assert len(queue) == len(QUESTIONS) - 2
    assert [log.review_priority for log in queue] == sorted(log.review_priority for log in queue)
    assert any(log.review_priority == ReviewPriority.UNHELPFUL or log.low_confidence for log in queue)
    named = next(log for log in queue if "王建国" in log.question)
    text = proposed_text(named)
    assert "王建国" not in text and "13900001234" not in text and "【姓名】" in text and "【电话】" in text


def test_a_second_run_skips() -> None:
    again = seed_questions(20261124, COUNTY, START)
    assert again.skipped and QuestionLog.objects.filter(question=QUESTIONS[0][0]).count() == 1
