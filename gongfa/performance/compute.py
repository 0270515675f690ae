"""Reading indicators from the fact tables (指标取数).

Every function here reads RollupFact where it can answer (whole months, or days without filters)
and DailyFact otherwise, in one query per call whatever the number of indicators, regions or
periods asked for: dashboards stay constant in queries and their cost follows the number of
regions and months shown, not the size of the archive.

An indicator's value is numerator ÷ denominator × scale (None when the denominator is 0), or
numerator × scale without a denominator. Flow measures sum over the period; stock measures are
carried forward to the period's last day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from gongfa.network.choices import CODE_PREFIX_LENGTH, RegionLevel
from gongfa.network.models import Region, subtree_bounds
from gongfa.performance import registry
from gongfa.performance.choices import Grain, MeasureKind, MixDimension
from gongfa.performance.models import DailyFact, Indicator, RollupFact
from gongfa.performance.models.facts import ALL
from gongfa.performance.periods import is_whole_months, month_start

DIMENSION_NAMES = ("service", "channel", "topic", "special_group", "tier")


@dataclass(frozen=True)
class Filters:
    """What to count (口径筛选): each dimension a tuple of allowed values, empty for any."""

    service: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    special_group: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Filters:
        data = data or {}
        return cls(**{name: tuple(str(value) for value in data.get(name) or ()) for name in DIMENSION_NAMES})

    def active(self) -> dict[str, tuple[str, ...]]:
        """The dimensions that filter, with their values (computed once per instance: a dashboard
        asks thousands of times; callers must not change the dict)."""
        cached = self.__dict__.get("_active")
        if cached is None:
            cached = {name: getattr(self, name) for name in DIMENSION_NAMES if getattr(self, name)}
            object.__setattr__(self, "_active", cached)
        return cached

    def narrowed(self, other: Filters) -> Filters:
        """Both sets of filters at once (an indicator's own and the page's)."""
        if not other.active():
            return self
        return _narrowed(self, other)

    def _narrow(self, other: Filters) -> Filters:
        values: dict[str, tuple[str, ...]] = {}
        for name in DIMENSION_NAMES:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine and theirs:
                values[name] = tuple(value for value in mine if value in theirs) or ("\x00none",)
            else:
                values[name] = mine or theirs
        return Filters(**values)


@lru_cache(maxsize=4096)
def _narrowed(mine: Filters, theirs: Filters) -> Filters:
    return mine._narrow(theirs)


@dataclass(frozen=True)
class Term:
    """One side of an indicator: measures and filters."""

    measures: tuple[str, ...]
    filters: Filters = field(default_factory=Filters)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Term:
        return cls(measures=tuple(data.get("measures") or ()), filters=Filters.from_json(data.get("filters")))


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int | None
    value: Decimal | None

    @property
    def is_empty(self) -> bool:
        return self.value is None


def evaluate(indicator: Indicator, numerator: int, denominator: int | None) -> Value:
    scale = Decimal(indicator.scale)
    if indicator.denominator is None:
        return Value(numerator, None, _round(Decimal(numerator) * scale, indicator.decimals))
    if not denominator:
        return Value(numerator, denominator or 0, None)
    return Value(numerator, denominator, _round(Decimal(numerator) / Decimal(denominator) * scale, indicator.decimals))


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def terms_of(indicator: Indicator) -> list[Term]:
    """The indicator's numerator (and denominator) parsed once per instance (re-parsed if edited)."""
    cached = indicator.__dict__.get("_terms")
    if cached is not None and cached[0] is indicator.numerator and cached[1] is indicator.denominator:
        return list(cached[2])
    terms = [Term.from_json(indicator.numerator)]
    if indicator.denominator is not None:
        terms.append(Term.from_json(indicator.denominator))
    indicator.__dict__["_terms"] = (indicator.numerator, indicator.denominator, tuple(terms))
    return terms


# --- the one query ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ask:
    """A (measure, filters) pair to sum, with its kind."""

    measure: str
    filters: Filters
    kind: str


class Found(dict[tuple[str, Filters, str, str], int]):
    """What sums() found, and how it expanded derived measures (read again by value_of)."""

    def __init__(self) -> None:
        super().__init__()
        self.expansions: dict[str, list[str]] = {}

    def expand(self, code: str, region: Region | None, on: datetime.date) -> list[str]:
        if code not in self.expansions:
            self.expansions[code] = registry.expand(code, region, on)
        return self.expansions[code]


