"""manage.py mediation_reminders: the daily mediation sweeps by hand (the beat runs them each day)."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.mediation.services.consent import lapse_overdue_consents
from gongfa.mediation.services.followup import flag_due_return_visits, remind_confirmation_windows


class Command(BaseCommand):
    help = "人民调解每日提醒：逾期未答复的调解邀请视为拒绝、司法确认期限将届满提醒、回访到期提醒"

    def handle(self, *args: Any, **options: Any) -> None:
        lapsed = lapse_overdue_consents()
        reminded = remind_confirmation_windows()
        due = flag_due_return_visits()
        self.stdout.write(f"视为拒绝调解：{len(lapsed)} 件；司法确认提醒：{reminded} 件；回访到期：{due} 件")
