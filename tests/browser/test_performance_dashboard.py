"""The performance dashboard and the public transparency page in a browser: ECharts draws every
chart from the page's JSON block under the CSP (no console errors), each chart keeps its table,
the drill-down opens a township, and axe finds nothing serious, on a phone and a desktop."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH, Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDICATORS = [
    ("wo_received", "工单受理量", {"measures": ["wo.received"]}, None, 1, "count", 0),
    (
        "wo_close_on_time_rate",
        "按时办结率",
        {"measures": ["wo.closed_on_time"]},
        {"measures": ["wo.closed"]},
        100,
        "percent",
        1,
    ),
    (
        "wo_satisfaction_rate",
        "满意率",
        {"measures": ["wo.rated_satisfied"]},
        {"measures": ["wo.rated"]},
        100,
        "percent",
        1,
    ),
    ("wo_rating_mean", "满意度均分", {"measures": ["wo.rating_sum"]}, {"measures": ["wo.rated"]}, 1, "score", 2),
]


def _seed() -> Any:
    network = build_network()
    for order, (code, name, numerator, denominator, scale, unit, decimals) in enumerate(INDICATORS):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "numerator": numerator,
                "denominator": denominator,
                "scale": scale,
                "unit": unit,
                "decimals": decimals,
                "is_public": True,
                "sort_order": order,
            },
        )
    today = datetime.date.today().replace(day=1)
    deltas: dict[tuple[Any, ...], int] = defaultdict(int)
    dims: dict[str, Any] = {"service": "consultation", "channel": "hotline", "topic": "labour", "special_groups": 1}
    for index, village in enumerate(network.villages):
        for back in range(1, 6):
            day = (today - datetime.timedelta(days=back * 30)).replace(day=5)
            for measure, value in (
                ("wo.received", 3 + index),
                ("wo.closed", 2),
                ("wo.closed_on_time", 1),
                ("wo.rated", 2),
                ("wo.rated_5", 1),
                ("wo.rated_3", 1),
                ("wo.rating_sum", 8),
            ):
                deltas[Contribution(measure, day, region_code=village.code, **dims).key] += value
        deltas[Contribution("net.villages", EPOCH, region_code=village.code).key] += 1
    apply_daily_deltas(dict(deltas))
    supervisor = UserFactory(role=Role.SUPERVISOR, username="perf_sup")
    post(supervisor, network.centre)
    return network


def _errors(page: Any) -> list[str]:
    """Script errors, console errors (a CSP refusal among them) and failed loads, the browser's
    own favicon request aside."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            found.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return found


@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_dashboard_draws_its_charts_and_drills_down(
    live_server: Any, request: pytest.FixtureRequest, device: str
) -> None:
    network = _seed()
    page = request.getfixturevalue(device)
    errors = _errors(page)
    page.goto(live_server.url + "/workbench/performance/dashboard/")
    page.get_by_label("用户名").fill("perf_sup")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/performance/dashboard/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "绩效看板：示范县"
    page.wait_for_function("() => document.querySelectorAll('.perf-chart svg').length >= 3")
    charts = page.locator(".perf-chart:not([hidden])")
    assert charts.count() >= 3
    assert page.get_by_role("table").count() >= charts.count()
    assert_accessible(page)
    assert not errors, errors

    page.get_by_role("link", name=network.townships[0].name).first.click()
    page.wait_for_url(re.compile(rf"region={network.townships[0].code}"))
    assert network.townships[0].name in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_function("() => document.querySelectorAll('.perf-chart svg').length >= 1")
    assert_accessible(page)

    assert page.get_by_label("结束月份").input_value() == f"{datetime.date.today():%Y-%m}"  # the default period
    page.get_by_label("开始月份").fill("2020-01")
    page.get_by_role("button", name="查看").click()
    page.locator(".error-summary").wait_for()
    assert "统计期间最多 36 个月" in page.locator(".error-summary").inner_text()
    assert page.locator(".perf-chart").count() == 0
    assert_accessible(page)
    refused = [e for e in errors if not (e.startswith("400 ") and "/performance/dashboard/" in e)]
    assert not refused, refused  # the page itself answers 400: refused, as a refused form does


def test_public_page_draws_and_is_accessible(live_server: Any, phone_page: Any) -> None:
    _seed()
    errors = _errors(phone_page)
    phone_page.goto(live_server.url + "/transparency/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "服务数据公开"
    phone_page.wait_for_function("() => document.querySelectorAll('.perf-chart svg').length === 1")
    assert phone_page.get_by_role("table").count() == 1
    assert_accessible(phone_page)
    assert not errors, errors
