"""Retiring a verified question (停用核实问题, issue #19): it stays on record but no longer votes in
the question memory; the retirement is an audited event and happens once."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.knowledge import recall
from gongfa.knowledge.models import VerifiedQuestion
from gongfa.knowledge.verification import do_retire_verified_question

from .test_verify_question import article, corpus, labour, make_log, staff, verify  # noqa: F401 - fixtures

QUESTION = "包工头卷款跑了，我们的辛苦钱找谁要"


@pytest.fixture
def verified(corpus, staff, labour, django_capture_on_commit_callbacks):
    aid = article("第三十一条", "法律援助法")
    with django_capture_on_commit_callbacks(execute=True):
        return verify(make_log(QUESTION), staff, text=QUESTION, article_ids=[aid.pk], topic=labour)


def sources() -> set[str]:
    return {known.source for known in recall.known_questions()}


def test_a_retired_question_no_longer_votes(verified, staff, settings, django_capture_on_commit_callbacks):
    settings.QA_MEMORY_RECHECK_SECONDS = 3600  # only the on-commit forget can refresh this process's copy
    aid = article("第三十一条", "法律援助法")
    assert f"verified:{verified.pk}" in sources()
    assert recall.memory_votes(QUESTION).articles == {aid.pk: 1.0}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_retire_verified_question(verified, actor=staff, reason="答复有误")

    assert recall.forget_memory in callbacks
    assert f"verified:{verified.pk}" not in sources()
    assert not recall.memory_votes(QUESTION)
    stored = VerifiedQuestion.objects.get(pk=verified.pk)
    assert stored.is_active is False and stored.text == QUESTION  # kept on record
    assert list(stored.articles.all()) == [aid]


def test_the_retirement_is_recorded(verified, staff):
    do_retire_verified_question(verified, actor=staff, reason="答复有误", channel=Channel.HOTLINE)
    event = Event.objects.get(verb="knowledge.question.retire")
    assert event.subject == verified and event.actor == staff
    assert event.reason == "答复有误" and event.channel == Channel.HOTLINE


def test_retiring_twice_is_refused(verified, staff):
    do_retire_verified_question(verified, actor=staff)
    with pytest.raises(DomainError) as caught:
        do_retire_verified_question(verified, actor=staff)
    assert caught.value.code == "already_retired"
    fresh = VerifiedQuestion.objects.get(pk=verified.pk)
    with pytest.raises(DomainError) as caught:
        do_retire_verified_question(fresh, actor=staff)  # read again from the database
    assert caught.value.code == "already_retired"
    assert Event.objects.filter(verb="knowledge.question.retire").count() == 1


def test_retiring_one_leaves_the_others_voting(verified, staff, labour):
    pay = article("第三十条")
    other = verify(make_log("老板拖欠工资不给"), staff, text="老板拖欠工资不给", article_ids=[pay.pk], topic=labour)
    do_retire_verified_question(verified, actor=staff)
    assert f"verified:{other.pk}" in sources() and f"verified:{verified.pk}" not in sources()


def test_a_page_that_still_shows_it_active_cannot_retire_it_twice(verified, staff):
    """Two staff pages loaded before either retired it: the second finds it retired (row lock)."""
    stale = VerifiedQuestion.objects.get(pk=verified.pk)
    do_retire_verified_question(verified, actor=staff)
    assert stale.is_active  # what the second page still holds
    with pytest.raises(DomainError) as caught:
        do_retire_verified_question(stale, actor=staff)
    assert caught.value.code == "already_retired"
    assert Event.objects.filter(verb="knowledge.question.retire").count() == 1
