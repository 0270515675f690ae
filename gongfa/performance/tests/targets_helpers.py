"""Shared helpers of the target tests: indicators shaped like the seeded ones (own codes, so the
seed migration's rows do not collide), supervisors at each level and facts made directly."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.models import Region
from gongfa.performance.choices import Direction, Unit
from gongfa.performance.models import Indicator
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.testing.factories import MiniNetwork, UserFactory, post

D = Decimal


def count_indicator(code: str = "t_la_received", **extra: object) -> Indicator:
    """法律援助受理量: a count (no denominator)."""
    fields: dict[str, object] = {
        "name": "法律援助受理量",
        "numerator": {"measures": ["la.received"]},
        "denominator": None,
        "unit": Unit.COUNT,
        "decimals": 0,
        **extra,
    }
    return Indicator.objects.create(code=code, **fields)


def rate_indicator(code: str = "t_wo_close_on_time_rate", **extra: object) -> Indicator:
    """按时办结率: closed on time ÷ closed × 100."""
    fields: dict[str, object] = {
        "name": "按时办结率",
        "numerator": {"measures": ["wo.closed_on_time"]},
        "denominator": {"measures": ["wo.closed"]},
        "scale": 100,
        "unit": Unit.PERCENT,
        "decimals": 1,
        **extra,
    }
    return Indicator.objects.create(code=code, **fields)


def days_indicator(code: str = "t_la_review_days_mean") -> Indicator:
    """平均审查用时 (lower is better): review days ÷ decisions."""
    return Indicator.objects.create(
        code=code,
        name="平均审查用时",
        numerator={"measures": ["la.review_days_sum"]},
        denominator={"measures": ["la.decided"]},
        unit=Unit.DAYS,
        decimals=1,
        direction=Direction.LOWER,
    )


def supervisor(region_point: object, username: str) -> User:
    user = UserFactory(role=Role.SUPERVISOR, username=username)
    post(user, region_point)  # type: ignore[arg-type]
    return user


def county_supervisor(network: MiniNetwork) -> User:
    return supervisor(network.centre, "t_county_sup")


def township_supervisor(network: MiniNetwork, index: int = 0) -> User:
    return supervisor(network.stations[network.townships[index].code], f"t_township_sup{index}")


def administrator() -> User:
    return UserFactory(role=Role.ADMINISTRATOR, username="t_admin")


def facts(*rows: tuple[str, int, datetime.date, Region]) -> None:
    """rows: (measure, value, day, region)."""
    deltas: dict[tuple[object, ...], int] = {}
    for measure, value, day, region in rows:
        key = Contribution(measure, day, region_code=region.code).key
        deltas[key] = deltas.get(key, 0) + value
    apply_daily_deltas(deltas)
