"""Figures published to everyone (服务数据公开): per county of the deployment, the public indicators
over the last 12 whole months.

Only indicators marked is_public are read; the rows are regions and the cells are numbers, so no
person can be named or singled out. The result is plain data (strings and numbers) and is cached:
the figures of closed months change only when a late event arrives, and the page is public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, gettext

from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.performance.charts import number, shown, unit_suffix
from gongfa.performance.compute import Value
from gongfa.performance.compute_dashboard import Period, Reader
from gongfa.performance.models import Indicator
from gongfa.performance.periods import add_months, month_start

MONTHS = 12
CACHE_SECONDS = 15 * 60
CACHE_KEY = "performance:public:v1:{end}:{language}"  # labels inside are in the language of the page


@dataclass
class PublicRow:
    name: str
    parent: str
    values: list[str]
    numbers: list[Decimal | None]


@dataclass
class PublicFigures:
    period_label: str
    top_name: str
    level_label: str
    columns: list[str]
    definitions: list[tuple[str, str]]
    rows: list[PublicRow]
    total: PublicRow | None
    chart: dict[str, Any] | None
    grouped: bool = False
    notes: list[str] = field(default_factory=list)


def public_period(today: datetime.date) -> Period:
    """The last 12 whole months before this one."""
    last = add_months(month_start(today), -1)
    return Period.of_months(add_months(last, -(MONTHS - 1)), last)


def top_region() -> Region | None:
    """The deployment's top: from the only root down while there is one region beneath, never
    below a county (a county deployment publishes its county and its townships)."""
    roots = list(Region.objects.filter(parent__isnull=True).order_by("code")[:2])
    if len(roots) != 1:
        return None
    region = roots[0]
    while region.level < RegionLevel.COUNTY:
        children = list(Region.objects.filter(parent=region).order_by("code")[:2])
        if len(children) != 1:
            break
        region = children[0]
    return region


def public_figures(today: datetime.date) -> PublicFigures | None:
    """The page's figures, cached per month; None when there is no region or no public indicator."""
    period = public_period(today)
    key = CACHE_KEY.format(end=period.end.isoformat(), language=get_language() or settings.LANGUAGE_CODE)
    found: PublicFigures | None = cache.get(key)
    if found is None:
        found = _compute(period)
        if found is not None:
            cache.set(key, found, CACHE_SECONDS)
    return found


def _compute(period: Period) -> PublicFigures | None:
    indicators = list(Indicator.objects.filter(is_public=True, is_active=True).order_by("sort_order", "code"))
    top = top_region()
    if not indicators or top is None:
        return None
    values_by_region: list[tuple[Region, Region, dict[str, Value]]] = []
    if top.level < RegionLevel.COUNTY:
        # Counties may lie two levels down (a province): read them under each of their parents.
        counties = list(Region.objects.subtree(top).filter(level=RegionLevel.COUNTY).select_related("parent"))
        by_parent: dict[int, list[Region]] = {}
        for county in counties:
            by_parent.setdefault(county.parent_id or 0, []).append(county)
        parents = {county.parent_id: county.parent for county in counties}
        for parent_id, members in sorted(by_parent.items(), key=lambda item: members_code(item[1])):
            parent = parents[parent_id]
            assert parent is not None
            for child, values in Reader(parent).by_child(indicators, period, sorted(members, key=lambda r: r.code)):
                values_by_region.append((child, parent, values))
        level_label = str(RegionLevel.COUNTY.label)
        grouped = len(by_parent) > 1
    else:
        children = list(Region.objects.filter(parent=top).order_by("code"))
        for child, values in Reader(top).by_child(indicators, period, children):
            values_by_region.append((child, top, values))
        level_label = str(RegionLevel(top.level + 1).label) if top.level < RegionLevel.VILLAGE else ""
        grouped = False
    total_values = Reader(top).totals(indicators, period)

    def row(region: Region, parent: Region | None, values: dict[str, Value]) -> PublicRow:
        return PublicRow(
            name=region.name,
            parent=parent.name if parent is not None else "",
            values=[shown(i, values.get(i.code)) for i in indicators],
            numbers=[values[i.code].value if i.code in values else None for i in indicators],
        )

    rows = [row(region, parent, values) for region, parent, values in values_by_region]
    first = indicators[0]
    chart = None
    if rows:
        chart = {
            "id": "chart-public",
            "kind": "bar",
            "categories": [r.name for r in rows],
            "series": [
                {
                    "name": first.name,
                    "type": "bar",
                    "data": [number(r.numbers[0]) for r in rows],
                    "axis": 0,
                    "unit": unit_suffix(first),
                }
            ],
        }
    return PublicFigures(
        period_label=period.label(),
        top_name=top.name,
        level_label=level_label,
        columns=[f"{i.name}（{unit_suffix(i)}）" if unit_suffix(i) else i.name for i in indicators],
        definitions=[(i.name, i.description) for i in indicators if i.description],
        rows=rows,
        total=row(top, None, total_values),
        chart=chart,
        grouped=grouped,
        notes=[gettext("比率类指标在分母为 0 时显示“—”。数据来自各服务渠道的办理记录，每月更新。")],
    )


def members_code(regions: list[Region]) -> str:
    return min(region.code for region in regions)
