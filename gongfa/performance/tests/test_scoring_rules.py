"""Formulas of the computed scoring items, as tables with hand-computed scores."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.performance.models import PointProfile
from gongfa.performance.scoring_rules import RULES, compute_item
from gongfa.performance.tests.scoring_helpers import INSPECTED_ON, facts, make_indicators
from gongfa.testing.factories import UserFactory, post

pytestmark = pytest.mark.django_db

D = Decimal


def profile_of(point, **values):
    profile, _ = PointProfile.objects.update_or_create(point=point, defaults=values)
    return profile


def test_every_documented_rule_is_registered():
    assert set(RULES) >= {
        "opening_hours",
        "staffing",
        "posts",
        "signage",
        "floor_area",
        "street_level",
        "stationed_agencies",
        "satisfaction",
        "on_time_rate",
    }


@pytest.mark.parametrize(
    ("hours", "minimum", "points", "expected"),
    [
        (None, 40, "3", "0.00"),  # not recorded
        ("40", 40, "3", "3.00"),
        ("50", 40, "3", "3.00"),  # capped
        ("30", 40, "3", "2.25"),  # 3 × 30/40
        ("35.5", 40, "4", "3.55"),  # 4 × 35.5/40
        ("10", 30, "2", "0.67"),  # 2 × 10/30 = 0.666… → 0.67
        ("0", 40, "3", "0.00"),
    ],
)
def test_opening_hours(network, hours, minimum, points, expected):
    profile = profile_of(network.centre, weekly_hours=None if hours is None else D(hours))
    score, explanation = compute_item(
        "opening_hours", network.centre, profile, INSPECTED_ON, {"min_hours": minimum}, D(points)
    )
    assert score == D(expected)
    assert (expected if hours is not None else "未登记") in explanation


def test_opening_hours_without_a_profile(network):
    score, explanation = compute_item("opening_hours", network.centre, None, INSPECTED_ON, {}, D(3))
    assert score == D(0)
    assert "未登记" in explanation


@pytest.mark.parametrize(
    ("people", "inactive", "tier_minimum", "points", "expected"),
    [
        (5, 0, None, "5", "5.00"),  # centre default 5
        (3, 0, None, "5", "3.00"),  # 5 × 3/5
        (3, 2, None, "5", "3.00"),  # ended postings do not count
        (2, 0, 3, "4", "2.67"),  # 4 × 2/3
        (0, 0, None, "5", "0.00"),
        (7, 0, None, "5", "5.00"),
    ],
)
def test_staffing(network, people, inactive, tier_minimum, points, expected):
    for n in range(people):
        post(UserFactory(role=Role.WINDOW_STAFF, username=f"s{n}"), network.centre)
    for n in range(inactive):
        post(UserFactory(role=Role.WINDOW_STAFF, username=f"gone{n}"), network.centre, is_active=False)
    parameters = {"min_staff": {"centre": tier_minimum}} if tier_minimum else {}
    score, explanation = compute_item("staffing", network.centre, None, INSPECTED_ON, parameters, D(points))
    assert score == D(expected)
    assert f"在岗人员 {people} 人" in explanation


def test_staffing_counts_a_person_with_two_postings_once(network):
    user = UserFactory(role=Role.WINDOW_STAFF)
    post(user, network.centre)
    post(user, network.centre, role=Role.MEDIATOR)
    score, _ = compute_item("staffing", network.centre, None, INSPECTED_ON, {"min_staff": {"centre": 2}}, D(4))
    assert score == D("2.00")


@pytest.mark.parametrize(
    ("posts", "expected", "missing"),
    [
        (["法律咨询", "法律援助", "人民调解", "综合服务"], "5.00", ""),
        (["法律咨询", "法律援助", "人民调解", "综合服务", "公证"], "5.00", ""),
        (["法律咨询", "法律援助", "人民调解"], "3.75", "综合服务"),  # 5 × 3/4
        (["法律咨询"], "1.25", "法律援助"),  # 5 × 1/4
        ([], "0.00", "法律咨询"),
    ],
)
def test_posts(network, posts, expected, missing):
    profile = profile_of(network.centre, posts=posts)
    score, explanation = compute_item("posts", network.centre, profile, INSPECTED_ON, {}, D(5))
    assert score == D(expected)
    assert missing in explanation


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        (["name", "logo", "layout", "services", "process", "rules"], "4.00"),
        (["name", "logo", "layout"], "2.00"),  # 4 × 3/6
        (["name"], "0.67"),  # 4 × 1/6 = 0.666…
        ([], "0.00"),
    ],
)
def test_signage(network, ticked, expected):
    profile = profile_of(network.centre, signage=dict.fromkeys(ticked, True) | {"rules": "rules" in ticked})
    score, explanation = compute_item("signage", network.centre, profile, INSPECTED_ON, {}, D(4))
    assert score == D(expected)
    assert f"达到 {len(ticked)} 项" in explanation


@pytest.mark.parametrize(
    ("where", "area", "expected"),
    [
        ("county", "100", "5.00"),  # county centre ≥ 100㎡
        ("county", "99.9", "0.00"),
        ("county", "150", "5.00"),
        ("city", "150", "0.00"),  # city centre ≥ 200㎡
        ("city", "200", "5.00"),
        ("county", None, "0.00"),
    ],
)
def test_floor_area(network, where, area, expected):
    from gongfa.network.choices import PointTier
    from gongfa.network.models import ServicePoint

    point = (
        network.centre
        if where == "county"
        else ServicePoint.objects.create(name="示范市中心", tier=PointTier.CENTRE, region=network.city)
    )
    profile = profile_of(point, floor_area_m2=None if area is None else D(area))
    score, _ = compute_item(
        "floor_area", point, profile, INSPECTED_ON, {"min_area_by_level": {"2": 200, "3": 100}}, D(5)
    )
    assert score == D(expected)


def test_floor_area_of_a_level_without_a_standard(network):
    station = network.stations[network.townships[0].code]
    profile = profile_of(station, floor_area_m2=D(500))
    score, explanation = compute_item("floor_area", station, profile, INSPECTED_ON, {}, D(5))
    assert score == D(0)
    assert "未设" in explanation


@pytest.mark.parametrize(("street", "expected"), [(True, "3.00"), (False, "0.00")])
def test_street_level(network, street, expected):
    profile = profile_of(network.centre, street_level=street)
    assert compute_item("street_level", network.centre, profile, INSPECTED_ON, {}, D(3))[0] == D(expected)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([AgencyKind.LEGAL_AID_CENTRE, AgencyKind.MEDIATION_COMMITTEE], "4.00"),
        ([AgencyKind.LEGAL_AID_CENTRE], "2.00"),  # 4 × 1/2
        ([AgencyKind.LAW_FIRM], "0.00"),
        ([], "0.00"),
    ],
)
def test_stationed_agencies(network, kinds, expected):
    profile = profile_of(network.centre)
    agencies = [
        Agency.objects.create(name=f"机构{n}", kind=kind, region=network.county) for n, kind in enumerate(kinds)
    ]
    profile.stationed_agencies.set(agencies)
    score, _ = compute_item("stationed_agencies", network.centre, profile, INSPECTED_ON, {}, D(4))
    assert score == D(expected)


BANDS = {"bands": [[95, 1], [90, 0.8], [85, 0.6], [0, 0]], "days": 365}


@pytest.mark.parametrize(
    ("rated", "satisfied_5", "satisfied_4", "expected", "shown"),
    [
        (20, 19, 0, "6.00", "95%"),  # 19/20 = 95.0 % → full
        (20, 10, 8, "4.80", "90%"),  # 18/20 = 90 % → 6 × 0.8
        (20, 17, 0, "3.60", "85%"),  # 85 % → 6 × 0.6
        (20, 16, 0, "0.00", "80%"),  # 80 % → 0
        (0, 0, 0, "0.00", "没有"),  # no ratings: nothing to score
    ],
)
def test_satisfaction(network, rated, satisfied_5, satisfied_4, expected, shown):
    make_indicators()
    point = network.centre
    day = INSPECTED_ON - datetime.timedelta(days=30)
    facts(point.pk, network.county.code, day, wo_rated=rated, wo_rated_5=satisfied_5, wo_rated_4=satisfied_4)
    # Another point's ratings and ratings outside the year do not count.
    facts(network.stations[network.townships[0].code].pk, network.townships[0].code, day, wo_rated=10)
    facts(point.pk, network.county.code, INSPECTED_ON - datetime.timedelta(days=400), wo_rated=50)
    score, explanation = compute_item("satisfaction", point, None, INSPECTED_ON, BANDS, D(6))
    assert score == D(expected)
    assert shown in explanation


@pytest.mark.parametrize(
    ("closed", "on_time", "expected"),
    [(40, 39, "6.00"), (40, 37, "4.80"), (40, 35, "3.00"), (40, 30, "0.00")],
    # 97.5 % full; 92.5 % → 0.8; 87.5 % → 0.5 (the bands below); 75 % → 0
)
def test_on_time_rate(network, closed, on_time, expected):
    make_indicators()
    facts(network.centre.pk, network.county.code, INSPECTED_ON, wo_closed=closed, wo_closed_on_time=on_time)
    parameters = {"bands": [[95, 1], [90, 0.8], [85, 0.5], [0, 0]], "days": 30}
    score, _ = compute_item("on_time_rate", network.centre, None, INSPECTED_ON, parameters, D(6))
    assert score == D(expected)


def test_on_time_rate_reads_only_the_days_asked(network):
    make_indicators()
    facts(network.centre.pk, network.county.code, INSPECTED_ON - datetime.timedelta(days=30), wo_closed=10)
    score, explanation = compute_item("on_time_rate", network.centre, None, INSPECTED_ON, {"days": 30}, D(6))
    assert score == D(0)
    assert "没有" in explanation


def test_indicator_missing(network):
    score, explanation = compute_item("satisfaction", network.centre, None, INSPECTED_ON, {"indicator": "nope"}, D(6))
    assert score == D(0)
    assert "nope" in explanation
