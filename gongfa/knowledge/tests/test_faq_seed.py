"""The demo seeding step (seed_demo) loads the shipped FAQ once the statutes are there, never
changes entries that exist, and says why it waits when they are not."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from gongfa.demo.loader import _Context, _load_faq
from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry

from .test_faq_import import import_seed_laws, load_corpus, starter_rows


def _context(messages: list[str]) -> _Context:
    return _Context(
        plan=cast(Any, None),
        batch_size=100,
        progress=messages.append,
        created=Counter(),
        region_ids={},
        point_ids={},
        agency_ids={},
        user_ids={},
    )


def test_without_statutes_the_step_waits_for_import_faq(db):
    messages: list[str] = []
    _load_faq(_context(messages))
    assert FaqEntry.objects.count() == 0
    assert "import_faq" in messages[0]


def test_with_part_of_the_corpus_nothing_is_loaded_and_the_reason_is_shown(db, tmp_path):
    load_corpus(tmp_path / "laws")
    messages: list[str] = []
    _load_faq(_context(messages))
    assert FaqEntry.objects.count() == 0
    assert messages[0].startswith("常见问题：未载入") and "第1行" in messages[0]


def test_the_shipped_faq_is_seeded_once_and_published(db):
    import_seed_laws()
    messages: list[str] = []
    ctx = _context(messages)
    _load_faq(ctx)
    total = len(starter_rows())
    assert ctx.created["常见问题"] == total == FaqEntry.objects.published().count()
    edited = FaqEntry.objects.order_by("pk").first()
    assert edited is not None
    edited.answer = "工作人员改过的答复"
    edited.save()
    again = _context(messages)
    _load_faq(again)
    assert again.created["常见问题"] == 0 and FaqEntry.objects.count() == total
    edited.refresh_from_db()
    assert edited.answer == "工作人员改过的答复" and edited.status == FaqStatus.PUBLISHED
    assert faq.search_faq("老板拖欠工资不给怎么办")[0].entry.question == "老板拖欠工资不给，我该怎么办？"
