"""manage.py qa_eval FILE.jsonl: statute retrieval quality and latency; the last line is JSON.

It measures the ranking the Q&A cites from (knowledge.ranking.rank_articles): the statute search,
fused with the question memory (--memory live, the default: the published FAQ and verified
questions in this database; --memory none: the statute search alone), re-ranked by --reranker
(default: the QA_RERANKER setting). --coverage-curve simulates verified questions instead (see
knowledge.evaluation.coverage_curve): R@5 as a function of the share of items whose gold article
has a memory entry, never testing an item on its own entry."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from gongfa.core.errors import DomainError
from gongfa.knowledge.evaluation import coverage_curve, evaluate, read_items
from gongfa.knowledge.ranking import rank_articles
from gongfa.knowledge.search import get_index


class Command(BaseCommand):
    help = "评测法条检索：Recall@1/5/10、Hit@10、MRR@100、每题延迟（中位数、P95），按来源分列；最后一行为 JSON"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSONL：每行 {id, question, gold:[{law_name, article_no}], source}")
        parser.add_argument(
            "--memory",
            choices=["live", "none"],
            default="live",
            help="问题记忆：live=本库常见问题和已核实问题；none=不用",
        )
        parser.add_argument("--reranker", default=None, help="重排序：none / onnx / llm（默认取 QA_RERANKER）")
        parser.add_argument("--coverage-curve", action="store_true", help="模拟已核实问题覆盖率与召回率的关系")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            items = read_items(options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        index = get_index()  # loaded before timing: latency is per question, index in memory
        if not len(index.article_ids):
            raise CommandError("法规库为空：请先运行 manage.py import_statutes")
        if options["coverage_curve"]:
            self._coverage_curve(items)
            return
        use_memory = options["memory"] == "live"
        reranker = options["reranker"]
        if reranker is not None:
            from gongfa.core.health import CheckFailed
            from gongfa.knowledge.health import check_reranker

            try:
                with override_settings(QA_RERANKER=reranker):
                    self.stdout.write(f"reranker {reranker}: {check_reranker()}")
            except CheckFailed as exc:  # the readiness message says what is wrong
                raise CommandError(f"重排序 {reranker} 不可用：{exc}") from None
        fallbacks: list[str] = []

        def search(question: str, k: int) -> list[int]:
            ranking = rank_articles(question, k, use_memory=use_memory, reranker=reranker)
            if ranking.fallback_reason:
                fallbacks.append(ranking.fallback_reason)
            return [pk for pk, _ in ranking.hits]

        result = evaluate(items, search)
        header = f"{'':<14}{'n':>5}{'R@1':>8}{'R@5':>8}{'R@10':>8}{'Hit@10':>8}{'MRR':>8}{'median':>9}{'p95':>9}"
        self.stdout.write(header)
        rows = [("overall", result["overall"]), *result["by_source"].items()]
        for name, m in rows:
            self.stdout.write(
                f"{name:<14}{m['n']:>5}{m['recall@1']:>8.3f}{m['recall@5']:>8.3f}{m['recall@10']:>8.3f}"
                f"{m['hit@10']:>8.3f}{m['mrr@100']:>8.3f}{m['median_ms']:>7.1f}ms{m['p95_ms']:>7.1f}ms"
            )
        if fallbacks:
            self.stdout.write(f"re-ranker fell back on {len(fallbacks)} questions (first: {fallbacks[0]})")
        summary = {**result["overall"], "by_source": result["by_source"], "memory": options["memory"]}
        summary["reranker"] = reranker or getattr(settings, "QA_RERANKER", "none")
        summary["fallbacks"] = len(fallbacks)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _coverage_curve(self, items: list[Any]) -> None:
        from gongfa.knowledge.recall import known_questions

        base = list(known_questions())  # the published FAQ (starter) and what staff verified here

        def rank(question: str, k: int, memory: Any) -> list[int]:
            return [pk for pk, _ in rank_articles(question, k, memory=memory, reranker="none").hits]

        points = coverage_curve(items, base, rank)
        self.stdout.write(f"memory base: {len(base)} known questions; 2 folds, each tested on the other's entries")
        self.stdout.write("R@5 covered: the covered items with the verified entries; before: the same items without")
        self.stdout.write(
            f"{'kept':>6}{'coverage':>10}{'R@5':>8}{'covered':>9}{'before':>8}{'not covered':>13}{'MRR':>8}"
        )
        for point in points:
            overall = point.result["overall"]
            self.stdout.write(
                f"{point.share_kept:>6.2f}{point.coverage:>10.3f}{overall['recall@5']:>8.3f}"
                f"{point.covered.get('recall@5', 0.0):>9.3f}{point.covered_before.get('recall@5', 0.0):>8.3f}"
                f"{point.uncovered.get('recall@5', 0.0):>13.3f}{overall['mrr@100']:>8.3f}"
            )
        payload = [
            {
                "kept": p.share_kept,
                "coverage": p.coverage,
                "recall@5": p.result["overall"]["recall@5"],
                "covered": p.covered,
                "covered_before": p.covered_before,
                "uncovered": p.uncovered,
            }
            for p in points
        ]
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
