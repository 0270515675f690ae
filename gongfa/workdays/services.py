"""Deadlines on the working-day calendar (工作日历): is a day a working day, and when does a period end.

Which days are working days, in order of precedence:

1. the `Holiday` table (administrators): HOLIDAY → not a working day, MAKEUP_WORKDAY → a working day;
2. the `chinesecalendar` package (the State Council's official schedules for the years it ships);
3. for any other year: Monday to Friday are working days, Saturday and Sunday are not.

A year is *covered* when the package has its data or an administrator has declared it fully entered
(`CalendarYear.complete`). A deadline that looked at a day in an uncovered year still comes back,
computed with rule 3 (plus whatever Holiday rows exist), and carries one Chinese warning per such
year so that staff check it. Nothing here raises for a date outside the data.

Two ways to count a period of n days (region setting `day_count_mode`, rules.md "Day-count
convention"):

* calendar (默认): the start day does not count; the period ends on start + n; if that day is a
  non-working day (a weekend or an official holiday; make-up working days are working days), it
  moves to the next working day (《民法典》第201条、第203条; for court periods 《民事诉讼法》第85条).
* working: the period ends on the n-th working day after the start day (the start day does not count).

n == 0 gives the start day itself in both modes, with no roll-over and no warning: a period of zero
days is "the same day", whatever kind of day it is.

Inputs are `datetime.date` values. Callers holding an aware `datetime` convert it first with
`django.utils.timezone.localdate(dt)` (the date in the project's time zone, Asia/Shanghai); a
`datetime` is refused rather than silently truncated in UTC.

Cost: the Holiday and CalendarYear rows are a small reference table kept per process
(`holiday_table`, gongfa.core.refcache): two queries when a process first needs them or after an
administrator changed them, none otherwise. A deadline never costs a query per day.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import chinese_calendar
from django.utils.translation import gettext

from gongfa.core.refcache import reference
from gongfa.network.choices import DayCountMode
from gongfa.network.selectors import region_setting
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import CalendarYear, Holiday

if TYPE_CHECKING:
    from gongfa.network.models import Region

# Longest period accepted, in days (about ten years). Legal periods counted in days are short; this
# only stops runaway input from walking the calendar for ever.
MAX_PERIOD_DAYS = 3660

# Slack added to the estimated end of a period when preloading Holiday rows: the longest run of
# non-working days in an official schedule (Spring Festival, National Day) is 8–9 days.
_PRELOAD_SLACK_DAYS = 21


@dataclass(frozen=True)
class Deadline:
    """A computed deadline (期限届满日).

    `mode` is the DayCountMode value used ("calendar" or "working"); `warnings` holds one Chinese
    sentence per year the computation looked at whose official holiday schedule is not known.
    """

    due: datetime.date
    mode: str
    warnings: tuple[str, ...] = ()

    @property
    def is_certain(self) -> bool:
        """True when every day looked at lies in a year with a known holiday schedule."""
        return not self.warnings


@functools.cache
def package_covers(year: int) -> bool:
    """Whether the chinesecalendar package ships the official schedule for `year` (no query)."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class HolidayTable:
    """Every Holiday row (date → kind), the years that have any, and the years an administrator
    declared complete. Shared by every computation in a process: read-only."""

    overrides: Mapping[datetime.date, str]
    years_with_entries: frozenset[int]
    complete_years: frozenset[int]


@reference("workdays.holidays", models=("workdays.Holiday", "workdays.CalendarYear"))
def holiday_table() -> HolidayTable:
    """The administrators' calendar entries (a few dozen rows a year), loaded once per process."""
    overrides = dict(Holiday.objects.values_list("date", "kind"))
    return HolidayTable(
        overrides=overrides,
        years_with_entries=frozenset(day.year for day in overrides),
        complete_years=frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True)),
    )


def is_year_covered(year: int) -> bool:
    """Whether `year`'s official holiday schedule is known: packaged data, or an administrator has
    declared it fully entered."""
    return package_covers(year) or year in holiday_table().complete_years


def uncovered_year_warning(year: int, *, has_entries: bool = False) -> str:
    """The warning a deadline carries when it depends on a day in an uncovered year."""
    if has_entries:
        return f"{year}年的法定节假日安排尚未完整录入，期限按周末及已录入的节假日计算，请核对。"
    return f"{year}年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。"


class _CalendarView:
    """The calendar as one computation sees it: the process's holiday table, and a record of the
    uncovered years the computation looked at."""

    def __init__(self) -> None:
        self._table: HolidayTable | None = None
        self._uncovered_seen: set[int] = set()

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
            self._uncovered_seen.add(day.year)
        kind = self._holidays().overrides.get(day)
        if kind == HolidayKind.HOLIDAY:
            return False
        if kind == HolidayKind.MAKEUP_WORKDAY:
            return True
        if package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def warnings(self) -> tuple[str, ...]:
        return tuple(
            uncovered_year_warning(year, has_entries=year in self._holidays().years_with_entries)
            for year in sorted(self._uncovered_seen)
        )


