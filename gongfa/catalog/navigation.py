"""The catalogue's menu entry on the portal (服务目录)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import ANONYMOUS, Area, NavEntry, register

register(
    NavEntry(
        key="portal.services",
        label=_("服务目录"),
        url_name="catalog:list",
        roles=frozenset({ANONYMOUS, *Role.values}),
        area=Area.PORTAL,
        order=20,
    ),
)
