"""Statute search (法条检索): BM25 over the articles in force, on rjieba tokens (bm25s).

The index is built from the database (`manage.py build_statute_index`, and at the end of
`import_statutes`), saved under VAR_DIR/index/statutes, and loaded once per process. It carries a
fingerprint of the versions in force: when an import or the daily refresh changes them, the next
search in each process notices and reloads (or rebuilds) it.

An article's score is its BM25 score (normalised by the query's best) plus a share of the BM25 score
of its chapter/section taken as one document (the articles around it speak to the same matter, so a
question's other words found there count for it), times a prior: laws people commonly ask about
(data/search_law_priority.tsv) and articles that other articles of the law refer to rank a little
higher when the wording matches about equally. Colloquial words are expanded to statute terms first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from django.conf import settings

from gongfa.core.segment import segment
from gongfa.knowledge.models import Article, Law, VocabularyEntry
from gongfa.knowledge.numerals import chinese_to_int

# bm25s sets its own logger to DEBUG when imported, after Django configured logging.
logging.getLogger("bm25s").setLevel(logging.WARNING)

DATA = Path(__file__).resolve().parent / "data"


def _word_list(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


STOPWORDS = _word_list("stopwords.txt")
MAX_QUERY_CHARS = 2000
PRIORITY_FILE = "search_law_priority.tsv"
# Part of the fingerprint: bump it when tokens() or document_text() change, so saved indexes rebuild.
INDEX_FORMAT = "3"
# Weight of the chapter/section score beside the article's own (both scaled to the query's best).
GROUP_WEIGHT = 0.4
# Prior multipliers: laws by tier (data/search_law_priority.tsv), and 1 + REFERENCE_WEIGHT·ln(1 + n)
# for an article that n other articles of its law refer to (第X条). Saved with the index: bump
# INDEX_FORMAT when they change.
TIER_BOOST = {1: 1.3, 2: 1.15}
REFERENCE_WEIGHT = 0.1


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def tokens(text: str) -> list[str]:
    """Words (rjieba, search mode) without stopwords, plus every pair of adjacent Chinese
    characters: the pairs match where the segmenter cut a question and an article differently."""
    found = [t for t in segment(text) if t not in STOPWORDS]
    for run in _HAN_RUN.findall(text):
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def shipped_vocabulary() -> dict[str, list[str]]:
    vocabulary: dict[str, list[str]] = {}
    for number, line in enumerate((DATA / "colloquial.tsv").read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, terms = line.partition("\t")
        if not terms.strip():
            raise ValueError(f"colloquial.tsv line {number}: no terms after a tab")
        vocabulary[word.strip()] = terms.split()
    return vocabulary


def vocabulary() -> dict[str, list[str]]:
    """The shipped list with the staff's entries on top (an inactive entry switches a word off)."""
    merged = shipped_vocabulary()
    for entry in VocabularyEntry.objects.all():
        if entry.is_active:
            merged[entry.word] = entry.term_list()
        else:
            merged.pop(entry.word, None)
    return merged


def expand(question: str, words: dict[str, list[str]]) -> str:
    """The question with the legal terms of every colloquial word it contains appended."""
    extra = [term for word, terms in words.items() if word in question for term in terms]
    return f"{question} {' '.join(extra)}" if extra else question


