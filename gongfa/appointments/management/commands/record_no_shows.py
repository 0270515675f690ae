"""manage.py record_no_shows: record missed bookings by hand (the beat runs it every 15 minutes)."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.appointments.services.booking import record_no_shows


class Command(BaseCommand):
    help = "公证预约爽约登记：预约开始后超过规定时间仍未到场的，记为爽约并办结工单"

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = record_no_shows()
        self.stdout.write(f"记为爽约：{recorded} 个预约")
