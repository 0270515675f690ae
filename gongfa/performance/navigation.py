"""Performance management's menu entries (绩效管理): for supervisors and administrators, who set
targets, read the dashboards, file and accept the monthly report, run evaluations and score sites."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import NavEntry, register

OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


def _entry(key: str, label: Any, order: int) -> NavEntry:
    return NavEntry(key=f"workbench.{key}", label=label, url_name=f"workbench:{key}", roles=OVERSIGHT, order=order)


register(
    _entry("perf_dashboard", _("绩效看板"), 52),
    _entry("perf_targets", _("目标任务"), 53),
    _entry("perf_reports", _("月报与通报"), 54),
    _entry("perf_evaluations", _("绩效考评"), 55),
    _entry("perf_sites", _("示范点评分"), 56),
)
