"""Shared setup of the site-scoring tests: the two indicators the computed items read, and the
shipped sheet."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gongfa.performance.models import Indicator, ScoringSheet
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.performance.sheets_loader import load_all

INSPECTED_ON = datetime.date(2026, 11, 20)


def make_indicators() -> None:
    Indicator.objects.get_or_create(
        code="wo_satisfaction_rate",
        defaults={
            "name": "满意率",
            "numerator": {"measures": ["wo.rated_satisfied"]},
            "denominator": {"measures": ["wo.rated"]},
            "scale": Decimal(100),
            "unit": "percent",
            "decimals": 1,
        },
    )
    Indicator.objects.get_or_create(
        code="wo_close_on_time_rate",
        defaults={
            "name": "按时办结率",
            "numerator": {"measures": ["wo.closed_on_time"]},
            "denominator": {"measures": ["wo.closed"]},
            "scale": Decimal(100),
            "unit": "percent",
            "decimals": 1,
        },
    )


def shipped_sheet() -> ScoringSheet:
    make_indicators()
    (sheet,) = load_all()
    return sheet


def facts(point_id: int, region_code: str, day: datetime.date, **values: int) -> None:
    """Facts of one point on one day: measure code with dots as underscores → value."""
    apply_daily_deltas(
        {
            Contribution(name.replace("_", ".", 1), day, region_code=region_code, point_id=point_id).key: value
            for name, value in values.items()
        }
    )
