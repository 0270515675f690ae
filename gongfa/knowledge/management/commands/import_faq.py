"""manage.py import_faq [FILE]: load FAQ entries (常见问题导入) from an .xlsx sheet.

Columns: 问题, 答复, 类别, 依据法条, 状态, 复核日期, 问法 (see knowledge.faq). Every row is checked
first; if any row is bad nothing is written and every bad row is listed. Safe to run again: entries
are matched by question. Without FILE: the starter knowledge base that ships with the platform
(knowledge/data/starter/*.json, entries marked as starter content for the bureau to review), which
needs the statutes imported first (manage.py import_statutes); existing entries are left alone."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.knowledge import faq
from gongfa.knowledge.models import Law


class Command(BaseCommand):
    help = "导入常见问题（.xlsx：问题、答复、类别、依据法条、状态、复核日期、问法）；有一行出错则全部不导入；可重复运行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="xlsx 文件（默认：随平台提供的入门知识库）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--only-new", action="store_true", help="只新增，不改动已有的同名问题")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"] is None:
            self._starter(dry_run=options["dry_run"])
            return
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            rows = faq.read_file(path)
            if options["dry_run"]:
                checked = faq.validate_rows(rows)
                self.stdout.write(f"检查通过：{len(checked)} 行，未写入。")
                return
            report = faq.import_rows(rows, only_new=options["only_new"])
        except faq.FaqImportError as exc:
            raise CommandError("\n".join([exc.message, *exc.errors])) from None
        self.stdout.write(report.summary())

    def _starter(self, *, dry_run: bool) -> None:
        if not Law.objects.exists():
            raise CommandError("法规库为空：请先运行 manage.py import_statutes，再导入入门知识库")
        try:
            report = faq.import_starter(dry_run=dry_run)
        except faq.FaqImportError as exc:
            raise CommandError("\n".join([exc.message, *exc.errors])) from None
        if dry_run:
            self.stdout.write(f"检查通过：入门知识库 {len(faq.starter_files())} 个文件，未写入。")
            return
        self.stdout.write(report.summary())
