"""Charts on the performance pages (图表): where ECharts is served from, and how a value is shown.

ECharts comes from the npm package (package.json), served as a static file from node_modules
under "vendor/" (config.settings.VENDOR_STATIC). A machine without node_modules still shows
every page: the tables beside the charts carry the same figures, and the chart script only draws
when ECharts is there.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext

from gongfa.performance.choices import Unit
from gongfa.performance.compute import Value
from gongfa.performance.models import Indicator

ECHARTS_PATH = "vendor/echarts/dist/echarts.min.js"
EMPTY = "—"


@lru_cache(maxsize=1)
def _echarts_found() -> bool:
    from django.contrib.staticfiles import finders

    return bool(finders.find(ECHARTS_PATH))


def echarts_url() -> str:
    """The URL of echarts.min.js, or "" where it is not installed (the page keeps its tables)."""
    from django.templatetags.static import static

    try:
        if not _echarts_found():
            return ""
        return static(ECHARTS_PATH)
    except ValueError:  # the manifest storage does not know it (collectstatic ran without it)
        return ""


def unit_suffix(indicator: Indicator) -> str:
    unit = Unit(indicator.unit) if indicator.unit in Unit.values else None
    if unit is None or unit == Unit.SCORE:
        return ""
    return "%" if unit == Unit.PERCENT else str(unit.label)


def number(value: Decimal | int | None) -> float | int | None:
    """A JSON-friendly number for a chart (None stays a gap)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def shown(indicator: Indicator, value: Value | None) -> str:
    """The value as the page shows it: 95.0%, 1234 件, 4.52; "—" when there is nothing to divide."""
    if value is None or value.value is None:
        return EMPTY
    suffix = unit_suffix(indicator)
    text = f"{value.value:f}"
    if suffix == "%":
        return f"{text}%"
    return f"{text} {suffix}".strip() if suffix else text


def shown_delta(indicator: Indicator, change: Decimal | None) -> str:
    """+3.2 个百分点, −12 件, +0.10; "—" without a comparison figure."""
    if change is None:
        return EMPTY
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    text = f"{abs(change):f}"
    if indicator.unit == Unit.PERCENT:
        return gettext("{change} 个百分点").format(change=f"{sign}{text}")
    suffix = unit_suffix(indicator)
    return f"{sign}{text} {suffix}".strip() if suffix else f"{sign}{text}"
