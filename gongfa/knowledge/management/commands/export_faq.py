"""manage.py export_faq FILE.xlsx: write FAQ entries (常见问题导出) in the columns import_faq reads."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry
from gongfa.workorders.models import Topic

STATUS_CHOICES = sorted(faq.STATUS_BY_WORD)


class Command(BaseCommand):
    help = "导出常见问题为 xlsx（可按状态、类别筛选），可用 import_faq 再导入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="要写入的 .xlsx 文件")
        parser.add_argument("--status", choices=STATUS_CHOICES, help="只导出该状态（草稿/已发布/已停用）")
        parser.add_argument("--topic", help="只导出该类别（名称或代码，如“劳动纠纷”或 labour）")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if path.suffix.lower() != ".xlsx":
            raise CommandError("导出文件名应以 .xlsx 结尾")
        entries = FaqEntry.objects.all()
        if options["status"]:
            status: FaqStatus = faq.STATUS_BY_WORD[options["status"]]
            entries = entries.filter(status=status)
        if options["topic"]:
            topic = (
                Topic.objects.filter(name=options["topic"]).first()
                or Topic.objects.filter(code=options["topic"]).first()
            )
            if topic is None:
                raise CommandError(f"类别“{options['topic']}”不存在")
            entries = entries.filter(topic=topic)
        count = entries.count()
        try:
            path.write_bytes(faq.export_entries(entries))
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc}") from None
        self.stdout.write(f"已导出 {count} 条常见问题到 {path}")
