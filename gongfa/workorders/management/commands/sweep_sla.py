"""Raise and escalate supervision notices on overdue work orders (the same logic as the beat task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.workorders.services.supervision import sweep_overdue


class Command(BaseCommand):
    help = "督办扫描：对超时工单发出督办通知并逐级上报 (run every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(sweep_overdue()))
