"""Targets (目标任务): set a year's target, split it down the region tree, schedule it, and read its
progress against the milestone due so far as a traffic light.

- set_target: a supervisor sets the target of their own region or one in their subtree (an
  administrator anywhere); targets are entered at province, city and county level, and only at
  the levels the indicator is reported at (Indicator.levels, when it names any).
- split_target: the parts for the regions one level below, typed or by weight. For an additive
  indicator (a count: no denominator) the parts add up exactly to the target (weights are turned
  into values by the largest-remainder method); a rate indicator's parts are each typed, with no
  sum rule (a child may have its own rate target).
- set_schedule: the shares of the year's value due per quarter or month, adding up to exactly
  100 %. Without a schedule a target follows its nearest ancestor target's, else a linear one.
- progress: the actual value (compute.indicator_values, 1 January to the day), the value due by
  the milestones ended so far, their ratio and the light (green ≥ 100 % of due, amber ≥ 90 %, both
  region settings; inverted for lower-is-better indicators).

Every refusal names every problem at once and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import Problems
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.network.selectors import region_setting
from gongfa.performance import compute
from gongfa.performance.choices import Direction, MilestonePeriod, SplitMethod, TrafficLight, Unit
from gongfa.performance.models import Indicator, Milestone, Target
from gongfa.performance.periods import month_end
from gongfa.performance.settings_registry import PROGRESS_AMBER_PERCENT, PROGRESS_GREEN_PERCENT

# The levels that enter targets (下达目标); the levels below receive them by split.
ENTRY_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
# Indicators counted in whole units: their targets and parts are integers.
INTEGRAL_UNITS = frozenset({Unit.COUNT, Unit.PEOPLE, Unit.ITEMS})
MAX_VALUE = Decimal("9999999999")  # Target.value: 14 digits, 4 of them decimals
MIN_YEAR, MAX_YEAR = 2000, 2100
HUNDRED = Decimal(100)
PERIOD_COUNT = {MilestonePeriod.QUARTER: 4, MilestonePeriod.MONTH: 12}


# --- small helpers ----------------------------------------------------------------------------------


def fmt(value: Decimal | int) -> str:
    """1,200 / 1,180.5 / 12.5: thousands separators, no trailing zeros."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def is_additive(indicator: Indicator) -> bool:
    """A count (no denominator): the parts of its target add up to the whole."""
    return not indicator.is_rate


def is_integral(indicator: Indicator) -> bool:
    return is_additive(indicator) and indicator.unit in INTEGRAL_UNITS


def quantum_of(indicator: Indicator) -> Decimal:
    return Decimal(1) if is_integral(indicator) else Decimal(1).scaleb(-indicator.decimals)


def may_manage(actor: User, region: Region) -> bool:
    """Supervisors manage the targets of their region subtree; administrators every region."""
    scope = scope_for(actor)
    if scope.sees_everything:
        return True
    return scope.kind == ScopeKind.SUPERVISOR and scope.covers_region(region)


def _level_label(level: int) -> str:
    return str(RegionLevel(level).label)


def _period_label(period: str, index: int) -> str:
    if period == MilestonePeriod.QUARTER:
        return gettext("第{index}季度").format(index=index)
    return gettext("{index}月").format(index=index)


def _check_value(problems: Problems, field: str, subject: str, indicator: Indicator, value: Decimal) -> None:
    """A target value: not negative, whole for counts, at most 100 for a percentage, not huge."""
    if value < 0:
        problems.add(field, gettext("{subject}不能为负数。").format(subject=subject), code="negative")
        return
    if value > MAX_VALUE:
        problems.add(
            field,
            gettext("{subject}过大（最多 {fmt}）。").format(subject=subject, fmt=fmt(MAX_VALUE)),
            code="too_large",
        )
    if is_integral(indicator) and value != value.to_integral_value():
        problems.add(
            field,
            gettext("{subject}须为整数：“{name}”按件数计。").format(subject=subject, name=indicator.name),
            code="not_integer",
        )
    if indicator.unit == Unit.PERCENT and value > HUNDRED:
        problems.add(field, gettext("{subject}是百分比，不能超过 100。").format(subject=subject), code="over_100")


def _event(target: Target, verb: str, actor: User, data: dict[str, object]) -> None:
    record_event(target, verb, actor=actor, channel=Channel.WORKBENCH, data=data, region=target.region)


# --- set a target -------------------------------------------------------------------------------------


