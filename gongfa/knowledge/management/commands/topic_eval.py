"""manage.py topic_eval FILE.jsonl: the triage topic classifier's accuracy; the last line is JSON.

Measures whatever work-order triage uses (workorders.classify.classify_topic: the keyword table,
or settings.TOPIC_CLASSIFIER). A question the classifier leaves unclassified counts as 其他.
--memory none measures it without the question memory's topic votes (before/after #19)."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from gongfa.core.errors import DomainError
from gongfa.knowledge.evaluation import evaluate_topics, read_topic_items


class Command(BaseCommand):
    help = "评测工单分类：准确率、宏平均 F1、主要混淆；最后一行为 JSON"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSONL：每行 {id, question, label, source}，label 为类别名称")
        parser.add_argument(
            "--memory",
            choices=["live", "none"],
            default="live",
            help="问题记忆：live=本库常见问题和已核实问题；none=不用",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gongfa.workorders.classify import classify_topic

        try:
            items = read_topic_items(options["file"])
        except DomainError as exc:
            raise CommandError(exc.message) from None

        def classify(question: str) -> str:
            guess = classify_topic(question)
            return guess.topic.name if guess.topic is not None else "其他"

        with override_settings(QA_MEMORY_ENABLED=options["memory"] == "live" and settings.QA_MEMORY_ENABLED):
            result = evaluate_topics(items, classify)
        self.stdout.write(
            f"n {result['n']}  accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}  "
            f"median {result['median_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms"
        )
        self.stdout.write("top confusions (gold → predicted):")
        for row in result["confusions"]:
            self.stdout.write(f"  {row['gold']} → {row['predicted']}: {row['count']}")
        self.stdout.write(json.dumps({**result, "memory": options["memory"]}, ensure_ascii=False))