def _asks(
    indicators: Iterable[Indicator], region: Region | None, on: datetime.date, page: Filters, found: Found | None = None
) -> list[_Ask]:
    found = found if found is not None else Found()
    asks: dict[tuple[str, Filters], _Ask] = {}
    for indicator in indicators:
        for term in terms_of(indicator):
            filters = term.filters.narrowed(page)
            for code in term.measures:
                for measure in found.expand(code, region, on):
                    asks[(measure, filters)] = _Ask(measure, filters, registry.kind_of(measure))
    return list(asks.values())


def _dim_of(name: str) -> str:
    return {"topic": MixDimension.TOPIC, "tier": MixDimension.TIER, "special_group": MixDimension.GROUP}[name]


def _rollup_condition(ask: _Ask, whole_months: bool) -> tuple[Q, bool] | None:
    """The RollupFact rows answering the ask and whether they are months, or None when only
    DailyFact can answer."""
    active = ask.filters.active()
    if not active:
        if whole_months:
            return Q(measure=ask.measure, grain=Grain.MONTH, service=ALL, channel=ALL, dim=""), True
        return Q(measure=ask.measure, grain=Grain.DAY, service=ALL, channel=ALL, dim=""), False
    if not whole_months:
        return None
    if set(active) <= {"service", "channel"}:
        condition = Q(measure=ask.measure, grain=Grain.MONTH, dim="") & ~Q(service=ALL)
        if "service" in active:
            condition &= Q(service__in=active["service"])
        if "channel" in active:
            condition &= Q(channel__in=active["channel"])
        return condition, True
    if len(active) == 1:
        ((name, values),) = active.items()
        if name == "special_group" and len(values) > 1:
            return None  # an order in two of the groups would count twice
        return (
            Q(
                measure=ask.measure,
                grain=Grain.MONTH,
                service=ALL,
                channel=ALL,
                dim=_dim_of(name),
                dim_value__in=values,
            ),
            True,
        )
    return None


def _daily_condition(ask: _Ask) -> Q:
    condition = Q(measure=ask.measure)
    for name, values in ask.filters.active().items():
        if name == "special_group":
            continue  # a bit test, applied by _daily_queryset
        condition &= Q(**{f"{registry.FILTER_DIMENSIONS[name]}__in": values})
    return condition


def _group_mask(values: Sequence[str]) -> int:
    if registry.ANY_SPECIAL_GROUP in values:
        return -1
    mask = 0
    for value in values:
        if value.isdigit():
            mask |= int(value)
    return mask


Scope = tuple[str, Region | None]  # ("self", region) | ("children", region) | ("all", None)


def _region_filter(scope: Scope, field_level: bool) -> tuple[Q, int | None]:
    """The rows of the scope, and the level whose codes group them (children: level + 1)."""
    kind, region = scope
    if region is None:
        return Q(), None
    if kind == "self":
        if field_level:
            # The level is implied by the code; naming it lets the read use perf_rollup_scope.
            return Q(level=region.level, region_code=region.code), None
        return Q(region_code__range=region.subtree_bounds()), None
    child_level = region.level + 1
    low, high = region.subtree_bounds()
    if field_level:
        return Q(level=child_level, region_code__range=(low, high)), child_level
    return Q(region_code__range=(low, high)), child_level


def sums(
    indicators: Sequence[Indicator],
    *,
    region: Region | None,
    start: datetime.date,
    end: datetime.date,
    page: Filters | None = None,
    children: bool = False,
    series: str = "",
    mix: str = "",
) -> Found:
    """Sum every measure the indicators need: {(measure, filters, region code, group): value}.

    children: per region one level below (region code of the child); series: "d" or "m" per day or
    month (group = ISO date); mix: per value of one dimension (service, channel, topic, tier,
    special_group). Without children the region code is the region's own."""
    page = page or Filters()
    found = Found()
    asks = _asks(indicators, region, end, page, found)
    whole = is_whole_months(start, end)
    scope: Scope = ("children" if children else "self", region)
    results: dict[tuple[str, Filters, str, str], int] = defaultdict(int)
    rollup_asks: list[tuple[_Ask, Q, bool]] = []
    daily_asks: list[_Ask] = []
    rollup_level = (region.level + (1 if children else 0)) if region is not None else RegionLevel.PROVINCE
    for ask in asks:
        if rollup_level >= RegionLevel.VILLAGE:
            # Villages keep month totals only (rollup._rollup_rows).
            simple = not mix and series != Grain.DAY and whole and not ask.filters.active()
            picked = _rollup_condition(ask, whole) if simple else None
        elif mix:
            picked = _mix_condition(ask, mix, whole)
        elif series == Grain.DAY:
            picked = _rollup_condition(ask, whole_months=False)
        else:
            picked = _rollup_condition(ask, whole)
        if picked is None:
            daily_asks.append(ask)
        else:
            rollup_asks.append((ask, *picked))
    if rollup_asks:
        _sum_rollup(rollup_asks, scope, start, end, series, mix, results)
    if daily_asks:
        _sum_daily(daily_asks, scope, start, end, series, mix, results)
    found.update(results)
    return found


