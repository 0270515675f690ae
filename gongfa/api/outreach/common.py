"""What the outreach routers share: the token scopes they accept (a token with the scope, or a
signed-in session: the advisers' app and the workbench)."""

from __future__ import annotations

from gongfa.api.auth import SessionAuth, TokenAuth, token_or_session
from gongfa.api.models import TokenScope

OUTREACH_LOG = TokenScope.OUTREACH_LOG.value  # 登记村(居)法律顾问工作日志
OUTREACH_READ = TokenScope.OUTREACH_READ.value  # 查询法律顾问覆盖情况


def outreach_auth(scope: str) -> list[TokenAuth | SessionAuth]:
    """A token with `scope` or a session."""
    return token_or_session(scope)
