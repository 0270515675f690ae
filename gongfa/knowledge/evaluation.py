"""Retrieval evaluation (qa_eval): Recall@k, Hit@k, MRR and latency over labelled questions.

Input lines: {"id", "question", "gold": [{"law_name", "article_no"}, …], "source"}. A gold
article is matched by the law's full name and the article's label as the statute writes it.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gongfa.core.errors import DomainError
from gongfa.knowledge.models import Article

T = TypeVar("T")


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    gold: frozenset[tuple[str, str]]
    source: str


def _read_jsonl(path: Path, parse: Callable[[int, dict[str, Any]], T]) -> list[T]:
    """One item per non-empty line; a bad line stops the run with its number."""
    if not path.is_file():
        raise DomainError(f"{path}：文件不存在", code="eval_file_missing")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(parse(number, json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DomainError(f"{path} 第 {number} 行：格式不正确（{exc}）", code="eval_line_invalid") from None
    if not items:
        raise DomainError(f"{path}：没有评测条目", code="eval_file_empty")
    return items


def read_items(path: Path) -> list[EvalItem]:
    def parse(number: int, data: dict[str, Any]) -> EvalItem:
        gold = frozenset((g["law_name"], g["article_no"]) for g in data["gold"])
        return EvalItem(str(data.get("id", number)), str(data["question"]), gold, str(data.get("source", "")))

    return _read_jsonl(path, parse)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def _metrics(rows: list[dict[str, Any]]) -> dict[str, float]:
    count = len(rows)
    latencies = [r["ms"] for r in rows]
    return {
        "n": count,
        "recall@1": round(sum(r["recall@1"] for r in rows) / count, 4),
        "recall@5": round(sum(r["recall@5"] for r in rows) / count, 4),
        "recall@10": round(sum(r["recall@10"] for r in rows) / count, 4),
        "hit@10": round(sum(r["hit@10"] for r in rows) / count, 4),
        "mrr@100": round(sum(r["rr"] for r in rows) / count, 4),
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
    }


def evaluate(items: Iterable[EvalItem], search: Callable[[str, int], list[int]]) -> dict[str, Any]:
    """Run `search(question, 100)` → article ids for every item; overall and per-source metrics."""
    labels: dict[int, tuple[str, str]] = {}

    def keys_of(found: list[Any]) -> list[tuple[str, str]]:
        missing = [pk for pk in found if pk not in labels]
        if missing:
            for pk, name, label in Article.objects.filter(pk__in=missing).values_list(
                "pk", "version__law__name", "label"
            ):
                labels[pk] = (name, label)
        return [labels[pk] for pk in found if pk in labels]

    return evaluate_ranked(items, search, keys_of)


def evaluate_ranked(
    items: Iterable[EvalItem],
    search: Callable[[str, int], list[Any]],
    keys_of: Callable[[list[Any]], list[tuple[str, str]]] = list,
) -> dict[str, Any]:
    """The same for any system: `search` answers its own results, best first, and only it is timed;
    `keys_of` turns them into (law's full name, article label) pairs (identity by default)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        started = time.perf_counter()
        found = search(item.question, 100)
        elapsed = (time.perf_counter() - started) * 1000
        ranked = keys_of(found)
        rank = next((i for i, key in enumerate(ranked, start=1) if key in item.gold), None)
        row: dict[str, Any] = {"source": item.source, "ms": elapsed, "rr": 1 / rank if rank else 0.0}
        for k in (1, 5, 10):
            row[f"recall@{k}"] = len(item.gold & set(ranked[:k])) / len(item.gold) if item.gold else 0.0
        row["hit@10"] = 1.0 if rank is not None and rank <= 10 else 0.0
        rows.append(row)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    return {
        "overall": _metrics(rows),
        "by_source": {source: _metrics(group) for source, group in sorted(by_source.items())},
    }


@dataclass(frozen=True)
class TopicItem:
    id: str
    question: str
    label: str
    source: str


def read_topic_items(path: Path) -> list[TopicItem]:
    def parse(number: int, data: dict[str, Any]) -> TopicItem:
        return TopicItem(
            str(data.get("id", number)), str(data["question"]), str(data["label"]), str(data.get("source", ""))
        )

    return _read_jsonl(path, parse)


def evaluate_topics(items: list[TopicItem], classify: Callable[[str], str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold labels, per-label F1, the most frequent confusions, latency."""
    predictions: list[tuple[str, str]] = []
    latencies: list[float] = []
    for item in items:
        started = time.perf_counter()
        predicted = classify(item.question)
        latencies.append((time.perf_counter() - started) * 1000)
        predictions.append((item.label, predicted))
    labels = sorted({gold for gold, _ in predictions})
    per_label: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for g, p in predictions if g == label and p == label)
        fp = sum(1 for g, p in predictions if g != label and p == label)
        fn = sum(1 for g, p in predictions if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_label[label] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    confusions: dict[tuple[str, str], int] = {}
    for gold, predicted in predictions:
        if gold != predicted:
            confusions[(gold, predicted)] = confusions.get((gold, predicted), 0) + 1
    top = sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "n": len(items),
        "accuracy": round(sum(1 for g, p in predictions if g == p) / len(items), 4),
        "macro_f1": round(sum(per_label.values()) / len(per_label), 4),
        "per_label_f1": per_label,
        "confusions": [{"gold": g, "predicted": p, "count": c} for (g, p), c in top],
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
    }


# ---------------------------------------------------------------------------------------------
# The question memory's effect as a function of coverage (issue #19): a simulation.
# ---------------------------------------------------------------------------------------------
def gold_article_ids(items: Iterable[EvalItem]) -> dict[str, tuple[int, ...]]:
    """item id → the ids of its gold articles in force (matched by law name and label)."""
    items = list(items)
    wanted = {key for item in items for key in item.gold}
    names = {name for name, _ in wanted}
    found: dict[tuple[str, str], int] = {}
    for pk, name, label in (
        Article.objects.current().filter(version__law__name__in=names).values_list("pk", "version__law__name", "label")
    ):
        if (name, label) in wanted:
            found[(name, label)] = pk
    return {item.id: tuple(found[key] for key in sorted(item.gold) if key in found) for item in items}


@dataclass(frozen=True)
class CoveragePoint:
    share_kept: float  # the share of the other folds' items kept as "verified questions"
    coverage: float  # the share of tested items whose gold article has a memory entry
    result: dict[str, Any]  # evaluate()'s result over all tested items
    covered: dict[str, float]  # metrics of the covered items alone
    uncovered: dict[str, float]
    covered_before: dict[str, float]  # the covered items ranked with `base` alone (the same items)


def coverage_curve(
    items: list[EvalItem],
    base: list[Any],
    rank: Callable[[str, int, Any], list[int]],
    shares: Iterable[float] = (0.0, 0.25, 0.5, 1.0),
    folds: int = 2,
    seed: int = 19,
) -> list[CoveragePoint]:
    """What verified questions would bring, without ever testing an item on its own entry.

    The items are split into `folds`; each fold is tested with a memory of `base` (known
    questions the platform has anyway, e.g. the starter FAQ) plus a random `share` of the *other*
    folds' items as verified questions (their wording, their gold articles). An item is covered
    when one of its gold articles has an entry among those verified questions. `rank(question, k,
    memory)` ranks with that memory."""
    import random

    from gongfa.knowledge.memory import KnownQuestion, build_memory

    gold = gold_article_ids(items)
    order = list(items)
    random.Random(seed).shuffle(order)  # noqa: S311 — a reproducible split, not a secret
    fold_of = {item.id: position % folds for position, item in enumerate(order)}
    base_memory = build_memory(base)
    before = {item.id: rank(item.question, 100, base_memory) for item in order}
    points: list[CoveragePoint] = []
    for share in shares:
        tested: list[EvalItem] = []
        covered_ids: set[str] = set()
        rankings: dict[str, list[int]] = {}
        for fold in range(folds):
            others = [i for i in order if fold_of[i.id] != fold and gold[i.id]]
            kept = random.Random(seed + fold).sample(others, round(share * len(others)))  # noqa: S311
            verified = [KnownQuestion(i.question, gold[i.id], "", f"dev:{i.id}") for i in kept]
            memory = build_memory([*base, *verified])
            remembered = {pk for entry in verified for pk in entry.article_ids}
            for item in order:
                if fold_of[item.id] != fold:
                    continue
                tested.append(item)
                if remembered & set(gold[item.id]):
                    covered_ids.add(item.id)
                rankings[item.id] = rank(item.question, 100, memory)
        result = _replay(tested, rankings)
        covered = [i for i in tested if i.id in covered_ids]
        uncovered = [i for i in tested if i.id not in covered_ids]
        points.append(
            CoveragePoint(
                share,
                round(len(covered) / len(tested), 4),
                result,
                _replay(covered, rankings)["overall"] if covered else {},
                _replay(uncovered, rankings)["overall"] if uncovered else {},
                _replay(covered, before)["overall"] if covered else {},
            )
        )
    return points


def _replay(items: list[EvalItem], rankings: dict[str, list[int]]) -> dict[str, Any]:
    """evaluate() over rankings already made (questions may repeat across items: keyed by id)."""
    by_question = {item.question: rankings[item.id] for item in items}
    return evaluate(items, lambda question, k: by_question[question][:k])
