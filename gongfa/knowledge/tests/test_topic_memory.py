"""The question memory in the topic classifier (gongfa.knowledge.topics, issue #19): a known
question at least QA_MEMORY_TOPIC_MIN_SCORE alike votes for its topic (times
QA_MEMORY_TOPIC_WEIGHT), and the reason says so; a less alike one, a retired topic or the memory
switched off add nothing."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import pytest

from gongfa.knowledge import recall, topics
from gongfa.knowledge.memory import KnownQuestion, build_memory
from gongfa.workorders.models import Topic

from .test_verify_question import article, corpus, make_log, staff, verify  # noqa: F401 - fixtures

KNOWN = [
    KnownQuestion("开发商逾期交房，能要求违约金吗", (1,), "real_estate", "verified:1"),
    KnownQuestion("网购的手机是假货，商家不肯退款", (2,), "consumer_rights", "verified:2"),
    KnownQuestion("邻居家的狗把我孩子咬伤了", (4,), "tort", "verified:4"),
]
REASON = "相似的已知问题"


@pytest.fixture(autouse=True)
def no_model_left_loaded():
    topics.forget_loaded_model()
    yield
    topics.forget_loaded_model()


@pytest.fixture
def memory():
    return build_memory(KNOWN)


def evidence(text: str, memory, *, use_memory: bool = True) -> topics.Evidence:
    return topics.gather(text, list(topics.active_topics()), memory=use_memory, known=memory)


def likeness(memory, text: str) -> float:
    return memory.vote(text, min_score=0.0).hits[0][1]


def test_a_known_question_alike_enough_votes_for_its_topic(db, memory, settings):
    text = "开发商逾期交房怎么办"
    alike = likeness(memory, text)
    assert alike >= settings.QA_MEMORY_TOPIC_MIN_SCORE
    with_memory = evidence(text, memory)
    without = evidence(text, memory, use_memory=False)
    assert with_memory.memory == {"real_estate": alike}
    assert with_memory.scores["real_estate"] == pytest.approx(
        without.scores["real_estate"] + settings.QA_MEMORY_TOPIC_WEIGHT * alike
    )
    assert {code: s for code, s in with_memory.scores.items() if code != "real_estate"} == {
        code: s for code, s in without.scores.items() if code != "real_estate"
    }
    guess = topics.classify(text, known=memory)
    assert guess.topic is not None and guess.topic.code == "real_estate"
    assert f"{REASON}（相似度 {alike:.0%}）" in guess.reason


def test_a_less_alike_question_does_not_vote(db, memory, settings):
    text = "开发商跑路了"
    alike = likeness(memory, text)
    assert 0 < alike < settings.QA_MEMORY_TOPIC_MIN_SCORE  # found, but not alike enough
    assert evidence(text, memory).memory == {}
    assert evidence(text, memory).scores == evidence(text, memory, use_memory=False).scores
    assert REASON not in topics.classify(text, known=memory).reason


def test_the_threshold_is_the_setting_and_is_inclusive(db, memory, settings):
    text = "开发商逾期交房怎么办"
    alike = likeness(memory, text)
    settings.QA_MEMORY_TOPIC_MIN_SCORE = alike
    assert evidence(text, memory).memory == {"real_estate": alike}
    settings.QA_MEMORY_TOPIC_MIN_SCORE = alike + 0.0001
    assert evidence(text, memory).memory == {}
    assert REASON not in topics.classify(text, known=memory).reason
    settings.QA_MEMORY_TOPIC_MIN_SCORE = 0.25
    assert evidence("开发商跑路了", memory).memory.keys() == {"real_estate"}


def test_the_memory_can_decide_a_close_call(db, memory, settings):
    text = "狗咬伤孩子"  # the cue words lean to 人身损害; the known question is 侵权
    settings.QA_MEMORY_TOPIC_WEIGHT = 0.0
    before = topics.classify(text, known=memory).topic
    assert before is not None and before.code == "personal_injury"
    settings.QA_MEMORY_TOPIC_WEIGHT = 10.0
    guess = topics.classify(text, known=memory)
    assert guess.topic is not None and guess.topic.code == "tort" and REASON in guess.reason


def test_a_retired_topic_gets_no_vote(db, memory):
    Topic.objects.filter(code="real_estate").update(is_active=False)
    found = evidence("开发商逾期交房怎么办", memory)
    assert "real_estate" not in found.memory and "real_estate" not in found.scores


def test_the_switched_off_memory_adds_nothing_unless_one_is_passed_in(corpus, staff, settings):
    text = "开发商逾期交房，能要求违约金吗"
    verify(
        make_log(text),
        staff,
        text=text,
        article_ids=[article("第三十条").pk],
        topic=Topic.objects.get(code="real_estate"),
    )
    recall.forget_memory()
    assert evidence(text, None).memory == {"real_estate": 1.0}  # the process's own memory
    assert REASON in topics.classify(text).reason
    settings.QA_MEMORY_ENABLED = False
    assert evidence(text, None).memory == {}
    assert REASON not in topics.classify(text).reason
    assert evidence(text, build_memory(KNOWN)).memory == {"real_estate": 1.0}


def test_a_verified_questions_topic_votes_through_the_memory_built_from_the_database(corpus, staff):
    text = "网购的手机是假货，商家不肯退款"
    consumer = Topic.objects.get(code="consumer_rights")
    memory = build_memory(recall.known_questions())
    assert evidence(text, memory).memory == {}
    verify(make_log(text), staff, text=text, article_ids=[article("第三十条").pk], topic=consumer)
    memory = build_memory(recall.known_questions())
    guess = topics.classify("网购手机是假货，商家不退款", known=memory)
    assert guess.topic == consumer and REASON in guess.reason
    # without a topic, the verified question votes for articles only
    other = "邻居家的狗把我孩子咬伤了"
    verify(make_log(other), staff, text=other, article_ids=[article("第三十条").pk])
    memory = build_memory(recall.known_questions())
    assert evidence(other, memory).memory == {}
