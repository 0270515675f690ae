"""Queries over work orders. Every view, API endpoint and export goes through visible_to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.core.crypto import blind_index
from gongfa.network.scope import Scope, ScopeKind, scope_for
from gongfa.workorders.choices import OPEN_STATUSES, SlaState, SupervisionStatus, TaskStatus, WorkOrderStatus
from gongfa.workorders.models import (
    Rectification,
    ReturnVisit,
    SupervisionNotice,
    WorkOrder,
    WorkOrderQuerySet,
    late_condition,
)


class Action(StrEnum):
    VIEW = "view"
    ACT = "act"  # accept, answer, transfer, close … (everything a handler does)
    RATE = "rate"


def _condition(scope: Scope, action: Action) -> Q | None:
    """The filter for a scope and action; None means no restriction, Q(pk__in=[]) nothing."""
    nothing = Q(pk__in=[])
    if scope.kind == ScopeKind.NOBODY:
        return nothing
    if action == Action.RATE:
        # Only the citizen who asked may rate; staff never rate on the citizen's behalf.
        return Q(requester_id=scope.user_id) if scope.kind == ScopeKind.CITIZEN else nothing
    if scope.kind == ScopeKind.CITIZEN:
        return Q(requester_id=scope.user_id) if action == Action.VIEW else nothing
    if scope.sees_everything:
        return None
    own = (
        Q(owner_point_id__in=scope.point_ids) | Q(owner_agency_id__in=scope.agency_ids) | Q(owner_user_id=scope.user_id)
    )
    if action == Action.VIEW:
        # The first-contact owner (首办) keeps sight of the order through every hand-over.
        own |= Q(first_owner_point_id__in=scope.point_ids) | Q(first_owner_user_id=scope.user_id)
        if scope.view_region_ranges:
            own |= scope.region_q("region_code", view=True)
    if scope.kind == ScopeKind.SUPERVISOR:
        return own | scope.region_q("region_code") | scope.region_q("owner_region_code")
    return own


def visible_to(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> WorkOrderQuerySet:
    queryset = WorkOrder.objects.all()
    condition = _condition(scope_for(user), action)
    return queryset if condition is None else queryset.filter(condition)


# What a list row shows. At most four relations are joined: PostgreSQL's time to plan a query
# grows steeply with each join (seven joins took ~45 ms to plan, against ~1 ms to run the page
# on 1,000,000 orders; four take ~1.5 ms). The rest are small lookups, prefetched.
LIST_JOINED = ("region", "owner_point", "owner_agency", "owner_user")
LIST_PREFETCHED = ("requester", "topic", "service_type")


def with_list_relations(queryset: WorkOrderQuerySet) -> WorkOrderQuerySet:
    """The queryset with what list rows and order pages show (a constant number of queries)."""
    return queryset.select_related(*LIST_JOINED).prefetch_related(*LIST_PREFETCHED)


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    sla: str = ""
    topic: int | None = None
    channel: str = ""
    point: int | None = None
    person: int | None = None
    special_group: int = 0
    query: str = ""


def queue_for(
    user: User, filters: QueueFilters | None = None, *, now: datetime.datetime | None = None
) -> WorkOrderQuerySet:
    """The staff queue: orders the user may act on, most urgent and oldest first, with what the
    list shows (select_related: a constant number of queries whatever the page size)."""
    filters = filters or QueueFilters()
    queryset = visible_to(user, Action.ACT)
    queryset = apply_filters(queryset, filters, now=now)
    return with_list_relations(queryset).order_by("-priority", "created_at", "pk")


def ids_of(queryset: WorkOrderQuerySet) -> QuerySet[WorkOrder, int]:
    """The queryset narrowed to ids, in its order: paging and sorting touch the work-order table
    alone. Sorting thousands of joined rows to find one deep page spilled to disk on 1,000,000
    orders; sorting ids does not."""
    return queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)


def rows_of(ids: list[int]) -> list[WorkOrder]:
    """The list rows for ids already chosen by a visible, ordered queryset (see ids_of), in that order."""
    by_pk = {order.pk: order for order in with_list_relations(WorkOrder.objects.filter(pk__in=ids)).order_by()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def apply_filters(
    queryset: WorkOrderQuerySet, filters: QueueFilters, *, now: datetime.datetime | None = None
) -> WorkOrderQuerySet:
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.sla:
        queryset = queryset.sla_state(filters.sla, now=now)
    if filters.topic:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.point:
        queryset = queryset.filter(owner_point_id=filters.point)
    if filters.person:
        queryset = queryset.filter(owner_user_id=filters.person)
    if filters.special_group:
        # Bit test without a function index: the other filters have already narrowed the rows.
        queryset = queryset.annotate(_groups=F("special_groups").bitand(filters.special_group)).filter(_groups__gt=0)
    if filters.query:
        from gongfa.workorders.search import search_orders

        queryset = search_orders(queryset, filters.query)
    return queryset


def status_counts(queryset: WorkOrderQuerySet) -> dict[str, int]:
    # COUNT(*), not COUNT(id): id is not in the covering index, and naming it would make
    # PostgreSQL read the table instead of the index alone.
    return dict(queryset.order_by().values_list("status").annotate(n=Count("*")).values_list("status", "n"))


def sla_counts(queryset: WorkOrderQuerySet, now: datetime.datetime | None = None) -> dict[str, int]:
    """Overdue and near-due counts in one aggregate query."""
    now = now or timezone.now()
    # Only open orders can be late: saying so lets PostgreSQL count from the partial index of
    # open orders (wo_open_scope_cover) instead of scanning every closed order too.
    totals = (
        queryset.filter(status__in=OPEN_STATUSES)
        .order_by()
        .aggregate(
            # A column of the covering index (status is never null), not pk: see status_counts.
            overdue=Count("status", filter=late_condition(SlaState.OVERDUE, now)),
            near_due=Count("status", filter=late_condition(SlaState.NEAR_DUE, now)),
        )
    )
    return {SlaState.OVERDUE: totals["overdue"] or 0, SlaState.NEAR_DUE: totals["near_due"] or 0}


def my_items(user: User) -> WorkOrderQuerySet:
    return (
        visible_to(user)
        .filter(requester=user)
        .select_related("region", "owner_point", "owner_agency", "service_type", "topic")
        .order_by("-created_at")
    )


def get_visible(user: User | AnonymousUser | None, tracking_number: str, action: Action = Action.VIEW) -> WorkOrder:
    """One order the user may act on; raises WorkOrder.DoesNotExist otherwise (views answer 404, not
    403, so nobody learns that someone else's order exists)."""
    return with_list_relations(visible_to(user, action)).get(tracking_number=tracking_number)


def orders_of_caller(user: User, phone: str, limit: int = 20) -> list[WorkOrder]:
    """The hotline console's "earlier orders of this caller" (by account phone or contact phone)."""
    if not phone:
        return []
    phone_hash = blind_index(phone, "phone")  # the columns are encrypted: match their blind indexes
    if not phone_hash:
        return []
    matches = Q(contact_phone_hash=phone_hash) | Q(requester__phone_hash=phone_hash)
    return list(with_list_relations(visible_to(user).filter(matches)).order_by("-created_at")[:limit])


def unresolved_notices(user: User) -> QuerySet[SupervisionNotice]:
    """Supervision notices (督办) addressed to the user and not yet resolved."""
    return SupervisionNotice.objects.filter(supervisor=user).exclude(status=SupervisionStatus.RESOLVED)


def open_return_visits_for(user: User, limit: int = 200) -> list[ReturnVisit]:
    """The supervision page's return visits: open ones assigned to the user."""
    return list(
        ReturnVisit.objects.filter(assignee=user, status=TaskStatus.OPEN)
        .select_related("order__region", "order__owner_point", "order__owner_agency", "order__owner_user")
        .order_by("due_at", "pk")[:limit]
    )


def rectification_condition(user: User) -> Q:
    """Rectifications (整改) the user may act on: on orders they may act on, or, without an order
    (a site inspection's), at a point in their scope or naming them as responsible."""
    scope = scope_for(user)
    if scope.sees_everything:
        return Q()
    site = Q(responsible_point_id__in=scope.point_ids) | Q(responsible_user_id=user.pk)
    if scope.kind == ScopeKind.SUPERVISOR:
        site |= scope.region_q("responsible_point__region__code")
    if scope.kind in (ScopeKind.NOBODY, ScopeKind.CITIZEN):
        return Q(pk__in=[])
    return Q(order__in=visible_to(user, Action.ACT).values("pk")) | (Q(order__isnull=True) & site)


def open_rectifications_for(user: User, limit: int = 200) -> list[Rectification]:
    """Open rectifications (整改) the user may act on (a supervisor: their regions): after bad
    ratings and for items that lost points in a site inspection."""
    return list(
        Rectification.objects.filter(rectification_condition(user), status=TaskStatus.OPEN)
        .select_related("order__region", "responsible_user", "responsible_point")
        .order_by("due_on", "pk")[:limit]
    )


__all__ = ["Action", "QueueFilters", "WorkOrderStatus", "get_visible", "queue_for", "visible_to"]