def _mix_condition(ask: _Ask, mix: str, whole: bool) -> tuple[Q, bool] | None:
    if ask.filters.active() or not whole:
        return None
    if mix in ("service", "channel"):
        return Q(measure=ask.measure, grain=Grain.MONTH, dim="") & ~Q(service=ALL), True
    return (
        Q(measure=ask.measure, grain=Grain.MONTH, service=ALL, channel=ALL, dim=_dim_of(mix))
        & ~Q(dim_value=registry.ANY_SPECIAL_GROUP),
        True,
    )


def _period_range(ask: _Ask, start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    return (registry.EPOCH if ask.kind == MeasureKind.STOCK else start), end


def _sum_rollup(
    asks: list[tuple[_Ask, Q, bool]],
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    series: str,
    mix: str,
    results: dict[tuple[str, Filters, str, str], int],
) -> None:
    region_q, _child_level = _region_filter(scope, field_level=True)
    # Asks of the same shape differ only in their measure: one `measure IN (…)` each, so the
    # database can use the index on (grain, level, measure, region_code, period).
    shapes: dict[tuple[Q, datetime.date, datetime.date], list[str]] = defaultdict(list)
    for ask, condition, is_month in asks:
        low, high = _period_range(ask, month_start(start) if is_month else start, end)
        shapes[(_without_measure(condition), low, high)].append(ask.measure)
    combined = Q()
    for (shape, low, high), measures in shapes.items():
        combined |= shape & Q(measure__in=sorted(set(measures)), period__range=(low, high))
    fields = ["measure", "region_code", "service", "channel", "dim", "dim_value"]
    with_period = bool(series) or any(ask.kind == MeasureKind.STOCK for ask, _c, _m in asks)
    if with_period:
        fields.append("period")
    queryset = RollupFact.objects.filter(region_q).filter(combined)
    # The same conditions once more, outside the OR: with every shape's grain, dim and measures named
    # at the top, PostgreSQL keeps them as index conditions on perf_rollup_scope (= ANY) instead of
    # scanning the region's every mix row and filtering them out (seen at 5,000,000 orders).
    grains = {_top_level(shape, "grain") for shape, _low, _high in shapes}
    dims = {_top_level(shape, "dim") for shape, _low, _high in shapes}
    if None not in grains and None not in dims:
        everything = sorted({measure for measures in shapes.values() for measure in measures})
        queryset = queryset.filter(grain__in=sorted(grains), dim__in=sorted(dims), measure__in=everything)
    rows = queryset.values(*fields).annotate(total=Sum("value")).values_list(*fields, "total")
    unique = list(dict.fromkeys(ask for ask, _condition, _is_month in asks))
    by_measure: dict[str, list[int]] = defaultdict(list)
    for index, ask in enumerate(unique):
        by_measure[ask.measure].append(index)
    # A dashboard reads thousands of rows that share a few dimension values: which asks a row
    # belongs to, and which groups it counts in, are worked out once per distinct value, and the
    # sums are keyed by plain values until the end.
    buckets = [(bucket, bucket.isoformat()) for bucket in _buckets(start, end, series)] if series else []
    targets: dict[tuple[str, str, str, str, str], list[tuple[int, str]]] = {}
    groups_of: dict[tuple[str, datetime.date | None, str], list[str]] = {}
    totals: dict[tuple[int, str, str], int] = defaultdict(int)
    for row in rows:
        measure, code, service, channel, dim, dim_value = row[:6]
        dimension = (measure, service, channel, dim, dim_value)
        matched = targets.get(dimension)
        if matched is None:
            matched = targets[dimension] = [
                (index, unique[index].kind)
                for index in by_measure[measure]
                if _row_matches(unique[index], service, channel, dim, dim_value, mix)
            ]
        if not matched:
            continue
        period = row[6] if with_period else None
        mixed = (service if mix == "service" else channel if mix == "channel" else dim_value) if mix else ""
        for index, kind in matched:
            group_key = (kind, period, mixed)
            groups = groups_of.get(group_key)
            if groups is None:
                groups = groups_of[group_key] = _groups(kind, period, series, buckets, mixed if mix else None)
            for group in groups:
                totals[(index, code, group)] += row[-1]
    for (index, code, group), total in totals.items():
        ask = unique[index]
        results[(ask.measure, ask.filters, code, group)] += total


def _top_level(condition: Q, name: str) -> str | None:
    """The value of `name=…` among the condition's top-level AND terms, or None."""
    if condition.negated or condition.connector != Q.AND:
        return None
    for child in condition.children:
        if isinstance(child, tuple) and child[0] == name:
            return str(child[1])
    return None


def _without_measure(condition: Q) -> Q:
    """The condition with its measure= term dropped (every rollup condition has one at top level)."""
    rest = Q()
    rest.connector = condition.connector
    rest.negated = condition.negated
    for child in condition.children:
        if isinstance(child, tuple) and child[0] == "measure":
            continue
        rest.children.append(child)
    return rest


def _row_matches(ask: _Ask, service: str, channel: str, dim: str, dim_value: str, mix: str) -> bool:
    """Whether a RollupFact row (fetched for several asks at once) belongs to this ask."""
    if mix in ("service", "channel"):
        return dim == "" and service != ALL
    if mix:
        return dim == _dim_of(mix) and dim_value != registry.ANY_SPECIAL_GROUP
    active = ask.filters.active()
    if not active:
        return service == ALL and channel == ALL and dim == ""
    if set(active) <= {"service", "channel"}:
        if dim or service == ALL:
            return False
        row = {"service": service, "channel": channel}
        return all(row[name] in values for name, values in active.items())
    ((name, values),) = active.items()
    return bool(dim == _dim_of(name) and dim_value in values)


def _groups(
    kind: str,
    period: datetime.date | None,
    series: str,
    buckets: Sequence[tuple[datetime.date, str]],
    mixed: str | None = None,
) -> list[str]:
    """The groups a row counts in: its mix value, its bucket (a stock: its own and every later one
    of `buckets`, the series' (bucket, ISO date) pairs), or the one group of a plain sum."""
    if mixed is not None:
        return [mixed]
    if not series:
        return [""]
    assert period is not None
    own = _bucket(period, series)
    if kind == MeasureKind.STOCK:
        # Carried forward: a row counts in its own period and every later one shown.
        return [label for bucket, label in buckets if bucket >= own]
    return [own.isoformat()]


def _bucket(day: datetime.date, series: str) -> datetime.date:
    return month_start(day) if series == Grain.MONTH else day


def _buckets(start: datetime.date, end: datetime.date, series: str) -> list[datetime.date]:
    from gongfa.performance.periods import months_between

    if series == Grain.MONTH:
        return months_between(start, end)
    return [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]


def _sum_daily(
    asks: list[_Ask],
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    series: str,
    mix: str,
    results: dict[tuple[str, Filters, str, str], int],
) -> None:
    region_q, child_level = _region_filter(scope, field_level=False)
    buckets = [(bucket, bucket.isoformat()) for bucket in _buckets(start, end, series)] if series else []
    for ask in asks:  # one query per distinct filter set; dashboards stay on RollupFact
        low, high = _period_range(ask, start, end)
        queryset: QuerySet[Any] = DailyFact.objects.filter(region_q, _daily_condition(ask), day__range=(low, high))
        groups = ask.filters.special_group
        if groups:
            mask = _group_mask(groups)
            queryset = queryset.annotate(group_bits=F("special_groups").bitand(mask)).exclude(group_bits=0)
        fields: list[str] = []
        if child_level is not None:
            queryset = queryset.annotate(
                child_code=Substr("region_code", 1, CODE_PREFIX_LENGTH[RegionLevel(child_level)])
            )
            fields.append("child_code")
        if series or ask.kind == MeasureKind.STOCK:
            fields.append("day")
        mix_field = registry.FILTER_DIMENSIONS.get(mix, "") if mix else ""
        if mix_field:
            fields.append(mix_field)
        rows = (
            queryset.values(*fields).annotate(total=Sum("value"))
            if fields
            else [queryset.aggregate(total=Sum("value"))]
        )
        own_code = scope[1].code if scope[1] is not None else ""
        for row in rows:
            if row["total"] is None:
                continue
            code = row["child_code"].ljust(12, "0") if "child_code" in row else own_code
            if mix_field == "special_groups":
                keys = [str(1 << bit) for bit in range(31) if row["special_groups"] & (1 << bit)]
            elif mix_field:
                keys = [row[mix_field]]
            elif series:
                keys = _groups(ask.kind, row["day"], series, buckets)
            else:
                keys = [""]
            for key in keys:
                results[(ask.measure, ask.filters, code, key)] += row["total"]


# --- indicator values -------------------------------------------------------------------------------


def _term_total(
    term: Term,
    region: Region | None,
    on: datetime.date,
    page: Filters,
    found: Mapping[tuple[str, Filters, str, str], int],
    code: str,
    group: str,
) -> int:
    filters = term.filters.narrowed(page)
    total = 0
    expand = found.expand if isinstance(found, Found) else registry.expand
    for measure_code in term.measures:
        for measure in expand(measure_code, region, on):
            total += found.get((measure, filters, code, group), 0)
    return total


def value_of(
    indicator: Indicator,
    found: Mapping[tuple[str, Filters, str, str], int],
    *,
    region: Region | None,
    on: datetime.date,
    page: Filters | None = None,
    code: str | None = None,
    group: str = "",
) -> Value:
    """An indicator's value from what sums() returned, for one region code and group."""
    page = page or Filters()
    code = code if code is not None else (region.code if region is not None else "")
    terms = terms_of(indicator)
    numerator = _term_total(terms[0], region, on, page, found, code, group)
    denominator = _term_total(terms[1], region, on, page, found, code, group) if len(terms) > 1 else None
    return evaluate(indicator, numerator, denominator)


def indicator_values(
    indicators: Sequence[Indicator],
    region: Region,
    start: datetime.date,
    end: datetime.date,
    page: Filters | None = None,
) -> dict[str, Value]:
    """Each indicator's value for the region's subtree over [start, end]: one query."""
    found = sums(indicators, region=region, start=start, end=end, page=page)
    return {indicator.code: value_of(indicator, found, region=region, on=end, page=page) for indicator in indicators}


def indicator_values_by_child(
    indicators: Sequence[Indicator],
    region: Region,
    start: datetime.date,
    end: datetime.date,
    page: Filters | None = None,
) -> list[tuple[Region, dict[str, Value]]]:
    """The regions one level below, each with its indicator values (two queries: the children and
    the sums)."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    found = sums(indicators, region=region, start=start, end=end, page=page, children=True)
    return [
        (
            child,
            {
                indicator.code: value_of(indicator, found, region=child, on=end, page=page, code=child.code)
                for indicator in indicators
            },
        )
        for child in children
    ]


def indicator_series(
    indicators: Sequence[Indicator],
    region: Region,
    start: datetime.date,
    end: datetime.date,
    grain: str = Grain.MONTH,
    page: Filters | None = None,
) -> list[tuple[datetime.date, dict[str, Value]]]:
    """Per day or month of [start, end], each indicator's value: one query."""
    found = sums(indicators, region=region, start=start, end=end, page=page, series=grain)
    return [
        (
            bucket,
            {
                indicator.code: value_of(indicator, found, region=region, on=end, page=page, group=bucket.isoformat())
                for indicator in indicators
            },
        )
        for bucket in _buckets(start, end, grain)
    ]


def indicator_mix(
    indicator: Indicator, region: Region, start: datetime.date, end: datetime.date, dimension: str
) -> list[tuple[str, Value]]:
    """The indicator per value of one dimension (service, channel, topic, tier, special_group),
    largest first; one query."""
    found = sums([indicator], region=region, start=start, end=end, mix=dimension)
    keys = sorted({group for (_m, _f, _c, group) in found})
    values = [(key, value_of(indicator, found, region=region, on=end, group=key)) for key in keys]
    return sorted(values, key=lambda item: (-(item[1].value or 0), item[0]))


def with_filters(filters: Filters, **changes: tuple[str, ...]) -> Filters:
    return replace(filters, **changes)


def subtree_q(region: Region, field_name: str = "region_code") -> Q:
    low, high = subtree_bounds(region.code, region.level)
    return Q(**{f"{field_name}__range": (low, high)})
