"""Queries over the service network."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.core.refcache import reference_lookup
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import AdvisorAssignment, DutyShift, Region, RegionSetting, ServicePoint, StaffPosting
from gongfa.network.region_settings import effective_date, spec_for


def region_setting(region: Region | None, key: str, on: datetime.date | None = None) -> Any:
    """The value of a configurable parameter for a region on a date (nearest ancestor wins)."""
    spec = spec_for(key)
    if region is None:
        return spec.default
    codes = [*region.ancestor_codes(), region.code]
    row = (
        RegionSetting.objects.filter(region__code__in=codes, key=key, effective_from__lte=effective_date(on))
        .order_by("-region__level", "-effective_from")
        .values_list("value", flat=True)
        .first()
    )
    return spec.default if row is None else row


@reference_lookup("network.region_by_code", models=("network.Region",))
def region_by_code(code: str) -> Region | None:
    """The region with this 12-digit code, kept per process (gongfa.core.refcache): read-only."""
    return Region.objects.filter(code=code).first()


def townships_of(county: Region) -> list[Region]:
    return list(Region.objects.subtree(county).filter(level=RegionLevel.TOWNSHIP).order_by("code"))


def villages_of(township: Region) -> list[Region]:
    return list(Region.objects.subtree(township).filter(level=RegionLevel.VILLAGE).order_by("code"))


def point_has_active_staff(point: ServicePoint) -> bool:
    """A point is staffed when someone holds an active posting there or, for a village room,
    an active advisor serves its village."""
    if StaffPosting.objects.filter(point=point, is_active=True, user__is_active=True).exists():
        return True
    if point.tier == PointTier.ROOM:
        return AdvisorAssignment.objects.filter(
            village_id=point.region_id, is_active=True, advisor__is_active=True
        ).exists()
    return False


def active_advisor_village_count(advisor_id: int) -> int:
    return AdvisorAssignment.objects.filter(advisor_id=advisor_id, is_active=True).count()


def points_staffed_by(user_id: int) -> Q:
    """Condition on ServicePoint: the points where the user works (posting or advisor village)."""
    return Q(postings__user_id=user_id, postings__is_active=True) | Q(
        tier=PointTier.ROOM,
        region__advisor_assignments__advisor_id=user_id,
        region__advisor_assignments__is_active=True,
    )


def on_duty(point: ServicePoint, at: datetime.datetime) -> list[User]:
    """Who is on the point's duty roster (值班表) at a moment (shift times are local time)."""
    local = timezone.localtime(at)
    return [
        shift.user
        for shift in DutyShift.objects.filter(
            point=point, date=local.date(), starts_at__lte=local.time(), ends_at__gt=local.time(), user__is_active=True
        )
        .select_related("user")
        .order_by("starts_at", "user_id")
    ]


def supervisors_covering(region: Region, *, exclude_user_id: int | None = None) -> list[tuple[Region, User]]:
    """Supervisors whose posting's region contains `region`, nearest (deepest) first, with the
    region they supervise. One query."""
    from gongfa.accounts.choices import Role

    codes = [*region.ancestor_codes(), region.code]
    postings = (
        StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, user__is_active=True)
        .filter(Q(point__region__code__in=codes) | Q(agency__region__code__in=codes))
        .select_related("user", "point__region", "agency__region")
    )
    found: list[tuple[Region, User]] = []
    for posting in postings:
        if exclude_user_id is not None and posting.user_id == exclude_user_id:
            continue
        found.append((posting.region, posting.user))
    found.sort(key=lambda pair: (-pair[0].level, pair[1].pk))
    return found
