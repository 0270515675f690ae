"""manage.py mark_overdue_prompts: the publicity prompts' overdue sweep by hand (the beat runs it daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.outreach.services.publicity_prompts import mark_overdue_prompts


class Command(BaseCommand):
    help = "普法提示：将超过反馈期限仍未反馈的提示标记为“反馈逾期”（每条只标记一次）"

    def handle(self, *args: Any, **options: Any) -> None:
        marked = mark_overdue_prompts()
        self.stdout.write(f"已标记反馈逾期：{marked} 条")
