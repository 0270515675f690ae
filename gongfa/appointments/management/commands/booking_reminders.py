"""manage.py booking_reminders: the day-before booking reminders by hand (the beat runs them daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.appointments.services.booking import send_booking_reminders


class Command(BaseCommand):
    help = "公证预约提醒：向明天有预约的群众发送提醒（每个预约只提醒一次）"

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_booking_reminders()
        self.stdout.write(f"已提醒：{sent} 个预约")
