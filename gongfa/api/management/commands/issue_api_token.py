"""Issue an API token for an integration, or revoke one.

    manage.py issue_api_token USERNAME --scope workorders:create --scope workorders:read [--name …] [--days N]
    manage.py issue_api_token --revoke PREFIX

The token is printed once; only its hash is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.accounts.models import User
from gongfa.api.models import TokenScope
from gongfa.api.tokens import issue_token, revoke_token
from gongfa.core.errors import DomainError


class Command(BaseCommand):
    help = "签发或吊销接口令牌 (Issue an API token for USERNAME with --scope …, or --revoke PREFIX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the account the integration acts as")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=TokenScope.values,
            help="a scope the token may use (repeat for several)",
        )
        parser.add_argument("--name", default="", help="what the token is for, e.g. “12345对接”")
        parser.add_argument("--days", type=int, default=None, help="expires after this many days (default: never)")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix instead")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["revoke"]:
                token = revoke_token(options["revoke"])
                self.stdout.write(f"revoked gf_{token.prefix}_… ({token.name}, {token.user.username})")
                return
            username = options["username"]
            if not username:
                raise CommandError("give a USERNAME to issue a token for, or --revoke PREFIX")
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user named {username!r}")
            if not options["scope"]:
                raise CommandError(f"give at least one --scope ({', '.join(TokenScope.values)})")
            token, plain = issue_token(user=user, scopes=options["scope"], name=options["name"], days=options["days"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        expiry = f"expires {token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else "does not expire"
        self.stdout.write(f"token for {user.username} ({token.name}; {', '.join(token.scopes)}; {expiry}):")
        self.stdout.write(plain)
        self.stdout.write("Store it now: it is shown only this once.")
