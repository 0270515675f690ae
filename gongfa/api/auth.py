"""Who is calling: an integration with a bearer token, or a person with a browser session.

Every endpoint lists both: ``auth=[TokenAuth(scope), SessionAuth()]``. A request that carries an
``Authorization: Bearer`` header is judged by its token alone (bad token → 401, missing scope →
403, never a fall-back to the session); without one, the session decides (with Django's CSRF
check on unsafe methods). Either way the view gets a Principal: the acting user, and the token
when there is one. What the user may see and do is decided by the selectors, as for a person.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from gongfa.accounts.models import User
from gongfa.api.models import ApiToken, TokenScope
from gongfa.api.tokens import InsufficientScope, authenticate_token
from gongfa.core.dbrouting import api_pinned
from gongfa.core.errors import DomainError


class CsrfFailed(DomainError):
    code = "csrf_failed"
    status = 403


@dataclass(frozen=True)
class Principal:
    """The caller: the acting user, and the API token when the request carried one."""

    user: User
    token: ApiToken | None = None

    @property
    def client_id(self) -> str:
        """The owner of idempotency keys: one namespace per token, or per signed-in person."""
        return f"token:{self.token.pk}" if self.token is not None else f"user:{self.user.pk}"

    @property
    def via_session(self) -> bool:
        return self.token is None


class TokenAuth(HttpBearer):
    """Bearer token (``Authorization: Bearer gf_<prefix>_<secret>``) with a required scope."""

    openapi_bearerFormat = "gf_<prefix>_<secret>"
    openapi_description = "接口令牌（manage.py issue_api_token 签发），按权限范围授权：" + "、".join(
        f"{scope.value}（{scope.label}）" for scope in TokenScope
    )

    def __init__(self, scope: str) -> None:
        if scope not in TokenScope.values:
            raise ValueError(f"unknown token scope {scope!r}")
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        api_token = authenticate_token(token)
        if not api_token.has_scope(self.scope):
            raise InsufficientScope(gettext("该令牌没有“{scope}”权限。").format(scope=self.scope), field=self.scope)
        # A client that just wrote reads the primary (gongfa.core.dbrouting).
        api_pinned(api_token.user_id, api_token.pk)
        return Principal(api_token.user, api_token)


class SessionAuth(APIKeyCookie):
    """The browser's Django session (the portal and the workbench), CSRF-checked on writes."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "浏览器登录会话（门户/工作台），提交类请求须带 X-CSRFToken。"

    def __call__(self, request: HttpRequest) -> Principal | None:
        user = request.user
        if not (user.is_authenticated and user.is_active and isinstance(user, User)):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed(gettext("CSRF 校验失败，请刷新页面后重试。"))
        return Principal(user)

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:  # pragma: no cover
        return None  # __call__ does the work


def token_or_session(scope: str) -> list[TokenAuth | SessionAuth]:
    return [TokenAuth(scope), SessionAuth()]


def principal(request: HttpRequest) -> Principal:
    auth = getattr(request, "auth", None)
    assert isinstance(auth, Principal), "endpoint without token_or_session auth"
    return auth


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Who may read /api/docs and /api/openapi.json (接口文档): signed-in staff, or everyone when
    settings.API_DOCS_PUBLIC opens them. An anonymous visitor goes to the staff login; a citizen
    gets 403. The setting is read per request, so an operator's change needs no code."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.API_DOCS_PUBLIC:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:staff_login"))
            if not (user.is_platform_staff or user.is_superuser):
                raise PermissionDenied(gettext("接口文档仅供工作人员查看。"))
        return view(request, *args, **kwargs)

    return wrapped
