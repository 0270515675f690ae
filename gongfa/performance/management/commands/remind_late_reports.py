"""Remind the reporting regions of monthly reports past their due day (催报); once per report a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.performance.services.reports import remind_late_reports


class Command(BaseCommand):
    help = "对超过报送期限仍未报送的月报发出催报提醒（每份月报每天至多一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = remind_late_reports()
        self.stdout.write(f"已催报 {count} 份月报。")
