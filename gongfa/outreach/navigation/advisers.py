"""The workbench menu entries of village legal advisers' work (村(居)法律顾问工作).

- 我的工作日志 (record work, the month's ledger a link away): village legal advisers, and anyone
  else with an active appointment to a village (a lawyer serving as adviser).
- 法律顾问履职 (coverage and the advisers' ledgers): supervisors and administrators.

The adviser's check costs at most one query per request (cached on the user)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.navigation import NavEntry, register

_CACHE = "_gongfa_outreach_advisor_nav"


def serves_a_village(user: User) -> bool:
    """The adviser role, or an active appointment to a village (one query, cached on the user)."""
    if user.role == Role.VILLAGE_ADVISOR:
        return True
    found = getattr(user, _CACHE, None)
    if found is None:
        from gongfa.network.models import AdvisorAssignment

        found = AdvisorAssignment.objects.filter(advisor=user, is_active=True).exists()
        setattr(user, _CACHE, found)
    return bool(found)


register(
    NavEntry(
        key="workbench.outreach_advisers_log",
        label=_("我的工作日志"),
        url_name="workbench:outreach_advisers_log",
        # Only those who may be appointed (network.services.ADVISOR_ROLES) can serve a village, so
        # the other roles pay no query for this entry.
        roles=frozenset({Role.VILLAGE_ADVISOR, Role.LAWYER, Role.MEDIATOR}),
        when=serves_a_village,
        order=70,
        testid="outreach-advisers-log-link",
    ),
)
