"""When a stage of a work order falls due (时限到期时间), from its SLA rule and the working-day calendar.

How each unit counts, from an aware start time, in local time (settings.TIME_ZONE, Asia/Shanghai):

* HOURS (小时): calendar hours, start + n hours, whatever the day.
* WORKING_HOURS (工作小时): only the time inside office hours (conf.OFFICE_START–OFFICE_END) on
  working days counts. Time before opening counts from the opening; time after closing, weekends
  and holidays do not count; make-up working days (调休上班日) do.
* WORKING_DAYS (工作日): the n-th working day after the start day (the start day does not count),
  due at the end of that day (conf.DAY_END, 23:59:59 local).
* LEGAL_DAYS (日): n days counted the way the region's `day_count_mode` says (calendar days with
  holiday roll-over by default, or working days), as gongfa.workdays.deadline_for_region does; due
  at the end of the last day.

The calendar is the one gongfa.workdays defines (Holiday table, then the chinesecalendar package,
then Monday–Friday for years without data, with one warning per such year). `WorkingCalendar`
reads workdays' holiday table, kept per process (no query once loaded);
tests/test_calendar_matches_workdays.py checks it agrees with workdays.compute_deadline.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.catalog import conf
from gongfa.catalog.choices import SlaStage, SlaUnit
from gongfa.network.choices import DayCountMode
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.services import (
    HolidayTable,
    day_count_mode_for,
    holiday_table,
    package_covers,
    uncovered_year_warning,
)

if TYPE_CHECKING:
    from gongfa.catalog.models import SlaRule
    from gongfa.network.models import Region

ONE_DAY = datetime.timedelta(days=1)
# Same slack as gongfa.workdays: the longest official run of non-working days is 8–9 days.
_PRELOAD_SLACK_DAYS = 21
# A walk longer than this means a rule nobody validated; stop rather than loop for ever.
_MAX_WALK_DAYS = 3660


@dataclass(frozen=True)
class StageDeadline:
    """When one stage falls due.

    `due` is an aware datetime in local time; `warnings` holds the calendar's Chinese warnings
    (one per year looked at whose official holidays are not known); `rule_id` is the SlaRule used;
    `label` says the stage and period in words, e.g. "办结：7 个工作日".
    """

    due: datetime.datetime
    warnings: tuple[str, ...]
    rule_id: int | None
    label: str


class WorkingCalendar:
    """Working days as gongfa.workdays defines them, read from the process's holiday table
    (gongfa.workdays.services.holiday_table), with a record of the uncovered years looked at since
    `reset_seen()`."""

    def __init__(self) -> None:
        self._table: HolidayTable | None = None
        self._seen: set[int] = set()

    def _holidays(self) -> HolidayTable:
        if self._table is None:
            self._table = holiday_table()
        return self._table

    def preload(self, first: datetime.date, last: datetime.date) -> None:
        """Make sure the holiday table is at hand (the whole table: it is small)."""
        self._holidays()

    def _covered(self, year: int) -> bool:
        return package_covers(year) or year in self._holidays().complete_years

    def is_working_day(self, day: datetime.date) -> bool:
        if not self._covered(day.year):
            self._seen.add(day.year)
        kind = self._holidays().overrides.get(day)
        if kind == HolidayKind.HOLIDAY:
            return False
        if kind == HolidayKind.MAKEUP_WORKDAY:
            return True
        if package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def reset_seen(self) -> None:
        self._seen = set()

    def warnings(self) -> tuple[str, ...]:
        """One warning per uncovered year looked at since the last `reset_seen()`."""
        return tuple(
            uncovered_year_warning(year, has_entries=year in self._holidays().years_with_entries)
            for year in sorted(self._seen)
        )

    def nth_working_day_after(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after `start` (start not counted); n == 0 gives `start`."""
        day, counted = start, 0
        for _ in range(_MAX_WALK_DAYS):
            if counted >= n:
                return day
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        raise ValueError(gettext("期限过长，无法计算。"))

    def calendar_due(self, start: datetime.date, n: int) -> datetime.date:
        """start + n days, rolled over to the next working day (n == 0 gives `start`)."""
        if n == 0:
            return start
        due = start + datetime.timedelta(days=n)
        for _ in range(_MAX_WALK_DAYS):
            if self.is_working_day(due):
                return due
            due += ONE_DAY
        raise ValueError(gettext("期限过长，无法计算。"))


def local_start(start: datetime.datetime) -> datetime.datetime:
    """`start` in the project's time zone; refuses a naive datetime."""
    if not isinstance(start, datetime.datetime) or timezone.is_naive(start):
        raise ValueError(gettext("起算时间应为带时区的 datetime（如 timezone.now()）。"))
    return start.astimezone(timezone.get_default_timezone())


