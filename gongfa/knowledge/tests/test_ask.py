"""knowledge.qa.ask: the answer, its citations and suggestions, the log; bad questions refused."""

import pytest

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.knowledge import qa
from gongfa.knowledge.choices import AnswerSource
from gongfa.knowledge.models import Article, QuestionLog

WAGES = "老板拖欠我三个月工资不给，怎么办？"

pytestmark = pytest.mark.django_db


def test_wage_question_cites_the_pay_article_with_version_and_marks(statute_corpus):
    answer = qa.ask(WAGES, channel=Channel.PORTAL)
    first = answer.citations[0]
    assert first.citation == "《劳动合同法》第三十条"
    article = Article.objects.get(pk=first.article_id)
    assert first.version_id == article.version_id and first.version_date == "2013-07-01"
    assert first.status == "现行有效"
    marked = [first.passage[s:e] for s, e in first.highlights]
    assert "拖欠" in marked and "劳动报酬" not in marked  # only the question's own words are marked
    assert answer.source == AnswerSource.ARTICLES
    assert "《劳动合同法》第三十条" in answer.short_answer


def test_unpaid_wages_suggest_legal_aid_without_means_check(statute_corpus):
    answer = qa.ask(WAGES)
    by_code = {s.code: s for s in answer.suggestions}
    assert "免予核查经济困难状况" in by_code["legal_aid"].reason
    assert "《法律援助法》第三十一条、第四十二条" in by_code["legal_aid"].basis


def test_each_question_is_logged_with_confidence_and_citations(statute_corpus):
    answer = qa.ask(WAGES, channel=Channel.HOTLINE)
    log = QuestionLog.objects.get()
    assert answer.log == log
    assert (log.question, log.channel, log.answer_source) == (WAGES, Channel.HOTLINE, AnswerSource.ARTICLES)
    assert log.citations[0]["cited"] == "《劳动合同法》第三十条"
    assert log.confidence == answer.confidence > 0
    assert log.low_confidence is False


def test_a_question_the_corpus_cannot_answer_is_low_confidence(statute_corpus):
    answer = qa.ask("我想问一下火星上的土地怎么买卖")
    assert answer.low_confidence
    assert QuestionLog.objects.get().low_confidence is True


def test_a_question_with_no_known_word_gets_no_citations(statute_corpus):
    answer = qa.ask("嗯嗯嗯")
    assert answer.citations == [] and answer.source == AnswerSource.NONE
    assert "转人工" in answer.short_answer
    assert answer.confidence == 0


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("", "question_required"),
        ("   \n\t ", "question_required"),
        (None, "question_required"),
        ("？？！！……。。", "question_no_words"),
        ("Мой начальник не платит мне три месяца", "question_not_chinese"),  # neither Chinese nor English
        ("12348?", "question_not_chinese"),
        ("工" * 2001, "question_too_long"),
    ],
)
def test_bad_questions_are_refused_and_not_logged(statute_corpus, question, code):
    with pytest.raises(DomainError) as caught:
        qa.ask(question)
    assert caught.value.code == code and caught.value.field == "question"
    assert caught.value.message
    assert not QuestionLog.objects.exists()


def test_the_length_limit_is_the_setting(statute_corpus, settings):
    settings.QA_MAX_CHARS = 100
    with pytest.raises(DomainError, match="不能超过 100 个字"):
        qa.ask("工" * 101)
    assert qa.ask("工资" * 50).question


def test_markup_is_kept_as_text(statute_corpus):
    answer = qa.ask("<script>alert(1)</script>老板拖欠工资")
    assert answer.question.startswith("<script>")
    assert QuestionLog.objects.get().question.startswith("<script>")


def test_best_passage_picks_the_sentence_with_the_question_words():
    text = "第一句讲别的事情。" * 20 + "用人单位拖欠劳动报酬的，劳动者可以申请支付令。" + "最后一句。" * 20
    passage, marks = qa.best_passage(text, ["拖欠", "支付令"])
    assert passage == "用人单位拖欠劳动报酬的，劳动者可以申请支付令。"
    assert [passage[s:e] for s, e in marks] == ["拖欠", "支付令"]


def test_highlights_do_not_overlap():
    _passage, marks = qa.best_passage("劳动报酬", ["劳动报酬", "劳动", "报酬"])
    assert marks == ((0, 4),)


def _published_faq(question, answer, article):
    from gongfa.knowledge.choices import FaqStatus
    from gongfa.knowledge.models import FaqEntry

    entry = FaqEntry.objects.create(question=question, answer=answer, status=FaqStatus.PUBLISHED)
    entry.articles.add(article)
    return entry


def test_a_strong_faq_match_answers_with_the_entry_and_its_articles_first(statute_corpus):
    no_contract = Article.objects.get(label="第八十二条")
    entry = _published_faq(
        "单位不签劳动合同怎么办", "超过一个月不签书面劳动合同的，可以要求每月支付二倍工资。", no_contract
    )
    answer = qa.ask("单位不签劳动合同怎么办？")
    assert answer.source == AnswerSource.FAQ and answer.faq_entry == entry
    assert answer.short_answer == entry.answer
    assert answer.citations[0].citation == "《劳动合同法》第八十二条"
    assert len({c.article_id for c in answer.citations}) == len(answer.citations)  # no article twice
    assert answer.confidence >= 0.6
    assert QuestionLog.objects.get().faq_entry == entry


def test_a_weak_faq_match_leaves_the_answer_to_the_articles(statute_corpus):
    _published_faq("单位不签劳动合同怎么办", "可以要求二倍工资。", Article.objects.get(label="第八十二条"))
    answer = qa.ask("老板拖欠工资三个月不给怎么办")
    assert answer.source == AnswerSource.ARTICLES and answer.faq_entry is None


def test_a_draft_faq_entry_is_never_used(statute_corpus):
    from gongfa.knowledge.choices import FaqStatus

    entry = _published_faq("单位不签劳动合同怎么办", "可以要求二倍工资。", Article.objects.get(label="第八十二条"))
    entry.status = FaqStatus.DRAFT
    entry.save()
    assert qa.ask("单位不签劳动合同怎么办？").source == AnswerSource.ARTICLES


def test_confidence_counts_a_colloquial_word_by_its_statute_term():
    texts = ["用人单位应当按时支付工资。"]
    assert qa.coverage(["老板", "工资"], texts) == 0.5
    assert qa.coverage(["老板", "工资"], texts, {"老板": ["用人单位"]}) == 1.0
    assert qa.coverage([], texts) == 0.0


def test_amounts_and_durations_are_not_content_words():
    words = qa.question_words("老板三个月不发工资，欠我两万块")
    assert "工资" in words and "老板" in words
    assert not {"三个", "个月", "两万", "万块"} & set(words)


def test_old_question_logs_are_purged(statute_corpus, settings):
    import datetime

    from django.utils import timezone

    from gongfa.knowledge.tasks import purge_question_logs

    settings.QA_LOG_KEEP_DAYS = 30
    old = qa.ask("老板拖欠工资").log
    QuestionLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recent = qa.ask("老板拖欠工资").log
    assert purge_question_logs() == 1
    assert list(QuestionLog.objects.all()) == [recent]
