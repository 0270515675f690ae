"""The workbench's menu entry for people's mediation (人民调解): mediators, the staff of a mediation
committee or a justice bureau (whatever their role: a posting at such an agency), supervisors and
administrators.
The pages themselves check what each person may see (mediation.selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import STAFF_ROLES, Role
from gongfa.accounts.models import User
from gongfa.core.navigation import NavEntry, register
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.network.scope import scope_for

ALWAYS = frozenset({Role.MEDIATOR, Role.SUPERVISOR, Role.ADMINISTRATOR})
# Postings that make someone work mediation: a committee's staff, and a justice bureau's (which
# oversees the committees and grades the mediators, 第5条).
WORKING = (AgencyKind.MEDIATION_COMMITTEE, AgencyKind.JUSTICE_BUREAU)


def works_mediation(user: User) -> bool:
    """Mediators, supervisors and administrators; other staff only when posted at a mediation
    committee or a justice bureau (no query for those without an agency posting: the scope is cached per request)."""
    if user.role in ALWAYS or user.is_administrator:
        return True
    agency_ids = scope_for(user).agency_ids
    return bool(agency_ids) and Agency.objects.filter(pk__in=agency_ids, kind__in=WORKING, is_active=True).exists()


register(
    NavEntry(
        key="workbench.mediation",
        label=_("人民调解"),
        url_name="workbench:mediation",
        roles=frozenset(STAFF_ROLES - {Role.LAWYER}),
        when=works_mediation,
        order=45,
        testid="mediation-link",
        landing_for=frozenset({Role.MEDIATOR}),
    ),
)

# The citizens' entry (portal) is declared beside the staff one.
from gongfa.mediation import portal_navigation  # noqa: E402, F401
