"""What the outreach routers share: the token scopes they accept.

The scopes are not TokenScope values yet (gongfa/api/models.py is not this package's): until they
are added there, only a signed-in session (the advisers' app, the workbench) reaches these
endpoints; once they are, a token with the scope does too, with no change here."""

from __future__ import annotations

from gongfa.api.auth import SessionAuth, TokenAuth, token_or_session
from gongfa.api.models import TokenScope

OUTREACH_LOG = "outreach:log"  # 登记村(居)法律顾问工作日志
OUTREACH_READ = "outreach:read"  # 查询法律顾问覆盖情况


def known_scope(scope: str) -> str | None:
    return scope if scope in TokenScope.values else None


def outreach_auth(scope: str) -> list[TokenAuth | SessionAuth]:
    """A token with `scope` or a session; a session alone while the scope is not a TokenScope."""
    return token_or_session(scope) if known_scope(scope) else [SessionAuth()]
