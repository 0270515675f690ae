"""Performance management's menu entry (绩效管理), for supervisors and administrators, who set
targets, read the dashboards, file and accept the monthly report, run evaluations and score sites.
One entry in the main menu; the pages beneath share a sub-menu (performance/subnav.html)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import NavEntry, register

OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})

register(
    NavEntry(
        key="workbench.performance",
        label=_("绩效管理"),
        url_name="workbench:perf_home",
        roles=OVERSIGHT,
        order=52,
        testid="nav-performance",
    ),
)
