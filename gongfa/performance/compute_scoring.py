"""Indicator values per service point (按服务平台取数), for the computed items of site scoring.

compute.py answers per region (a region's subtree); a point's own work (its satisfaction, its
on-time rate) is the DailyFact rows carrying its point_id. Same definitions as compute.py (an
indicator's numerator and denominator, their filters, derived measures expanded for the point's
region, stock measures carried forward), one query per measure asked for all the points at once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Sum

from gongfa.network.models import Region
from gongfa.performance import registry
from gongfa.performance.compute import (
    Filters,
    Value,
    _Ask,
    _asks,
    _daily_condition,
    _group_mask,
    _period_range,
    evaluate,
    terms_of,
)
from gongfa.performance.models import DailyFact, Indicator


def point_indicator_values(
    indicators: Sequence[Indicator],
    points: Sequence[tuple[int, Region | None]],
    start: datetime.date,
    end: datetime.date,
) -> dict[int, dict[str, Value]]:
    """{point id: {indicator code: Value}} over [start, end] from the points' own DailyFact rows.
    `points` are (point id, the point's region: derived measures follow its settings)."""
    found: dict[tuple[str, Filters, int], int] = defaultdict(int)
    regions = {region.pk if region else None: region for _pk, region in points}
    asks: dict[tuple[str, Filters], _Ask] = {}
    for region in regions.values():
        for ask in _asks(indicators, region, end, Filters()):
            asks[(ask.measure, ask.filters)] = ask
    point_ids = [pk for pk, _region in points]
    by_filters: dict[Filters, list[_Ask]] = defaultdict(list)
    for ask in asks.values():
        by_filters[ask.filters].append(ask)
    for filters, same in by_filters.items():
        for ask in same:
            low, high = _period_range(ask, start, end)
            queryset = DailyFact.objects.filter(_daily_condition(ask), point_id__in=point_ids, day__range=(low, high))
            if filters.special_group:
                mask = _group_mask(filters.special_group)
                queryset = queryset.annotate(group_bits=F("special_groups").bitand(mask)).exclude(group_bits=0)
            for row in queryset.values("point_id").annotate(total=Sum("value")):
                found[(ask.measure, ask.filters, row["point_id"])] += row["total"] or 0
    values: dict[int, dict[str, Value]] = {}
    for pk, region in points:
        values[pk] = {}
        for indicator in indicators:
            totals: list[int] = []
            for term in terms_of(indicator):
                total = 0
                for code in term.measures:
                    for measure in registry.expand(code, region, end):
                        total += found.get((measure, term.filters, pk), 0)
                totals.append(total)
            values[pk][indicator.code] = evaluate(indicator, totals[0], totals[1] if len(totals) > 1 else None)
    return values
