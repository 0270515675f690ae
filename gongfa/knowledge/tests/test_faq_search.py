"""FAQ search (常见问题匹配): published entries only, best first, scores in [0, 1], fast, and the
in-process index follows publishing and retiring."""

from __future__ import annotations

import statistics
import time

import pytest

from gongfa.knowledge import faq
from gongfa.knowledge.choices import AnswerSource, FaqStatus
from gongfa.knowledge.models import Article, FaqEntry

QUESTIONS = {
    "wages": "老板拖欠工资不给，我该怎么办？",
    "contract": "上班好几个月了，单位一直不和我签书面劳动合同，怎么办？",
    "overtime": "加班费怎么计算？",
    "custody": "离婚后孩子归谁抚养？",
    "support": "离婚后对方不给孩子抚养费，怎么办？",
    "iou": "借钱给别人没打借条，还能要回来吗？",
    "traffic": "出了交通事故，赔偿由谁承担？",
}


@pytest.fixture
def entries(db):
    faq.forget_faq_index()
    made = {
        key: FaqEntry.objects.create(question=text, answer=f"{text}的答复。", status=FaqStatus.PUBLISHED)
        for key, text in QUESTIONS.items()
    }
    yield made
    faq.forget_faq_index()


def test_the_same_question_scores_one_and_is_a_strong_match(entries):
    found = faq.search_faq("老板拖欠工资不给，我该怎么办？")
    assert found[0].entry == entries["wages"] and found[0].score == pytest.approx(1.0)
    assert found[0].score >= faq.STRONG_MATCH


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("老板拖欠工资怎么办", "wages"),
        ("老板欠我三个月工资不发", "wages"),
        ("干了半年单位没签劳动合同", "contract"),
        ("加班费怎么算", "overtime"),
        ("离婚了孩子归谁", "custody"),
        ("前夫不给抚养费", "support"),
        ("朋友借钱不还，也没有借条", "iou"),
        ("交通事故谁来赔偿", "traffic"),
    ],
)
def test_the_closest_entry_comes_first(entries, question, key):
    found = faq.search_faq(question)
    assert found and found[0].entry == entries[key], [(m.entry.question, m.score) for m in found]
    assert all(0.0 < m.score <= 1.0 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_a_close_paraphrase_is_strong_and_an_unrelated_question_is_not(entries):
    assert faq.search_faq("加班费怎么算")[0].score >= faq.STRONG_MATCH
    assert faq.search_faq("今天天气怎么样") == []
    unrelated = faq.search_faq("商标被别人抢注了，去哪里投诉")
    assert all(m.score < 0.2 for m in unrelated)


def test_limit_and_empty_questions(entries):
    assert len(faq.search_faq("离婚后孩子", limit=1)) == 1
    assert len(faq.search_faq("离婚后孩子抚养费怎么办", limit=2)) == 2
    assert faq.search_faq("") == [] and faq.search_faq("   ") == [] and faq.search_faq("离婚", limit=0) == []
    assert faq.search_faq("？？？") == []


def test_drafts_and_retired_entries_are_not_searched(entries):
    FaqEntry.objects.create(question="工伤怎么认定？", answer="草稿答复", status=FaqStatus.DRAFT)
    assert faq.search_faq("工伤怎么认定") == []
    wages = entries["wages"]
    assert faq.search_faq("老板拖欠工资不给")[0].entry == wages
    faq.retire(wages, user=None)
    assert all(m.entry != wages for m in faq.search_faq("老板拖欠工资不给"))


def test_the_index_follows_publishing(entries):
    assert faq.search_faq("工伤怎么认定") == []
    draft = FaqEntry.objects.create(question="工伤怎么认定？", answer="向社会保险行政部门申请工伤认定。")
    faq.publish(draft, user=None)
    assert faq.search_faq("工伤怎么认定")[0].entry == draft


def test_the_index_follows_an_edited_question(entries):
    overtime = entries["overtime"]
    overtime.question = "周末加班有没有加班费？"
    overtime.save()
    found = faq.search_faq("周末加班有没有加班费")
    assert found[0].entry.question == "周末加班有没有加班费？" and found[0].score == pytest.approx(1.0)


def test_the_index_is_built_once_while_nothing_changes(entries, django_assert_num_queries):
    faq.search_faq("加班费")
    with django_assert_num_queries(1):  # the fingerprint only
        faq.search_faq("抚养费")


def test_a_few_hundred_entries_are_searched_in_under_ten_milliseconds(db):
    faq.forget_faq_index()
    topics = ["工资", "加班费", "社保", "工伤", "离婚", "抚养费", "继承", "借款", "租房押金", "交通事故"]
    places = ["县城", "乡镇", "工地", "工厂", "饭店", "超市", "学校", "医院", "村里", "网上"]
    people = ["老板", "房东", "前夫", "亲戚", "朋友"]
    FaqEntry.objects.bulk_create(
        FaqEntry(question=f"在{place}遇到{person}的{topic}问题怎么办？", answer="答复", status=FaqStatus.PUBLISHED)
        for topic in topics
        for place in places
        for person in people[:3]
    )
    assert FaqEntry.objects.published().count() == 300
    faq.search_faq("预热")
    timings = []
    for question in ["在工地干活老板不给工资", "离婚以后前夫不给抚养费怎么办", "房东不退押金", "交通事故赔偿"] * 5:
        started = time.perf_counter()
        found = faq.search_faq(question)
        timings.append(time.perf_counter() - started)
        assert found
    assert statistics.median(timings) < 0.010
    faq.forget_faq_index()


def test_the_qa_answers_from_a_strong_match_with_its_articles(entries, small_corpus):
    from gongfa.knowledge.qa import ask

    article = Article.objects.current().get(number=1)
    wages = entries["wages"]
    wages.articles.set([article])
    answer = ask("老板拖欠工资不给，我该怎么办？")
    assert answer.source == AnswerSource.FAQ and answer.faq_entry == wages
    assert answer.short_answer == wages.answer
    assert answer.citations[0].article_id == article.pk
    weak = ask("劳动者可以向劳动争议仲裁委员会申请仲裁吗")
    assert weak.source != AnswerSource.FAQ
