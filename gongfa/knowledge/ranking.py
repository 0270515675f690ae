"""Ranking the statute articles for a question (法条排序): the statute search, the question
memory's votes fused into it, and the optional re-ranker over the top of the list.

    score(article) = statute score (the best article 1) + QA_MEMORY_ARTICLE_WEIGHT × memory vote

A known question at least QA_MEMORY_STRONG alike (the same question asked again, in other words)
puts its confirmed articles first. An article the memory votes for but the statute search did not reach (not in its top
QA_RERANK_POOL) enters with its vote alone: a verified question is evidence in its own right.
The re-ranker (gongfa.knowledge.rerank, QA_RERANKER) then reorders the fused top QA_RERANK_POOL
within its time budget, or leaves them as they are and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from gongfa.knowledge.memory import QuestionMemory, Votes
from gongfa.knowledge.recall import memory_votes
from gongfa.knowledge.rerank.base import Candidate
from gongfa.knowledge.search import get_index


@dataclass(frozen=True)
class Ranking:
    hits: list[tuple[int, float]]  # (article id, fused score), best first
    votes: Votes = field(default_factory=Votes)
    reranker: str = "none"
    fallback_reason: str = ""


def fuse(
    hits: Sequence[tuple[int, float]], votes: Votes, weight: float, strong: float = 1.01
) -> list[tuple[int, float]]:
    """The statute hits with the memory's article votes added, best first (ties keep the statute
    order, then the article id). A known question at least `strong` alike is the same question
    asked again: its confirmed articles come first, in the order a person gave them."""
    scores: dict[int, float] = dict(hits)
    order = {pk: position for position, (pk, _) in enumerate(hits)}
    for pk, vote in votes.articles.items():
        scores[pk] = scores.get(pk, 0.0) + weight * vote
    fused = sorted(scores.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))
    first: list[int] = []
    for entry, score in votes.hits:
        if score >= strong:
            first.extend(pk for pk in entry.article_ids if pk not in first)
    if not first:
        return fused
    top = max(score for _, score in fused) if fused else 1.0
    lifted = [(pk, top + 1.0 - position / 100) for position, pk in enumerate(first)]
    return lifted + [(pk, score) for pk, score in fused if pk not in set(first)]


def _candidates(article_ids: Sequence[int]) -> list[Candidate]:
    from gongfa.knowledge.models import Article

    found = Article.objects.select_related("version__law").in_bulk(list(article_ids))
    return [Candidate(pk, found[pk].citation, found[pk].text) for pk in article_ids if pk in found]


def rank_articles(
    question: str,
    k: int,
    *,
    memory: QuestionMemory | None = None,
    use_memory: bool | None = None,
    reranker: str | None = None,
) -> Ranking:
    """The k best articles for `question`. `memory` replaces the process's own (evaluation);
    `use_memory` False leaves it out; `reranker` names one instead of QA_RERANKER."""
    pool = max(k, settings.QA_RERANK_POOL)
    hits = get_index().search(question, k=pool)
    if use_memory is None:
        use_memory = memory is not None or settings.QA_MEMORY_ENABLED
    votes = memory_votes(question, memory) if use_memory else Votes()
    fused = (
        fuse(hits, votes, settings.QA_MEMORY_ARTICLE_WEIGHT, settings.QA_MEMORY_STRONG)[:pool] if votes else list(hits)
    )
    name = (reranker if reranker is not None else str(getattr(settings, "QA_RERANKER", "none"))).strip().lower()
    if name == "none" or len(fused) < 2:
        return Ranking(fused[:k], votes)
    from gongfa.knowledge import rerank

    candidates = _candidates([pk for pk, _ in fused])
    try:
        chosen = rerank.get_reranker(name)
    except rerank.RerankError as exc:  # misconfigured: readiness says so; the question still gets an answer
        return Ranking(fused[:k], votes, name, exc.reason)
    outcome = rerank.rerank(question, candidates, reranker=chosen)
    score = dict(fused)
    ordered = [(pk, score.get(pk, 0.0)) for pk in outcome.article_ids]
    return Ranking(ordered[:k], votes, outcome.reranker, outcome.fallback_reason)
