"""Shared set-up of the monthly report and bulletin tests: indicators, a small template, facts and
the people at each level (a county and a township supervisor, a city supervisor above)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.choices import PointTier
from gongfa.network.models import Region, ServicePoint
from gongfa.performance.choices import Direction, RowKind, Unit, ValueType
from gongfa.performance.models import Indicator, ReportRow, ReportTemplate
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.testing.factories import MiniNetwork, UserFactory, post

NOV = datetime.date(2026, 11, 1)
OCT = datetime.date(2026, 10, 1)
# 3 December 2026, 10:00 in Beijing: November is over, its report is due on 25 December.
NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def make_indicators() -> dict[str, Indicator]:
    specs = [
        ("wo_received", "工单受理量", {"measures": ["wo.received"]}, None, 1, Unit.COUNT, 0, Direction.HIGHER),
        (
            "wo_close_on_time_rate",
            "按时办结率",
            {"measures": ["wo.closed_on_time"]},
            {"measures": ["wo.closed"]},
            100,
            Unit.PERCENT,
            1,
            Direction.HIGHER,
        ),
        (
            "la_review_days_mean",
            "平均审查天数",
            {"measures": ["la.review_days_sum"]},
            {"measures": ["la.reviewed"]},
            1,
            Unit.DAYS,
            1,
            Direction.LOWER,
        ),
    ]
    made = {}
    for code, name, numerator, denominator, scale, unit, decimals, direction in specs:
        made[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "numerator": numerator,
                "denominator": denominator,
                "scale": Decimal(scale),
                "unit": unit,
                "decimals": decimals,
                "direction": direction,
            },
        )
    return made


def make_template(indicators: dict[str, Indicator]) -> ReportTemplate:
    template = ReportTemplate.objects.create(code="test-monthly", name="测试月报表", reporting_level=3)
    rows: list[dict[str, Any]] = [
        {"code": "h1", "label": "一、工单", "kind": RowKind.HEADING},
        {
            "code": "wo_received",
            "label": "工单受理量",
            "kind": RowKind.INDICATOR,
            "indicator": indicators["wo_received"],
            "outlier_ratio": Decimal("0.5"),
        },
        {
            "code": "wo_close_on_time_rate",
            "label": "按时办结率",
            "kind": RowKind.INDICATOR,
            "indicator": indicators["wo_close_on_time_rate"],
            "value_type": ValueType.PERCENT,
            "outlier_ratio": Decimal("0.2"),
        },
        {
            "code": "funds",
            "label": "经费支出（万元）",
            "kind": RowKind.TYPED,
            "value_type": ValueType.DECIMAL,
            "required": True,
        },
        {
            "code": "events",
            "label": "宣传活动场次",
            "kind": RowKind.TYPED,
            "value_type": ValueType.INTEGER,
            "required": False,
            "outlier_ratio": Decimal("1"),
        },
        {
            "code": "change",
            "label": "较上年增减",
            "kind": RowKind.TYPED,
            "value_type": ValueType.INTEGER,
            "required": False,
            "allow_negative": True,
        },
        {"code": "notes", "label": "情况说明", "kind": RowKind.TYPED, "value_type": ValueType.TEXT, "required": False},
    ]
    for order, row in enumerate(rows, start=1):
        ReportRow.objects.create(template=template, order=order, **row)
    return template


def fact(measure: str, day: datetime.date, region: Region, value: int) -> None:
    apply_daily_deltas({Contribution(measure, day, region_code=region.code).key: value})


@dataclass
class People:
    county: User
    township: User
    city: User
    other_county: User | None = None


def make_people(network: MiniNetwork) -> People:
    county = UserFactory(role=Role.SUPERVISOR, real_name="郑主任", username="county_sup")
    post(county, network.centre)
    township = UserFactory(role=Role.SUPERVISOR, real_name="钱站长", username="township_sup")
    post(township, network.stations[network.townships[0].code])
    city_centre = ServicePoint.objects.create(name="示范市公共法律服务中心", tier=PointTier.CENTRE, region=network.city)
    city = UserFactory(role=Role.SUPERVISOR, real_name="王处长", username="city_sup")
    post(city, city_centre)
    return People(county=county, township=township, city=city)
