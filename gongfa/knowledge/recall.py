"""The question memory as the Q&A uses it (问题记忆): what it knows, loaded once per process, and
rebuilt when what it knows changes.

It knows the published FAQ entries' questions and their phrasings (问法), and the questions staff
verified as legal (核实) and have not retired, each with its articles in force and its topic. The
index itself is gongfa.knowledge.memory.

Freshness: a process checks a fingerprint of those rows at most every
QA_MEMORY_RECHECK_SECONDS and rebuilds when it changed (a few thousand short questions index in
well under a second, see benchmarks/README.md), so a question verified on one node is remembered
by every node within that time; the node that verified it forgets its copy on commit and
remembers at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Sum

from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.memory import KnownQuestion, QuestionMemory, Votes, build_memory
from gongfa.knowledge.models import Article, FaqEntry, FaqPhrasing, Law, VerifiedQuestion


def known_questions() -> Iterator[KnownQuestion]:
    """Every question the memory should know, with its articles in force (stale ones left out)."""
    current = set(
        Article.objects.current()
        .filter(faq_entries__status="published")
        .values_list("pk", flat=True)
        .distinct()
        .iterator()
    ) | set(
        Article.objects.current()
        .filter(verified_questions__is_active=True, verified_questions__verdict=QuestionVerdict.LEGAL)
        .values_list("pk", flat=True)
        .distinct()
        .iterator()
    )
    entries = FaqEntry.objects.published().select_related("topic").prefetch_related("articles", "phrasings")
    for entry in entries.order_by("pk"):
        ids = tuple(a.pk for a in entry.articles.all() if a.pk in current)
        topic = entry.topic.code if entry.topic is not None else ""
        yield KnownQuestion(entry.question, ids, topic, f"faq:{entry.pk}")
        for phrasing in entry.phrasings.all():
            yield KnownQuestion(phrasing.text, ids, topic, f"faq:{entry.pk}")
    verified = (
        VerifiedQuestion.objects.filter(is_active=True, verdict=QuestionVerdict.LEGAL)
        .select_related("topic")
        .prefetch_related("articles")
        .order_by("pk")
    )
    for question in verified:
        ids = tuple(a.pk for a in question.articles.all() if a.pk in current)
        topic = question.topic.code if question.topic is not None else ""
        yield KnownQuestion(question.text, ids, topic, f"verified:{question.pk}")


def fingerprint() -> tuple[Any, ...]:
    """Changes whenever an entry is published, edited or retired, a phrasing added or removed, a
    question verified or retired, or a law's text in force changes (the memory keeps only the
    articles in force)."""
    faq = FaqEntry.objects.published().aggregate(n=Count("pk"), newest=Max("updated_at"), ids=Sum("pk"))
    phrasings = FaqPhrasing.objects.aggregate(n=Count("pk"), ids=Sum("pk"))
    verified = VerifiedQuestion.objects.filter(is_active=True).aggregate(
        n=Count("pk"), newest=Max("updated_at"), ids=Sum("pk")
    )
    laws = Law.objects.aggregate(n=Count("current_version"), versions=Sum("current_version_id"))
    return (*faq.values(), *phrasings.values(), *verified.values(), *laws.values())


@dataclass
class _Loaded:
    memory: QuestionMemory
    fingerprint: tuple[Any, ...]
    checked_at: float
    build_ms: float


_lock = threading.Lock()
_loaded: _Loaded | None = None


def forget_memory() -> None:
    """Drop this process's memory; the next question rebuilds it (called on commit by the
    services that change what it knows, and by tests)."""
    global _loaded
    with _lock:
        _loaded = None
        _votes.cache_clear()


def _build(print_: tuple[Any, ...]) -> _Loaded:
    _votes.cache_clear()  # the cache holds the old memory alive
    started = time.perf_counter()
    memory = build_memory(known_questions())
    return _Loaded(memory, print_, time.monotonic(), (time.perf_counter() - started) * 1000)


def get_memory() -> QuestionMemory:
    """This process's memory, rebuilt when the fingerprint changed (checked at most every
    QA_MEMORY_RECHECK_SECONDS)."""
    global _loaded
    loaded = _loaded
    now = time.monotonic()
    if loaded is not None and now - loaded.checked_at < settings.QA_MEMORY_RECHECK_SECONDS:
        return loaded.memory
    current = fingerprint()
    with _lock:
        if _loaded is not None and _loaded.fingerprint == current:
            _loaded.checked_at = now
            return _loaded.memory
        _loaded = _build(current)
        return _loaded.memory


def loaded_state() -> _Loaded | None:
    return _loaded


def memory_votes(question: str, memory: QuestionMemory | None = None) -> Votes:
    """What the memory says about `question` (nothing when QA_MEMORY_ENABLED is off). One answer
    asks twice (the articles, then the topic): the last few votes are kept per memory."""
    if memory is None:
        if not settings.QA_MEMORY_ENABLED:
            return Votes()
        memory = get_memory()
    return _votes(memory, question, settings.QA_MEMORY_K, settings.QA_MEMORY_MIN_SCORE)


@lru_cache(maxsize=16)
def _votes(memory: QuestionMemory, question: str, k: int, min_score: float) -> Votes:
    return memory.vote(question, k=k, min_score=min_score)
