"""Choices for the workbench's selects (points, people, regions, topics …), read-only and bounded:
each helper is one query and returns at most OPTION_LIMIT rows, whatever the size of the network.
A place beyond the list is still reachable through the region-code inputs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.catalog.selectors import active_service_types
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import AdvisorAssignment, Agency, Region, ServicePoint, StaffPosting, subtree_bounds
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workbench.forms import place_value
from gongfa.workorders.models import Topic
from gongfa.workorders.services.intake import staff_point

OPTION_LIMIT = 500
NOT_TARGETS = [Role.SUPERVISOR, Role.ADMINISTRATOR, Role.CITIZEN]
Choices = list[tuple[Any, Any]]


def topic_choices() -> Choices:
    return [(topic.pk, topic.name) for topic in Topic.objects.filter(is_active=True)]


def service_type_choices() -> Choices:
    return [(service.code, service.name) for service in active_service_types()]


def _point_scope(user: User) -> Q | None:
    """Condition on ServicePoint for the points whose orders the user may see (None: all)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("region__code") | Q(pk__in=scope.point_ids)
    if scope.kind == ScopeKind.STAFF:
        return Q(pk__in=scope.point_ids)
    return Q(pk__in=[])


def scoped_point_choices(user: User) -> Choices:
    """The queue's point filter: the service points in the user's scope."""
    points = ServicePoint.objects.all()
    condition = _point_scope(user)
    if condition is not None:
        points = points.filter(condition)
    return [(pk, name) for pk, name in points.order_by("region__code", "tier").values_list("pk", "name")[:OPTION_LIMIT]]


def scoped_person_choices(user: User) -> Choices:
    """The queue's person filter: staff posted (or serving as advisors) in the user's scope."""
    scope = scope_for(user)
    postings = StaffPosting.objects.filter(is_active=True)
    advisors = AdvisorAssignment.objects.filter(is_active=True)
    if scope.kind == ScopeKind.SUPERVISOR:
        postings = postings.filter(
            scope.region_q("point__region__code")
            | scope.region_q("agency__region__code")
            | Q(point_id__in=scope.point_ids)
            | Q(agency_id__in=scope.agency_ids)
        )
        advisors = advisors.filter(scope.region_q("village__code"))
    elif scope.kind == ScopeKind.STAFF:
        postings = postings.filter(Q(point_id__in=scope.point_ids) | Q(agency_id__in=scope.agency_ids))
        advisors = advisors.filter(village__points__pk__in=scope.point_ids)
    elif not scope.sees_everything:
        return []
    people = (
        User.objects.filter(Q(pk__in=postings.values("user_id")) | Q(pk__in=advisors.values("advisor_id")))
        .exclude(role=Role.CITIZEN)
        .order_by("real_name", "pk")
        .values_list("pk", "real_name", "username")
    )
    return [(pk, real_name or username) for pk, real_name, username in people[:OPTION_LIMIT]]


def county_code_of(region: Region) -> str | None:
    if region.level < RegionLevel.COUNTY:
        return None
    if region.level == RegionLevel.COUNTY:
        return region.code
    return region.ancestor_codes()[RegionLevel.COUNTY - 1]


def _bounds_near(region: Region) -> tuple[str, str]:
    county = county_code_of(region)
    if county is None:
        return region.subtree_bounds()
    return subtree_bounds(county, RegionLevel.COUNTY)


def target_place_choices(region: Region) -> Choices:
    """Active points and agencies in the county of `region`, grouped, for transfer and dispatch."""
    low, high = _bounds_near(region)
    points = ServicePoint.objects.filter(is_active=True, region__code__range=(low, high)).order_by(
        "region__code", "tier"
    )
    agencies = Agency.objects.filter(is_active=True, region__code__range=(low, high)).order_by("region__code", "name")
    groups: Choices = []
    point_rows = [(place_value(p), p.name) for p in points.only("pk", "name")[:OPTION_LIMIT]]
    agency_rows = [(place_value(a), a.name) for a in agencies.only("pk", "name")[:OPTION_LIMIT]]
    if point_rows:
        groups.append(("服务点", point_rows))
    if agency_rows:
        groups.append(("法律服务机构", agency_rows))
    return groups


def target_person_choices(region: Region) -> Choices:
    """People who can take orders at the places in the county of `region` (name and place)."""
    low, high = _bounds_near(region)
    postings = (
        StaffPosting.objects.filter(is_active=True, user__is_active=True)
        .exclude(role__in=NOT_TARGETS)
        .filter(Q(point__region__code__range=(low, high)) | Q(agency__region__code__range=(low, high)))
        .select_related("user", "point", "agency")
        .order_by("point__region__code", "agency__region__code", "user__real_name", "pk")
    )
    seen: dict[int, str] = {}
    for posting in postings[:OPTION_LIMIT]:
        place = posting.point or posting.agency
        seen.setdefault(posting.user_id, f"{posting.user.display_name}（{place.name if place else ''}）")
    return list(seen.items())


def scoped_target_place_choices(user: User) -> Choices:
    """Bulk actions: active points and agencies in the supervisor's regions (all for admins)."""
    scope = scope_for(user)
    points = ServicePoint.objects.filter(is_active=True)
    agencies = Agency.objects.filter(is_active=True)
    if scope.kind == ScopeKind.SUPERVISOR:
        points = points.filter(scope.region_q("region__code"))
        agencies = agencies.filter(scope.region_q("region__code"))
    elif not scope.sees_everything:
        return []
    else:
        points = points.exclude(tier=PointTier.ROOM)  # rooms by region code: a province has thousands
    groups: Choices = []
    point_rows = [
        (place_value(p), p.name) for p in points.order_by("region__code", "tier").only("pk", "name")[:OPTION_LIMIT]
    ]
    agency_rows = [
        (place_value(a), a.name) for a in agencies.order_by("region__code", "name").only("pk", "name")[:OPTION_LIMIT]
    ]
    if point_rows:
        groups.append(("服务点", point_rows))
    if agency_rows:
        groups.append(("法律服务机构", agency_rows))
    return groups


def home_county(user: User) -> Region | None:
    """The county whose regions the intake form lists: that of the user's service point."""
    point = staff_point(user)
    if point is None:
        posting = (
            StaffPosting.objects.filter(user=user, is_active=True)
            .select_related("agency__region")
            .order_by("pk")
            .first()
        )
        region = posting.region if posting is not None else None
    else:
        region = point.region
    if region is None:
        return None
    code = county_code_of(region)
    return Region.objects.filter(code=code).first() if code else None


def counties() -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")[:OPTION_LIMIT])


def intake_region_choices(county: Region | None) -> Choices:
    """Townships (selectable themselves) and their villages, grouped by township."""
    if county is None:
        return []
    rows = (
        Region.objects.subtree(county)
        .filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
        .order_by("code")
        .values_list("code", "name", "level")
    )
    groups: Choices = []
    current: list[tuple[str, str]] | None = None
    for code, name, level in rows:
        if level == RegionLevel.TOWNSHIP:
            current = [(code, f"{name}（乡镇本级）")]
            groups.append((name, current))
        elif current is not None:
            current.append((code, name))
    return groups
