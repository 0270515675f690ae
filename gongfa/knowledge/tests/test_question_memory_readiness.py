"""The question memory in readiness (/readyz): registered by the knowledge app, loaded (and so
warmed) by the check, with how many questions it knows; "off" when QA_MEMORY_ENABLED is false."""

from gongfa.core import health
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.health import question_memory_check
from gongfa.knowledge.models import FaqEntry, FaqPhrasing
from gongfa.knowledge.recall import forget_memory, loaded_state


def test_it_is_registered():
    assert health.registered_checks()["question memory"] is question_memory_check


def test_the_check_loads_the_memory_and_counts_what_it_knows(statute_corpus):
    from gongfa.knowledge.models import Article

    entry = FaqEntry.objects.create(
        question="老板拖欠工资怎么办", answer="可以申请劳动仲裁。", status=FaqStatus.PUBLISHED
    )
    entry.articles.set(Article.objects.current()[:1])
    FaqPhrasing.objects.create(entry=entry, text="工资被拖着不发怎么办")
    forget_memory()
    assert loaded_state() is None
    detail = question_memory_check()
    assert detail.startswith("loaded (2 known questions") and loaded_state() is not None


def test_off_is_ready(settings):
    settings.QA_MEMORY_ENABLED = False
    assert question_memory_check() == "off"
