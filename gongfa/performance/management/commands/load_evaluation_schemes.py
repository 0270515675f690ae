"""manage.py load_evaluation_schemes [directory]: check and install the evaluation schemes
(data/evaluation_schemes/*.json by default); a bad file names itself and each bad item, and then
nothing is installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.performance.schemes_loader import DIRECTORY, install_schemes, load_all


class Command(BaseCommand):
    help = "校验并导入考评方案（JSON 文件）；任一文件有错误则全部不导入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", default=str(DIRECTORY))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            installed = install_schemes(load_all(Path(options["directory"])))
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已导入 {len(installed)} 个考评方案。")
