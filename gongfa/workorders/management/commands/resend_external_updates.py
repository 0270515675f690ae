"""Send the updates back to 12345 whose retry is due (the same logic as the beat task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.workorders.tasks import resend_external_updates


class Command(BaseCommand):
    help = "回传12345：发送到期重发和任务丢失的回传记录。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已回传 {resend_external_updates()} 条")
