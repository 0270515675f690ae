"""Dispatch queued NEW work orders by the rules (the same logic as the beat task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.workorders.tasks import dispatch_queued


class Command(BaseCommand):
    help = "自动派单：按分派规则派发待分派工单。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"派单 {dispatch_queued()} 件")
