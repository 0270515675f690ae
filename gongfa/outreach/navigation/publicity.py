"""The workbench menu entry of legal publicity (普法): 普法计划与活动 (plans and their progress,
events, prompts to other departments, culture sites and schools) for supervisors, administrators
and window staff. The pages show only what each person manages (outreach.selectors.access)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import NavEntry, register

register(
    NavEntry(
        key="workbench.outreach_publicity",
        label=_("普法计划与活动"),
        url_name="workbench:outreach_publicity_events",
        roles=frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR, Role.WINDOW_STAFF}),
        order=72,
        testid="outreach-publicity-link",
    ),
)
