"""manage.py train_topic_classifier: train the triage topic model (gongfa.knowledge.topics).

Learns from staff-labelled work orders (重新分类 corrections, and orders whose topic staff set),
published FAQ entries with a topic, the shipped cue words, and the statute articles in force
labelled through the law → topic table, so a fresh install has a model. Saved atomically under
VAR_DIR/models/; running processes pick the new file up on their next classification. When the
training data has not changed since the saved model was trained, nothing is retrained (--force
retrains anyway), so a second `make run` is quick."""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.knowledge.topics import NotEnoughData, model_is_current, train_and_save

SOURCE_NAMES = {"staff": "人工标注", "faq": "常见问题", "rules": "提示词", "corpus": "法条"}


class Command(BaseCommand):
    help = "训练工单分类模型（人工标注、常见问题、法条弱标注），保存到 VAR_DIR/models/"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-corpus", action="store_true", help="不用法条弱标注（只用人工标注和常见问题）")
        parser.add_argument(
            "--min-examples", type=int, default=20, help="至少需要多少条文本样本（默认 20，不含提示词），不足则不训练"
        )
        parser.add_argument("--force", action="store_true", help="训练数据未变也重新训练")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["force"] and model_is_current(corpus=not options["no_corpus"]):
            self.stdout.write("训练数据未变，沿用已有模型（--force 可重新训练）")
            return
        try:
            report = train_and_save(corpus=not options["no_corpus"], min_examples=options["min_examples"])
        except NotEnoughData as exc:
            raise CommandError(str(exc)) from None
        per = report.per_topic
        sources = [s for s in SOURCE_NAMES if any(s in c for c in per.values())]
        self.stdout.write("类别\t" + "\t".join(SOURCE_NAMES[s] for s in sources))
        for code, name in report.names.items():
            counts = per.get(code, Counter())
            self.stdout.write(f"{name}\t" + "\t".join(str(counts[s]) for s in sources))
        totals: Counter[str] = Counter()
        for counts in per.values():
            totals.update(counts)
        summary = "，".join(f"{SOURCE_NAMES[s]} {totals[s]}" for s in sources)
        self.stdout.write(
            f"已训练 {sum(totals.values())} 条样本（{summary}），{len(report.model.vocabulary)} 个特征，"
            f"用时 {report.seconds:.1f} 秒，保存在 {report.path}"
        )
