"""The workbench menu entries of the appraisal part (司法鉴定委托引导):

- 司法鉴定委托引导 (the region's referrals and the new-referral form): legal-aid reviewers, window
  staff, 12348 hotline agents, supervisors and administrators;
- 鉴定机构待办 (the institution's queue with its clocks): appraisers and intake clerks posted at an
  appraisal institution (a clerk of a notary office does not see it). The lead wires it as the
  landing page of Role.APPRAISER.

The pages themselves check what each person may see (appointments.selectors.appraisal)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.selectors.appraisal import institution_ids_of
from gongfa.core.navigation import NavEntry, register


def works_at_an_institution(user: User) -> bool:
    return bool(institution_ids_of(user))


register(
    NavEntry(
        key="workbench.appraisal",
        label=_("司法鉴定委托引导"),
        url_name="workbench:appraisal",
        roles=frozenset(
            {Role.LEGAL_AID_REVIEWER, Role.WINDOW_STAFF, Role.HOTLINE_AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR}
        ),
        order=62,
        testid="appraisal-link",
    ),
    NavEntry(
        key="workbench.appraisal_queue",
        label=_("鉴定机构待办"),
        url_name="workbench:appraisal_queue",
        roles=frozenset({Role.APPRAISER, Role.NOTARY_CLERK}),
        when=works_at_an_institution,
        order=61,
        testid="appraisal-queue-link",
        # A clerk posted at a notary office lands on its cases first (notarization's entry).
        landing_for=frozenset({Role.APPRAISER, Role.NOTARY_CLERK}),
    ),
)
