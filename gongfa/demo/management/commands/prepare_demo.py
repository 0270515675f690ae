"""manage.py prepare_demo: everything `make run` does before it serves, in one process.

    migrate → import_statutes → import_faq --only-new → seed_demo → train_topic_classifier

The statutes come before the demo data so that the seed finds the FAQ already linked to its
articles (on a fresh database it used to print that the statutes were missing, which the next
step then fixed), and the topic model is trained last, on everything.

Each step is safe to repeat and skips quickly when nothing changed (the statute index and the topic
model are rebuilt only when what they are built from changed). On a restart most of the time used
to go into starting Python and Django once per step; here they start once. A failing step stops
the rest with its own error, as the separate commands did."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

STEPS: list[tuple[str, list[str], dict[str, Any]]] = [
    ("migrate", ["--noinput"], {"verbosity": 0}),
    ("import_statutes", [], {}),
    ("import_faq", ["--only-new"], {}),
    ("seed_demo", ["--history"], {}),
    ("train_topic_classifier", [], {}),
]


class Command(BaseCommand):
    help = (
        "运行前的准备（一个进程内依次执行）：迁移数据库、法规导入、常见问题导入、演示数据、训练分类模型；"
        "未变化的步骤很快跳过"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, arguments, extra in STEPS:
            started = time.perf_counter()
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr, **extra)
            self.stdout.write(f"==> {name}: {time.perf_counter() - started:.1f} s")
