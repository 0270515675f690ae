"""The navigation registry (导航菜单): each app declares its menu entries in its own
`navigation.py` (autodiscovered), and the base templates render only the entries the signed-in
person may use. A new app adds its pages here without touching core or the base templates.

An entry says where it lives (the workbench or the portal), which roles see it, and optionally a
predicate on the user (a scope or permission beyond the role), a setting that must be on, a badge
(a count such as unread notifications) and whether it is the landing page (首页) of some roles.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User

Person = User | AnonymousUser


class Area(StrEnum):
    WORKBENCH = "workbench"  # 工作台 (staff)
    PORTAL = "portal"  # 门户 (citizens and visitors)


ANONYMOUS = "anonymous"  # a "role" for visitors who have not signed in (portal entries)


@dataclass(frozen=True)
class NavEntry:
    """One menu entry (菜单项). `roles` lists who sees it (Role values, or ANONYMOUS); `when` is an
    extra check on the user (a scope, say); `permission` a Django permission they must hold;
    `feature` names a setting that must be true;
    `badge` counts something for the user (shown beside the label when above zero); the entry is
    the landing page (首页) of each role in `landing_for`."""

    key: str
    label: Any  # a (lazy) translated string
    url_name: str
    roles: frozenset[str]
    area: Area = Area.WORKBENCH
    order: int = 100
    when: Callable[[User], bool] | None = None
    permission: str = ""  # a Django permission the user must hold ("app_label.codename")
    feature: str = ""
    badge: Callable[[User], int] | None = None
    badge_label: Any = ""  # words after the count for screen readers (e.g. 条未读)
    landing_for: frozenset[str] = frozenset()
    exact: bool = False  # aria-current only on the URL itself, not on the pages under it
    testid: str = ""

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class MenuItem:
    """An entry as rendered for one request."""

    key: str
    label: Any
    url: str
    current: bool
    badge: int
    badge_label: Any
    testid: str


_entries: dict[str, NavEntry] = {}
_discovered = False
_lock = threading.Lock()


def register(*entries: NavEntry) -> None:
    """Declare menu entries (from an app's navigation.py). A key may be declared once."""
    for entry in entries:
        existing = _entries.get(entry.key)
        if existing is not None and existing != entry:
            raise ValueError(gettext("导航菜单项 {key!r} 重复声明").format(key=entry.key))
        _entries[entry.key] = entry


def autodiscover() -> None:
    """Import every installed app's navigation module (once)."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            autodiscover_modules("navigation")
            _discovered = True


def registered(area: Area | str | None = None) -> list[NavEntry]:
    autodiscover()
    entries = [e for e in _entries.values() if area is None or e.area == area]
    return sorted(entries, key=lambda e: (e.order, e.key))


def role_of(user: Person | None) -> str:
    """The role that chooses menus and landing pages (a superuser counts as an administrator)."""
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return ANONYMOUS
    return Role.ADMINISTRATOR if user.is_administrator else user.role


def _usable(entry: NavEntry, user: Person | None, role: str) -> bool:
    if role not in entry.roles:
        return False
    if entry.feature and not getattr(settings, entry.feature, False):
        return False
    if entry.permission and not (isinstance(user, User) and user.has_perm(entry.permission)):
        return False
    if entry.when is not None:
        return isinstance(user, User) and entry.when(user)
    return True


def visible_entries(user: Person | None, area: Area | str = Area.WORKBENCH) -> list[NavEntry]:
    """The entries of `area` this person may use, in menu order."""
    role = role_of(user)
    return [entry for entry in registered(area) if _usable(entry, user, role)]


def _current_key(items: Iterable[tuple[NavEntry, str]], path: str) -> str | None:
    """The entry for the page at `path`: its own URL, else the longest URL the path lies under."""
    best: tuple[int, str] | None = None
    for entry, url in items:
        if path == url:
            return entry.key
        if not entry.exact and path.startswith(url) and (best is None or len(url) > best[0]):
            best = (len(url), entry.key)
    return best[1] if best else None


def entries_for(user: Person | None, request: HttpRequest | None, area: Area | str = Area.WORKBENCH) -> list[MenuItem]:
    """The menu for this person on this request: only what they may use, the current page marked."""
    visible = [(entry, entry.url()) for entry in visible_entries(user, area)]
    current = _current_key(visible, request.path) if request is not None else None
    items = []
    for entry, url in visible:
        count = entry.badge(user) if entry.badge is not None and isinstance(user, User) else 0
        items.append(
            MenuItem(
                key=entry.key,
                label=entry.label,
                url=url,
                current=entry.key == current,
                badge=count,
                badge_label=entry.badge_label,
                testid=entry.testid,
            )
        )
    return items


def landing_url(user: Person | None, area: Area | str = Area.WORKBENCH) -> str | None:
    """The URL of this person's landing page (首页): the first entry they may use that is the
    landing page of their role; None when no app declares one."""
    role = role_of(user)
    for entry in visible_entries(user, area):
        if role in entry.landing_for:
            return entry.url()
    return None


__all__ = [
    "ANONYMOUS",
    "Area",
    "MenuItem",
    "NavEntry",
    "entries_for",
    "landing_url",
    "register",
    "registered",
    "role_of",
    "visible_entries",
]
