"""The accounts app's menu entry on the portal: a citizen's own profile (我的资料)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import Area, NavEntry, register

register(
    NavEntry(
        key="portal.profile",
        label=_("我的资料"),
        url_name="accounts:profile",
        roles=frozenset({Role.CITIZEN}),
        area=Area.PORTAL,
        order=70,
    ),
)