def check_target(
    *,
    actor: User,
    indicator: Indicator | None,
    region: Region | None,
    year: int | None,
    value: Decimal | None,
    source_document: str = "",
    note: str = "",
) -> Target | None:
    """Every problem of setting this target (raises ValidationFailed / DomainError); the existing
    target it would change, or None. Writes nothing."""
    problems = Problems()
    existing: Target | None = None
    if indicator is None:
        problems.add("indicator", gettext("请选择指标。"), code="required")
    elif not indicator.is_active:
        problems.add(
            "indicator", gettext("指标“{name}”已停用，不能下达目标。").format(name=indicator.name), code="inactive"
        )
    if region is None:
        problems.add("region", gettext("请选择区划。"), code="required")
    else:
        if not may_manage(actor, region):
            problems.add(
                "region",
                gettext("{name}不在您的辖区内：您只能为本辖区及下辖区划下达目标。").format(name=region.name),
                code="out_of_scope",
            )
        elif region.level not in ENTRY_LEVELS:
            problems.add(
                "region",
                gettext("目标由省、市、县三级下达；{name}是{level_label}，它的目标由上级目标分解得到。").format(
                    name=region.name, level_label=_level_label(region.level)
                ),
                code="wrong_level",
            )
        elif indicator is not None and indicator.levels and region.level not in indicator.levels:
            levels = "、".join(_level_label(level) for level in sorted(indicator.levels))
            problems.add(
                "region",
                gettext("指标“{name}”只在{levels}填报，{name2}是{level_label}。").format(
                    name=indicator.name, levels=levels, name2=region.name, level_label=_level_label(region.level)
                ),
                code="wrong_level",
            )
    if year is None:
        problems.add("year", gettext("请填写年度。"), code="required")
    elif not MIN_YEAR <= year <= MAX_YEAR:
        problems.add(
            "year",
            gettext("年度须在 {MIN_YEAR}–{MAX_YEAR} 之间。").format(MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR),
            code="year_range",
        )
    if value is None:
        problems.add("value", gettext("请填写目标值。"), code="required")
    elif indicator is not None:
        _check_value(problems, "value", gettext("目标值"), indicator, value)
    if not source_document.strip():
        problems.add("source_document", gettext("请填写文件依据（下达目标的文件名称或文号）。"), code="required")
    elif len(source_document) > 255:
        problems.add("source_document", gettext("文件依据不能超过 255 个字。"), code="too_long")
    if len(note) > 255:
        problems.add("note", gettext("说明不能超过 255 个字。"), code="too_long")
    if indicator is not None and region is not None and year is not None and not problems.has("region"):
        existing = (
            Target.objects.filter(indicator=indicator, region=region, year=year)
            .select_related("parent__region")
            .first()
        )
        if existing is not None and existing.parent is not None:
            problems.add(
                None,
                gettext("{name}{year}年的“{name2}”目标由{name3}的目标分解而来，请在上级目标的页面修改分解。").format(
                    name=region.name, year=year, name2=indicator.name, name3=existing.parent.region.name
                ),
                code="is_part",
            )
        elif existing is not None and value is not None and value != existing.value and is_additive(indicator):
            total = sum((part.value for part in existing.parts.all()), Decimal(0))
            if existing.parts.exists():
                problems.add(
                    "value",
                    gettext(
                        "该目标已分解到下级（分解合计 {fmt}），直接修改目标值会使分解合计不符："
                        "请先清除分解，再修改目标值。"
                    ).format(fmt=fmt(total)),
                    code="has_parts",
                )
    problems.raise_if_any()
    return existing


def set_target(
    *,
    actor: User,
    indicator: Indicator | None,
    region: Region | None,
    year: int | None,
    value: Decimal | None,
    source_document: str,
    note: str = "",
) -> Target:
    """Set (or change) a region's target for a year (missing inputs are refused like bad ones).
    Audit event performance.target_set."""
    with transaction.atomic():
        existing = check_target(
            actor=actor,
            indicator=indicator,
            region=region,
            year=year,
            value=value,
            source_document=source_document,
            note=note,
        )
        assert indicator is not None
        assert region is not None
        assert year is not None
        assert value is not None
        previous = None if existing is None else existing.value
        if existing is None:
            target = Target.objects.create(
                indicator=indicator,
                region=region,
                year=year,
                value=value,
                source_document=source_document.strip(),
                note=note.strip(),
                set_by=actor,
            )
        else:
            target = Target.objects.select_for_update().get(pk=existing.pk)
            target.value = value
            target.source_document = source_document.strip()
            target.note = note.strip()
            target.set_by = actor
            target.set_at = timezone.now()
            target.save(update_fields=["value", "source_document", "note", "set_by", "set_at"])
        _event(
            target,
            "performance.target_set",
            actor,
            {
                "indicator": indicator.code,
                "region": region.code,
                "year": year,
                "value": str(value),
                "previous": None if previous is None else str(previous),
                "source_document": target.source_document,
            },
        )
    return target


