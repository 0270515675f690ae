"""Every door has a declared access rule (门禁声明): each page view and each API operation says who
may use it, and the declaration is what enforces it.

- Pages: ``@door(Audience.STAFF)`` (or PUBLIC, SIGNED_IN, CITIZEN, SUPERVISOR, ADMINISTRATOR;
  ``roles=`` narrows STAFF to some roles) records the rule on the view and checks it before the
  view runs. A visitor who is not signed in goes to the login page of the audience (the staff
  login for staff doors, the citizen login otherwise); a signed-in person of the wrong kind gets
  403, or 404 with ``hidden=True`` where the project does not reveal that a page exists for others.
- API operations: ``@api_door(Audience.SIGNED_IN, scope=TokenScope.…)`` under the router's
  decorator records the rule: who may call it with a browser session, and the token scope that
  lets an integration call it. ``enforce_api_door``, added once to the NinjaAPI, refuses a
  session of the wrong kind before the body is read (403, or 404 when hidden); the operation's
  ``auth=`` (gongfa.api.auth) turns away callers with neither a session nor a token (401) and
  tokens without the scope (403).
- Framework doors (the admin site, set_language, the API docs) are listed in FRAMEWORK_DOORS,
  each with its reason.

The door is only the first check: what a person may see and touch inside (which work order,
which case) is still decided by the selectors, which answer 404 for other people's records.
``gongfa/core/tests/test_every_door_declared.py`` walks the URL conf (``entrances()``) and fails
for any view or operation without a door; ``test_every_door_answers.py`` asks every door as each
kind of person and compares the answer with the declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import resolve_url
from django.utils.translation import gettext

from gongfa.accounts.choices import STAFF_ROLES
from gongfa.core.errors import DomainError, NotPermitted

ATTRIBUTE = "access_door"
STAFF_LOGIN_URL = "accounts:staff_login"

F = TypeVar("F", bound=Callable[..., Any])


class Audience(StrEnum):
    """Who a door is for (使用对象)."""

    PUBLIC = "public"  # 任何人，含未登录访客
    SIGNED_IN = "signed_in"  # 已登录的任何人（群众或工作人员；页面内再按身份分流）
    CITIZEN = "citizen"  # 已登录的群众
    STAFF = "staff"  # 工作人员（roles 可限定角色）
    SUPERVISOR = "supervisor"  # 督办主管与系统管理员
    ADMINISTRATOR = "administrator"  # 系统管理员
    INTEGRATION = "integration"  # 仅接口令牌（外部系统），不接受浏览器会话


REFUSALS = {
    Audience.CITIZEN: "仅限群众本人使用。",
    Audience.STAFF: "仅限工作人员使用。",
    Audience.SUPERVISOR: "仅限督办主管使用。",
    Audience.ADMINISTRATOR: "仅限系统管理员使用。",
    Audience.INTEGRATION: "此接口仅接受接口令牌调用。",
}


class NotSignedIn(DomainError):
    """An API operation declared for signed-in callers has no auth= to turn a visitor away (the
    walker test forbids it; should one slip through): 401 like any unauthenticated call."""

    code = "not_authenticated"
    status = 401


@dataclass(frozen=True)
class Door:
    """One declared access rule (门禁规则)."""

    audience: Audience
    roles: frozenset[str] = frozenset()
    scope: str | None = None  # API only: the token scope that opens it for an integration
    hidden: bool = False  # a signed-in person of the wrong kind gets 404, not 403
    message: str = ""  # what the wrong kind of person is told (default: REFUSALS)

    def __post_init__(self) -> None:
        unknown = self.roles - STAFF_ROLES
        if unknown:
            raise ValueError(f"unknown staff roles {sorted(unknown)}")
        if self.roles and self.audience != Audience.STAFF:
            raise ValueError("roles= narrows Audience.STAFF only")
        if self.audience == Audience.INTEGRATION and not self.scope:
            raise ValueError("an integration door names the token scope")

    def admits(self, user: Any) -> bool:
        """Whether this person (a User, AnonymousUser or None) may pass the door."""
        if self.audience == Audience.PUBLIC:
            return True
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        role = getattr(user, "role", "")
        staff = role in STAFF_ROLES
        if self.audience == Audience.SIGNED_IN:
            return True
        if self.audience == Audience.CITIZEN:
            return bool(getattr(user, "is_citizen", False))
        if self.audience == Audience.STAFF:
            return staff and (not self.roles or role in self.roles)
        if self.audience == Audience.SUPERVISOR:
            return staff and bool(user.is_supervisor or user.is_administrator)
        if self.audience == Audience.ADMINISTRATOR:
            return staff and bool(user.is_administrator)
        return False  # INTEGRATION: never through a session

    @property
    def login_url(self) -> str:
        """Where a visitor who is not signed in is sent (pages)."""
        if self.audience in {Audience.STAFF, Audience.SUPERVISOR, Audience.ADMINISTRATOR}:
            return resolve_url(STAFF_LOGIN_URL)
        return resolve_url(settings.LOGIN_URL)

    @property
    def refusal(self) -> str:
        return self.message or REFUSALS.get(self.audience, "无权访问。")

    def describe(self) -> str:
        """Readable form for test failures and the docs: ``staff[lawyer]`` or ``signed_in+legalaid:read``."""
        text = str(self.audience)
        if self.roles:
            text += f"[{','.join(sorted(self.roles))}]"
        if self.scope:
            text += f"+{self.scope}"
        return text


def _make(audience: Audience, roles: Iterable[str], scope: str | None, hidden: bool, message: str) -> Door:
    return Door(
        audience=Audience(audience),
        roles=frozenset(str(r) for r in roles),
        scope=scope,
        hidden=hidden,
        message=message,
    )


def door(audience: Audience, *, roles: Iterable[str] = (), hidden: bool = False, message: str = "") -> Callable[[F], F]:
    """Declare and enforce who may use a page view (see the module docstring)."""
    rule = _make(audience, roles, None, hidden, message)

    def decorate(view: F) -> F:
        if rule.audience == Audience.PUBLIC:
            # Nothing to check: the view is left as it is (the probes must not touch the session).
            setattr(view, ATTRIBUTE, rule)
            return view

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if not rule.admits(user):
                refused(request, rule)
                if not user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), rule.login_url)
                if rule.hidden:
                    raise Http404(gettext("找不到该页面"))
                raise PermissionDenied(rule.refusal)
            return view(request, *args, **kwargs)

        setattr(guarded, ATTRIBUTE, rule)
        return guarded  # type: ignore[return-value]

    return decorate


def api_door(
    audience: Audience,
    *,
    scope: str | None = None,
    roles: Iterable[str] = (),
    hidden: bool = False,
    message: str = "",
) -> Callable[[F], F]:
    """Declare who may call an API operation: a browser session of `audience`, or a token with
    `scope`. Records only (ninja reads the function's signature, so it is not wrapped here);
    ``enforce_api_door`` checks it before the operation runs."""
    rule = _make(audience, roles, str(scope) if scope else None, hidden, message)

    def decorate(operation: F) -> F:
        setattr(operation, ATTRIBUTE, rule)
        return operation

    return decorate


def enforce_api_door(run: F) -> F:
    """NinjaAPI decorator in "view" mode (``api.add_decorator(enforce_api_door, mode="view")``):
    wraps each bound operation's run(), so the door answers before the body is parsed (a person
    of the wrong kind gets 403, not a 422 about the body). A request with a bearer token is judged
    by the operation's auth alone (the token's scope); a session of the wrong kind is refused here;
    a visitor without either is left to the operation's auth (401)."""
    operation = getattr(run, "__self__", None)
    rule = door_of(operation.view_func) if operation is not None else None
    if operation is None or rule is None or rule.audience == Audience.PUBLIC:
        return run
    declared: Door = rule

    @wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refusal = _api_refusal(declared, request, has_auth=bool(operation.auth_callbacks))
        if refusal is not None:
            refused(request, declared)
            return operation.api.on_exception(request, refusal)
        return run(request, *args, **kwargs)

    return guarded  # type: ignore[return-value]


