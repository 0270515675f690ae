"""How a staff page shows a figure (数字显示): one place for durations, rates and scores.

Statistics come out of the database as long floats and Decimals (an average of intervals is
0.0016316452662037038 days); a page shows them rounded, with their unit, and "—" where there is
nothing to compute from. Templates use the filters of ``{% load numbers %}``
(gongfa/core/templatetags/numbers.py); Python code that builds labels calls these functions.

- ``format_days(2.345)`` → "2.3 天" (one decimal);
- ``format_percent(0.125)`` → "12.5%" (a fraction 0–1, one decimal);
- ``format_percent_points(12.5)`` → "12.5%" (a value already in percentage points);
- ``format_share(part, whole)`` → "12.5%" (part ÷ whole, "—" when whole is 0);
- ``format_duration(seconds)`` → "45 秒", "3.5 分钟", "2.3 小时", "1.5 天";
- ``format_number(4.2567, 2)`` → "4.26" (a score or a mean without a unit).
"""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

NOTHING = "—"

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _as_float(value: Any) -> float | None:
    """The value as a float, or None for nothing (None, "", NaN, text that is not a number)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    try:
        number = float(value)
    except (TypeError, ValueError, InvalidOperation):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def _fixed(number: float, digits: int) -> str:
    """Rounded half away from zero (Decimal), so 2.25 shows as 2.3 and never as "-0.0"."""
    quantum = Decimal(1).scaleb(-digits)
    text = f"{Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP):f}"
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return text


def format_number(value: Any, digits: int = 1) -> str:
    number = _as_float(value)
    return NOTHING if number is None else _fixed(number, digits)


def format_days(value: Any, digits: int = 1) -> str:
    """Days (a float, a Decimal or a timedelta) with one decimal: "2.3 天"."""
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds() / DAY
    number = _as_float(value)
    if number is None:
        return NOTHING
    return gettext("%(days)s 天") % {"days": _fixed(number, digits)}


def format_percent(value: Any, digits: int = 1) -> str:
    """A fraction (0.125) as a percentage: "12.5%"."""
    number = _as_float(value)
    return NOTHING if number is None else f"{_fixed(number * 100, digits)}%"


def format_percent_points(value: Any, digits: int = 1) -> str:
    """A value already in percentage points (12.5) as "12.5%"."""
    number = _as_float(value)
    return NOTHING if number is None else f"{_fixed(number, digits)}%"


def format_share(part: Any, whole: Any, digits: int = 1) -> str:
    """part ÷ whole as a percentage; "—" when there is no whole."""
    top, bottom = _as_float(part), _as_float(whole)
    if top is None or not bottom:
        return NOTHING
    return format_percent(top / bottom, digits)


def format_duration(value: Any) -> str:
    """Seconds (or a timedelta) in the largest unit that reads well: "45 秒", "3.5 分钟",
    "2.3 小时", "1.5 天"."""
    seconds = _as_float(value)
    if seconds is None:
        return NOTHING
    size = abs(seconds)
    if size < MINUTE:
        return gettext("%(seconds)s 秒") % {"seconds": _fixed(seconds, 0)}
    if size < HOUR:
        return gettext("%(minutes)s 分钟") % {"minutes": _fixed(seconds / MINUTE, 1)}
    if size < DAY:
        return gettext("%(hours)s 小时") % {"hours": _fixed(seconds / HOUR, 1)}
    return format_days(seconds / DAY)