# --- split a target -----------------------------------------------------------------------------------


def distribute(total: Decimal, weights: Sequence[Decimal], quantum: Decimal = Decimal(1)) -> list[Decimal]:
    """Share `total` in proportion to `weights`, in multiples of `quantum`, adding up exactly
    (largest-remainder method: each part's floor, then one quantum more to the largest remainders,
    ties to the earlier part)."""
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0:
        raise ValueError("weights must add up to more than 0")
    units = total / quantum
    if units != units.to_integral_value():  # a total finer than the quantum: use the field's own
        quantum = Decimal("0.0001")
        units = total / quantum
    exact = [units * weight / weight_sum for weight in weights]
    floors = [int(share.to_integral_value(rounding=ROUND_FLOOR)) for share in exact]
    left = int(units) - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [quantum * units_of_part for units_of_part in floors]


def _split_problems(
    actor: User, target: Target, parts: Sequence[tuple[Region, Decimal | None]], method: str
) -> tuple[Problems, list[tuple[Region, Decimal]]]:
    problems = Problems()
    indicator = target.indicator
    region = target.region
    if not may_manage(actor, region):
        problems.add(
            None, gettext("{name}不在您的辖区内，您不能分解它的目标。").format(name=region.name), code="out_of_scope"
        )
        return problems, []
    if region.level >= RegionLevel.VILLAGE:
        problems.add(None, gettext("村(社区)是最末一级区划，目标不能再分解。"), code="no_children")
        return problems, []
    if method not in SplitMethod.values:
        problems.add("method", gettext("请选择分解方式。"), code="required")
    elif method == SplitMethod.WEIGHTED and not is_additive(indicator):
        problems.add(
            "method",
            gettext("“{name}”是比率指标，不能按权重分解：请逐项填写各下级区划的目标值。").format(name=indicator.name),
            code="rate_weighted",
        )
    weighted = method == SplitMethod.WEIGHTED
    what = gettext("权重") if weighted else gettext("目标值")
    children = {child.pk: child for child in Region.objects.filter(parent=region)}
    given: list[tuple[Region, Decimal]] = []
    seen: set[int] = set()
    for child, amount in parts:
        field = f"part_{child.code}"
        if child.pk not in children:
            problems.add(
                field,
                gettext("{name}不是{name2}的下一级区划。").format(name=child.name, name2=region.name),
                code="not_child",
            )
            continue
        if child.pk in seen:
            problems.add(field, gettext("{name}填了两次。").format(name=child.name), code="duplicate")
            continue
        seen.add(child.pk)
        if amount is None:
            continue
        if weighted:
            if amount < 0:
                problems.add(field, gettext("{name}的权重不能为负数。").format(name=child.name), code="negative")
            elif amount > MAX_VALUE:
                problems.add(field, gettext("{name}的权重过大。").format(name=child.name), code="too_large")
        else:
            _check_value(problems, field, gettext("{name}的目标值").format(name=child.name), indicator, amount)
        given.append((child, amount))
    if not given and not problems:
        problems.add(None, gettext("请至少为一个下级区划填写{what}。").format(what=what), code="no_parts")
    if problems:
        return problems, given
    if weighted and sum((amount for _c, amount in given), Decimal(0)) <= 0:
        problems.add(
            None, gettext("权重合计为 0，无法按权重分解：请至少给一个下级区划填写大于 0 的权重。"), code="zero_weights"
        )
    elif not weighted and is_additive(indicator):
        total = sum((amount for _c, amount in given), Decimal(0))
        if total != target.value:
            gap = target.value - total
            side = gettext("少 {fmt}").format(fmt=fmt(gap)) if gap > 0 else gettext("多 {fmt}").format(fmt=fmt(-gap))
            problems.add(
                None,
                gettext("分解合计 {fmt}，比上级目标 {fmt2} {side}。各下级目标之和须等于上级目标。").format(
                    fmt=fmt(total), fmt2=fmt(target.value), side=side
                ),
                code="sum_mismatch",
            )
    further = list(
        Target.objects.filter(indicator=indicator, year=target.year, region__parent=region, parts__isnull=False)
        .select_related("region")
        .distinct()
        .order_by("region__code")
    )
    if further:
        names = "、".join(part.region.name for part in further)
        problems.add(
            None,
            gettext("{names}已将目标继续分解到下一级，不能重新分解：请先在{names}的目标页面清除分解。").format(
                names=names
            ),
            code="split_further",
        )
    return problems, given


