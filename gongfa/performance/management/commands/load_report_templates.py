"""Load the report templates (报表模板) from data/report_templates/*.json, or the files named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.performance.templates_loader import TemplateFileError, load_files, template_files


class Command(BaseCommand):
    help = "检查并导入月报模板（JSON）：全部正确才写入，错误逐条指明文件和栏目。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="模板文件；不填则导入 data/report_templates/ 下全部文件")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(name) for name in options["files"]] or template_files()
        try:
            templates = load_files(paths)
        except TemplateFileError as exc:
            raise CommandError("模板有误，未导入：\n" + "\n".join(exc.problems)) from None
        for template in templates:
            self.stdout.write(f"已导入：{template.code} {template.name}（{template.rows.count()} 栏）")
