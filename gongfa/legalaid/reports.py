"""Legal-aid statistics for a supervisor's region (督办统计): intake, decisions, clocks, service time,
satisfaction, and one row per provider, for a period of days.

Scope is selectors.visible_to(user, Action.REVIEW) (a supervisor: their region subtree; an agency's
staff: their agency; an administrator: everything). Everything is aggregated in the database in a
fixed number of queries, whatever the number of cases or providers (plus the user's scope, once
per request): four on PostgreSQL, five on SQLite:

1. one conditional aggregate over the cases (intake, decisions, review time and, on PostgreSQL,
   its 90th percentile by percentile_cont, clocks, closing, satisfaction);
2. on SQLite only: the review times of the period's decisions, for the percentile in Python;
3. one aggregate over the period's assignment notices (grant → first assignment);
4. counts by status; 5. the per-provider rows (GROUP BY provider).

What each figure counts (a period is start..end, whole local days, both included):
- applications_received / notices_received: cases received in the period (route 依申请 /
  通知辩护、代理).
- decisions: applications whose (latest) decision (decided_at) falls in the period and still stands:
  granted (决定给予, 先行援助后审查确认 included; also when the case later closed, was terminated or
  withdrawn after the grant), or refused (不予援助, also while an objection against the refusal is
  pending or after it was upheld). A refusal corrected on objection (责令改正) is back under review:
  not a decision until the new one (GRANTED_Q / REFUSED_Q). Notified cases are not reviewed, so they
  are never decisions. grant_rate (给予援助率) = granted ÷ (granted + refused); this page used to call
  it 受理率. acceptance_rate (受理率) = applications kept for review ÷ applications received, where
  the others were redirected to the competent agency (告知向有管辖权机构申请).
- review time: received_at → decided_at of those decisions, in days (a supplement pause included);
  within the limit when the decision's local date ≤ review_due (the 7 days of 第43条, extended by
  the pause as the services compute it).
- grant → assignment: from the grant to the case's first assignment (its 指派通知书, never
  re-issued on replacement), for assignments made in the period; advance-aid cases (assigned
  before any decision) are left out. Within the limit when the assignment's local date ≤ assign_due.
- assignment → closed: cases closed in the period, from the assignment of the provider who closed
  it (assigned_at; a replacement restarts it) to closed_at.
- satisfaction: mean rating (1–5, 好差评) of the case's work order, over the cases closed in the
  period that have one, and how many; beside it satisfaction_rate (满意率), the share of those
  ratings at or above the region's performance.satisfied_min_rating (passed in by the caller).
- by_status: the cases received in the period, by their status now.
- providers: each provider with a case in scope that was assigned to them in the period, is open
  with them now (已指派/承办中/先行援助/结案审查) or was closed in the period.

Rates and means are None when nothing was counted (no decision yet …): the page shows "—"
(display_rate / display_days / display_score).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Aggregate, Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core import numbers
from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus, Route
from gongfa.legalaid.models import LegalAidApplication, LegalAidApplicationQuerySet, LegalAidNotice
from gongfa.legalaid.selectors import Action, visible_to

S = ApplicationStatus
MAX_PERIOD_DAYS = 3 * 366

# A decision (decided_at) stands as a grant in these statuses (a withdrawal after the grant keeps its
# assign_due; an objection after a grant is against a termination, which keeps termination_ground),
# and as a refusal in these. Anything else with a decided_at is a refusal corrected on objection
# and back under review (or withdrawn during it): not a decision.
GRANTED_STATUSES = (S.GRANTED, S.ASSIGNED, S.IN_SERVICE, S.CLOSING_REVIEW, S.CLOSED, S.TERMINATED)
OBJECTION_STATUSES = (S.OBJECTION_PENDING, S.OBJECTION_UPHELD)
GRANTED_Q = (
    Q(status__in=GRANTED_STATUSES)
    | (Q(status__in=OBJECTION_STATUSES) & ~Q(termination_ground=""))
    | Q(status=S.WITHDRAWN, assign_due__isnull=False)
)
REFUSED_Q = Q(status=S.REFUSED) | Q(status__in=OBJECTION_STATUSES, termination_ground="")


def standing_decision(application: LegalAidApplication) -> str:
    """GRANTED_Q / REFUSED_Q for one case in Python ("granted", "refused" or ""), for the
    performance facts; test_standing_decision checks the two agree for every status."""
    if application.decided_at is None:
        return ""
    status = application.status
    if (
        status in GRANTED_STATUSES
        or (status in OBJECTION_STATUSES and application.termination_ground)
        or (status == S.WITHDRAWN and application.assign_due is not None)
    ):
        return "granted"
    if status == S.REFUSED or (status in OBJECTION_STATUSES and not application.termination_ground):
        return "refused"
    return ""


# A provider still holds the case.
PROVIDER_OPEN_STATUSES = (S.ASSIGNED, S.IN_SERVICE, S.ADVANCE_AID, S.CLOSING_REVIEW)


@dataclass(frozen=True)
class ProviderStats:
    provider_id: int
    name: str
    agency_name: str
    assigned: int  # assigned to them in the period
    open: int  # open with them now
    closed: int  # closed in the period
    mean_days_to_close: float | None
    satisfaction: float | None
    rated: int


@dataclass(frozen=True)
class Stats:
    start: datetime.date
    end: datetime.date
    applications_received: int
    notices_received: int
    decisions: int
    granted: int
    refused: int
    redirected: int
    acceptance_rate: float | None
    grant_rate: float | None
    review_days_mean: float | None
    review_days_p90: float | None
    decided_within_limit: int
    decided_within_limit_share: float | None
    assignments_after_grant: int
    grant_to_assignment_days_mean: float | None
    assigned_within_limit: int
    assigned_within_limit_share: float | None
    closed: int
    assignment_to_close_days_mean: float | None
    satisfaction: float | None
    satisfaction_count: int
    satisfied_count: int
    satisfaction_rate: float | None
    by_status: dict[str, int] = field(default_factory=dict)
    providers: list[ProviderStats] = field(default_factory=list)

    def status_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for every status with a case, in the table's order."""
        return [(value, str(label), self.by_status[value]) for value, label in S.choices if value in self.by_status]


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, end + 1 day 00:00) in the current time zone (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), zone)
    high = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), zone)
    return low, high


