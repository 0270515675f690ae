"""Queries over the hotline's calls (话单) and the messages left after hours.

- calls_visible_to: the calls a person may list (supervisors: their regions; administrators: all);
- filter_calls: the list's filters (days, outcome, agent);
- overnight_messages: the open messages left outside the duty roster, oldest first, for the desk;
- hotline_kpis: answer rate, average handling time and quality-sample rate of a set of calls.

Every query filters on indexed columns (region_code + received_at, outcome + received_at)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.network.models import Region, ServicePoint
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workorders.choices import OPEN_STATUSES, CallOutcome
from gongfa.workorders.models import CallRecord, WorkOrder


def calls_visible_to(user: User | AnonymousUser | None) -> QuerySet[CallRecord]:
    """The calls of the regions a supervisor oversees (everything for administrators; nothing for
    anyone else: agents see their calls on the desk, not in this list)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return CallRecord.objects.all()
    if scope.kind != ScopeKind.SUPERVISOR:
        return CallRecord.objects.none()
    return CallRecord.objects.filter(scope.region_q("region_code"))


def in_region(queryset: QuerySet[CallRecord], region: Region) -> QuerySet[CallRecord]:
    return queryset.filter(region_code__range=region.subtree_bounds())


def day_bounds(start: datetime.date | None, end: datetime.date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(received_at__gte=timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)))
    if end is not None:
        after = end + datetime.timedelta(days=1)
        condition &= Q(received_at__lt=timezone.make_aware(datetime.datetime.combine(after, datetime.time.min)))
    return condition


@dataclass(frozen=True)
class CallFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    outcome: str = ""
    agent_id: int | None = None
    inspected: bool | None = None


def filter_calls(queryset: QuerySet[CallRecord], filters: CallFilters) -> QuerySet[CallRecord]:
    queryset = queryset.filter(day_bounds(filters.start, filters.end))
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.agent_id is not None:
        queryset = queryset.filter(agent_id=filters.agent_id)
    if filters.inspected is not None:
        queryset = queryset.filter(inspection__isnull=not filters.inspected)
    return queryset


def with_list_relations(queryset: QuerySet[CallRecord]) -> QuerySet[CallRecord]:
    return queryset.select_related("agent", "queue", "order", "inspection").order_by("-received_at", "-pk")


def agents_in(queryset: QuerySet[CallRecord]) -> list[User]:
    """The agents who took any of these calls (the list's agent filter)."""
    ids = queryset.exclude(agent__isnull=True).values("agent_id").distinct()
    return list(User.objects.filter(pk__in=ids).order_by("real_name", "pk"))


@dataclass(frozen=True)
class HotlineKpis:
    received: int
    answered: int
    abandoned: int
    messages: int
    inspected: int
    average_talk_seconds: float | None

    @property
    def answer_rate(self) -> float | None:
        """answered ÷ (answered + abandoned); None without any call decided yet."""
        decided = self.answered + self.abandoned
        return self.answered / decided if decided else None

    @property
    def sample_rate(self) -> float | None:
        """inspected ÷ answered."""
        return self.inspected / self.answered if self.answered else None

    @property
    def average_talk_minutes(self) -> float | None:
        return self.average_talk_seconds / 60 if self.average_talk_seconds is not None else None


def hotline_kpis(queryset: QuerySet[CallRecord]) -> HotlineKpis:
    """The KPIs of these calls, in one query (rules.md §4: answer rate ≥ 95 %, ≥ 5 % inspected)."""
    answered = Q(outcome=CallOutcome.ANSWERED)
    row = queryset.order_by().aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=answered),
        abandoned=Count("pk", filter=Q(outcome=CallOutcome.ABANDONED)),
        messages=Count("pk", filter=Q(outcome=CallOutcome.MESSAGE)),
        inspected=Count("pk", filter=answered & Q(inspection__isnull=False)),
        talk=Avg("talk_seconds", filter=answered & Q(talk_seconds__isnull=False)),
    )
    talk = row["talk"]
    return HotlineKpis(
        received=row["received"],
        answered=row["answered"],
        abandoned=row["abandoned"],
        messages=row["messages"],
        inspected=row["inspected"],
        average_talk_seconds=float(talk) if talk is not None else None,
    )


def region_kpis(region: Region, start: datetime.date, end: datetime.date) -> HotlineKpis:
    """The KPIs of a region (its subtree) over local days start..end."""
    return hotline_kpis(in_region(CallRecord.objects.all(), region).filter(day_bounds(start, end)))


def _points_of(target: ServicePoint | User) -> list[int]:
    if isinstance(target, ServicePoint):
        return [target.pk]
    from gongfa.network.models import StaffPosting

    return list(
        StaffPosting.objects.filter(user=target, is_active=True, point__isnull=False).values_list("point_id", flat=True)
    )


def overnight_messages(target: ServicePoint | User, limit: int = 50) -> list[WorkOrder]:
    """The messages left outside the duty roster that are still open, oldest first: those on the
    queues answered at the point (a user: at the points of their postings). The desk shows them
    first in the morning."""
    points = _points_of(target)
    if not points:
        return []
    on_queue = CallRecord.objects.filter(
        order_id=OuterRef("pk"), outcome=CallOutcome.MESSAGE, queue__point_id__in=points
    )
    return list(
        WorkOrder.objects.filter(after_hours=True, status__in=OPEN_STATUSES)
        .filter(Exists(on_queue))
        .select_related("region")
        .order_by("created_at", "pk")[:limit]
    )
