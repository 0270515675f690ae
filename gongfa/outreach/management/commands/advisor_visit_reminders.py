"""manage.py advisor_visit_reminders: the monthly reminder to advisers whose visits to a village
fell short, by hand (the beat runs it on the 1st of each month)."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.outreach.services.advisers import remind_missed_visits


class Command(BaseCommand):
    help = "村(居)法律顾问到村服务提醒：上月（或 --month 指定月份）到村服务次数不足的顾问各提醒一次"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default="", help="月份，如 2026-11（默认上个月）")

    def handle(self, *args: Any, **options: Any) -> None:
        month = options.get("month") or ""
        if month:
            found = re.fullmatch(r"(\d{4})-(\d{1,2})", month)
            if found is None or not 1 <= int(found.group(2)) <= 12:
                raise CommandError("月份格式应为 年-月，如 2026-11。")
            sent = remind_missed_visits(int(found.group(1)), int(found.group(2)))
        else:
            sent = remind_missed_visits()
        self.stdout.write(f"已提醒：{sent} 位法律顾问")