def check_split(
    *, actor: User, target: Target, parts: Sequence[tuple[Region, Decimal | None]], method: str
) -> list[tuple[Region, Decimal]]:
    """Every problem of this split (raises); the parts given. Writes nothing."""
    problems, given = _split_problems(actor, target, parts, method)
    problems.raise_if_any()
    return given


def split_target(
    *, actor: User, target: Target, parts: Sequence[tuple[Region, Decimal | None]], method: str
) -> list[Target]:
    """Split the target to the regions one level below (a part for each child given a value or a
    weight; None leaves the child out). Replaces an earlier split; a child's own target for the
    same indicator and year becomes a part. Audit event performance.target_split."""
    with transaction.atomic():
        target = Target.objects.select_for_update().select_related("indicator", "region").get(pk=target.pk)
        given = check_split(actor=actor, target=target, parts=parts, method=method)
        indicator = target.indicator
        rows: list[tuple[Region, Decimal, Decimal | None]]
        if method == SplitMethod.WEIGHTED:
            weights = [amount for _c, amount in given]
            values = distribute(target.value, weights, quantum_of(indicator))
            rows = [(child, value, weight) for (child, weight), value in zip(given, values, strict=True)]
        else:
            rows = [(child, amount, None) for child, amount in given]
        kept = {child.pk for child, _v, _w in rows}
        Target.objects.filter(indicator=indicator, year=target.year, region__parent=target.region).exclude(
            region_id__in=kept
        ).delete()
        made: list[Target] = []
        for child, value, weight in rows:
            part, _created = Target.objects.update_or_create(
                indicator=indicator,
                region=child,
                year=target.year,
                defaults={
                    "value": value,
                    "parent": target,
                    "split_method": method,
                    "weight": weight,
                    "source_document": target.source_document,
                    "note": f"由{target.region.name}目标分解",
                    "set_by": actor,
                    "set_at": timezone.now(),
                },
            )
            made.append(part)
        _event(
            target,
            "performance.target_split",
            actor,
            {
                "method": method,
                "parts": {child.code: str(value) for child, value, _w in rows},
                "weights": {child.code: str(weight) for child, _v, weight in rows if weight is not None},
            },
        )
    return made


def clear_split(*, actor: User, target: Target) -> int:
    """Remove the target's parts (not when a part is split further). Audit event
    performance.target_split_cleared. Returns how many parts were removed."""
    problems = Problems()
    if not may_manage(actor, target.region):
        problems.add(
            None,
            gettext("{name}不在您的辖区内，您不能清除它的分解。").format(name=target.region.name),
            code="out_of_scope",
        )
    else:
        further = list(
            target.parts.filter(parts__isnull=False).select_related("region").distinct().order_by("region__code")
        )
        if further:
            names = "、".join(part.region.name for part in further)
            problems.add(
                None,
                gettext("{names}已将目标继续分解到下一级：请先清除{names}的分解。").format(names=names),
                code="split_further",
            )
        elif not target.parts.exists():
            problems.add(None, gettext("该目标尚未分解。"), code="not_split")
    problems.raise_if_any()
    with transaction.atomic():
        removed = {part.region.code: str(part.value) for part in target.parts.select_related("region")}
        target.parts.all().delete()
        _event(target, "performance.target_split_cleared", actor, {"parts": removed})
    return len(removed)


