"""The performance dashboard (绩效看板): figures against hand-computed facts, filters good and bad,
the drill-down's scope, the xlsx export and a query count that does not grow with the children."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.network.models import Region
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH, Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network, post

URL = reverse("workbench:perf_dashboard")
D = datetime.date
TODAY = datetime.datetime(2025, 6, 15, 10, 0, tzinfo=datetime.UTC)
PERIOD = {"start": "2025-01", "end": "2025-03"}

# The indicators the tests read, as the seed defines them (created here so the test stands alone).
INDICATORS: list[dict[str, Any]] = [
    {
        "code": "wo_received",
        "name": "工单受理量",
        "numerator": {"measures": ["wo.received"]},
        "denominator": None,
        "scale": 1,
        "unit": "count",
        "decimals": 0,
        "is_public": True,
    },
    {
        "code": "wo_close_on_time_rate",
        "name": "按时办结率",
        "numerator": {"measures": ["wo.closed_on_time"]},
        "denominator": {"measures": ["wo.closed"]},
        "scale": 100,
        "unit": "percent",
        "decimals": 1,
        "is_public": True,
    },
    {
        "code": "wo_satisfaction_rate",
        "name": "满意率",
        "numerator": {"measures": ["wo.rated_satisfied"]},
        "denominator": {"measures": ["wo.rated"]},
        "scale": 100,
        "unit": "percent",
        "decimals": 1,
        "is_public": True,
    },
    {
        "code": "wo_rating_mean",
        "name": "满意度均分",
        "numerator": {"measures": ["wo.rating_sum"]},
        "denominator": {"measures": ["wo.rated"]},
        "scale": 1,
        "unit": "score",
        "decimals": 2,
        "is_public": True,
    },
    {
        "code": "la_received",
        "name": "法律援助申请受理量",
        "numerator": {"measures": ["la.received", "la.notices_received"]},
        "denominator": None,
        "scale": 1,
        "unit": "count",
        "decimals": 0,
        "is_public": True,
    },
    {
        "code": "cov_village_advisor_rate",
        "name": "村(居)法律顾问覆盖率",
        "numerator": {"measures": ["net.villages_with_advisor"]},
        "denominator": {"measures": ["net.villages"]},
        "scale": 100,
        "unit": "percent",
        "decimals": 1,
        "is_public": True,
    },
]


@pytest.fixture
def indicators(db: None) -> None:
    for order, entry in enumerate(INDICATORS):
        values = {k: v for k, v in entry.items() if k != "code"}
        Indicator.objects.update_or_create(code=entry["code"], defaults={**values, "sort_order": order})
    # Others the seed may hold are left out of the page's figures under test.
    Indicator.objects.exclude(code__in=[e["code"] for e in INDICATORS]).update(is_active=False)


def facts(*rows: tuple[Any, ...]) -> None:
    """rows: (measure, day, region, value, dims…) → DailyFact and RollupFact through the rollup engine."""
    deltas: dict[tuple[Any, ...], int] = defaultdict(int)
    for measure, day, region, value, *rest in rows:
        dims = rest[0] if rest else {}
        deltas[Contribution(measure, day, region_code=region.code, **dims).key] += value
    apply_daily_deltas(dict(deltas))


HOTLINE = {"service": "consultation", "channel": "hotline", "topic": "labour"}
PORTAL_ELDER = {"service": "consultation", "channel": "portal", "topic": "family", "special_groups": 1}
WINDOW = {"service": "mediation", "channel": "window", "topic": "labour"}


@pytest.fixture
def county(network: MiniNetwork, indicators: None) -> MiniNetwork:
    """Three townships with one village each would be simpler, but the shared network has two
    townships of three villages: v1 = township 1's first village, v4 = township 2's first."""
    v1, v4 = network.villages[0], network.villages[3]
    facts(
        # January 2025: 4 received in v1 (3 by hotline, 1 by portal from an elderly person), 3 closed, 2 on time.
        ("wo.received", D(2025, 1, 10), v1, 3, HOTLINE),
        ("wo.received", D(2025, 1, 10), v1, 1, PORTAL_ELDER),
        ("wo.closed", D(2025, 1, 20), v1, 3, HOTLINE),
        ("wo.closed_on_time", D(2025, 1, 20), v1, 2, HOTLINE),
        # February: three ratings in v1 (5, 5, 2); v4 receives and closes 2 on time by the window.
        ("wo.rated", D(2025, 2, 5), v1, 3, HOTLINE),
        ("wo.rating_sum", D(2025, 2, 5), v1, 12, HOTLINE),
        ("wo.rated_5", D(2025, 2, 5), v1, 2, HOTLINE),
        ("wo.rated_2", D(2025, 2, 5), v1, 1, HOTLINE),
        ("wo.received", D(2025, 2, 14), v4, 2, WINDOW),
        ("wo.closed", D(2025, 2, 14), v4, 2, WINDOW),
        ("wo.closed_on_time", D(2025, 2, 14), v4, 2, WINDOW),
        # March: a legal-aid application in v4.
        ("la.received", D(2025, 3, 1), v4, 1),
        # Before the period: 5 in December 2024 (the previous period), 2 in January 2024 (a year before).
        ("wo.received", D(2024, 12, 3), v1, 5, HOTLINE),
        ("wo.received", D(2024, 1, 3), v4, 2, WINDOW),
        # Coverage: six villages, one with an adviser since 2024.
        *[("net.villages", EPOCH, village, 1) for village in network.villages],
        ("net.villages_with_advisor", D(2024, 5, 1), v1, 1),
    )
    return network


def supervisor_at(place: Any, username: str) -> Any:
    user = UserFactory(role=Role.SUPERVISOR, username=username)
    post(user, place)
    return user


@pytest.fixture
def county_sup(county: MiniNetwork) -> Any:
    return supervisor_at(county.centre, "perf_county")


def get(client: Any, user: Any, **params: str) -> Any:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        return client.get(URL, params)


def tiles(response: Any) -> dict[str, Any]:
    return {tile.indicator.code: tile for tile in response.context["dashboard"].tiles}


def section(response: Any, key: str) -> Any:
    return next(s for s in response.context["dashboard"].sections if s.key == key)


# ---------------------------------------------------------------------------------------------
# Figures


def test_county_overview_tiles_match_the_facts(client: Any, county_sup: Any) -> None:
    response = get(client, county_sup, **PERIOD)
    assert response.status_code == 200
    t = tiles(response)
    assert t["wo_received"].value.value == 6  # 4 + 2
    assert t["wo_close_on_time_rate"].value.value == Decimal("80.0")  # (2 + 2) / (3 + 2)
    assert t["wo_satisfaction_rate"].value.value == Decimal("66.7")  # grades ≥ 4: 2 of 3
    assert t["wo_satisfaction_rate"].companion.value.value == Decimal("4.00")  # 12 / 3
    assert t["la_received"].value.value == 1
    assert t["cov_village_advisor_rate"].value.value == Decimal("16.7")  # 1 of 6 villages
    html = response.content.decode()
    assert "80.0%" in html and "66.7%" in html and "满意度均分 4.00" in html
    assert 'id="perf-charts"' in html and "<script>" not in html.replace('<script type="application/json"', "")


def test_trend_has_each_month_and_the_late_closings(client: Any, county_sup: Any) -> None:
    trend = section(get(client, county_sup, **PERIOD), "trend")
    assert [row.cells[0] for row in trend.rows] == ["2025年1月", "2025年2月", "2025年3月"]
    columns = [c.label for c in trend.columns]
    received, on_time, late = (
        columns.index("工单受理量（件）"),
        columns.index("按时办结率（%）"),
        columns.index("超时办结（件）"),
    )
    assert [row.cells[received] for row in trend.rows] == [4, 2, 0]
    assert [row.cells[on_time] for row in trend.rows] == [Decimal("66.7"), Decimal("100.0"), None]
    assert [row.cells[late] for row in trend.rows] == [1, 0, 0]
    assert trend.chart["categories"] == ["2025-01", "2025-02", "2025-03"]
    assert trend.chart["series"][0]["data"] == [4, 2, 0]


def test_drill_down_lists_the_townships_with_links(client: Any, county_sup: Any, county: MiniNetwork) -> None:
    response = get(client, county_sup, **PERIOD)
    children = section(response, "children")
    t1, t2 = county.townships
    assert [row.region_code for row in children.rows] == [t1.code, t2.code]
    assert [row.cells[:4] for row in children.rows] == [
        ["示范1镇", 4, Decimal("66.7"), 1],  # name, received, on-time rate, closed late
        ["示范2镇", 2, Decimal("100.0"), 0],
    ]
    columns = [c.label for c in children.columns]
    satisfaction, coverage = columns.index("满意率（%）"), columns.index("村(居)法律顾问覆盖率（%）")
    assert [row.cells[satisfaction] for row in children.rows] == [Decimal("66.7"), None]
    assert [row.cells[coverage] for row in children.rows] == [Decimal("33.3"), Decimal("0.0")]
    assert f'href="?region={t1.code}&amp;start=2025-01&amp;end=2025-03"' in response.content.decode()


def test_drill_down_to_a_township_then_a_village(client: Any, county_sup: Any, county: MiniNetwork) -> None:
    t1 = county.townships[0]
    response = get(client, county_sup, region=t1.code, **PERIOD)
    assert response.status_code == 200
    assert tiles(response)["wo_received"].value.value == 4
    assert [row.cells[1] for row in section(response, "children").rows] == [4, 0, 0]
    trail = [region.code for region in response.context["trail"]]
    assert trail == [county.county.code]  # the province and city lie outside a county supervisor's scope
    village = get(client, county_sup, region=county.villages[0].code, **PERIOD)
    assert village.status_code == 200
    assert tiles(village)["wo_received"].value.value == 4
    assert "children" not in [s.key for s in village.context["dashboard"].sections]


def test_mixes_of_service_channel_topic_and_special_group(client: Any, county_sup: Any) -> None:
    response = get(client, county_sup, **PERIOD)
    channel = section(response, "mix_channel")
    # label, received, share, on-time rate
    assert [row.cells[:4] for row in channel.rows] == [
        ["12348热线", 3, Decimal("50.0"), Decimal("66.7")],
        ["窗口", 2, Decimal("33.3"), Decimal("100.0")],
        ["网络平台", 1, Decimal("16.7"), None],
    ]
    assert channel.chart["kind"] == "pie"
    topic = section(response, "mix_topic")
    assert [(row.cells[1], row.cells[2]) for row in topic.rows] == [(5, Decimal("83.3")), (1, Decimal("16.7"))]
    groups = section(response, "mix_special_group")
    assert [row.cells[:2] for row in groups.rows] == [["老年人", 1]]
    ratings = section(response, "ratings")
    assert [row.cells[1] for row in ratings.rows] == [2, 0, 0, 1, 0]
    assert ratings.rows[0].cells[2] == Decimal("66.7")


# ---------------------------------------------------------------------------------------------
# Filters


def test_channel_and_service_filters_narrow_flows_not_coverage(client: Any, county_sup: Any) -> None:
    response = get(client, county_sup, channel="window", **PERIOD)
    t = tiles(response)
    assert t["wo_received"].value.value == 2
    assert t["wo_close_on_time_rate"].value.value == Decimal("100.0")
    assert t["cov_village_advisor_rate"].value.value == Decimal("16.7")  # a village has no channel
    keys = [s.key for s in response.context["dashboard"].sections]
    assert "mix_channel" not in keys  # one channel: no mix to show
    assert [row.cells[:2] for row in section(response, "mix_service").rows] == [["人民调解", 2]]
    assert "渠道：窗口" in response.context["dashboard"].caption
    t = tiles(get(client, county_sup, service="consultation", **PERIOD))
    assert t["wo_received"].value.value == 4
    assert t["wo_close_on_time_rate"].value.value == Decimal("66.7")


def test_comparison_with_the_previous_period_and_last_year(client: Any, county_sup: Any) -> None:
    previous = get(client, county_sup, comparison="prev", **PERIOD)
    dashboard = previous.context["dashboard"]
    assert (dashboard.compared.start, dashboard.compared.end) == (D(2024, 10, 1), D(2024, 12, 31))
    received = tiles(previous)["wo_received"]
    assert (received.previous.value, received.change, received.trend) == (5, 1, "better")
    assert "+1 件" in previous.content.decode()
    children = section(previous, "children")
    change = [c.label for c in children.columns].index("工单受理量较对比期")
    assert [row.cells[change] for row in children.rows] == [-1, 2]  # 4 − 5, 2 − 0
    last_year = tiles(get(client, county_sup, comparison="yoy", **PERIOD))["wo_received"]
    assert (last_year.previous.value, last_year.change) == (2, 4)


def test_default_period_is_the_last_twelve_months(client: Any, county_sup: Any) -> None:
    response = get(client, county_sup)
    period = response.context["dashboard"].period
    assert (period.start, period.end) == (D(2024, 7, 1), D(2025, 6, 30))
    assert tiles(response)["wo_received"].value.value == 11  # December's 5 and the period's 6


@pytest.mark.parametrize(
    ("params", "messages"),
    [
        ({"start": "2025-03", "end": "2025-01"}, ["开始月份不能晚于结束月份。"]),
        ({"start": "2021-01", "end": "2025-01"}, ["统计期间最多 36 个月（现在 49 个月），请缩短期间。"]),
        ({"start": "2025-05", "end": "2025-07"}, ["结束月份不能晚于本月（2025年6月）。"]),
        (
            {"start": "2025-13", "end": "一月"},
            ["开始月份的格式不正确，应为 年-月，如 2025-01。", "结束月份的格式不正确，应为 年-月，如 2025-01。"],
        ),
        (
            {"start": "2025-08", "end": "2025-09", "channel": "pigeon"},
            [
                "开始月份不能晚于本月（2025年6月）。",
                "结束月份不能晚于本月（2025年6月）。",
                "渠道的选项不在列表中，请重新选择。",
            ],
        ),
        ({"start": "1999-12"}, ["开始月份不能早于2000年1月。"]),
    ],
)
def test_an_impossible_period_is_refused_and_nothing_is_computed(
    client: Any, county_sup: Any, params: dict[str, str], messages: list[str]
) -> None:
    response = get(client, county_sup, **params)
    assert response.status_code == 400
    assert "dashboard" not in response.context
    html = response.content.decode()
    assert 'class="error-summary"' in html
    for message in messages:
        assert message in html
    assert "perf-charts" not in html and "perf-tiles" not in html
    export = get(client, county_sup, format="xlsx", **params)
    assert export.status_code == 400 and "spreadsheetml" not in export["Content-Type"]


# ---------------------------------------------------------------------------------------------
# Scope


def test_township_supervisor_cannot_open_a_sibling_township(client: Any, county: MiniNetwork) -> None:
    t1, t2 = county.townships
    user = supervisor_at(county.stations[t1.code], "perf_township")
    own = get(client, user, **PERIOD)
    assert own.status_code == 200 and own.context["region"] == t1  # their own township by default
    assert own.context["trail"] == []
    assert get(client, user, region=t2.code, **PERIOD).status_code == 404
    assert get(client, user, region=county.county.code, **PERIOD).status_code == 404
    assert get(client, user, region="330102abc000").status_code == 404
    assert get(client, user, region=county.villages[0].code, **PERIOD).status_code == 200


def test_only_supervisors_open_the_dashboard(client: Any, county: MiniNetwork) -> None:
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="perf_clerk")
    post(clerk, county.centre)
    assert get(client, clerk).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_administrator_opens_the_top_region(client: Any, county: MiniNetwork) -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR, username="perf_admin")
    response = get(client, admin, **PERIOD)
    assert response.status_code == 200
    assert response.context["region"] == county.province
    assert tiles(response)["wo_received"].value.value == 6


# ---------------------------------------------------------------------------------------------
# Export


def test_xlsx_export_holds_the_same_tables(client: Any, county_sup: Any, county: MiniNetwork) -> None:
    response = get(client, county_sup, format="xlsx", comparison="prev", **PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["总览", "月度趋势", "下级地区（乡镇(街道)）"]
    overview = {row[0]: row[1:] for row in workbook["总览"].iter_rows(min_row=3, values_only=True)}
    assert overview["工单受理量（件）"] == (6, 5, 1)
    assert overview["按时办结率（%）"][0] == 80
    assert overview["满意度均分"][0] == 4
    children = list(workbook["下级地区（乡镇(街道)）"].iter_rows(values_only=True))
    assert children[0][0].startswith("示范县　2025年1月—2025年3月")
    assert children[1][:4] == ("地区", "工单受理量（件）", "工单受理量较对比期", "按时办结率（%）")
    assert [row[:3] for row in children[2:]] == [("示范1镇", 4, -1), ("示范2镇", 2, 2)]
    channels = list(workbook["受理渠道构成"].iter_rows(min_row=3, values_only=True))
    assert [row[:3] for row in channels[:3]] == [("12348热线", 3, 50), ("窗口", 2, 33.3), ("网络平台", 1, 16.7)]
    text = " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "perf_county" not in text  # no person in an export of region figures


# ---------------------------------------------------------------------------------------------
# Queries


def _network_with(prefix: str, townships: int) -> tuple[Any, MiniNetwork]:
    network = build_network(prefix=prefix, townships=townships, villages_per_township=1, name=f"N{prefix}")
    rows = []
    for index, village in enumerate(network.villages):
        for month in (1, 2, 3):
            day = D(2025, month, 1 + index % 27)
            rows += [
                ("wo.received", day, village, 3 + index, HOTLINE),
                ("wo.received", day, village, 1, PORTAL_ELDER),
                ("wo.closed", day, village, 2, HOTLINE),
                ("wo.closed_on_time", day, village, 1, HOTLINE),
                ("wo.rated", day, village, 2, HOTLINE),
                ("wo.rated_4", day, village, 2, HOTLINE),
                ("wo.rating_sum", day, village, 8, HOTLINE),
                ("la.received", day, village, 1),
            ]
        rows.append(("net.villages", EPOCH, village, 1))
    facts(*rows)
    return supervisor_at(network.centre, f"sup_{prefix}"), network


def _queries(client: Any, user: Any, **params: str) -> int:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"comparison": "yoy", "channel": "hotline"}, {"format": "xlsx"}])
def test_query_count_does_not_grow_with_children_or_data(client: Any, indicators: None, params: dict[str, str]) -> None:
    small_user, small = _network_with("330102", 3)
    large_user, large = _network_with("330103", 12)
    small_count = _queries(client, small_user, **PERIOD, **params)
    large_count = _queries(client, large_user, **PERIOD, **params)
    assert small_count == large_count
    assert small_count <= 46  # since #14 the topic labels include notarial matters and appraisal categories
    # and a city over both counties: as many queries again, whatever lies beneath
    city_user = supervisor_at(
        __import__("gongfa.network.models", fromlist=["ServicePoint"]).ServicePoint.objects.create(
            name="市中心", tier="centre", region=Region.objects.get(code=small.city.code)
        ),
        "sup_city",
    )
    assert _queries(client, city_user, **PERIOD, **params) == small_count
    del large


def test_satisfaction_follows_the_region_setting_and_children_share_it(
    client: Any, county_sup: Any, county: MiniNetwork
) -> None:
    """满意 counts the grades from the region's setting up; the townships are read under the
    county's definition, so the drill-down compares like with like."""
    from gongfa.network.services import set_region_setting

    set_region_setting(
        region=county.county, key="performance.satisfied_min_rating", value=2, effective_from=D(2024, 1, 1)
    )
    # A township that counts only 5s would read 66.7 alone; under the county's page it reads 100.0.
    set_region_setting(
        region=county.townships[0], key="performance.satisfied_min_rating", value=5, effective_from=D(2024, 1, 1)
    )
    response = get(client, county_sup, **PERIOD)
    assert tiles(response)["wo_satisfaction_rate"].value.value == Decimal("100.0")  # 5, 5 and 2 all count
    children = section(response, "children")
    satisfaction = [c.label for c in children.columns].index("满意率（%）")
    assert children.rows[0].cells[satisfaction] == Decimal("100.0")
    own = get(client, county_sup, region=county.townships[0].code, **PERIOD)
    assert tiles(own)["wo_satisfaction_rate"].value.value == Decimal("66.7")  # its own page: 5s only, 2 of 3
