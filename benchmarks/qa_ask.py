#!/usr/bin/env python
"""The whole Q&A (`knowledge.qa.ask`) per question: topic, statute search, FAQ match, services,
and the log row; plus the memory the loaded statute index takes and the import + index time; and
(issue #19) the same with the question memory off and on (re-ranker off), with the memory's size
and build time.

    .venv/bin/python benchmarks/qa_ask.py                       # questions of ../shared/eval/article_dev.jsonl
    .venv/bin/python benchmarks/qa_ask.py --file q.jsonl --json benchmarks/results/qa_ask.json

What it does: a throwaway SQLite database under var/bench/ (deleted afterwards) and a throwaway
VAR_DIR; migrate; `import_statutes` (the bundled laws.db and the index, timed); the shipped FAQ
(`import_faq`: the starter knowledge base); the process's resident memory before and after loading
the index; then `ask()` for every question of the file (only the `question` field is read; no
labels are used), timed one by one after 5 warm-up questions, first with QA_MEMORY_ENABLED off,
then on (the memory built before timing: its known questions, build time and resident growth).
Prints median/p95/max, the share of answers from the FAQ /
the articles / nothing, and the share logged as low confidence. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common

DEFAULT_FILE = _common.ROOT.parent / "shared" / "eval" / "article_dev.jsonl"


def rss_mb() -> float:
    """Resident set size of this process now (Linux /proc), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# Run in a fresh process: this one built the index, and freed memory is not given back to the OS.
_LOAD_INDEX = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
import _common
_common.setup_django(os.environ["DATABASE_URL"])
from qa_ask import rss_mb
from gongfa.knowledge.search import get_index
before = rss_mb()
started = time.perf_counter()
get_index()
print(json.dumps({"load_s": round(time.perf_counter() - started, 2), "before_mb": round(before, 1),
                  "after_mb": round(rss_mb(), 1)}))
"""


def index_memory() -> dict[str, float]:
    """Load the saved index in a new process; its resident memory before and after."""
    import subprocess

    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", _LOAD_INDEX, here], capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def _time_asks(questions: list[str]) -> tuple[list[float], dict[str, int], int]:
    """ask() for each question after 5 warm-up ones: per-question ms, answer sources, low count."""
    from gongfa.knowledge import qa

    for question in questions[:5]:
        qa.ask(question)
    samples: list[float] = []
    sources: dict[str, int] = {}
    low = 0
    for question in questions:
        started = time.perf_counter()
        answer = qa.ask(question)
        samples.append((time.perf_counter() - started) * 1000)
        sources[answer.source] = sources.get(answer.source, 0) + 1
        low += answer.low_confidence
    return samples, sources, low


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="JSONL with a `question` field per line")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    questions = [json.loads(line)["question"] for line in args.file.read_text(encoding="utf-8").splitlines() if line]

    url, cleanup = _common.sqlite_database("qa-ask")
    var_dir = tempfile.mkdtemp(prefix="gongfa-qa-ask-")
    os.environ["GONGFA_VAR_DIR"] = var_dir
    _common.setup_django(url)
    from django.core.management import call_command
    from django.test.utils import override_settings

    from gongfa.knowledge.choices import AnswerSource
    from gongfa.knowledge.recall import get_memory
    from gongfa.knowledge.search import get_index

    info = _common.machine()
    _common.print_machine(info)
    results: dict[str, Any] = {"machine": info, "file": str(args.file), "questions": len(questions)}
    try:
        results["migrate_s"] = _common.timed("migrate", lambda: call_command("migrate", verbosity=0))
        results["import_s"] = _common.timed(
            "import_statutes (corpus + index)", lambda: call_command("import_statutes", stdout=io.StringIO())
        )
        call_command("import_faq", stdout=io.StringIO())
        memory = index_memory()
        results["index_load_s"] = memory["load_s"]
        results["index_rss_mb"] = round(memory["after_mb"] - memory["before_mb"], 1)
        results["process_rss_mb"] = memory["after_mb"]
        print(
            f"==> a new process loads the index in {memory['load_s']} s: +{results['index_rss_mb']} MiB resident "
            f"({memory['after_mb']} MiB in all)",
            flush=True,
        )
        get_index()
        with override_settings(QA_MEMORY_ENABLED=False):
            off, _, _ = _time_asks(questions)
        results["ask_ms_memory_off"] = _common.summary_ms(off)
        print(f"  ask(), question memory off: {json.dumps(results['ask_ms_memory_off'])}")
        before = rss_mb()
        started = time.perf_counter()
        known = get_memory()
        results["memory_build_ms"] = round((time.perf_counter() - started) * 1000, 1)
        results["memory_known_questions"] = len(known)
        results["memory_rss_mb"] = round(rss_mb() - before, 1)
        print(
            f"==> question memory: {len(known)} known questions, built in {results['memory_build_ms']} ms, "
            f"+{results['memory_rss_mb']} MiB resident",
            flush=True,
        )
        samples, sources, low = _time_asks(questions)
    finally:
        cleanup()
        shutil.rmtree(var_dir, ignore_errors=True)
    results["ask_ms"] = _common.summary_ms(samples)
    results["answer_sources"] = {str(AnswerSource(k).label): round(v / len(questions), 3) for k, v in sources.items()}
    results["low_confidence_share"] = round(low / len(questions), 3)
    print(f"  ask(), question memory on: {json.dumps(results['ask_ms'])}")
    print(f"  answer sources: {json.dumps(results['answer_sources'], ensure_ascii=False)}")
    print(f"  low confidence: {results['low_confidence_share']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    keys = (
        "import_s",
        "index_rss_mb",
        "process_rss_mb",
        "ask_ms_memory_off",
        "ask_ms",
        "memory_known_questions",
        "memory_build_ms",
        "memory_rss_mb",
        "answer_sources",
        "low_confidence_share",
    )
    summary = {k: results[k] for k in keys}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