def _api_refusal(rule: Door, request: HttpRequest, *, has_auth: bool) -> Exception | None:
    if request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "bearer":
        return None  # gongfa.api.auth: a token is judged by its scope, never by the session
    if rule.audience == Audience.INTEGRATION:
        return None  # its auth takes no session: 401, as for anyone without a token
    user = request.user
    if not user.is_authenticated:
        # the operation's auth answers 401; without any (a declaration its auth= contradicts) so do we
        return None if has_auth else NotSignedIn("请先登录，或提供有效的接口令牌。")
    if rule.admits(user):
        return None
    return Http404(gettext("未找到。")) if rule.hidden else NotPermitted(rule.refusal)


REFUSED_ATTRIBUTE = "access_refused_by"


def refused(request: HttpRequest, rule: Door) -> None:
    """Mark the request as turned away by its door (the matrix test tells a door's refusal from a
    selector's or a service's by it; clients see only the answer)."""
    setattr(request, REFUSED_ATTRIBUTE, rule)


def door_of(view: Callable[..., Any]) -> Door | None:
    """The door declared on a view or operation function (through any functools.wraps layers)."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        rule = getattr(seen, ATTRIBUTE, None)
        if isinstance(rule, Door):
            return rule
        seen = getattr(seen, "__wrapped__", None)
    return None


# Doors that belong to the framework, not to a feature: the walker test skips them, each for
# the reason given. Keyed by URL name (namespace:name) or namespace.
FRAMEWORK_DOORS: dict[str, str] = {
    "admin": "Django admin: its own login and is_staff/permission checks (administrators)",
    "set_language": "Django i18n: switches the language cookie for anyone, changes no data",
    "api:openapi-view": "ninja's docs: gongfa.api.auth.docs_access (staff, or public by API_DOCS_PUBLIC)",
    "api:openapi-json": "ninja's schema: gongfa.api.auth.docs_access (staff, or public by API_DOCS_PUBLIC)",
    "api:api-root": "ninja's root: always 404, names where the docs are",
}


@dataclass(frozen=True)
class Entrance:
    """One door found in the URL conf: a page view, or one API operation (its methods)."""

    route: str  # the URL pattern, e.g. "workbench/orders/<str:tracking_number>/"
    name: str  # namespace:name ("" when the pattern has no name)
    namespace: str
    view: Callable[..., Any]
    methods: tuple[str, ...] = ()  # API operations only; pages answer what the view allows
    api: bool = False
    operation: Any = None  # the ninja Operation (its auth callbacks), API only

    @property
    def door(self) -> Door | None:
        return door_of(self.view)

    @property
    def label(self) -> str:
        methods = f" {'/'.join(self.methods)}" if self.methods else ""
        return f"/{self.route}{methods} ({self.name or self.view.__qualname__})"

    @property
    def exemption(self) -> str | None:
        """Why the walker skips this door (FRAMEWORK_DOORS), or None."""
        for key in (self.name, self.namespace.split(":", 1)[0]):
            if key and key in FRAMEWORK_DOORS:
                return FRAMEWORK_DOORS[key]
        return None


def _path_view_of(callback: Callable[..., Any]) -> Any:
    """ninja serves each path through a closure over its PathView (one per path, several
    operations, one per method set): find it, or None for a plain Django view."""
    from ninja.operation import PathView

    for cell in getattr(callback, "__closure__", None) or ():
        contents = cell.cell_contents
        if isinstance(contents, PathView):
            return contents
    return None


def entrances() -> list[Entrance]:
    """Every door of the URL conf (ROOT_URLCONF), recursively, ninja operations included; each once
    (ninja repeats a path's pattern for each of its operations)."""
    from django.urls import get_resolver

    unique: dict[tuple[str, tuple[str, ...], int], Entrance] = {}
    for entrance in _walk(get_resolver().url_patterns, "", ""):
        unique.setdefault((entrance.route, entrance.methods, id(entrance.view)), entrance)
    return list(unique.values())


def _walk(patterns: Iterable[Any], prefix: str, namespace: str) -> list[Entrance]:
    from django.urls import URLPattern, URLResolver

    found: list[Entrance] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found.extend(_walk(pattern.url_patterns, route, inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            path_view = _path_view_of(pattern.callback)
            if path_view is None:
                found.append(Entrance(route=route, name=name, namespace=namespace, view=pattern.callback))
                continue
            for operation in path_view.operations:
                found.append(
                    Entrance(
                        route=route,
                        # ninja names each operation's pattern after its function (url_name=)
                        name=f"{namespace}:{getattr(operation, 'url_name', '') or operation.view_func.__name__}",
                        namespace=namespace,
                        view=operation.view_func,
                        methods=tuple(sorted(operation.methods)),
                        api=True,
                        operation=operation,
                    )
                )
    return found
