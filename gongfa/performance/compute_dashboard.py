"""What the dashboards read (看板取数): indicator values for a region, its children, its months and
the mix of one dimension, under the page's filters, in a fixed number of queries.

Everything goes through gongfa.performance.compute.sums() (the one read path over RollupFact and
DailyFact); this module only groups the calls and evaluates the values:

- measures are expanded once per date with the region's own settings (满意 counts the grades the
  shown region's setting names). Its children are read under the same definition, so the rows of
  a drill-down compare like with like, and a page costs the same number of queries whatever the
  number of children (compute.value_of would look up each child's setting);
- the page's service and channel filters apply to flow measures; an indicator made only of stock
  measures (villages with an adviser, service points) is read without them: a village is not
  "of" a service or a channel.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.network.models import Region
from gongfa.performance import registry
from gongfa.performance.choices import Grain, MeasureKind
from gongfa.performance.compute import Filters, Term, Value, evaluate, sums, terms_of
from gongfa.performance.models import Indicator
from gongfa.performance.periods import add_months, month_end, month_start, months_between

Found = dict[tuple[str, Filters, str, str], int]

MAX_MONTHS = 36


@dataclass(frozen=True)
class Period:
    """Whole months from start's month to end's month (统计期间)."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def of_months(cls, first: datetime.date, last: datetime.date) -> Period:
        return cls(month_start(first), month_end(last))

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.start, self.end)

    @property
    def length(self) -> int:
        return len(self.months)

    def label(self) -> str:
        first, last = self.start, self.end
        month = gettext("{year}年{month}月")
        if (first.year, first.month) == (last.year, last.month):
            return month.format(year=first.year, month=first.month)
        return f"{month.format(year=first.year, month=first.month)}—{month.format(year=last.year, month=last.month)}"


class Comparison:
    NONE = ""
    SAME_PERIOD_LAST_YEAR = "yoy"
    PREVIOUS_PERIOD = "prev"

    CHOICES = (
        (NONE, _("不比较")),
        (SAME_PERIOD_LAST_YEAR, _("同比（去年同期）")),
        (PREVIOUS_PERIOD, _("环比（上一期间）")),
    )


def comparison_period(period: Period, mode: str) -> Period | None:
    """The period the page compares with: the same months a year before, or as many months just
    before; None without comparison."""
    if mode == Comparison.SAME_PERIOD_LAST_YEAR:
        return Period.of_months(add_months(period.start, -12), add_months(period.end, -12))
    if mode == Comparison.PREVIOUS_PERIOD:
        length = period.length
        return Period.of_months(add_months(period.start, -length), add_months(period.start, -1))
    return None


def is_stock_only(indicator: Indicator) -> bool:
    """Whether every measure of the indicator is a stock (carried forward, not of a service)."""
    codes = [code for term in terms_of(indicator) for code in term.measures]
    return bool(codes) and all(
        registry.derived_measure(code) is None and registry.kind_of(code) == MeasureKind.STOCK for code in codes
    )


class Reader:
    """Reads indicators for one region under the page's filters (see the module docstring)."""

    def __init__(self, region: Region, page: Filters | None = None) -> None:
        self.region = region
        self.page = page or Filters()
        self._expanded: dict[tuple[str, datetime.date], list[str]] = {}

    def page_for(self, indicator: Indicator) -> Filters:
        return Filters() if is_stock_only(indicator) else self.page

    def _groups(self, indicators: Sequence[Indicator]) -> dict[Filters, list[Indicator]]:
        grouped: dict[Filters, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            grouped[self.page_for(indicator)].append(indicator)
        return grouped

    def expand(self, code: str, on: datetime.date) -> list[str]:
        key = (code, on)
        if key not in self._expanded:
            self._expanded[key] = registry.expand(code, self.region, on)
        return self._expanded[key]

    def _term(self, term: Term, page: Filters, found: Found, on: datetime.date, code: str, group: str) -> int:
        filters = term.filters.narrowed(page)
        return sum(
            found.get((measure, filters, code, group), 0)
            for measure_code in term.measures
            for measure in self.expand(measure_code, on)
        )

    def value(self, indicator: Indicator, found: Found, on: datetime.date, code: str, group: str = "") -> Value:
        page = self.page_for(indicator)
        terms = terms_of(indicator)
        numerator = self._term(terms[0], page, found, on, code, group)
        denominator = self._term(terms[1], page, found, on, code, group) if len(terms) > 1 else None
        return evaluate(indicator, numerator, denominator)

    def _sums(self, indicators: Sequence[Indicator], period: Period, **kwargs: object) -> Found:
        found: Found = {}
        for page, members in self._groups(indicators).items():
            found.update(
                sums(members, region=self.region, start=period.start, end=period.end, page=page, **kwargs)  # type: ignore[arg-type]
            )
        return found

    # --- the four readings ----------------------------------------------------------------------

    def totals(self, indicators: Sequence[Indicator], period: Period) -> dict[str, Value]:
        """Each indicator over the period for the region's subtree."""
        found = self._sums(indicators, period)
        return {i.code: self.value(i, found, period.end, self.region.code) for i in indicators}

    def by_child(
        self, indicators: Sequence[Indicator], period: Period, children: Sequence[Region]
    ) -> list[tuple[Region, dict[str, Value]]]:
        """Each child region (one level below) with its values; the caller lists the children."""
        if not children:
            return []
        found = self._sums(indicators, period, children=True)
        return [
            (child, {i.code: self.value(i, found, period.end, child.code) for i in indicators}) for child in children
        ]

    def by_month(self, indicators: Sequence[Indicator], period: Period) -> list[tuple[datetime.date, dict[str, Value]]]:
        """Each month of the period with the indicators' values in it."""
        found = self._sums(indicators, period, series=Grain.MONTH)
        return [
            (month, {i.code: self.value(i, found, period.end, self.region.code, month.isoformat()) for i in indicators})
            for month in period.months
        ]

    def mix(
        self, indicators: Sequence[Indicator], period: Period, dimension: str
    ) -> list[tuple[str, dict[str, Value]]]:
        """The indicators per value of one dimension (service, channel, topic, special_group, tier),
        largest first by the first indicator. Only flow indicators make sense here."""
        found = self._sums(indicators, period, mix=dimension)
        keys = sorted({group for (_m, _f, _c, group) in found})
        rows = [
            (key, {i.code: self.value(i, found, period.end, self.region.code, key) for i in indicators}) for key in keys
        ]
        first = indicators[0].code if indicators else ""
        return sorted(rows, key=lambda row: (-(row[1][first].value or 0) if first else 0, row[0]))


def delta(current: Value | None, previous: Value | None) -> object:
    """current − previous (percentage points for rates), None when either is empty."""
    if current is None or previous is None or current.value is None or previous.value is None:
        return None
    return current.value - previous.value
