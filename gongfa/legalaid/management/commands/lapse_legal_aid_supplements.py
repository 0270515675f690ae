"""manage.py lapse_legal_aid_supplements: deemed withdrawal for lapsed supplement notices."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.legalaid.services import lapse_supplements


class Command(BaseCommand):
    help = "补充材料期限届满未补充的法律援助申请视为撤回（《法律援助法》第43条第2款）"

    def handle(self, *args: Any, **options: Any) -> None:
        count = lapse_supplements()
        self.stdout.write(f"视为撤回：{count} 件")
