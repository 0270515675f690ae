"""FAQ review services: publish, retire, mark reviewed, and what makes an entry 需复核."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import Article, FaqEntry
from gongfa.testing.factories import UserFactory

from .test_faq_import import _revise_labour_contract_law, load_corpus

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture
def corpus(db, tmp_path):
    load_corpus(tmp_path / "laws")
    return tmp_path


@pytest.fixture
def reviewer(db):
    return UserFactory(is_staff=True)


def _entry(*numbers: int, answer: str = "可以申请劳动仲裁。", **fields) -> FaqEntry:
    entry = FaqEntry.objects.create(question="拖欠工资怎么办？", answer=answer, **fields)
    entry.articles.set(Article.objects.current().filter(version__law__short_name="劳动合同法", number__in=numbers))
    return entry


def test_publish_records_who_and_when_and_a_review_date_a_year_on(corpus, reviewer):
    entry = _entry(30)
    with time_machine.travel(NOW, tick=False):
        faq.publish(entry, user=reviewer)
    entry.refresh_from_db()
    assert entry.status == FaqStatus.PUBLISHED
    assert entry.reviewed_by == reviewer and entry.reviewed_at == NOW
    assert entry.review_due == TODAY + datetime.timedelta(days=faq.DEFAULT_REVIEW_DAYS)
    event = Event.objects.get(verb="knowledge.faqentry.publish")
    assert (event.actor, event.from_status, event.to_status) == (reviewer, "draft", "published")


def test_publish_with_a_given_review_date(corpus, reviewer):
    entry = _entry(30)
    faq.publish(entry, user=reviewer, review_due=datetime.date(2026, 9, 30))
    entry.refresh_from_db()
    assert entry.review_due == datetime.date(2026, 9, 30)


def test_no_answer_no_publishing(corpus, reviewer):
    entry = _entry(30, answer="  ")
    with pytest.raises(DomainError, match="没有答复的常见问题不能发布") as caught:
        faq.publish(entry, user=reviewer)
    assert caught.value.code == "faq_answer_required"
    entry.refresh_from_db()
    assert entry.status == FaqStatus.DRAFT and entry.reviewed_at is None
    assert not Event.objects.exists()


def test_publishing_twice_is_refused(corpus, reviewer):
    entry = _entry(30)
    faq.publish(entry, user=reviewer)
    with pytest.raises(InvalidTransition, match="当前状态为“已发布”，不能执行“发布”"):
        faq.publish(entry, user=reviewer)


def test_a_revised_law_makes_the_entry_need_review_and_blocks_publishing(corpus, reviewer):
    published = _entry(82)
    faq.publish(published, user=reviewer)
    draft = FaqEntry.objects.create(question="没签合同怎么办？", answer="可以要求二倍工资。")
    draft.articles.set(published.articles.all())
    assert faq.review_reasons(published) == [] and not faq.needing_review().exists()

    _revise_labour_contract_law(corpus)  # the new text has no 第八十二条

    assert faq.review_reasons(published) == ["依据法条已修订或失效：《劳动合同法》第八十二条"]
    assert list(faq.needing_review()) == [published]  # drafts are not under review
    with pytest.raises(DomainError, match="依据法条《劳动合同法》第八十二条不是现行有效的条文") as caught:
        faq.publish(draft, user=reviewer)
    assert caught.value.code == "faq_articles_not_current"
    with pytest.raises(DomainError, match="不是现行有效的条文"):
        faq.mark_reviewed(published, user=reviewer)


def test_retire_then_publish_again(corpus, reviewer):
    entry = _entry(30)
    faq.publish(entry, user=reviewer)
    faq.retire(entry, user=reviewer, reason="法律已修改")
    entry.refresh_from_db()
    assert entry.status == FaqStatus.RETIRED
    assert Event.objects.get(verb="knowledge.faqentry.retire").reason == "法律已修改"
    with pytest.raises(InvalidTransition, match="不能执行“停用”"):
        faq.retire(entry, user=reviewer)
    faq.publish(entry, user=reviewer)
    assert FaqEntry.objects.get().status == FaqStatus.PUBLISHED


def test_redraft_takes_an_entry_off_the_list(corpus, reviewer):
    entry = _entry(30)
    faq.publish(entry, user=reviewer)
    faq.redraft(entry, user=reviewer)
    assert FaqEntry.objects.get().status == FaqStatus.DRAFT
    with pytest.raises(InvalidTransition):
        faq.redraft(entry, user=reviewer)


def test_mark_reviewed_moves_the_review_date_on(corpus, reviewer):
    entry = _entry(30)
    with time_machine.travel(NOW, tick=False):
        faq.publish(entry, user=None)
    later = NOW + datetime.timedelta(days=400)
    assert list(faq.needing_review(later.date())) == [entry]
    assert faq.review_reasons(entry, later.date())[0].startswith("复核日期")
    with time_machine.travel(later, tick=False):
        faq.mark_reviewed(entry, user=reviewer)
    entry.refresh_from_db()
    assert entry.reviewed_by == reviewer and entry.reviewed_at == later
    assert entry.review_due == later.date() + datetime.timedelta(days=365)
    assert not faq.needing_review(later.date()).exists()
    assert Event.objects.filter(verb="knowledge.faqentry.review", actor=reviewer).count() == 1


def test_mark_reviewed_only_for_published_entries(corpus, reviewer):
    entry = _entry(30)
    with pytest.raises(InvalidTransition, match="只有已发布的常见问题需要复核"):
        faq.mark_reviewed(entry, user=reviewer)
    entry.refresh_from_db()
    assert entry.reviewed_at is None


def test_overdue_entries_are_the_model_queryset_too(corpus, reviewer):
    entry = _entry(30)
    faq.publish(entry, user=reviewer, review_due=datetime.date(2026, 1, 1))
    assert list(FaqEntry.objects.review_overdue(datetime.date(2026, 1, 2))) == [entry]
    assert list(faq.needing_review(datetime.date(2026, 1, 2))) == [entry]