# --- schedules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One milestone of a schedule: its period, the day it ends, its share and the cumulative share."""

    label: str
    ends: datetime.date
    share: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class Schedule:
    """A target's schedule (进度安排): own, inherited from an ancestor target, or linear."""

    period: str
    shares: tuple[Decimal, ...]
    origin: str = "own"  # own | inherited | linear
    origin_target: Target | None = None

    def steps(self, year: int) -> list[Step]:
        months = 12 // len(self.shares)
        cumulative = Decimal(0)
        steps = []
        for index, share in enumerate(self.shares, start=1):
            cumulative += share
            ends = month_end(datetime.date(year, index * months, 1))
            steps.append(Step(_period_label(self.period, index), ends, share, cumulative))
        return steps

    def due_share(self, year: int, on: datetime.date) -> Decimal:
        """The cumulative share (%) of the periods ended by `on` (inclusive)."""
        due = Decimal(0)
        for step in self.steps(year):
            if step.ends <= on:
                due = step.cumulative
        return due

    @property
    def origin_label(self) -> str:
        if self.origin == "inherited" and self.origin_target is not None:
            return gettext("沿用{region}目标的进度安排").format(region=self.origin_target.region.name)
        if self.origin == "linear":
            return gettext("未设进度安排，按各季度平均（各 25%）计算")
        return gettext("本目标的进度安排")


LINEAR = Schedule(MilestonePeriod.QUARTER, (Decimal(25),) * 4, origin="linear")


def _own_schedule(target: Target) -> Schedule | None:
    milestones = list(target.milestones.all())  # prefetched where the caller asked
    if not milestones:
        return None
    period = milestones[0].period
    shares = [Decimal(0)] * PERIOD_COUNT[MilestonePeriod(period)]
    for milestone in milestones:
        if milestone.period == period and 1 <= milestone.index <= len(shares):
            shares[milestone.index - 1] = milestone.share
    return Schedule(period, tuple(shares), origin="own", origin_target=target)


def schedule_of(target: Target) -> Schedule:
    """The target's own schedule, else its nearest ancestor target's, else linear (one query per
    level walked; five levels at most)."""
    current: Target | None = target
    while current is not None:
        found = _own_schedule(current)
        if found is not None:
            if current.pk == target.pk:
                return found
            return Schedule(found.period, found.shares, origin="inherited", origin_target=current)
        current = (
            Target.objects.select_related("region").filter(pk=current.parent_id).first() if current.parent_id else None
        )
    return LINEAR


def check_schedule(*, actor: User, target: Target, period: str, shares: Sequence[Decimal | None]) -> list[Decimal]:
    """Every problem of this schedule (raises); the shares with blanks as 0. Writes nothing."""
    problems = Problems()
    if not may_manage(actor, target.region):
        problems.add(
            None,
            gettext("{name}不在您的辖区内，您不能安排它的进度。").format(name=target.region.name),
            code="out_of_scope",
        )
        problems.raise_if_any()
    if period not in PERIOD_COUNT:
        problems.add("period", gettext("请选择按季度或按月安排进度。"), code="required")
        problems.raise_if_any()
    count = PERIOD_COUNT[MilestonePeriod(period)]
    if len(shares) != count:
        problems.add(
            None, gettext("进度安排须有 {count} 期，收到 {len} 期。").format(count=count, len=len(shares)), code="count"
        )
        problems.raise_if_any()
    values = [share if share is not None else Decimal(0) for share in shares]
    for index, share in enumerate(values, start=1):
        if share < 0:
            problems.add(
                f"share_{index}",
                gettext("{period_label}的占比不能为负数。").format(period_label=_period_label(period, index)),
                code="negative",
            )
        elif share > HUNDRED:
            problems.add(
                f"share_{index}",
                gettext("{period_label}的占比不能超过 100%。").format(period_label=_period_label(period, index)),
                code="over_100",
            )
    total = sum(values, Decimal(0))
    if total > HUNDRED:
        problems.add(None, gettext("进度安排合计 {fmt}%，超过 100%。").format(fmt=fmt(total)), code="over_total")
    elif total < HUNDRED:
        problems.add(
            None,
            gettext("进度安排合计 {fmt}%，比 100% 少 {fmt2}%：各期占比须合计正好 100%。").format(
                fmt=fmt(total), fmt2=fmt(HUNDRED - total)
            ),
            code="under_total",
        )
    problems.raise_if_any()
    return values


def set_schedule(*, actor: User, target: Target, period: str, shares: Sequence[Decimal | None]) -> list[Milestone]:
    """Replace the target's schedule with these shares (%) per quarter or month, adding up to exactly
    100 % (blank counts as 0; Yunnan: 10, 50, 40, 0). Audit event performance.schedule_set."""
    values = check_schedule(actor=actor, target=target, period=period, shares=shares)
    with transaction.atomic():
        Target.objects.select_for_update().filter(pk=target.pk).first()
        target.milestones.all().delete()
        made = Milestone.objects.bulk_create(
            Milestone(target=target, period=period, index=index, share=share)
            for index, share in enumerate(values, start=1)
        )
        _event(
            target, "performance.schedule_set", actor, {"period": period, "shares": [str(share) for share in values]}
        )
    return made