def _days(value: datetime.timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 86400


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _duration(end: str, start: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression) (FILTER allowed)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), output_field=DurationField(), **extra)


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont (None if empty)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def legal_aid_stats(
    user: User | AnonymousUser | None, start: datetime.date, end: datetime.date, *, satisfied_min_rating: int = 4
) -> Stats:
    """The statistics of the cases `user` may review, for the days start..end (both included).
    satisfied_min_rating: the lowest rating counted as satisfied (the region's setting)."""
    if end < start:
        raise DomainError(gettext("统计期间的结束日期不能早于开始日期。"), code="invalid_period", field="end")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise DomainError(gettext("统计期间不能超过三年。"), code="invalid_period", field="start")
    low, high = _bounds(start, end)
    scoped: LegalAidApplicationQuerySet = visible_to(user, Action.REVIEW).exclude(status=S.DRAFT)

    received = Q(received_at__gte=low, received_at__lt=high)
    decided = Q(route=Route.APPLICATION, decided_at__gte=low, decided_at__lt=high) & (GRANTED_Q | REFUSED_Q)
    closed = Q(status=S.CLOSED, closed_at__gte=low, closed_at__lt=high)
    rated = closed & Q(work_order__rating__isnull=False)

    # 1. The cases, in one conditional aggregate (on PostgreSQL with the review time's p90).
    aggregates: dict[str, Any] = {
        "applications_received": Count("pk", filter=received & Q(route=Route.APPLICATION)),
        "notices_received": Count("pk", filter=received & Q(route=Route.NOTIFIED)),
        "redirected": Count("pk", filter=received & Q(route=Route.APPLICATION, status=S.REDIRECTED)),
        "decisions": Count("pk", filter=decided),
        "refused": Count("pk", filter=decided & REFUSED_Q),
        "review_mean": Avg(_duration("decided_at", "received_at"), filter=decided),
        "within_limit": Count("pk", filter=decided & Q(decided_on__lte=F("review_due"))),
        "closed": Count("pk", filter=closed),
        "close_mean": Avg(_duration("closed_at", "assigned_at"), filter=closed & Q(assigned_at__isnull=False)),
        "satisfaction": Avg("work_order__rating", filter=rated),
        "satisfaction_count": Count("pk", filter=rated),
        "satisfied_count": Count("pk", filter=rated & Q(work_order__rating__gte=satisfied_min_rating)),
    }
    in_sql = connections[scoped.db].vendor == "postgresql"
    if in_sql:
        aggregates["review_p90"] = PercentileCont(_duration("decided_at", "received_at"), 0.9, filter=decided)
    # Every figure of this aggregate is about a case received, decided or closed in the period:
    # the other rows are left out before any of the conditional aggregates is evaluated for them.
    in_period = received | Q(decided_at__gte=low, decided_at__lt=high) | Q(closed_at__gte=low, closed_at__lt=high)
    totals: dict[str, Any] = (
        scoped.filter(in_period).order_by().annotate(decided_on=TruncDate("decided_at")).aggregate(**aggregates)
    )
    # 2. Elsewhere (SQLite has no percentile function), the p90 in Python over the period's
    # decisions: one row of two timestamps per decision (at 85,000 decisions ~0.5 s on the
    # benchmark's machine, against a few ms for percentile_cont in the aggregate above).
    if in_sql:
        review_p90 = _days(totals["review_p90"])
    else:
        review_p90 = percentile(
            [
                (decided_at - received_at).total_seconds() / 86400
                for received_at, decided_at in scoped.filter(decided)
                .order_by()
                .values_list("received_at", "decided_at")
                if received_at is not None and decided_at is not None
            ],
            0.9,
        )
    # 3. Grant → first assignment: the assignment notices issued in the period (one per case: the
    # services never issue it again, a replacement included), through one join.
    assignments: dict[str, Any] = (
        scoped.filter(
            GRANTED_Q,
            route=Route.APPLICATION,
            advance_aid=False,
            decided_at__isnull=False,
            notices__kind=LegalAidNotice.Kind.ASSIGNMENT,
            notices__issued_at__gte=low,
            notices__issued_at__lt=high,
        )
        .order_by()
        .annotate(issued_on=TruncDate("notices__issued_at"))
        .aggregate(
            count=Count("notices"),
            mean=Avg(_duration("notices__issued_at", "decided_at")),
            within=Count("notices", filter=Q(issued_on__lte=F("assign_due"))),
        )
    )
    # 4. The period's cases by their status now.
    by_status = dict(
        scoped.filter(received).order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    # 5. One row per provider.
    assigned = Q(assigned_at__gte=low, assigned_at__lt=high)
    holding = Q(status__in=PROVIDER_OPEN_STATUSES)
    provider_rows = (
        scoped.filter(provider__isnull=False)
        .filter(assigned | holding | closed)
        .order_by()
        .values("provider_id", "provider__real_name", "provider__username")
        .annotate(
            agency_name=Max("provider_agency__name"),
            assigned=Count("pk", filter=assigned),
            open=Count("pk", filter=holding),
            closed=Count("pk", filter=closed),
            close_mean=Avg(_duration("closed_at", "assigned_at"), filter=closed & Q(assigned_at__isnull=False)),
            satisfaction=Avg("work_order__rating", filter=rated),
            rated=Count("pk", filter=rated),
        )
        .order_by("-assigned", "-open", "provider_id")
    )
    providers = [
        ProviderStats(
            provider_id=row["provider_id"],
            name=row["provider__real_name"] or row["provider__username"],
            agency_name=row["agency_name"] or "",
            assigned=row["assigned"],
            open=row["open"],
            closed=row["closed"],
            mean_days_to_close=_days(row["close_mean"]),
            satisfaction=None if row["satisfaction"] is None else float(row["satisfaction"]),
            rated=row["rated"],
        )
        for row in provider_rows
    ]

    decisions = int(totals["decisions"])
    refusals = int(totals["refused"])
    applications = int(totals["applications_received"])
    redirected = int(totals["redirected"])
    granted = decisions - refusals
    assignment_count = int(assignments["count"])
    return Stats(
        start=start,
        end=end,
        applications_received=applications,
        notices_received=int(totals["notices_received"]),
        decisions=decisions,
        granted=granted,
        refused=refusals,
        redirected=redirected,
        acceptance_rate=_share(applications - redirected, applications),
        grant_rate=_share(granted, decisions),
        review_days_mean=_days(totals["review_mean"]),
        review_days_p90=review_p90,
        decided_within_limit=int(totals["within_limit"]),
        decided_within_limit_share=_share(int(totals["within_limit"]), decisions),
        assignments_after_grant=assignment_count,
        grant_to_assignment_days_mean=_days(assignments["mean"]),
        assigned_within_limit=int(assignments["within"]),
        assigned_within_limit_share=_share(int(assignments["within"]), assignment_count),
        closed=int(totals["closed"]),
        assignment_to_close_days_mean=_days(totals["close_mean"]),
        satisfaction=None if totals["satisfaction"] is None else float(totals["satisfaction"]),
        satisfaction_count=int(totals["satisfaction_count"]),
        satisfied_count=int(totals["satisfied_count"]),
        satisfaction_rate=_share(int(totals["satisfied_count"]), int(totals["satisfaction_count"])),
        by_status=by_status,
        providers=providers,
    )


# ---------------------------------------------------------------------------------------------
# How the page shows a figure: "—" where there is nothing to compute from (gongfa.core.numbers,
# shared by every staff page).
# ---------------------------------------------------------------------------------------------
NOTHING = numbers.NOTHING


def display_rate(value: float | None) -> str:
    return numbers.format_percent(value)


def display_days(value: float | None) -> str:
    return numbers.format_days(value)


def display_score(value: float | None) -> str:
    return numbers.format_number(value, 2)


__all__ = [
    "ProviderStats",
    "Stats",
    "display_days",
    "display_rate",
    "display_score",
    "legal_aid_stats",
    "percentile",
]
