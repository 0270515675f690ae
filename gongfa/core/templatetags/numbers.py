"""{% load numbers %}: figures on staff pages, rounded and with their unit (gongfa.core.numbers).

    {{ row.mean_days|days }}            → 2.3 天
    {{ stats.grant_rate|percent }}      → 75.0%     (a fraction 0–1)
    {{ evidence.success_pct|points }}   → 62.5%     (already in percentage points)
    {{ row.low|share:row.total }}       → 12.5%     (part ÷ whole)
    {{ call.seconds|duration }}         → 3.5 分钟
    {{ row.satisfaction|number:2 }}     → 4.27
Each shows "—" where there is nothing to compute from.
"""

from __future__ import annotations

from typing import Any

from django import template

from gongfa.core import numbers

register = template.Library()


@register.filter
def days(value: Any, digits: int = 1) -> str:
    return numbers.format_days(value, int(digits))


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    return numbers.format_percent(value, int(digits))


@register.filter
def points(value: Any, digits: int = 1) -> str:
    return numbers.format_percent_points(value, int(digits))


@register.filter
def share(part: Any, whole: Any) -> str:
    return numbers.format_share(part, whole)


@register.filter
def duration(value: Any) -> str:
    return numbers.format_duration(value)


@register.filter
def number(value: Any, digits: int = 1) -> str:
    return numbers.format_number(value, int(digits))
