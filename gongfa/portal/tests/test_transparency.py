"""The public transparency page (服务数据公开): anyone may read it; public indicators only, per
county (or per township in a one-county deployment), the last 12 whole months; no personal data."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.performance.models import Indicator
from gongfa.performance.public import public_period, top_region
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas, refresh_pending
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network
from gongfa.workorders.services import create_work_order

URL = reverse("portal:transparency")
D = datetime.date
NOW = datetime.datetime(2025, 7, 10, 9, 0, tzinfo=datetime.UTC)  # the period: July 2024 – June 2025

PUBLIC = [
    ("wo_received", "工单受理量", {"measures": ["wo.received"]}, None, 1, "count", 0, True),
    (
        "wo_close_on_time_rate",
        "按时办结率",
        {"measures": ["wo.closed_on_time"]},
        {"measures": ["wo.closed"]},
        100,
        "percent",
        1,
        True,
    ),
    (
        "wo_satisfaction_rate",
        "满意率",
        {"measures": ["wo.rated_satisfied"]},
        {"measures": ["wo.rated"]},
        100,
        "percent",
        1,
        True,
    ),
    (
        "wo_accept_on_time_rate",
        "按时受理率",
        {"measures": ["wo.accepted_on_time"]},
        {"measures": ["wo.accepted"]},
        100,
        "percent",
        1,
        False,
    ),
]


@pytest.fixture
def indicators(db: None) -> None:
    Indicator.objects.update(is_active=False)
    for order, (code, name, numerator, denominator, scale, unit, decimals, public) in enumerate(PUBLIC):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "numerator": numerator,
                "denominator": denominator,
                "scale": scale,
                "unit": unit,
                "decimals": decimals,
                "is_public": public,
                "is_active": True,
                "sort_order": order,
                "description": f"{name}的口径说明",
            },
        )
    cache.clear()


def facts(*rows: tuple[Any, ...]) -> None:
    deltas: dict[tuple[Any, ...], int] = defaultdict(int)
    for measure, day, region, value in rows:
        deltas[Contribution(measure, day, region_code=region.code).key] += value
    apply_daily_deltas(dict(deltas))


def page(client: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.get(URL)


def test_one_county_publishes_its_townships(client: Any, network: MiniNetwork, indicators: None) -> None:
    t1, t2 = network.townships
    v1, v4 = network.villages[0], network.villages[3]
    facts(
        ("wo.received", D(2025, 1, 5), v1, 4),
        ("wo.closed", D(2025, 1, 9), v1, 4),
        ("wo.closed_on_time", D(2025, 1, 9), v1, 3),
        ("wo.rated", D(2025, 2, 1), v1, 2),
        ("wo.rated_5", D(2025, 2, 1), v1, 1),
        ("wo.rated_3", D(2025, 2, 1), v1, 1),
        ("wo.received", D(2024, 8, 1), v4, 2),
        ("wo.received", D(2024, 6, 30), v4, 7),  # before the period
        ("wo.received", D(2025, 7, 2), v4, 9),  # this month: not yet published
        ("wo.accepted", D(2025, 1, 5), v1, 4),
    )
    response = page(client)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert top_region() == network.county
    assert figures.period_label == "2024年7月—2025年6月"
    assert figures.columns == ["工单受理量（件）", "按时办结率（%）", "满意率（%）"]  # public ones only
    assert [(r.name, r.values) for r in figures.rows] == [
        (t1.name, ["4 件", "75.0%", "50.0%"]),
        (t2.name, ["2 件", "—", "—"]),
    ]
    assert figures.total.values == ["6 件", "75.0%", "50.0%"]
    html = response.content.decode()
    assert "按时受理率" not in html
    assert '<th scope="row">示范1镇</th>' in html and "<caption>" in html
    assert 'id="perf-charts"' in html


def test_several_counties_publish_one_row_each(client: Any, indicators: None) -> None:
    first = build_network(prefix="330102", townships=1, villages_per_township=1, name="东")
    second = build_network(prefix="330103", townships=1, villages_per_township=1, name="西")
    facts(("wo.received", D(2025, 3, 3), first.villages[0], 5), ("wo.received", D(2025, 3, 3), second.villages[0], 1))
    figures = page(client).context["figures"]
    assert figures.top_name == "东市"  # one city above both: the top
    assert figures.level_label == "县(区)"
    assert [(r.name, r.values[0]) for r in figures.rows] == [("东县", "5 件"), ("西县", "1 件")]
    assert figures.total.values[0] == "6 件"


def test_counties_of_several_cities_are_read_per_city(client: Any, indicators: None) -> None:
    east = build_network(prefix="330102", townships=1, villages_per_township=1, name="东")
    west = build_network(prefix="330201", townships=1, villages_per_township=1, name="西")
    facts(("wo.received", D(2025, 3, 3), east.villages[0], 2), ("wo.received", D(2025, 3, 3), west.villages[0], 3))
    figures = page(client).context["figures"]
    assert figures.top_name == "东省" and figures.grouped
    assert [(r.name, r.parent, r.values[0]) for r in figures.rows] == [
        ("东县", "东市", "2 件"),
        ("西县", "西市", "3 件"),
    ]


def test_no_personal_data_from_real_orders(client: Any, network: MiniNetwork, indicators: None) -> None:
    citizen = CitizenFactory(real_name="李大爷", phone="13912345678")
    with time_machine.travel(datetime.datetime(2025, 3, 3, 2, 0, tzinfo=datetime.UTC), tick=False):
        create_work_order(
            channel=Channel.PORTAL,
            region=network.villages[0],
            text="老板拖欠工资两个月，住在幸福路8号",
            requester=citizen,
        )
        refresh_pending()
    response = page(client)
    figures = response.context["figures"]
    assert figures.rows[0].values[0] == "1 件"
    html = response.content.decode()
    for secret in ("李大爷", "13912345678", "1391", "幸福路", "拖欠工资"):
        assert secret not in html


def test_cached_and_open_to_anyone(client: Any, network: MiniNetwork, indicators: None) -> None:
    facts(("wo.received", D(2025, 1, 5), network.villages[0], 1))
    assert page(client).status_code == 200
    facts(("wo.received", D(2025, 1, 6), network.villages[0], 1))
    with CaptureQueriesContext(connection) as captured:
        cached = page(client)
    assert cached.context["figures"].total.values[0] == "1 件"  # served from the cache
    assert not [q for q in captured.captured_queries if "performance_" in q["sql"]]
    cache.clear()
    assert page(client).context["figures"].total.values[0] == "2 件"


def test_without_public_indicators_the_page_says_so(client: Any, network: MiniNetwork, indicators: None) -> None:
    Indicator.objects.update(is_public=False)
    response = page(client)
    assert response.status_code == 200 and response.context["figures"] is None
    assert "暂无公开的服务数据" in response.content.decode()


def test_the_portal_menu_links_it(client: Any, db: None) -> None:
    assert URL in client.get(reverse("portal:home")).content.decode()


def test_public_period_is_twelve_whole_months_before_this_one() -> None:
    period = public_period(D(2025, 1, 31))
    assert (period.start, period.end) == (D(2024, 1, 1), D(2024, 12, 31))
