"""Monthly-report events that give someone work, and who that someone is (月报通知订阅项).

Found by the notifications app's autodiscovery; the subscription table decides what is sent.
DEFAULT_SUBSCRIPTIONS are the rules a data migration of the notifications app seeds (the late
report tells the reporting region's supervisors, a submitted report the level above, a return or
an acceptance the reporting region).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.network.models import Region, StaffPosting
from gongfa.notifications.registry import register_event_kind, register_resolver
from gongfa.performance.models import MonthlyReport
from gongfa.performance.services.reports import LATE_VERB, MISSING_VERB  # also registers the due-day setting

REPORT_PLACEHOLDERS = ("report", "region", "month", "due_on", "link")
SUBMIT_VERB = "performance.monthlyreport.submit"
RETURN_VERB = "performance.monthlyreport.return"
ACCEPT_VERB = "performance.monthlyreport.accept"


def _report(event: Event) -> MonthlyReport | None:
    if not str(event.subject_id).isdigit():
        return None
    return MonthlyReport.objects.select_related("region", "template").filter(pk=int(event.subject_id)).first()


def report_context(event: Event) -> dict[str, str]:
    if event.verb == MISSING_VERB:
        return _missing_context(event)
    report = _report(event)
    if report is None:
        return {}
    return {
        "report": report.template.name,
        "region": report.region.name,
        "month": f"{report.month.year}年{report.month.month}月",
        "due_on": f"{report.due_on.month}月{report.due_on.day}日",
        "link": reverse("workbench:perf_report", args=[report.pk]),
    }


def _missing_context(event: Event) -> dict[str, str]:
    """A report not generated: the event is on the region, the template and month in its data."""
    data = event.data or {}
    try:
        month = datetime.date.fromisoformat(str(data.get("month")))
        due = datetime.date.fromisoformat(str(data.get("due_on")))
    except ValueError:
        return {}
    region = event.region
    return {
        "report": str(data.get("template_name", "")),
        "region": region.name if region is not None else "",
        "month": f"{month.year}年{month.month}月",
        "due_on": f"{due.month}月{due.day}日",
        "link": reverse("workbench:perf_reports"),
    }


def _region_of(event: Event) -> Region | None:
    if event.verb == MISSING_VERB:
        return event.region
    report = _report(event)
    return report.region if report is not None else None


def supervisors_in(region: Region | None) -> list[User]:
    """Active supervisors posted at a point or agency of the region itself."""
    if region is None:
        return []
    postings = StaffPosting.objects.filter(
        Q(point__region=region) | Q(agency__region=region),
        is_active=True,
        role=Role.SUPERVISOR,
        user__is_active=True,
    )
    return list(User.objects.filter(pk__in=postings.values("user_id")).order_by("pk"))


def reporting_supervisors(event: Event) -> Iterable[User | None]:
    return supervisors_in(_region_of(event))


def parent_supervisors(event: Event) -> Iterable[User | None]:
    report = _report(event)
    return supervisors_in(report.region.parent if report is not None else None)


register_resolver("performance.report_region_supervisors", _("填报区划的督办人员"), reporting_supervisors)
register_resolver("performance.report_parent_supervisors", _("上一级区划的督办人员（审核月报）"), parent_supervisors)

for verb, label in (
    (LATE_VERB, _("月报逾期未报送（催报）")),
    (MISSING_VERB, _("月报逾期未生成（催报）")),
    (SUBMIT_VERB, _("月报已报送待审核")),
    (RETURN_VERB, _("月报被退回修改")),
    (ACCEPT_VERB, _("月报审核通过")),
):
    register_event_kind(verb, label, context=report_context, placeholders=REPORT_PLACEHOLDERS)


DEFAULT_SUBSCRIPTIONS: list[dict[str, object]] = [
    {
        "event_kind": LATE_VERB,
        "recipients": "performance.report_region_supervisors",
        "notice_kind": "due_soon",
        "title_template": "催报：{region}{month}{report}已逾期",
        "body_template": "{month}{report}应于{due_on}前报送，请尽快填报并报送。",
        "sms": False,
    },
    {
        "event_kind": MISSING_VERB,
        "recipients": "performance.report_region_supervisors",
        "notice_kind": "due_soon",
        "title_template": "催报：{region}{month}{report}尚未生成",
        "body_template": "{month}{report}应于{due_on}前报送，请尽快生成、填报并报送。",
        "sms": False,
    },
    {
        "event_kind": SUBMIT_VERB,
        "recipients": "performance.report_parent_supervisors",
        "notice_kind": "other",
        "title_template": "待审核：{region}{month}{report}",
        "body_template": "{actor}已报送，请审核。",
        "sms": False,
    },
    {
        "event_kind": RETURN_VERB,
        "recipients": "performance.report_region_supervisors",
        "notice_kind": "other",
        "title_template": "退回修改：{month}{report}",
        "body_template": "退回原因：{reason}",
        "sms": False,
    },
    {
        "event_kind": ACCEPT_VERB,
        "recipients": "performance.report_region_supervisors",
        "notice_kind": "other",
        "title_template": "审核通过：{month}{report}",
        "body_template": "{actor}已审核通过。",
        "sms": False,
    },
]