def law_priority() -> dict[str, int]:
    """Law short name → tier (1 or 2), from data/search_law_priority.tsv."""
    tiers: dict[str, int] = {}
    for number, line in enumerate((DATA / PRIORITY_FILE).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, tier = line.partition("\t")
        if tier.strip() not in ("1", "2"):
            raise ValueError(f"{PRIORITY_FILE} line {number}: the tier after the tab must be 1 or 2")
        tiers.setdefault(name.strip(), int(tier))
    return tiers


def law_tier(law: Law, tiers: dict[str, int]) -> int:
    """The law's tier by any of its names (0: not listed)."""
    names = (law.short_name, law.name.removeprefix("中华人民共和国"), law.name)
    return next((tiers[name] for name in names if name in tiers), 0)


_REFERENCE = re.compile(r"第([一二三四五六七八九十百千零〇两]+)条")


def referenced_numbers(text: str) -> set[int]:
    """The article numbers a text refers to (“依照本法第四十条”); references into other laws are
    counted against the article's own law too, which is rare enough not to matter."""
    found = set()
    for numeral in _REFERENCE.findall(text):
        try:
            found.add(chinese_to_int(numeral))
        except ValueError:
            continue
    return found


def document_text(article: Article, law: Law) -> str:
    """What an article is indexed as: the law's short name, where it sits, and its text."""
    return " ".join(p for p in (law.short_name or law.name, article.chapter, article.section, article.text) if p)


def corpus_fingerprint() -> str:
    """Changes whenever what the index holds could change: the versions in force (a version's text
    never changes), the names the documents carry, the priority table and the index format."""
    current = sorted(Law.objects.exclude(current_version=None).values_list("current_version_id", "name", "short_name"))
    priority = (DATA / PRIORITY_FILE).read_text(encoding="utf-8")
    return hashlib.sha256(json.dumps([INDEX_FORMAT, priority, current]).encode()).hexdigest()[:16]


def index_dir() -> Path:
    return Path(settings.VAR_DIR) / "index" / "statutes"


# Written last by build_index and removed first, so its presence means a whole build of that corpus.
FINGERPRINT_FILE = "fingerprint"


def saved_fingerprint(path: Path | None = None) -> str | None:
    """The corpus fingerprint of the last complete build saved at `path`, if any."""
    try:
        return ((path or index_dir()) / FINGERPRINT_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def index_is_current(path: Path | None = None) -> bool:
    """Whether the saved index was built from the corpus as it is now (then a rebuild would
    produce the same index: `make run` on a database it already indexed skips it)."""
    saved = saved_fingerprint(path)
    return saved is not None and saved == corpus_fingerprint()


@dataclass
class StatuteIndex:
    retriever: bm25s.BM25 | None  # None: nothing in force to index
    article_ids: np.ndarray
    fingerprint: str
    words: dict[str, list[str]] | None = None  # colloquial vocabulary; None: none loaded
    groups: bm25s.BM25 | None = None  # one document per chapter/section of a law
    article_group: np.ndarray | None = None  # the group of each article (row of article_ids)
    prior: np.ndarray | None = None  # score multiplier of each article

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """(article id, score), best first; an empty list when no query word is in the corpus."""
        if self.retriever is None:
            return []
        query = expand(query[:MAX_QUERY_CHARS], self.words or {})
        found = tokens(query)
        vocab = self.retriever.vocab_dict
        ids = [vocab[t] for t in found if t in vocab]
        if not ids:
            return []
        scores = self.retriever.get_scores_from_ids(ids)
        best = float(scores.max())
        if best <= 0:
            return []
        scores = scores / best
        if self.groups is not None and self.article_group is not None:
            group_vocab = self.groups.vocab_dict
            group_ids = [group_vocab[t] for t in found if t in group_vocab]
            if group_ids:
                group_scores = self.groups.get_scores_from_ids(group_ids)
                top_group = float(group_scores.max())
                if top_group > 0:
                    scores = scores + (GROUP_WEIGHT / top_group) * group_scores[self.article_group]
        if self.prior is not None:
            scores = scores * self.prior
        k = min(k, len(scores))
        if k <= 0:
            return []
        best_k = np.argpartition(-scores, k - 1)[:k]
        best_k = best_k[np.argsort(-scores[best_k], kind="stable")]
        return [(int(self.article_ids[doc]), float(scores[doc])) for doc in best_k if scores[doc] > 0]


def _bm25(documents: list[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25()
    retriever.index(documents, show_progress=False)
    return retriever


def build_index(path: Path | None = None) -> StatuteIndex:
    """Index the articles in force and save the index. The id list is written last; a reader that
    finds it disagreeing with the index files (an interrupted build) rebuilds."""
    path = path or index_dir()
    (path / FINGERPRINT_FILE).unlink(missing_ok=True)
    fingerprint = corpus_fingerprint()
    tiers = law_priority()
    ids: list[int] = []
    documents: list[list[str]] = []
    group_of: dict[tuple[int, str, str], int] = {}
    article_group: list[int] = []
    law_prior: list[float] = []
    numbers: dict[tuple[int, int], int] = {}  # (law, article number) → row
    references: list[tuple[int, set[int]]] = []  # (law, numbers referred to) per row
    articles = Article.objects.current().select_related("version__law").order_by("pk")
    for row, article in enumerate(articles.iterator(chunk_size=5000)):
        law = article.version.law
        ids.append(article.pk)
        documents.append(tokens(document_text(article, law)))
        article_group.append(group_of.setdefault((law.pk, article.chapter, article.section), len(group_of)))
        law_prior.append(TIER_BOOST.get(law_tier(law, tiers), 1.0))
        if article.number is not None and not article.number_suffix:
            numbers.setdefault((law.pk, article.number), row)
        references.append((law.pk, referenced_numbers(article.text)))
    referred = np.zeros(len(ids))
    for row, (law_pk, referenced) in enumerate(references):
        for number in referenced:
            target = numbers.get((law_pk, number))
            if target is not None and target != row:
                referred[target] += 1
    prior = np.asarray(law_prior) * (1 + REFERENCE_WEIGHT * np.log1p(referred))
    path.mkdir(parents=True, exist_ok=True)
    retriever = groups = None
    if documents:
        retriever = _bm25(documents)
        retriever.save(str(path))
        group_documents: list[list[str]] = [[] for _ in group_of]
        for row, group in enumerate(article_group):
            group_documents[group].extend(documents[row])
        groups = _bm25(group_documents)
        groups.save(str(path / "groups"))
    meta = {"fingerprint": fingerprint, "ids": ids, "groups": article_group, "prior": [round(p, 4) for p in prior]}
    (path / "articles.json").write_text(json.dumps(meta))
    (path / FINGERPRINT_FILE).write_text(fingerprint, encoding="ascii")
    return StatuteIndex(
        retriever,
        np.asarray(ids, dtype=np.int64),
        fingerprint,
        groups=groups,
        article_group=np.asarray(article_group, dtype=np.int64),
        prior=np.asarray(meta["prior"], dtype=np.float32),
    )


def load_index(path: Path | None = None) -> StatuteIndex | None:
    path = path or index_dir()
    meta_path = path / "articles.json"
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text())
        count = len(meta["ids"])
        retriever = bm25s.BM25.load(str(path)) if count else None
        groups = bm25s.BM25.load(str(path / "groups")) if count else None
        article_group = np.asarray(meta["groups"], dtype=np.int64)
        prior = np.asarray(meta["prior"], dtype=np.float32)
    except (OSError, ValueError, KeyError):
        return None
    if retriever is not None and (
        retriever.scores.get("num_docs") != count
        or len(article_group) != count
        or len(prior) != count
        or groups is None
        or groups.scores.get("num_docs") != int(article_group.max()) + 1
    ):
        return None  # a build was interrupted between the files: rebuild
    return StatuteIndex(
        retriever,
        np.asarray(meta["ids"], dtype=np.int64),
        meta["fingerprint"],
        groups=groups,
        article_group=article_group,
        prior=prior,
    )


_lock = threading.Lock()
_loaded: StatuteIndex | None = None
_checked_at = 0.0
CHECK_EVERY_SECONDS = 60.0


def get_index() -> StatuteIndex:
    """The process's index: loaded once, checked against the corpus at most once a minute."""
    global _loaded, _checked_at
    now = time.monotonic()
    if _loaded is not None and now - _checked_at < CHECK_EVERY_SECONDS:
        return _loaded
    with _lock:
        fingerprint = corpus_fingerprint()
        if _loaded is None or _loaded.fingerprint != fingerprint:
            found = load_index()
            _loaded = found if found is not None and found.fingerprint == fingerprint else build_index()
        _loaded.words = vocabulary()  # staff edits take effect within a minute
        _checked_at = now
        return _loaded


def forget_loaded_index() -> None:
    """Drop the process's copy (tests, and after a rebuild in this process)."""
    global _loaded, _checked_at
    with _lock:
        _loaded, _checked_at = None, 0.0
