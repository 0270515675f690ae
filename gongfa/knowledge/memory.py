"""Question memory (问题记忆): known questions whose right articles a person has confirmed, found
again by a new question's wording and voting for their articles and topic (issue #19).

A separate BM25 index (bm25s, over the statute search's own tokens: rjieba words and bigrams) of
short documents, one per known question. Appending questions to the articles' own text did worse in
the experiment behind #19; a separate index leaves the article index untouched and lets its votes
be fused with the article ranking by weight.

A memory hit's score is its BM25 score normalised by the query's best hit; an article's vote is the
best score among the hits that name it (several phrasings of one question do not add up), likewise a
topic's. Hits below `min_score` of the best are ignored, so a question that shares one common word
with a known question does not vote.

This module is the index alone: what feeds it (published FAQ questions and their phrasings, staff-
verified question logs) and how its votes are fused are the callers'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import bm25s
import numpy as np

from gongfa.knowledge.search import MAX_QUERY_CHARS, tokens


@dataclass(frozen=True)
class KnownQuestion:
    """One known question: its wording, the articles confirmed for it, and its topic code."""

    text: str
    article_ids: tuple[int, ...]
    topic: str = ""
    source: str = ""  # where it comes from, e.g. "faq:12" or "log:345" (for explaining a vote)


@dataclass(frozen=True)
class Votes:
    """What the memory says about a question: article id → vote, topic code → vote (each in
    (0, 1], the best hit being 1), and the hits behind them, best first."""

    articles: dict[int, float] = field(default_factory=dict)
    topics: dict[str, float] = field(default_factory=dict)
    hits: tuple[tuple[KnownQuestion, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.hits)


@dataclass
class QuestionMemory:
    entries: tuple[KnownQuestion, ...]
    retriever: bm25s.BM25 | None

    def vote(self, question: str, *, k: int = 10, min_score: float = 0.5) -> Votes:
        """The votes of the (at most k) known questions nearest to `question`."""
        if self.retriever is None or not question.strip():
            return Votes()
        vocab = self.retriever.vocab_dict
        ids = [vocab[t] for t in tokens(question[:MAX_QUERY_CHARS]) if t in vocab]
        if not ids:
            return Votes()
        scores = self.retriever.get_scores_from_ids(ids)
        best = float(scores.max())
        if best <= 0:
            return Votes()
        scores = scores / best
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        hits = [(self.entries[int(doc)], float(scores[doc])) for doc in top if scores[doc] >= min_score]
        articles: dict[int, float] = {}
        topics: dict[str, float] = {}
        for entry, score in hits:
            for article_id in entry.article_ids:
                articles[article_id] = max(articles.get(article_id, 0.0), score)
            if entry.topic:
                topics[entry.topic] = max(topics.get(entry.topic, 0.0), score)
        return Votes(articles, topics, tuple(hits))

    def __len__(self) -> int:
        return len(self.entries)


def build_memory(known: Iterable[KnownQuestion]) -> QuestionMemory:
    """The memory of these known questions (those without articles or words are left out: they
    could not vote)."""
    entries: list[KnownQuestion] = []
    documents: list[list[str]] = []
    for entry in known:
        words = tokens(entry.text)
        if not words or not entry.article_ids:
            continue
        entries.append(entry)
        documents.append(words)
    if not documents:
        return QuestionMemory((), None)
    retriever = bm25s.BM25()
    retriever.index(documents, show_progress=False)
    return QuestionMemory(tuple(entries), retriever)
