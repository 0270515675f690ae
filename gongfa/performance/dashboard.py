"""What the performance dashboard shows (绩效看板): tiles, and tables each with its chart.

A read, not a change: build() turns a region, a period, a comparison and the page's filters into a
Dashboard whose sections are both the page's tables (beside their charts) and the xlsx export.
It reads only the rollups (through compute_dashboard, hence compute.sums) and the small lookup
tables (indicators, regions, service types, topics), in a number of queries that depends neither
on the archive's size nor on the number of child regions.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import Region
from gongfa.performance.charts import EMPTY, number, shown, shown_delta, unit_suffix
from gongfa.performance.choices import Direction, Unit
from gongfa.performance.compute import Filters, Value
from gongfa.performance.compute_dashboard import Comparison, Period, Reader, comparison_period
from gongfa.performance.models import Indicator
from gongfa.performance.xlsx import INTEGER, Table

# The tiles, in order; the satisfaction rate carries the 1–5 mean beside it.
TILE_CODES = (
    "wo_received",
    "wo_accept_on_time_rate",
    "wo_close_on_time_rate",
    "wo_satisfaction_rate",
    "wo_callback_rate",
    "la_received",
    "la_grant_rate",
    "la_closed",
    "cov_village_advisor_rate",
    "cov_points",
)
COMPANIONS = {"wo_satisfaction_rate": "wo_rating_mean"}
TREND_CODES = ("wo_received", "wo_close_on_time_rate", "wo_satisfaction_rate", "wo_rating_mean", "la_received")
CHILD_CODES = (
    "wo_received",
    "wo_close_on_time_rate",
    "wo_satisfaction_rate",
    "wo_rating_mean",
    "la_received",
    "cov_village_advisor_rate",
)
MIX_CODES = ("wo_received", "wo_close_on_time_rate")
RECEIVED, ON_TIME, SATISFACTION = "wo_received", "wo_close_on_time_rate", "wo_satisfaction_rate"
ALL_CODES = tuple(dict.fromkeys([*TILE_CODES, *COMPANIONS.values(), *TREND_CODES, *CHILD_CODES, *MIX_CODES]))
GRADES = (5, 4, 3, 2, 1)
GRADE_LABELS = {5: _("非常满意"), 4: _("满意"), 3: _("基本满意"), 2: _("不满意"), 1: _("非常不满意")}
UNCLASSIFIED = _("未分类")


def grade_indicator(grade: int) -> Indicator:
    """An in-memory indicator counting one grade of rating (not saved: the chart's own reading)."""
    return Indicator(
        code=f"_rated_{grade}",
        name=gettext("{grade}级（{label}）").format(grade=grade, label=GRADE_LABELS[grade]),
        numerator={"measures": [f"wo.rated_{grade}"]},
        denominator=None,
        scale=Decimal(1),
        unit=Unit.COUNT,
        decimals=0,
    )


# ---------------------------------------------------------------------------------------------
# What the page shows


@dataclass
class Tile:
    indicator: Indicator
    value: Value | None
    previous: Value | None = None
    change: Decimal | None = None
    companion: Tile | None = None

    @property
    def shown(self) -> str:
        return shown(self.indicator, self.value)

    @property
    def previous_shown(self) -> str:
        return shown(self.indicator, self.previous)

    @property
    def change_shown(self) -> str:
        return shown_delta(self.indicator, self.change)

    @property
    def trend(self) -> str:
        """better / worse / same / "" (no comparison), by the indicator's direction."""
        if self.change is None:
            return ""
        if self.change == 0:
            return "same"
        higher = self.indicator.direction != Direction.LOWER
        return "better" if (self.change > 0) == higher else "worse"


@dataclass
class Column:
    label: str
    number_format: str = ""


@dataclass
class Row:
    cells: list[Any]  # raw values: the export writes them as they are
    shown: list[str]  # as the page shows them
    region_code: str = ""  # a drill-down row links to this region's overview


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    chart: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def table(self, caption: str) -> Table:
        return Table(
            title=self.title,
            columns=[column.label for column in self.columns],
            rows=[row.cells for row in self.rows],
            caption=caption,
            formats={index: c.number_format for index, c in enumerate(self.columns) if c.number_format},
            notes=self.notes,
        )


@dataclass
class Dashboard:
    region: Region
    period: Period
    compared: Period | None
    filters_label: str
    tiles: list[Tile]
    sections: list[Section]
    children_level: str = ""

    @property
    def caption(self) -> str:
        text = f"{self.region.name}　{self.period.label()}"
        if self.compared is not None:
            text += gettext("（对比期：{period}）").format(period=self.compared.label())
        if self.filters_label:
            text += f"　{self.filters_label}"
        return text

    def tables(self) -> list[Table]:
        overview = Section(
            "overview",
            gettext("总览"),
            [
                Column(gettext("指标")),
                Column(gettext("数值")),
                *([Column(gettext("对比期")), Column(gettext("变化"))] if self.compared else []),
            ],
            [],
        )
        for tile in [*self.tiles, *[t.companion for t in self.tiles if t.companion is not None]]:
            cells: list[Any] = [self._name(tile.indicator), _raw(tile.value)]
            if self.compared:
                cells += [_raw(tile.previous), tile.change]
            overview.rows.append(Row(cells, []))
        return [section.table(self.caption) for section in [overview, *self.sections]]

    @staticmethod
    def _name(indicator: Indicator) -> str:
        suffix = unit_suffix(indicator)
        return f"{indicator.name}（{suffix}）" if suffix else indicator.name


def _raw(value: Value | None) -> Decimal | None:
    return value.value if value is not None else None


def _format(indicator: Indicator) -> str:
    return INTEGER if indicator.decimals == 0 else "0." + "0" * indicator.decimals


def _change(current: Value | None, previous: Value | None) -> Decimal | None:
    if current is None or previous is None or current.value is None or previous.value is None:
        return None
    return current.value - previous.value


def _late(value: Value | None) -> int | None:
    """Closed late (超时办结) = closed − closed on time, from the on-time rate's terms."""
    if value is None or value.denominator is None:
        return None
    return value.denominator - value.numerator


class _Columns:
    """Builds rows of indicator columns, each followed by its change when there is a comparison."""

    def __init__(self, indicators: Sequence[Indicator], comparing: bool, *, late: bool = False) -> None:
        self.indicators = list(indicators)
        self.comparing = comparing
        self.late = late and any(i.code == ON_TIME for i in indicators)

    def columns(self, first: str) -> list[Column]:
        columns = [Column(first)]
        for indicator in self.indicators:
            columns.append(Column(Dashboard._name(indicator), _format(indicator)))
            if self.comparing:
                columns.append(Column(gettext("{name}较对比期").format(name=indicator.name), _format(indicator)))
            if self.late and indicator.code == ON_TIME:
                columns.append(Column(gettext("超时办结（件）"), INTEGER))
        return columns

    def row(
        self, label: str, values: dict[str, Value], previous: dict[str, Value] | None, region_code: str = ""
    ) -> Row:
        cells: list[Any] = [label]
        texts: list[str] = [label]
        for indicator in self.indicators:
            value = values.get(indicator.code)
            cells.append(_raw(value))
            texts.append(shown(indicator, value))
            if self.comparing:
                change = _change(value, (previous or {}).get(indicator.code))
                cells.append(change)
                texts.append(shown_delta(indicator, change))
            if self.late and indicator.code == ON_TIME:
                late = _late(value)
                cells.append(late)
                texts.append(EMPTY if late is None else gettext("{count} 件").format(count=late))
        return Row(cells, texts, region_code)


def _series(name: str, data: list[Any], kind: str = "bar", axis: int = 0, unit: str = "") -> dict[str, Any]:
    return {"name": name, "type": kind, "data": data, "axis": axis, "unit": unit}


# ---------------------------------------------------------------------------------------------
# Labels


def service_names() -> dict[str, str]:
    from gongfa.catalog.models import ServiceType

    return dict(ServiceType.objects.values_list("code", "name"))


def _topic_names() -> dict[str, str]:
    from gongfa.performance.registry import topic_labels

    return topic_labels()


def _group_name(key: str) -> str:
    from gongfa.workorders.choices import SpecialGroup

    try:
        return str(SpecialGroup(int(key)).label)
    except ValueError:
        return key


def _labeller(dimension: str, services: dict[str, str]) -> Any:
    unclassified = str(UNCLASSIFIED)
    if dimension == "service":
        return lambda key: services.get(key, key) if key else unclassified
    if dimension == "channel":
        labels = dict(Channel.choices)
        return lambda key: str(labels.get(key, key)) if key else unclassified
    if dimension == "topic":
        topics = _topic_names()
        return lambda key: topics.get(key, key) if key else unclassified
    if dimension == "tier":
        tiers = dict(PointTier.choices)
        return lambda key: str(tiers.get(key, key)) if key else unclassified
    return _group_name


def filters_label(page: Filters, services: dict[str, str]) -> str:
    parts = []
    if page.service:
        parts.append(
            gettext("服务类型：{names}").format(names="、".join(services.get(code, code) for code in page.service))
        )
    if page.channel:
        labels = dict(Channel.choices)
        parts.append(
            gettext("渠道：{names}").format(names="、".join(str(labels.get(code, code)) for code in page.channel))
        )
    return "；".join(parts)


# ---------------------------------------------------------------------------------------------
# Building


def load_indicators(codes: Sequence[str] = ALL_CODES) -> dict[str, Indicator]:
    """The active indicators of these codes (one query); missing ones are left out of the page."""
    return {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}


def build(
    region: Region,
    period: Period,
    *,
    comparison: str = Comparison.NONE,
    page: Filters | None = None,
    services: dict[str, str] | None = None,
    indicators: dict[str, Indicator] | None = None,
) -> Dashboard:
    page = page or Filters()
    services = service_names() if services is None else services
    found = load_indicators() if indicators is None else indicators
    reader = Reader(region, page)
    compared = comparison_period(period, comparison)

    def pick(codes: Sequence[str]) -> list[Indicator]:
        return [found[code] for code in codes if code in found]

    # Tiles (two queries: flow indicators under the filters, stock ones without).
    tile_indicators = pick([*TILE_CODES, *COMPANIONS.values()])
    now = reader.totals(tile_indicators, period)
    before = reader.totals(tile_indicators, compared) if compared else {}
    tiles: list[Tile] = []
    for indicator in pick(TILE_CODES):
        tile = _tile(indicator, now, before)
        companion = found.get(COMPANIONS.get(indicator.code, ""))
        if companion is not None:
            tile.companion = _tile(companion, now, before)
        tiles.append(tile)

    sections = [
        _trend(reader, pick(TREND_CODES), period, compared),
        *_children(reader, pick(CHILD_CODES), region, period, compared),
        *[
            _mix(
                reader,
                pick(MIX_CODES if dimension in ("service", "channel") else (RECEIVED,)),
                period,
                compared,
                dimension,
                title,
                _labeller(dimension, services),
                now.get(RECEIVED),
            )
            for dimension, title in (
                ("service", gettext("服务类型构成")),
                ("channel", gettext("受理渠道构成")),
                ("topic", gettext("咨询类别构成")),
                ("special_group", gettext("特殊群体服务")),
            )
            if not getattr(page, dimension, ())  # filtered to one service (channel), its mix is that one row
        ],
        _ratings(reader, period, compared),
    ]
    child_level = RegionLevel(region.level + 1).label if region.level < RegionLevel.VILLAGE else ""
    return Dashboard(
        region=region,
        period=period,
        compared=compared,
        filters_label=filters_label(page, services),
        tiles=tiles,
        sections=[section for section in sections if section is not None],
        children_level=str(child_level),
    )


def _tile(indicator: Indicator, now: dict[str, Value], before: dict[str, Value]) -> Tile:
    value, previous = now.get(indicator.code), before.get(indicator.code)
    return Tile(indicator, value, previous, _change(value, previous) if before else None)


def _trend(reader: Reader, indicators: list[Indicator], period: Period, compared: Period | None) -> Section:
    months = reader.by_month(indicators, period)
    previous = reader.by_month(indicators, compared) if compared else []
    builder = _Columns(indicators, compared is not None, late=True)
    rows = [
        builder.row(
            gettext("{year}年{month}月").format(year=month.year, month=month.month),
            values,
            previous[index][1] if previous else None,
        )
        for index, (month, values) in enumerate(months)
    ]
    series = []
    for indicator in indicators:
        rate = indicator.unit in (Unit.PERCENT, Unit.SCORE)
        if indicator.code == "wo_rating_mean":
            continue  # a 1–5 score on a percent axis says nothing; the table has it
        series.append(
            _series(
                indicator.name,
                [number(values[indicator.code].value) for _m, values in months],
                "line" if rate else "bar",
                1 if rate else 0,
                unit_suffix(indicator),
            )
        )
    if any(i.code == ON_TIME for i in indicators):
        series.append(
            _series(gettext("超时办结"), [_late(values[ON_TIME]) for _m, values in months], "bar", 0, gettext("件"))
        )
    chart = {"kind": "trend", "categories": [f"{m.year}-{m.month:02d}" for m, _v in months], "series": series}
    notes = [gettext("超时办结 = 办结量 − 按时办结量；满意率、满意度均分按评价日统计。")]
    if compared:
        notes.append(
            gettext("“较对比期”为与 {period} 同一位置月份之差，比率为百分点。").format(period=compared.label())
        )
    return Section("trend", gettext("月度趋势"), builder.columns(gettext("月份")), rows, chart, notes)


def _children(
    reader: Reader, indicators: list[Indicator], region: Region, period: Period, compared: Period | None
) -> list[Section]:
    if region.level >= RegionLevel.VILLAGE:
        return []
    children = list(Region.objects.filter(parent=region).order_by("code"))
    rows_now = reader.by_child(indicators, period, children)
    before = (
        {child.code: values for child, values in reader.by_child(indicators, compared, children)}
        if (compared and children)
        else {}
    )
    builder = _Columns(indicators, compared is not None, late=True)
    rows = [builder.row(child.name, values, before.get(child.code), child.code) for child, values in rows_now]
    received = next((i for i in indicators if i.code == RECEIVED), None)
    chart = None
    if received is not None and rows_now:
        chart = {
            "kind": "bar",
            "categories": [child.name for child, _v in rows_now],
            "series": [_series(received.name, [number(v[RECEIVED].value) for _c, v in rows_now], unit=gettext("件"))],
        }
    level = RegionLevel(region.level + 1).label
    return [
        Section(
            "children",
            gettext("下级地区（{level}）").format(level=level),
            builder.columns(gettext("地区")),
            rows,
            chart,
        )
    ]


def _mix(
    reader: Reader,
    indicators: list[Indicator],
    period: Period,
    compared: Period | None,
    dimension: str,
    title: str,
    label: Any,
    total: Value | None,
) -> Section | None:
    if not indicators:
        return None
    mix = reader.mix(indicators, period, dimension)
    before = dict(reader.mix(indicators, compared, dimension)) if compared else {}
    builder = _Columns(indicators, compared is not None)
    columns = builder.columns(
        gettext("服务类型")
        if dimension == "service"
        else gettext("渠道")
        if dimension == "channel"
        else gettext("类别")
    )
    columns.insert(2, Column(gettext("占比（%）"), "0.0"))
    whole = total.value if total is not None and total.value else None
    rows = []
    for key, values in mix:
        row = builder.row(label(key), values, before.get(key) if compared else None)
        received = values[indicators[0].code].value
        share = (Decimal(received) * 100 / whole).quantize(Decimal("0.1")) if whole and received is not None else None
        row.cells.insert(2, share)
        row.shown.insert(2, EMPTY if share is None else f"{share}%")
        rows.append(row)
    notes = [gettext("占比 = 该项受理量 ÷ 全部受理量。")]
    if dimension == "special_group":
        notes.append(gettext("一件工单可同属多个特殊群体，各项之和可能大于特殊群体服务量。"))
    chart = {
        "kind": "pie" if dimension in ("service", "channel") else "bar",
        "categories": [label(key) for key, _v in mix],
        "series": [
            _series(indicators[0].name, [number(v[indicators[0].code].value) for _k, v in mix], unit=gettext("件"))
        ],
    }
    return Section(f"mix_{dimension}", title, columns, rows, chart if mix else None, notes)


def _ratings(reader: Reader, period: Period, compared: Period | None) -> Section:
    grades = [grade_indicator(grade) for grade in GRADES]
    now = reader.totals(grades, period)
    before = reader.totals(grades, compared) if compared else {}
    total = sum(v.numerator for v in now.values())
    columns = [
        Column(gettext("评价等级")),
        Column(gettext("评价数（件）"), INTEGER),
        Column(gettext("占比（%）"), "0.0"),
    ]
    if compared:
        columns.append(Column(gettext("评价数较对比期"), INTEGER))
    rows = []
    for indicator in grades:
        count = now[indicator.code].numerator
        share = (Decimal(count) * 100 / total).quantize(Decimal("0.1")) if total else None
        cells: list[Any] = [indicator.name, count, share]
        texts = [indicator.name, gettext("{count} 件").format(count=count), EMPTY if share is None else f"{share}%"]
        if compared:
            change = count - before[indicator.code].numerator
            cells.append(change)
            texts.append(shown_delta(indicator, Decimal(change)))
        rows.append(Row(cells, texts))
    chart = {
        "kind": "bar",
        "categories": [i.name for i in grades],
        "series": [_series(gettext("评价数"), [now[i.code].numerator for i in grades], unit=gettext("件"))],
    }
    notes = [gettext("满意率的口径（计为满意的最低等级）是区域参数；下级地区按本级口径统计，便于比较。")]
    return Section("ratings", gettext("群众评价分布"), columns, rows, chart if total else None, notes)


def default_period(today: datetime.date, months: int = 12) -> Period:
    from gongfa.performance.periods import add_months, month_start

    end = month_start(today)
    return Period.of_months(add_months(end, -(months - 1)), end)
