"""Delete old one-time login code rows (schedule daily; the rate limits only look back an hour)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongfa.accounts.services import purge_login_codes


class Command(BaseCommand):
    help = "删除过期的登录验证码记录 (Delete one-time login codes older than --days days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="keep codes younger than this many days")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_login_codes(older_than_days=options["days"])
        self.stdout.write(f"deleted {deleted} login code(s)")
