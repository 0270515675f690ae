"""The menu entries of typical cases (典型案例).

Workbench: 典型案例 for the staff who nominate closed cases they handle (hotline agents, window
staff, village advisers, legal-aid reviewers, lawyers, mediators) and the editors who review and
publish them (supervisors, administrators). No landing page. Portal: 典型案例 for everyone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import ANONYMOUS, Area, NavEntry, register
from gongfa.outreach.selectors.access import MANAGER_ROLES

NOMINATORS = frozenset(
    {
        Role.HOTLINE_AGENT,
        Role.WINDOW_STAFF,
        Role.VILLAGE_ADVISOR,
        Role.LEGAL_AID_REVIEWER,
        Role.LAWYER,
        Role.MEDIATOR,
    }
)
EDITORS = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})

register(
    NavEntry(
        key="workbench.outreach_cases",
        label=_("典型案例"),
        url_name="workbench:outreach_cases_list",
        # Managers reach it from 普法与公益 (navigation.hub).
        roles=NOMINATORS - MANAGER_ROLES,
        order=88,
        testid="outreach-cases-link",
    ),
    NavEntry(
        key="portal.outreach_cases",
        label=_("典型案例"),
        url_name="portal:outreach_cases",
        roles=frozenset({ANONYMOUS, *Role.values}),
        area=Area.PORTAL,
        order=58,
        testid="portal-outreach-cases-link",
    ),
)
