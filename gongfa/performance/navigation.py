"""Performance management's menu entries (绩效管理): for supervisors and administrators, who set
targets, read the dashboards, file and accept the monthly report, run evaluations and score sites."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import NavEntry, register

OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})

register(
    NavEntry(
        key="workbench.perf_dashboard", label=_("绩效看板"), url_name="workbench:perf_dashboard", roles=OVERSIGHT, order=52
    ),
    NavEntry(
        key="workbench.perf_targets", label=_("目标任务"), url_name="workbench:perf_targets", roles=OVERSIGHT, order=53
    ),
    NavEntry(
        key="workbench.perf_reports", label=_("月报与通报"), url_name="workbench:perf_reports", roles=OVERSIGHT, order=54
    ),
    NavEntry(
        key="workbench.perf_evaluations",
        label=_("绩效考评"),
        url_name="workbench:perf_evaluations",
        roles=OVERSIGHT,
        order=55,
    ),
    NavEntry(
        key="workbench.perf_sites", label=_("示范点评分"), url_name="workbench:perf_sites", roles=OVERSIGHT, order=56
    ),
)
