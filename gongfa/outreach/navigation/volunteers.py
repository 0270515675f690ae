"""The workbench menu entry of outreach's volunteers, expert pool and training (志愿者与专家):
for supervisors, administrators and window staff, the people who manage outreach records in
their region (outreach.selectors.access). The pages show only the regions each person manages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import NavEntry, register

register(
    NavEntry(
        key="workbench.outreach_volunteers",
        label=_("志愿者与专家"),
        url_name="workbench:outreach_volunteers",
        roles=frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR, Role.WINDOW_STAFF}),
        order=74,
        testid="outreach-volunteers-link",
    ),
)
