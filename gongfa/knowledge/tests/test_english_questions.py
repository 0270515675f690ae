"""An English question (issue #16 item 13) is not searched in the Chinese statutes: it gets an English
explanation of what the Q&A covers and the way to a person, and is logged like any question."""

import pytest

from gongfa.core.choices import Channel
from gongfa.knowledge import qa
from gongfa.knowledge.choices import AnswerSource
from gongfa.knowledge.english import ENGLISH_REPLY, is_english
from gongfa.knowledge.models import QuestionLog


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("My boss has not paid me for three months", True),
        ("How much compensation after a traffic accident?", True),
        ("divorce", True),
        ("Ｍｙ ｂｏｓｓ ｏｗｅｓ ｍｅ", True),  # full-width Latin letters
        ("Où est le tribunal ?", True),  # another Latin-script language: also not searchable
        ("gongzi tuoqian zenme ban", True),  # pinyin without characters
        ("My boss owes me 工资", False),  # a Chinese word in it: searched as Chinese
        ("HR说我试用期不合格，要辞退我", False),  # Latin letters inside a Chinese question
        ("老板拖欠工资怎么办", False),
        ("𠀀", False),  # a Han character outside the basic block: not English
        ("12348", False),  # no letters at all
        ("a", False),  # a single letter is not enough to call it English
        ("Мой начальник не платит", False),  # Cyrillic
        ("ok 123 456 789 000", True),  # digits do not count against the letters
    ],
)
def test_what_counts_as_english(question, english):
    assert is_english(question) is english


@pytest.mark.django_db
def test_an_english_question_is_answered_in_english_and_not_searched(statute_corpus, monkeypatch):
    monkeypatch.setattr(qa, "retrieve_citations", lambda *a, **k: pytest.fail("an English question was searched"))
    answer = qa.ask("My boss has not paid my wages for three months", channel=Channel.HOTLINE)
    assert answer.language == "en" and answer.short_answer == ENGLISH_REPLY
    assert "People's Republic of China" in answer.short_answer and "in Chinese" in answer.short_answer
    assert "转人工" in answer.short_answer and "12348" in answer.short_answer
    assert answer.citations == [] and answer.suggestions == [] and answer.source == AnswerSource.NONE
    assert answer.low_confidence
    log = QuestionLog.objects.get()
    assert (log.channel, log.answer_source, log.answer) == (Channel.HOTLINE, AnswerSource.NONE, ENGLISH_REPLY)
    assert log.low_confidence is True


@pytest.mark.django_db
def test_an_english_question_can_be_handed_over(statute_corpus, network):
    from gongfa.testing.factories import CitizenFactory

    citizen = CitizenFactory()
    answer = qa.ask("Can my landlord keep my deposit?", user=citizen)
    order = qa.hand_over(answer.log, requester=citizen, village=network.villages[0])
    assert order.text.startswith("Can my landlord keep my deposit?")
    assert "asked in Chinese" in order.text  # the answer given travels with it


@pytest.mark.django_db
def test_a_mixed_question_is_searched_as_chinese(statute_corpus):
    answer = qa.ask("My boss 拖欠工资 for three months")
    assert answer.language == "zh"
    assert answer.citations and answer.citations[0].citation == "《劳动合同法》第三十条"
