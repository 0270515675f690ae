"""Statute search (法条检索): BM25 over the articles in force, on rjieba tokens (bm25s).

The index is built from the database (`manage.py build_statute_index`, and at the end of
`import_statutes`), saved under VAR_DIR/index/statutes, and loaded once per process. It carries a
fingerprint of the versions in force: when an import or the daily refresh changes them, the next
search in each process notices and reloads (or rebuilds) it.

This is the base retrieval. Colloquial vocabulary, law routing and re-ranking come on top of it.
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

# bm25s sets its own logger to DEBUG when imported, after Django configured logging.
logging.getLogger("bm25s").setLevel(logging.WARNING)

DATA = Path(__file__).resolve().parent / "data"


def _word_list(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


STOPWORDS = _word_list("stopwords.txt")
MAX_QUERY_CHARS = 2000
# Part of the fingerprint: bump it when tokens() or document_text() change, so saved indexes rebuild.
INDEX_FORMAT = "2"


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


def document_text(article: Article, law: Law) -> str:
    """What an article is indexed as: the law's short name, where it sits, and its text."""
    return " ".join(p for p in (law.short_name or law.name, article.chapter, article.section, article.text) if p)


def corpus_fingerprint() -> str:
    """Changes whenever the set of versions in force changes."""
    current = sorted(Law.objects.exclude(current_version=None).values_list("current_version_id", flat=True))
    return hashlib.sha256(json.dumps([INDEX_FORMAT, current]).encode()).hexdigest()[:16]


def index_dir() -> Path:
    return Path(settings.VAR_DIR) / "index" / "statutes"


@dataclass
class StatuteIndex:
    retriever: bm25s.BM25 | None  # None: nothing in force to index
    article_ids: np.ndarray
    fingerprint: str
    words: dict[str, list[str]] | None = None  # colloquial vocabulary; None: none loaded

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """(article id, score), best first; an empty list when no query word is in the corpus."""
        if self.retriever is None:
            return []
        query = expand(query[:MAX_QUERY_CHARS], self.words or {})
        query_tokens = [t for t in tokens(query) if t in self.retriever.vocab_dict]
        if not query_tokens:
            return []
        k = min(k, len(self.article_ids))
        found, scores = self.retriever.retrieve([query_tokens], k=k, show_progress=False, n_threads=1)
        pairs = zip(found[0], scores[0], strict=True)
        return [(int(self.article_ids[doc]), float(score)) for doc, score in pairs if score > 0]


def build_index(path: Path | None = None) -> StatuteIndex:
    """Index the articles in force and save the index. The id list is written last; a reader that
    finds it disagreeing with the index files (an interrupted build) rebuilds."""
    path = path or index_dir()
    fingerprint = corpus_fingerprint()
    ids: list[int] = []
    documents: list[list[str]] = []
    for article in Article.objects.current().select_related("version__law").order_by("pk").iterator(chunk_size=5000):
        ids.append(article.pk)
        documents.append(tokens(document_text(article, article.version.law)))
    retriever = None
    path.mkdir(parents=True, exist_ok=True)
    if documents:
        retriever = bm25s.BM25()
        retriever.index(documents, show_progress=False)
        retriever.save(str(path))
    (path / "articles.json").write_text(json.dumps({"fingerprint": fingerprint, "ids": ids}))
    return StatuteIndex(retriever, np.asarray(ids, dtype=np.int64), fingerprint)


def load_index(path: Path | None = None) -> StatuteIndex | None:
    path = path or index_dir()
    meta_path = path / "articles.json"
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text())
        retriever = bm25s.BM25.load(str(path)) if meta["ids"] else None
    except (OSError, ValueError, KeyError):
        return None
    if retriever is not None and retriever.scores.get("num_docs") != len(meta["ids"]):
        return None  # a build was interrupted between the two files: rebuild
    return StatuteIndex(retriever, np.asarray(meta["ids"], dtype=np.int64), meta["fingerprint"])


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
