"""The menu entries of the notarization case (公证案件).

Workbench: 公证案件 (the office's queue with clocks) for notaries and notary clerks posted at a notary
office. Portal: 我的公证 for signed-in citizens. The queue is the landing page of notaries and of
the office's clerks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.navigation.booking import posted_at_notary_office
from gongfa.core.navigation import Area, NavEntry, register


def works_notarizations(user: User) -> bool:
    return posted_at_notary_office(user)


register(
    NavEntry(
        key="workbench.notary_queue",
        label=_("公证案件"),
        url_name="workbench:notary_queue",
        roles=frozenset({Role.NOTARY, Role.NOTARY_CLERK}),
        when=works_notarizations,
        order=46,
        testid="notary-queue-link",
        landing_for=frozenset({Role.NOTARY, Role.NOTARY_CLERK}),
    ),
    NavEntry(
        key="portal.my_notarizations",
        label=_("我的公证"),
        url_name="portal:notarization_cases",
        roles=frozenset({Role.CITIZEN}),
        area=Area.PORTAL,
        order=63,
        testid="portal-my-notarizations-link",
    ),
)
