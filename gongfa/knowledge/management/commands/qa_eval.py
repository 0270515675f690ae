"""manage.py qa_eval FILE.jsonl: statute retrieval quality and latency; the last line is JSON."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.core.errors import DomainError
from gongfa.knowledge.evaluation import evaluate, read_items
from gongfa.knowledge.search import get_index


class Command(BaseCommand):
    help = "评测法条检索：Recall@1/5/10、Hit@10、MRR@100、每题延迟（中位数、P95），按来源分列；最后一行为 JSON"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSONL：每行 {id, question, gold:[{law_name, article_no}], source}")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            items = read_items(options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        index = get_index()  # loaded before timing: latency is per question, index in memory
        if not len(index.article_ids):
            raise CommandError("法规库为空：请先运行 manage.py import_statutes")
        result = evaluate(items, lambda question, k: [pk for pk, _ in index.search(question, k)])
        header = f"{'':<14}{'n':>5}{'R@1':>8}{'R@5':>8}{'R@10':>8}{'Hit@10':>8}{'MRR':>8}{'median':>9}{'p95':>9}"
        self.stdout.write(header)
        rows = [("overall", result["overall"]), *result["by_source"].items()]
        for name, m in rows:
            self.stdout.write(
                f"{name:<14}{m['n']:>5}{m['recall@1']:>8.3f}{m['recall@5']:>8.3f}{m['recall@10']:>8.3f}"
                f"{m['hit@10']:>8.3f}{m['mrr@100']:>8.3f}{m['median_ms']:>7.1f}ms{m['p95_ms']:>7.1f}ms"
            )
        self.stdout.write(json.dumps({**result["overall"], "by_source": result["by_source"]}, ensure_ascii=False))
