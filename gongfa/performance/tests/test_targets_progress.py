"""progress: actual (1 January to the day, from the fact tables) against the value due by the
milestones ended so far, and the light: green ≥ 100 % of due, amber ≥ 90 % (region settings),
red below; inverted for lower-is-better. Facts are inserted by hand; figures hand-computed."""

from __future__ import annotations

import datetime

import pytest

from gongfa.network.services import set_region_setting
from gongfa.performance.choices import TrafficLight
from gongfa.performance.models import Target
from gongfa.performance.services.targets import progress, progress_of_parts, set_schedule, set_target, split_target
from gongfa.performance.tests.targets_helpers import (
    D,
    count_indicator,
    county_supervisor,
    days_indicator,
    facts,
    rate_indicator,
)

JULY_15 = datetime.date(2026, 7, 15)
YUNNAN = [D(10), D(50), D(40), D(0)]


@pytest.fixture
def county_target(network):
    """示范县 2026: 1,200 legal-aid cases, Yunnan schedule (Q1 10, Q2 50, Q3 40, Q4 0)."""
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=count_indicator(), region=network.county, year=2026, value=D(1200), source_document="文"
    )
    set_schedule(actor=user, target=target, period="quarter", shares=YUNNAN)
    return user, target


def received(network, first_township: int, second_township: int) -> None:
    v1, v4 = network.villages[0], network.villages[3]
    facts(
        ("la.received", first_township, datetime.date(2026, 3, 10), v1),
        ("la.received", second_township, datetime.date(2026, 6, 5), v4),
        ("la.received", 999, datetime.date(2025, 12, 31), v1),  # last year: not counted
        ("la.received", 888, datetime.date(2026, 7, 16), v1),  # after the day asked: not counted
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second", "ratio", "light"),
    [
        # due by 15 July: Q1 + Q2 = 60 % of 1,200 = 720
        (400, 320, D("100.0"), TrafficLight.GREEN),  # 720 ÷ 720
        (400, 300, D("97.2"), TrafficLight.AMBER),  # 700 ÷ 720 = 97.22 %
        (400, 248, D("90.0"), TrafficLight.AMBER),  # 648 ÷ 720 = 90 % exactly: amber
        (300, 300, D("83.3"), TrafficLight.RED),  # 600 ÷ 720 = 83.33 %
        (500, 400, D("125.0"), TrafficLight.GREEN),  # ahead
    ],
)
def test_count_target_light(network, county_target, first, second, ratio, light):
    _user, target = county_target
    received(network, first, second)
    found = progress(target, JULY_15)
    assert found.actual == D(first + second)
    assert found.due == D(720)
    assert found.due_share == D(60)
    assert found.ratio == ratio
    assert found.light == light


@pytest.mark.django_db
def test_thresholds_are_region_settings(network, county_target):
    _user, target = county_target
    received(network, 400, 300)  # 97.2 % of due
    set_region_setting(
        region=network.county,
        key="performance.progress_amber_percent",
        value=98,
        effective_from=datetime.date(2026, 1, 1),
    )
    assert progress(target, JULY_15).light == TrafficLight.RED
    set_region_setting(
        region=network.province,
        key="performance.progress_green_percent",
        value=95,
        effective_from=datetime.date(2026, 1, 1),
    )
    assert progress(target, JULY_15).light == TrafficLight.GREEN


@pytest.mark.django_db
def test_nothing_due_yet_and_year_not_started(network, county_target):
    _user, target = county_target
    received(network, 50, 0)
    early = progress(target, datetime.date(2026, 3, 30))  # Q1 ends 31 March
    assert (early.actual, early.due, early.light, early.note) == (D(50), D(0), TrafficLight.NONE, "尚无到期的进度节点")
    before = progress(target, datetime.date(2025, 12, 1))
    assert (before.actual, before.light, before.note) == (None, TrafficLight.NONE, "年度尚未开始")
    # a past year is read to 31 December: everything due
    after = progress(target, datetime.date(2027, 2, 1))
    assert (after.actual, after.due, after.due_share) == (D(50 + 888), D(1200), D(100))


@pytest.mark.django_db
def test_linear_schedule_by_default(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=count_indicator(), region=network.county, year=2026, value=D(1000), source_document="文"
    )
    facts(("la.received", 450, datetime.date(2026, 5, 1), network.villages[0]))
    found = progress(target, JULY_15)  # Q1 + Q2 = 50 % of 1,000 = 500
    assert (found.due, found.ratio, found.light) == (D(500), D("90.0"), TrafficLight.AMBER)


@pytest.mark.django_db
def test_rate_target_compares_with_the_target_itself(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=rate_indicator(), region=network.county, year=2026, value=D(90), source_document="文"
    )
    v1 = network.villages[0]
    facts(("wo.closed", 20, datetime.date(2026, 2, 3), v1), ("wo.closed_on_time", 17, datetime.date(2026, 2, 3), v1))
    found = progress(target, datetime.date(2026, 2, 10))  # no quarter ended yet: a rate is due all year
    # 17 ÷ 20 = 85.0 %; 85 ÷ 90 = 94.4 % of the target: amber
    assert (found.actual, found.due, found.ratio, found.light) == (D("85.0"), D(90), D("94.4"), TrafficLight.AMBER)
    empty = set_target(
        actor=user,
        indicator=rate_indicator(
            "t_rate_empty", numerator={"measures": ["wo.none"]}, denominator={"measures": ["wo.nothing"]}
        ),
        region=network.county,
        year=2026,
        value=D(90),
        source_document="文",
    )
    nothing = progress(empty, datetime.date(2026, 2, 10))
    assert (nothing.actual, nothing.light, nothing.note) == (None, TrafficLight.NONE, "暂无数据")


@pytest.mark.django_db
def test_lower_is_better_inverts_the_comparison(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=days_indicator(), region=network.county, year=2026, value=D(10), source_document="文"
    )
    v1 = network.villages[0]
    day = datetime.date(2026, 4, 2)
    facts(("la.review_days_sum", 44, day, v1), ("la.decided", 4, day, v1))
    found = progress(target, JULY_15)
    # 44 ÷ 4 = 11.0 days against 10: 10 ÷ 11 = 90.9 % → amber (the ratio shown is actual ÷ target: 110 %)
    assert (found.actual, found.ratio, found.light) == (D("11.0"), D("110.0"), TrafficLight.AMBER)
    facts(("la.review_days_sum", 6, day, v1))  # 50 ÷ 4 = 12.5 days: 10 ÷ 12.5 = 80 % → red
    assert progress(target, JULY_15).light == TrafficLight.RED
    facts(("la.review_days_sum", -14, day, v1))  # 36 ÷ 4 = 9 days: better than the target → green
    assert progress(target, JULY_15).light == TrafficLight.GREEN


@pytest.mark.django_db
def test_parts_progress_per_township_with_the_parents_schedule(network, county_target, django_assert_max_num_queries):
    user, target = county_target
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method="typed")
    received(network, 400, 300)
    with django_assert_max_num_queries(8):
        parts = progress_of_parts(Target.objects.select_related("indicator", "region").get(pk=target.pk), JULY_15)
    # 60 % due: 示范1镇 420 (400 ÷ 420 = 95.2 % amber), 示范2镇 300 (300 ÷ 300 = 100 % green)
    assert [(p.target.region.name, p.actual, p.due, p.ratio, p.light) for p in parts] == [
        ("示范1镇", D(400), D(420), D("95.2"), TrafficLight.AMBER),
        ("示范2镇", D(300), D(300), D("100.0"), TrafficLight.GREEN),
    ]
