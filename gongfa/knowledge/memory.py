"""Question memory (问题记忆): known questions whose right articles a person has confirmed, found
again by a new question's wording and voting for their articles and topic (issue #19).

A separate BM25 index (bm25s, over the statute search's own tokens: rjieba words and bigrams) of
short documents, one per known question. Appending questions to the articles' own text did worse in
the experiment behind #19; a separate index leaves the article index untouched and lets its votes
be fused with the article ranking by weight.

BM25 finds the candidates; a hit's score is then how alike the two questions are, absolutely, in
(0, 1]: the cosine of their sets of informative tokens (the FAQ search's tokens, function-word pairs
left out) weighted by IDF, so the same wording scores 1 and a question sharing only one common word
with the nearest known question scores little. (A score relative to the query's best hit would give
full votes to whatever is nearest, however far.) An article's vote is the best score among the hits
that name it (several phrasings of one question do not add up), likewise a topic's. Hits below
`min_score` are ignored.

This module is the index alone: what feeds it (published FAQ questions and their phrasings, staff-
verified question logs) and how its votes are fused are the callers'.
"""

from __future__ import annotations

import math
from collections import Counter
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


def _informative(found: list[str]) -> frozenset[str]:
    from gongfa.knowledge.faq import informative_tokens  # the FAQ search's notion of a meaningful token

    return frozenset(informative_tokens(found))


@dataclass(eq=False)  # compared and hashed by identity (recall caches votes per memory)
class QuestionMemory:
    entries: tuple[KnownQuestion, ...]
    retriever: bm25s.BM25 | None
    token_sets: tuple[frozenset[str], ...] = ()
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0

    def similarity(self, question_tokens: frozenset[str], position: int) -> float:
        """IDF-weighted cosine of two token sets, in [0, 1]."""
        known = self.token_sets[position]
        shared = question_tokens & known
        if not shared:
            return 0.0
        weight = self.idf.get
        dot = sum(weight(t, self.unknown_idf) ** 2 for t in shared)
        left = sum(weight(t, self.unknown_idf) ** 2 for t in question_tokens)
        right = sum(weight(t, self.unknown_idf) ** 2 for t in known)
        return min(1.0, dot / math.sqrt(left * right))

    def vote(self, question: str, *, k: int = 10, min_score: float = 0.2) -> Votes:
        """The votes of the (at most k) known questions nearest to `question`."""
        if self.retriever is None or not question.strip():
            return Votes()
        question = question[:MAX_QUERY_CHARS]
        vocab = self.retriever.vocab_dict
        found = tokens(question)
        ids = [vocab[t] for t in found if t in vocab]
        asked = _informative(found)
        if not ids or not asked:
            return Votes()
        scores = self.retriever.get_scores_from_ids(ids)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        alike = [(int(doc), self.similarity(asked, int(doc))) for doc in top if scores[doc] > 0]
        alike.sort(key=lambda pair: (-pair[1], pair[0]))
        hits = [(self.entries[doc], round(score, 4)) for doc, score in alike if score >= min_score]
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
    token_sets: list[frozenset[str]] = []
    for entry in known:
        words = tokens(entry.text)
        informative = _informative(words)
        if not words or not informative or not entry.article_ids:
            continue
        entries.append(entry)
        documents.append(words)
        token_sets.append(informative)
    if not documents:
        return QuestionMemory((), None)
    retriever = bm25s.BM25()
    retriever.index(documents, show_progress=False)
    frequency: Counter[str] = Counter()
    for token_set in token_sets:
        frequency.update(token_set)
    total = len(token_sets)
    idf = {token: math.log((total + 1) / (count + 1)) + 1.0 for token, count in frequency.items()}
    # a word no known question has says the question is about something else: the rarest weight
    return QuestionMemory(tuple(entries), retriever, tuple(token_sets), idf, math.log(total + 1) + 1.0)