# --- progress -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    green: Decimal
    amber: Decimal


def thresholds_for(region: Region, on: datetime.date) -> Thresholds:
    """The region's light thresholds (% of the value due): two queries."""
    return Thresholds(
        green=Decimal(region_setting(region, PROGRESS_GREEN_PERCENT.key, on)),
        amber=Decimal(region_setting(region, PROGRESS_AMBER_PERCENT.key, on)),
    )


@dataclass(frozen=True)
class Progress:
    """A target's progress on a day (进度): actual, due so far, ratio (actual ÷ due, %) and light."""

    target: Target
    on: datetime.date
    actual: Decimal | None
    due: Decimal | None
    due_share: Decimal
    ratio: Decimal | None
    light: str
    note: str = ""

    @property
    def light_label(self) -> str:
        return str(TrafficLight(self.light).label)


def year_span(year: int, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), min(on, datetime.date(year, 12, 31))


def _light(indicator: Indicator, actual: Decimal, due: Decimal, thresholds: Thresholds) -> str:
    if indicator.direction == Direction.LOWER:
        if actual <= 0:
            return TrafficLight.GREEN
        score = due / actual * HUNDRED
    else:
        if due <= 0:
            return TrafficLight.GREEN
        score = actual / due * HUNDRED
    if score >= thresholds.green:
        return TrafficLight.GREEN
    if score >= thresholds.amber:
        return TrafficLight.AMBER
    return TrafficLight.RED


def progress(
    target: Target,
    on: datetime.date | None = None,
    *,
    actual: compute.Value | None = None,
    schedule: Schedule | None = None,
    thresholds: Thresholds | None = None,
) -> Progress:
    """The target's progress on `on` (today by default). actual, schedule and thresholds may be
    given by a caller that read them for several targets at once."""
    on = on or timezone.localdate()
    indicator = target.indicator
    start, end = year_span(target.year, on)
    if end < start:
        return Progress(target, on, None, None, Decimal(0), None, TrafficLight.NONE, gettext("年度尚未开始"))
    if actual is None:
        actual = compute.indicator_values([indicator], target.region, start, end)[indicator.code]
    schedule = schedule or schedule_of(target)
    due_share = schedule.due_share(target.year, on)
    if indicator.is_rate:
        due: Decimal | None = target.value
    else:
        due = (target.value * due_share / HUNDRED).quantize(quantum_of(indicator), rounding=ROUND_HALF_UP)
    value = actual.value
    if value is None:
        return Progress(target, on, None, due, due_share, None, TrafficLight.NONE, gettext("暂无数据"))
    if not indicator.is_rate and due_share == 0:
        return Progress(target, on, value, due, due_share, None, TrafficLight.NONE, gettext("尚无到期的进度节点"))
    assert due is not None
    thresholds = thresholds or thresholds_for(target.region, on)
    ratio = (value / due * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if due > 0 else None
    return Progress(target, on, value, due, due_share, ratio, _light(indicator, value, due, thresholds))


def progress_of_parts(target: Target, on: datetime.date | None = None) -> list[Progress]:
    """Each part's progress, in region code order: the parts with their schedules (2 queries), the
    children's values (2), the parent's schedule and the thresholds once."""
    on = on or timezone.localdate()
    parts = list(
        target.parts.select_related("region", "indicator").prefetch_related("milestones").order_by("region__code")
    )
    if not parts:
        return []
    start, end = year_span(target.year, on)
    inherited = schedule_of(target)
    if inherited.origin == "own":
        inherited = Schedule(inherited.period, inherited.shares, origin="inherited", origin_target=target)
    thresholds = thresholds_for(target.region, on)
    values: dict[str, compute.Value] = {}
    if end >= start:
        by_child = compute.indicator_values_by_child([target.indicator], target.region, start, end)
        values = {child.code: found[target.indicator.code] for child, found in by_child}
    empty = compute.evaluate(target.indicator, 0, 0 if target.indicator.is_rate else None)
    results = []
    for part in parts:
        part.parent = target
        own = _own_schedule(part)
        results.append(
            progress(
                part,
                on,
                actual=values.get(part.region.code, empty),
                schedule=own or inherited,
                thresholds=thresholds,
            )
        )
    return results
