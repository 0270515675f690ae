"""manage.py sync_public_good [--year 2025] [--person <user pk>]: bring the automatic public-good
records in step with their sources by hand (the beat runs it nightly)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.accounts.models import User
from gongfa.outreach.services.publicgood import sync_public_good


class Command(BaseCommand):
    help = "公益法律服务档案同步：按法律援助、值班、法律帮助、顾问日志、调解和普法宣讲记录更新自动记录"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="只同步该年度（默认全部年度）")
        parser.add_argument("--person", type=int, default=None, help="只同步该人员（账号 ID）")

    def handle(self, *args: Any, **options: Any) -> None:
        person = None
        if options["person"] is not None:
            person = User.objects.filter(pk=options["person"]).first()
            if person is None:
                raise CommandError(f"找不到账号 {options['person']}")
        result = sync_public_good(person=person, year=options["year"])
        self.stdout.write(f"公益法律服务档案：{result}")
