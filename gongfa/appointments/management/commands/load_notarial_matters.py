"""manage.py load_notarial_matters [FILE]: load or update the notarial matter list (whole or nothing)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.appointments.matters import DATA, load_matters
from gongfa.core.errors import DomainError


class Command(BaseCommand):
    help = "导入或更新公证事项清单（JSON；有一项出错则全部不导入，并指出文件和第几项）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DATA))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = load_matters(Path(options["file"]))
        except DomainError as exc:
            raise CommandError("\n".join(p.message for p in exc.problems)) from None
        self.stdout.write(f"公证事项：{count} 项")
