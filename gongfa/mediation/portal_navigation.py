"""The portal's menu entry for people's mediation (人民调解): open to everyone, signed in or not (the
page explains mediation; applying asks a visitor to sign in). Imported by gongfa/mediation/
navigation.py, the module the navigation registry autodiscovers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import ANONYMOUS, Area, NavEntry, register

register(
    NavEntry(
        key="portal.mediation",
        label=_("人民调解"),
        url_name="portal:mediation",
        roles=frozenset({ANONYMOUS, *Role.values}),
        area=Area.PORTAL,
        order=55,
        testid="portal-mediation-link",
    )
)
