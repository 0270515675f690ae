"""First do no harm in the Q&A itself: a question that signals danger carries the emergency
guidance on its answer and its log, and its hand-over (转人工) is an urgent work order whose
triage names the danger; an ordinary question is untouched."""

import pytest

from gongfa.knowledge import qa, safety
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import Urgency

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cues():
    safety.forget_cues()
    yield
    safety.forget_cues()


def test_a_threat_to_kill_gets_emergency_guidance_and_an_urgent_hand_over(statute_corpus, network):
    answer = qa.ask("我想杀了他")
    assert answer.safety is not None and answer.safety.kinds == ("harm_to_others",)
    assert answer.safety.hotlines[0].number == "110"
    log = QuestionLog.objects.get()
    assert log.safety_kinds == ["harm_to_others"]
    citizen = CitizenFactory()
    order = qa.hand_over(log, requester=citizen, village=network.villages[0], asked_in_this_session=True)
    assert order.urgency == Urgency.URGENT and order.priority >= 50
    assert order.topic_reason.startswith("安全风险：想伤害他人")
    assert order.text.startswith("【安全风险：想伤害他人】")


def test_domestic_violence_is_urgent_with_the_womens_hotline(statute_corpus, network):
    answer = qa.ask("老公喝了酒就打我，我想离婚")
    assert answer.safety is not None and "domestic_violence" in answer.safety.kinds
    assert "12338" in [h.number for h in answer.safety.hotlines]
    assert answer.short_answer  # the legal answer (here: none found) still comes, after the guidance
    order = qa.hand_over(
        answer.log, requester=CitizenFactory(), village=network.villages[0], asked_in_this_session=True
    )
    assert order.urgency == Urgency.URGENT


def test_an_ordinary_question_is_an_ordinary_hand_over(statute_corpus, network):
    answer = qa.ask("故意杀人罪判几年")
    assert answer.safety is None and answer.log.safety_kinds == []
    order = qa.hand_over(
        answer.log, requester=CitizenFactory(), village=network.villages[0], asked_in_this_session=True
    )
    assert order.urgency == Urgency.NORMAL and "安全风险" not in order.topic_reason + order.text
