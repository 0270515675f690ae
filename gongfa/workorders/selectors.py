"""Queries over work orders. Every view, API endpoint and export goes through visible_to."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from gongfa.accounts.models import User
from gongfa.network.scope import Scope, ScopeKind, scope_for
from gongfa.workorders.models import WorkOrder, WorkOrderQuerySet


class Action(StrEnum):
    VIEW = "view"
    ANSWER = "answer"
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
    own = Q(owner_point_id__in=scope.point_ids) | Q(owner_user_id=scope.user_id)
    if scope.kind == ScopeKind.SUPERVISOR:
        return own | scope.region_q("region__code")
    return own


def visible_to(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> WorkOrderQuerySet:
    queryset = WorkOrder.objects.all()
    condition = _condition(scope_for(user), action)
    return queryset if condition is None else queryset.filter(condition)


def queue_for(user: User, *, status: str | None = None) -> WorkOrderQuerySet:
    """The staff queue: orders the user may answer, oldest first, with what the list shows."""
    queryset = visible_to(user, Action.ANSWER).select_related("region", "owner_point", "requester")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "pk")


def my_items(user: User) -> WorkOrderQuerySet:
    return visible_to(user).filter(requester=user).select_related("region", "owner_point").order_by("-created_at")


def get_visible(user: User | AnonymousUser | None, tracking_number: str, action: Action = Action.VIEW) -> WorkOrder:
    """One order the user may act on; raises WorkOrder.DoesNotExist otherwise (views answer 404, not
    403, so nobody learns that someone else's order exists)."""
    return (
        visible_to(user, action)
        .select_related("region", "owner_point", "requester")
        .get(tracking_number=tracking_number)
    )
