"""Which targets a user sees (目标任务的可见范围): along the region subtree, like everything else.

Supervisors see the targets of their postings' regions and every region below; administrators all
of them; other staff none. The target page also shows the target's parent (the target it was split
from) for context, read-only, even where the parent's region lies above the user's own.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongfa.accounts.models import User
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.performance.models import Indicator, Target


def visible_targets(user: User) -> QuerySet[Target]:
    scope = scope_for(user)
    targets = Target.objects.all()
    if scope.sees_everything:
        return targets
    if scope.kind != ScopeKind.SUPERVISOR:
        return targets.none()
    return targets.filter(scope.region_q("region__code"))


def target_list(user: User, *, year: int | None = None, indicator: str = "") -> QuerySet[Target]:
    """The list page's rows: with indicator, region, parent and the number of parts (one query)."""
    targets = visible_targets(user)
    if year is not None:
        targets = targets.filter(year=year)
    if indicator:
        targets = targets.filter(indicator__code=indicator)
    return (
        targets.select_related("indicator", "region", "parent__region")
        .annotate(part_count=Count("parts"))
        .order_by("-year", "indicator__sort_order", "indicator__code", "region__code")
    )


def target_for(user: User, pk: int) -> Target:
    """A visible target with what its page shows (Target.DoesNotExist otherwise)."""
    return (
        visible_targets(user)
        .select_related("indicator", "region", "parent__region", "parent__indicator", "set_by")
        .prefetch_related("milestones")
        .get(pk=pk)
    )


def entry_regions(user: User) -> QuerySet[Region]:
    """The regions the user may set targets for: province, city and county regions of their scope."""
    scope = scope_for(user)
    regions = Region.objects.filter(level__lte=RegionLevel.COUNTY).order_by("code")
    if scope.sees_everything:
        return regions
    if scope.kind != ScopeKind.SUPERVISOR:
        return regions.none()
    return regions.filter(scope.region_q("code"))


def target_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).order_by("sort_order", "code")
