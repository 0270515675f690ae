"""What the service network counts in performance management (服务网络计量): coverage.

Stock measures (carried forward to the last day of a period):
- net.villages: villages and communities (村(社区)), from the day they are known;
- net.villages_with_advisor: villages with at least one legal adviser (村(居)法律顾问) in post, +1 on
  the first day of each covered stretch and −1 on the day it ends;
- net.points: active service points, by tier (公共法律服务中心/工作站/工作室).

Regions and points come with no date of their own: they count from the registry's EPOCH.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongfa.network.choices import RegionLevel
from gongfa.network.models import AdvisorAssignment, Region, ServicePoint
from gongfa.performance.choices import MeasureKind
from gongfa.performance.registry import EPOCH, Contribution, FactSource, Measure, register_measures, register_source

if TYPE_CHECKING:
    from gongfa.audit.models import Event

STOCK = MeasureKind.STOCK
register_measures(
    [
        Measure("net.villages", _("村(社区)数"), unit=_("个"), kind=STOCK, app="network"),
        Measure("net.villages_with_advisor", _("有法律顾问的村(社区)数"), unit=_("个"), kind=STOCK, app="network"),
        Measure("net.points", _("服务平台数"), unit=_("个"), kind=STOCK, app="network"),
    ]
)


def covered_stretches(assignments: Iterable[AdvisorAssignment]) -> list[tuple[datetime.date, datetime.date | None]]:
    """Merged [start, end) stretches with an adviser in post (end None: still covered)."""
    spans = sorted(
        (assignment.started_on, None if assignment.is_active else assignment.ended_on or assignment.started_on)
        for assignment in assignments
    )
    merged: list[tuple[datetime.date, datetime.date | None]] = []
    for start, end in spans:
        if end is not None and end <= start:
            continue
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def village_contributions(village: Region) -> Iterator[Contribution]:
    base = Contribution(measure="", day=EPOCH, region_code=village.code)
    yield base._replace(measure="net.villages")
    for start, end in covered_stretches(village.advisor_assignments.all()):
        yield base._replace(measure="net.villages_with_advisor", day=start, value=1)
        if end is not None:
            yield base._replace(measure="net.villages_with_advisor", day=end, value=-1)


def villages_of_event(event: Event) -> Iterable[int]:
    if event.verb.startswith("network.advisor_") and event.region_id is not None:
        return [event.region_id]
    return []


def point_contributions(point: ServicePoint) -> Iterator[Contribution]:
    if point.is_active:
        yield Contribution("net.points", EPOCH, region_code=point.region.code, point_id=point.pk, tier=point.tier)


def _villages() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.VILLAGE).prefetch_related("advisor_assignments")


def _points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.select_related("region")


register_source(
    FactSource(
        name="network.village",
        model=Region,
        contribute=village_contributions,
        queryset=_villages,
        subjects_of_event=villages_of_event,
        app="network",
        measures=("net.villages", "net.villages_with_advisor"),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="network.servicepoint",
        model=ServicePoint,
        contribute=point_contributions,
        queryset=_points,
        app="network",
        measures=("net.points",),
        without_events=True,
    )
)
