"""The places and people an agent may send an order to (派给… / 转办 / 派单 / 改派): the county
around the order's region, grouped by tier and region (village rooms under their township), and
narrowed by what was typed. A bounded number of queries whatever the size of the network."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting, subtree_bounds

NOT_DISPATCHABLE_ROLES = {Role.SUPERVISOR, Role.ADMINISTRATOR, Role.CITIZEN}


@dataclass(frozen=True)
class TargetOption:
    value: str  # "point:<id>" / "agency:<id>" (PlaceField's format)
    name: str
    region_name: str


@dataclass(frozen=True)
class TargetGroup:
    label: str  # tier and region: "公共法律服务工作室 · 城关镇"
    options: list[TargetOption]


@dataclass(frozen=True)
class DispatchTargets:
    groups: list[TargetGroup]
    people: list[tuple[int, str]]  # (user id, "name（place）")
    total: int  # places matching before the limit

    @property
    def count(self) -> int:
        return sum(len(group.options) for group in self.groups)


TARGET_LIMIT = 300


def _target_area(user: User | None, region: Region | None) -> tuple[str, str] | None:
    """The region-code range of the county an agent dispatches in: the order's county, else the
    county of the user's own point; None when neither is known."""
    anchor = region
    if anchor is None and user is not None:
        from gongfa.workorders.services.intake import staff_point

        point = staff_point(user)
        anchor = point.region if point is not None else None
    if anchor is None:
        return None
    if anchor.level < RegionLevel.COUNTY:
        return anchor.subtree_bounds()
    county = anchor.code if anchor.level == RegionLevel.COUNTY else anchor.ancestor_codes()[RegionLevel.COUNTY - 1]
    return subtree_bounds(county, RegionLevel.COUNTY)


def dispatch_targets_for(user: User | None, region: Region | None, query: str = "") -> DispatchTargets:
    """The active points, agencies and people `user` may send an order in `region` to: the county
    around it, grouped by tier and region (rooms under their township), filtered by `query` (a
    place's or its region's name). A bounded number of queries whatever the network's size."""
    area = _target_area(user, region)
    if area is None or (user is not None and not user.is_platform_staff):
        return DispatchTargets([], [], 0)
    text = (query or "").strip()[:50]
    points = ServicePoint.objects.filter(is_active=True, region__code__range=area).select_related("region")
    agencies = Agency.objects.filter(is_active=True, region__code__range=area).select_related("region")
    if text:
        points = points.filter(Q(name__icontains=text) | Q(region__name__icontains=text))
        agencies = agencies.filter(Q(name__icontains=text) | Q(region__name__icontains=text))
    point_rows = list(points.order_by("region__code", "tier", "pk")[: TARGET_LIMIT + 1])
    agency_rows = list(agencies.order_by("region__code", "name", "pk")[: TARGET_LIMIT + 1])
    parents = {
        r.code: r.name
        for r in Region.objects.filter(
            code__in={p.region.ancestor_codes()[-1] for p in point_rows if p.tier == PointTier.ROOM}
        )
    }
    tier_order = {PointTier.CENTRE: 0, PointTier.STATION: 1, PointTier.ROOM: 2}
    grouped: dict[tuple[int, str, str], list[TargetOption]] = {}
    for point in point_rows[:TARGET_LIMIT]:
        home = parents.get(point.region.ancestor_codes()[-1], "") if point.tier == PointTier.ROOM else ""
        area_name = home or point.region.name
        key = (tier_order[PointTier(point.tier)], point.region.code[:9] if home else point.region.code, area_name)
        label = f"{PointTier(point.tier).label} · {area_name}"
        grouped.setdefault((*key[:2], label), []).append(
            TargetOption(f"point:{point.pk}", point.name, point.region.name)
        )
    groups = [TargetGroup(label, options) for (_, _, label), options in sorted(grouped.items())]
    agency_options = [TargetOption(f"agency:{a.pk}", a.name, a.region.name) for a in agency_rows[:TARGET_LIMIT]]
    if agency_options:
        groups.append(TargetGroup(gettext("法律服务机构"), agency_options))
    postings = (
        StaffPosting.objects.filter(is_active=True, user__is_active=True)
        .exclude(role__in=NOT_DISPATCHABLE_ROLES)
        .filter(Q(point__region__code__range=area, point__is_active=True) | Q(agency__region__code__range=area))
        .select_related("user", "point", "agency")
        .order_by("point__region__code", "agency__region__code", "user__real_name", "pk")
    )
    people: dict[int, str] = {}
    for posting in postings[:TARGET_LIMIT]:
        place = posting.point or posting.agency
        people.setdefault(posting.user_id, f"{posting.user.display_name}（{place.name if place else ''}）")
    return DispatchTargets(groups, list(people.items()), len(point_rows) + len(agency_rows))