def _aware(naive: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(naive, timezone.get_default_timezone())


def horizon_days(rule: SlaRule) -> int:
    """How many days after the start the calendar is likely to be read for `rule` (for preloading)."""
    if rule.unit == SlaUnit.HOURS:
        return 0
    if rule.unit == SlaUnit.WORKING_HOURS:
        days = math.ceil(rule.amount * 3600 / conf.office_seconds_per_day()) + 1
        return days * 7 // 5 + _PRELOAD_SLACK_DAYS
    if rule.unit == SlaUnit.WORKING_DAYS:
        return rule.amount * 7 // 5 + _PRELOAD_SLACK_DAYS
    return rule.amount + _PRELOAD_SLACK_DAYS


def _working_hours_due(local: datetime.datetime, hours: int, calendar: WorkingCalendar) -> datetime.datetime:
    opening, closing = conf.OFFICE_START, conf.OFFICE_END
    remaining = datetime.timedelta(hours=hours)
    naive = local.replace(tzinfo=None)
    day = naive.date()
    if calendar.is_working_day(day):
        begin = max(naive, datetime.datetime.combine(day, opening))
        end = datetime.datetime.combine(day, closing)
        if begin < end:
            if remaining <= end - begin:
                return _aware(begin + remaining)
            remaining -= end - begin
    per_day = datetime.timedelta(seconds=conf.office_seconds_per_day())
    for _ in range(_MAX_WALK_DAYS):
        day += ONE_DAY
        if not calendar.is_working_day(day):
            continue
        if remaining <= per_day:
            return _aware(datetime.datetime.combine(day, opening) + remaining)
        remaining -= per_day
    raise ValueError(gettext("期限过长，无法计算。"))


def _label(rule: SlaRule, mode: DayCountMode | None) -> str:
    label = f"{SlaStage(rule.stage).label}：{rule.period_text}"
    if mode == DayCountMode.CALENDAR:
        label += gettext("（自然日，末日遇节假日顺延）")
    elif mode == DayCountMode.WORKING:
        label += gettext("（按工作日计算）")
    return label


def compute_stage_deadline(
    start: datetime.datetime,
    rule: SlaRule,
    *,
    calendar: WorkingCalendar,
    day_count_mode: DayCountMode | None = None,
) -> StageDeadline:
    """The deadline of `rule` from `start`, reading days from `calendar`.

    `day_count_mode` is needed for LEGAL_DAYS rules only (the region's mode on the start date).
    """
    local = local_start(start)
    calendar.reset_seen()
    mode: DayCountMode | None = None
    if rule.unit == SlaUnit.HOURS:
        due = local + datetime.timedelta(hours=rule.amount)
    elif rule.unit == SlaUnit.WORKING_HOURS:
        due = _working_hours_due(local, rule.amount, calendar)
    elif rule.unit == SlaUnit.WORKING_DAYS:
        last = calendar.nth_working_day_after(local.date(), rule.amount)
        due = _aware(datetime.datetime.combine(last, conf.DAY_END))
    elif rule.unit == SlaUnit.LEGAL_DAYS:
        if day_count_mode is None:
            raise ValueError(gettext("按地区期间计算方式计时的规则须提供期间计算方式。"))
        mode = DayCountMode(day_count_mode)
        if mode == DayCountMode.WORKING:
            last = calendar.nth_working_day_after(local.date(), rule.amount)
        else:
            last = calendar.calendar_due(local.date(), rule.amount)
        due = _aware(datetime.datetime.combine(last, conf.DAY_END))
    else:
        raise ValueError(gettext("未知的计时方式：{unit}。").format(unit=rule.unit))
    return StageDeadline(due=due, warnings=calendar.warnings(), rule_id=rule.pk, label=_label(rule, mode))


def stage_deadline(start: datetime.datetime, rule: SlaRule, region: Region | None) -> StageDeadline:
    """When the stage governed by `rule` falls due for a matter started at `start` in `region`.

    `start` must be aware. LEGAL_DAYS rules use the region's `day_count_mode` in force on the local
    start date (gongfa.workdays.day_count_mode_for); workdays' uncovered-year warnings pass through.
    """
    local = local_start(start)
    mode = day_count_mode_for(region, local.date()) if rule.unit == SlaUnit.LEGAL_DAYS else None
    calendar = WorkingCalendar()
    if rule.unit != SlaUnit.HOURS:
        calendar.preload(local.date(), local.date() + datetime.timedelta(days=horizon_days(rule)))
    return compute_stage_deadline(start, rule, calendar=calendar, day_count_mode=mode)
