"""Queries of site scoring (示范点评分): the points a supervisor may score, each with its latest
inspection, and one point or inspection if in scope. Scope is the region subtree of the user's
postings (administrators: everything), enforced on the queryset."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery

from gongfa.accounts.models import User
from gongfa.network.models import ServicePoint
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.performance.models import SiteInspection


def _point_condition(user: User, field: str = "region__code") -> Q | None:
    """None: no restriction; Q(pk__in=[]): nothing."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind != ScopeKind.SUPERVISOR:
        return Q(pk__in=[])
    return scope.region_q(field)


def points_for(user: User, *, tier: str = "") -> QuerySet[ServicePoint]:
    """Active points in the user's regions, each annotated with its latest inspection
    (latest_pk, latest_on, latest_total, latest_passed, latest_status, latest_level): one query."""
    condition = _point_condition(user)
    queryset = ServicePoint.objects.filter(is_active=True).select_related("region")
    if condition is not None:
        queryset = queryset.filter(condition)
    if tier:
        queryset = queryset.filter(tier=tier)
    latest = SiteInspection.objects.filter(point=OuterRef("pk")).order_by("-inspected_on", "-pk")
    return queryset.annotate(
        latest_pk=Subquery(latest.values("pk")[:1]),
        latest_on=Subquery(latest.values("inspected_on")[:1]),
        latest_total=Subquery(latest.values("total")[:1]),
        latest_passed=Subquery(latest.values("passed")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_level=Subquery(latest.values("site_level")[:1]),
    ).order_by("region__code", "tier", "pk")


def point_for(user: User, pk: int) -> ServicePoint | None:
    condition = _point_condition(user)
    queryset = ServicePoint.objects.select_related("region").filter(pk=pk)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.first()


def inspection_for(user: User, pk: int) -> SiteInspection | None:
    condition = _point_condition(user, "point__region__code")
    queryset = SiteInspection.objects.select_related("sheet", "point__region", "created_by").filter(pk=pk)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.first()


def inspections_of(point: ServicePoint) -> QuerySet[SiteInspection]:
    return SiteInspection.objects.filter(point=point).select_related("sheet").order_by("-inspected_on", "-pk")
