"""这个回答有帮助吗？ (issue #19): the citizen's yes or no on one answer, the signed feedback token,
and the staff's verification queue that an unhelpful answer moves up (low confidence first, then
handed over, then unhelpful, then the rest; newest first within each)."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.knowledge import qa
from gongfa.knowledge.choices import ReviewPriority
from gongfa.knowledge.models import QuestionLog
from gongfa.knowledge.verification import (
    FEEDBACK_MAX_AGE,
    feedback_token,
    log_for_feedback,
    record_feedback,
    refresh_review_priority,
    verification_queue,
)
from gongfa.testing.factories import CitizenFactory

from .test_verify_question import article, corpus, make_log, staff, verify  # noqa: F401 - fixtures

P = ReviewPriority
NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


# ------------------------------------------------------------------------------------ feedback
@pytest.mark.parametrize(
    ("low", "helpful", "priority"),
    [
        (False, False, P.UNHELPFUL),
        (False, True, P.OTHER),
        (True, False, P.LOW_CONFIDENCE),  # a low-confidence answer stays where it was: more pressing
        (True, True, P.LOW_CONFIDENCE),
    ],
)
def test_feedback_is_recorded_and_moves_the_log_in_the_queue(db, low, helpful, priority):
    log = make_log("老板拖欠工资怎么办", low_confidence=low)
    assert log.review_priority == (P.LOW_CONFIDENCE if low else P.OTHER)
    with time_machine.travel(NOW, tick=False):
        returned = record_feedback(log, helpful=helpful)
    stored = QuestionLog.objects.get(pk=log.pk)
    assert (stored.helpful, stored.feedback_at, stored.review_priority) == (helpful, NOW, priority)
    assert (returned.helpful, returned.review_priority) == (helpful, priority)


def test_a_second_answer_replaces_the_first(db):
    log = make_log("老板拖欠工资怎么办")
    with time_machine.travel(NOW, tick=False):
        record_feedback(log, helpful=False)
    assert QuestionLog.objects.get(pk=log.pk).review_priority == P.UNHELPFUL
    later = NOW + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        record_feedback(log, helpful=True)  # a misclick put right
    stored = QuestionLog.objects.get(pk=log.pk)
    assert (stored.helpful, stored.feedback_at, stored.review_priority) == (True, later, P.OTHER)
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        record_feedback(stored, helpful=False)
    assert QuestionLog.objects.get(pk=log.pk).review_priority == P.UNHELPFUL


def test_asking_sets_the_priority_and_a_hand_over_raises_it(statute_corpus, network):
    citizen = CitizenFactory()
    answer = qa.ask("老板拖欠我三个月工资不给，怎么办？", channel=Channel.PORTAL, user=citizen)
    log = answer.log
    assert log.low_confidence is False and log.review_priority == P.OTHER
    record_feedback(log, helpful=False)
    assert QuestionLog.objects.get(pk=log.pk).review_priority == P.UNHELPFUL
    qa.hand_over(QuestionLog.objects.get(pk=log.pk), requester=citizen, village=network.villages[0])
    stored = QuestionLog.objects.get(pk=log.pk)
    assert stored.work_order is not None and stored.review_priority == P.HANDED_OVER
    # unhelpful is less pressing than handed over; `log` is a copy read before the hand-over:
    # the row is read again under the lock
    assert log.work_order_id is None
    record_feedback(log, helpful=False)
    assert QuestionLog.objects.get(pk=log.pk).review_priority == P.HANDED_OVER

    low = qa.ask("我想问一下火星上的土地怎么买卖").log
    assert low.low_confidence is True and low.review_priority == P.LOW_CONFIDENCE
    assert QuestionLog.objects.get(pk=low.pk).review_priority == P.LOW_CONFIDENCE


def test_refresh_review_priority_rereads_the_reason(db):
    log = make_log("老板拖欠工资怎么办")
    log.helpful = False  # changed in memory only, as a caller would before refreshing
    refresh_review_priority(log)
    assert log.review_priority == P.UNHELPFUL
    assert QuestionLog.objects.get(pk=log.pk).review_priority == P.UNHELPFUL


# --------------------------------------------------------------------------------------- tokens
def test_a_feedback_token_names_its_log(db):
    log = make_log("老板拖欠工资怎么办")
    other = make_log("另一个问题")
    assert log_for_feedback(feedback_token(log)) == log
    assert log_for_feedback(feedback_token(other)) == other
    assert feedback_token(log) != feedback_token(other)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        lambda token: token.replace(token.split(":")[0], str(int(token.split(":")[0]) + 1), 1),  # another log
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: "abc:def:ghi",
    ],
)
def test_a_tampered_token_is_refused(db, spoil):
    log = make_log("老板拖欠工资怎么办")
    make_log("另一个问题")  # a log the forged token could name
    with pytest.raises(DomainError) as caught:
        log_for_feedback(spoil(feedback_token(log)))
    assert caught.value.code == "bad_token"


def test_a_token_signed_for_something_else_is_refused(db):
    from django.core import signing

    log = make_log("老板拖欠工资怎么办")
    with pytest.raises(DomainError) as caught:
        log_for_feedback(signing.TimestampSigner(salt="another.purpose").sign(str(log.pk)))
    assert caught.value.code == "bad_token"


def test_a_token_of_a_purged_log_is_refused(db):
    log = make_log("老板拖欠工资怎么办")
    token = feedback_token(log)
    log.delete()
    with pytest.raises(DomainError) as caught:
        log_for_feedback(token)
    assert caught.value.code == "bad_token"


def test_a_token_expires_after_a_week(db):
    log = make_log("老板拖欠工资怎么办")
    with time_machine.travel(NOW, tick=False):
        token = feedback_token(log)
    with time_machine.travel(NOW + datetime.timedelta(seconds=FEEDBACK_MAX_AGE - 60), tick=False):
        assert log_for_feedback(token) == log
    with (
        time_machine.travel(NOW + datetime.timedelta(seconds=FEEDBACK_MAX_AGE + 60), tick=False),
        pytest.raises(DomainError) as caught,
    ):
        log_for_feedback(token)
    assert caught.value.code == "feedback_expired"
    assert FEEDBACK_MAX_AGE == 7 * 24 * 3600


# ---------------------------------------------------------------------------------------- queue
def _aged(log: QuestionLog, minutes: int) -> QuestionLog:
    QuestionLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))
    return log


def _queue_log(name: str, minutes: int, priority: ReviewPriority, **fields: Any) -> QuestionLog:
    log = make_log(name, **fields)
    QuestionLog.objects.filter(pk=log.pk).update(review_priority=priority)
    return _aged(log, minutes)


def test_the_queue_puts_the_most_pressing_first_and_the_newest_first_within(corpus, staff):
    made = [
        _queue_log("其他-旧", 50, P.OTHER),
        _queue_log("没帮助-旧", 40, P.UNHELPFUL),
        _queue_log("低置信-旧", 30, P.LOW_CONFIDENCE),
        _queue_log("转人工", 20, P.HANDED_OVER),
        _queue_log("其他-新", 10, P.OTHER),
        _queue_log("没帮助-新", 5, P.UNHELPFUL),
        _queue_log("低置信-新", 1, P.LOW_CONFIDENCE),
    ]
    done = _queue_log("低置信-已核实", 0, P.LOW_CONFIDENCE)
    verify(done, staff, text="已经核实的问题", article_ids=[article("第三十条").pk])
    assert len(made) == 7
    assert [log.question for log in verification_queue()] == [
        "低置信-新",
        "低置信-旧",
        "转人工",
        "没帮助-新",
        "没帮助-旧",
        "其他-新",
        "其他-旧",
    ]


def test_the_queue_order_follows_feedback(db):
    first = _aged(make_log("先问的"), 10)
    second = _aged(make_log("后问的"), 5)
    assert list(verification_queue()) == [second, first]
    record_feedback(first, helpful=False)
    assert list(verification_queue()) == [first, second]


def test_the_region_filter_keeps_the_regions_logs(network):
    county, villages = network.county, network.villages
    mine = _aged(make_log("本村的问题", region=villages[0]), 3)
    township = _aged(make_log("本镇的问题", region=network.townships[0]), 2)
    unknown = _aged(make_log("不知道在哪里问的"), 1)
    elsewhere_region = type(county).objects.create(
        code="330199000000", name="别处县", level=county.level, parent=county.parent
    )
    elsewhere = make_log("别处的问题", region=elsewhere_region)

    in_county = Q(region__code__startswith=county.code[:6])
    assert list(verification_queue(in_county)) == [township, mine]
    assert list(verification_queue(in_county | Q(region__isnull=True))) == [unknown, township, mine]
    assert set(verification_queue()) == {mine, township, unknown, elsewhere}
    assert list(verification_queue(Q(region=elsewhere_region))) == [elsewhere]


def test_the_queue_reads_its_topic_and_region_in_one_query(network, django_assert_num_queries):
    for n in range(3):
        make_log(f"问题{n}", region=network.villages[n])
    with django_assert_num_queries(1):
        rows = [(log.region.name if log.region else "", log.topic) for log in verification_queue()]
    assert len(rows) == 3
