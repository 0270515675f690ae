"""Mediation events that give someone work, and who that someone is (人民调解通知订阅项).

Found by the notifications app's autodiscovery; the subscription table decides what is sent.
The default rules are in mediation.subscriptions (seeded by a data migration):
- an escalation risk reported (第25条, the service report_escalation) → the supervisors over the
  committee and, when the region's setting ESCALATION_NOTIFIES_POLICE is on, the police liaison.
  No police account exists on the platform: the county's supervisors receive it in the liaison's
  place (the resolver's label says so) and pass it on;
- the judicial-confirmation window closing (第33条, the daily reminder) → the parties (their own
  accounts, by SMS if they allow it) and the case's mediators;
- a return visit due (第31条, the daily sweep) → the case's mediators.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.mediation import rules
from gongfa.mediation.models import EscalationReport, MediationCase
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region, StaffPosting
from gongfa.network.selectors import region_setting
from gongfa.notifications.registry import register_event_kind, register_resolver

ESCALATION_VERB = "mediation.mediationcase.report_escalation"
CONFIRMATION_REMINDER_VERB = "mediation.mediationcase.confirmation_reminder"
RETURN_VISIT_DUE_VERB = "mediation.mediationcase.return_visit_due"
CASE_PLACEHOLDERS = ("number", "summary", "committee", "link", "portal_link")


def _case(event: Event) -> MediationCase | None:
    if not str(event.subject_id).isdigit():
        return None
    return (
        MediationCase.objects.select_related("committee__agency__region", "region")
        .filter(pk=int(event.subject_id))
        .first()
    )


def _link(name: str, key: str | int) -> str:
    """The case page (the workbench's by case number, the portal's by id); empty where the pages
    are not installed (the workbench and portal own the URLs)."""
    try:
        return reverse(name, args=[key])
    except NoReverseMatch:
        return ""


def case_context(event: Event) -> dict[str, str]:
    case = _case(event)
    if case is None:
        return {}
    return {
        "number": case.number,
        "summary": case.summary,
        "committee": case.committee.agency.name,
        "link": _link("workbench:mediation_case", case.number),
        "portal_link": _link("portal:mediation_case", case.pk),
    }


def escalation_context(event: Event) -> dict[str, str]:
    """The report the event names (data["report"], services.handling.report_escalation), else the
    case's latest."""
    case = _case(event)
    reports = case.escalations.all() if case is not None else EscalationReport.objects.none()
    named = event.data.get("report")
    report = (reports.filter(pk=named).first() if isinstance(named, int) else None) or reports.order_by(
        "-reported_at", "-pk"
    ).first()
    return {
        **case_context(event),
        "risk": report.get_risk_display() if report is not None else "",
        "people": str(report.people) if report is not None else "",
    }


def reminder_context(event: Event) -> dict[str, str]:
    return {
        **case_context(event),
        "window_ends_on": str(event.data.get("window_ends_on", "")),
        "days_left": str(event.data.get("days_left", "")),
    }


def visit_context(event: Event) -> dict[str, str]:
    return {**case_context(event), "due_on": str(event.data.get("due_on", ""))}


def supervisors_at(region: Region) -> list[User]:
    """Active supervisors posted at a point or agency of the region itself."""
    postings = StaffPosting.objects.filter(
        Q(point__region=region) | Q(agency__region=region),
        is_active=True,
        role=Role.SUPERVISOR,
        user__is_active=True,
    )
    return list(User.objects.filter(pk__in=postings.values("user_id")).order_by("pk"))


def _upwards(region: Region) -> list[Region]:
    """The region and its ancestors, nearest first."""
    ancestors = list(Region.objects.filter(code__in=region.ancestor_codes()).order_by("-level"))
    return [region, *ancestors]


def committee_supervisors(event: Event) -> Iterable[User | None]:
    """The supervisors over the committee (调委会的督办人员): those of the nearest region, from the
    committee's own upwards, that has any."""
    case = _case(event)
    if case is None:
        return []
    for region in _upwards(case.committee.agency.region):
        people = supervisors_at(region)
        if people:
            return people
    return []


def police_liaison(event: Event) -> Iterable[User | None]:
    """第25条: the police are told of an escalation risk when the region's setting says so. The
    platform has no police liaison account: the supervisors of the dispute's county receive the
    notice in the liaison's place (the subscription's text asks them to pass it on)."""
    case = _case(event)
    if case is None:
        return []
    police = event.data.get("police_notified")  # the setting when the risk was reported
    if police is None:
        police = region_setting(case.committee.agency.region, rules.ESCALATION_NOTIFIES_POLICE.key)
    if not police:
        return []
    county = next((r for r in _upwards(case.region) if r.level <= RegionLevel.COUNTY), None)
    return supervisors_at(county) if county is not None else []


def case_mediators(event: Event) -> Iterable[User | None]:
    """The mediators currently on the case (not those who stepped aside)."""
    case = _case(event)
    if case is None:
        return []
    return [
        assignment.mediator.user
        for assignment in case.mediators.filter(recused_at__isnull=True).select_related("mediator__user")
    ]


def case_parties(event: Event) -> Iterable[User | None]:
    """The parties with an account on the platform, or their representatives'."""
    case = _case(event)
    if case is None:
        return []
    ids: set[int] = set()
    for user_id, representative_id in case.parties.values_list("user_id", "representative_user_id"):
        ids.update(pk for pk in (user_id, representative_id) if pk is not None)
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


register_resolver("mediation.committee_supervisors", _("调委会所在地的督办人员"), committee_supervisors)
register_resolver(
    "mediation.police_liaison", _("公安联络人（平台暂无公安账号：由纠纷所在县的督办人员代收）"), police_liaison
)
register_resolver("mediation.case_mediators", _("本案的调解员"), case_mediators)
register_resolver("mediation.case_parties", _("本案当事人（本人或代理人账号）"), case_parties)

register_event_kind(
    ESCALATION_VERB,
    _("人民调解：报告纠纷激化风险"),
    context=escalation_context,
    placeholders=(*CASE_PLACEHOLDERS, "risk", "people"),
)
register_event_kind(
    CONFIRMATION_REMINDER_VERB,
    _("人民调解：司法确认申请期限将届满"),
    context=reminder_context,
    placeholders=(*CASE_PLACEHOLDERS, "window_ends_on", "days_left"),
)
register_event_kind(
    RETURN_VISIT_DUE_VERB,
    _("人民调解：协议履行情况待回访"),
    context=visit_context,
    placeholders=(*CASE_PLACEHOLDERS, "due_on"),
)