def _check_start(start: datetime.date, label: str = "起算日") -> None:
    if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
        raise ValueError(
            gettext(
                "{label}应为日期（datetime.date）；带时区的时间请先用 timezone.localdate() 转换为当地日期。"
            ).format(label=label)
        )


def _check_days(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(gettext("期间天数应为整数，收到的是：{n!r}。").format(n=n))
    if n < 0:
        raise ValueError(gettext("期间天数不能为负数，收到的是：{n}。").format(n=n))
    if n > MAX_PERIOD_DAYS:
        raise ValueError(
            gettext("期间天数不能超过 {MAX_PERIOD_DAYS} 天，收到的是：{n}。").format(
                MAX_PERIOD_DAYS=MAX_PERIOD_DAYS, n=n
            )
        )


def _shift(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise ValueError(gettext("期限超出可计算的日期范围。")) from None


def _horizon(day: datetime.date, days: int) -> datetime.date:
    """`day` + `days` for preloading, clamped at the last representable date."""
    return day + datetime.timedelta(days=min(days, (datetime.date.max - day).days))


def _calendar_due(view: _CalendarView, start: datetime.date, n: int) -> datetime.date:
    if n == 0:
        return start
    due = _shift(start, n)
    view.preload(due, _horizon(due, _PRELOAD_SLACK_DAYS))
    while not view.is_working_day(due):
        due = _shift(due, 1)
    return due


def _working_due(view: _CalendarView, start: datetime.date, n: int) -> datetime.date:
    if n == 0:
        return start
    view.preload(_shift(start, 1), _horizon(start, n * 7 // 5 + _PRELOAD_SLACK_DAYS))
    day, counted = start, 0
    while counted < n:
        day = _shift(day, 1)
        if view.is_working_day(day):
            counted += 1
    return day


def is_working_day(d: datetime.date) -> bool:
    """Whether `d` is a working day (工作日): Holiday table, then chinesecalendar, then Mon–Fri.

    One or two queries; to walk many days use `add_working_days` / `compute_deadline`, which batch.
    """
    _check_start(d, gettext("日期"))
    return _CalendarView().is_working_day(d)


def add_calendar_days(start: datetime.date, n: int) -> datetime.date:
    """The end of a period of n calendar days (自然日) received on `start`, with the civil-law
    roll-over: start + n, moved to the next working day if that day is a weekend or an official
    holiday (《民法典》第201、203条). n == 0 returns `start` unchanged."""
    return compute_deadline(start, n, DayCountMode.CALENDAR).due


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day (工作日) after `start`; the start day does not count.
    n == 0 returns `start` unchanged."""
    return compute_deadline(start, n, DayCountMode.WORKING).due


def compute_deadline(start: datetime.date, n: int, mode: DayCountMode | str = DayCountMode.CALENDAR) -> Deadline:
    """The deadline of a period of n days from `start`, counted in `mode` (calendar | working).

    Raises ValueError (Chinese message) for a bad start, a non-integer or negative n, or an unknown
    mode. Never raises for dates outside the known holiday data: the result then carries warnings.
    """
    _check_start(start)
    _check_days(n)
    try:
        mode = DayCountMode(mode)
    except ValueError:
        raise ValueError(
            gettext("期间计算方式只能取：{join}，收到的是：{mode!r}。").format(
                join="、".join(DayCountMode.values), mode=mode
            )
        ) from None
    view = _CalendarView()
    due = _working_due(view, start, n) if mode == DayCountMode.WORKING else _calendar_due(view, start, n)
    return Deadline(due=due, mode=mode.value, warnings=view.warnings())


def day_count_mode_for(region: Region | None, on: datetime.date) -> DayCountMode:
    """The region's `day_count_mode` in force on `on` (nearest ancestor wins; default calendar)."""
    return DayCountMode(region_setting(region, "day_count_mode", on))


def deadline_for_region(
    region: Region | None, start: datetime.date, n: int, on: datetime.date | None = None
) -> Deadline:
    """The deadline of a period of n days from `start` for a matter handled in `region`, counted
    the way that region's `day_count_mode` says.

    `on` picks which version of the setting applies; it defaults to `start`, so the counting rule
    is the one in force when the period began, and a deadline does not change when a region later
    switches mode (pass `on` explicitly to use another date's rule). `region=None` uses the default
    (calendar days).
    """
    _check_start(start)
    return compute_deadline(start, n, day_count_mode_for(region, on or start))
