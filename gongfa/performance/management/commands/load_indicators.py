"""manage.py load_indicators [path]: create or update indicators from a JSON file (checked first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.core.errors import DomainError
from gongfa.performance.definitions import DATA, load_indicators


class Command(BaseCommand):
    help = "从 JSON 文件导入或更新考核指标（先校验口径，有错误则整个文件不导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DATA))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = load_indicators(Path(options["path"]))
        except DomainError as error:
            raise CommandError("\n".join(problem.message for problem in error.problems)) from None
        self.stdout.write(f"已导入 {count} 个指标。")
