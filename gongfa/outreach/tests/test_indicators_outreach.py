"""The outreach indicators (data/indicators.json, loaded by outreach.reports) as a formula table:
every out_* indicator computed from hand-made facts with hand-computed figures (the performance
app's own table leaves out_* to this one). The coverage rates are also computed from real rows in
test_coverage_formulas.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.outreach.reports import INDICATORS, load_definitions
from gongfa.performance.compute import indicator_values
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH, Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.testing.factories import MiniNetwork, build_network

pytestmark = pytest.mark.django_db
NOV = datetime.date(2026, 11, 1)
NOV_END = datetime.date(2026, 11, 30)
DAY = datetime.date(2026, 11, 10)


def facts(*rows: tuple[str, int, datetime.date, str]) -> None:
    deltas: dict[tuple[object, ...], int] = {}
    for measure, value, day, region in rows:
        key = Contribution(measure, day, region_code=region).key
        deltas[key] = deltas.get(key, 0) + value
    apply_daily_deltas(deltas)


@pytest.fixture
def november() -> MiniNetwork:
    net = build_network()
    v = [village.code for village in net.villages]
    t = [township.code for township in net.townships]
    load_definitions()
    facts(
        ("out.poverty_villages", 1, EPOCH, v[0]),
        ("out.poverty_villages", 1, EPOCH, v[1]),
        ("out.poverty_villages", 1, EPOCH, v[3]),
        ("out.poverty_villages", 1, EPOCH, v[4]),
        ("out.poverty_villages_with_advisor", 1, datetime.date(2026, 2, 1), v[0]),
        ("out.poverty_villages_with_advisor", 1, datetime.date(2026, 2, 1), v[1]),
        ("out.poverty_villages_with_advisor", -1, datetime.date(2026, 11, 20), v[1]),  # left mid-November
        ("out.poverty_villages_with_advisor", 1, datetime.date(2026, 11, 30), v[3]),
        ("net.villages_with_advisor", 1, datetime.date(2026, 1, 1), v[0]),
        ("net.villages_with_advisor", 1, datetime.date(2026, 1, 1), v[2]),
        ("net.villages_with_advisor", 1, datetime.date(2026, 11, 30), v[3]),
        ("net.villages_with_advisor", 1, datetime.date(2026, 12, 1), v[4]),  # after November
        ("out.active_village_months", 1, DAY, v[0]),
        ("out.active_village_months", 1, DAY, v[3]),
        ("out.active_village_months", 1, datetime.date(2026, 10, 3), v[2]),  # October
        ("out.advisor_villages", 1, datetime.date(2026, 1, 1), v[0]),
        ("out.advisor_villages", 1, datetime.date(2026, 1, 1), v[2]),
        ("out.advisor_villages", 1, datetime.date(2026, 1, 1), v[3]),
        ("out.advisor_villages", 1, datetime.date(2026, 1, 1), v[5]),
        ("out.logs", 12, DAY, v[0]),
        ("out.logs_timely", 9, DAY, v[0]),
        ("out.log_visits", 6, DAY, v[0]),
        ("out.log_visits", 4, DAY, v[3]),
        ("out.log_talks", 3, DAY, v[0]),
        ("out.log_talk_audience", 150, DAY, v[0]),
        ("out.log_consultations", 5, DAY, v[0]),
        ("out.log_documents", 2, DAY, v[0]),
        ("out.log_village_rules", 1, DAY, v[3]),
        ("out.log_mediations", 2, DAY, v[3]),
        ("out.log_wechat_questions", 17, DAY, v[0]),
        ("out.pub_events", 3, DAY, v[0]),
        ("out.pub_events", 1, DAY, t[1]),
        ("out.pub_audience", 260, DAY, v[0]),
        ("out.pub_audience", 40, DAY, t[1]),
        ("out.pub_constitution_talks", 2, DAY, v[0]),
        ("out.culture_sites", 1, EPOCH, t[0]),
        ("out.culture_sites", 1, datetime.date(2026, 5, 1), v[1]),
        ("out.culture_sites", 1, datetime.date(2026, 12, 5), v[4]),  # opens in December
        ("out.townships", 1, EPOCH, t[0]),
        ("out.townships", 1, EPOCH, t[1]),
        ("out.townships_with_site", 1, EPOCH, t[0]),
        ("out.townships_with_site", 1, datetime.date(2026, 12, 5), t[1]),
        ("out.schools", 1, EPOCH, v[0]),
        ("out.schools", 1, EPOCH, v[3]),
        ("out.schools", 1, EPOCH, t[0]),
        ("out.schools_with_vp", 1, datetime.date(2025, 9, 1), v[0]),
        ("out.schools_with_vp", 1, datetime.date(2025, 9, 1), t[0]),
        ("out.schools_with_vp", -1, datetime.date(2026, 11, 10), t[0]),
        ("out.pg_hours_tenths", 125, DAY, v[0]),  # 12.5 hours
        ("out.pg_hours_tenths", 30, DAY, t[1]),
        ("out.pg_legal_aid_cases", 3, DAY, v[0]),
        ("out.volunteers", 1, datetime.date(2026, 3, 1), v[0]),
        ("out.volunteers", 1, datetime.date(2026, 11, 25), v[3]),
        ("out.volunteers_active", 1, datetime.date(2026, 6, 1), v[0]),
        ("out.volunteers_active", -1, datetime.date(2026, 11, 15), v[0]),
        ("out.volunteers_active", 1, datetime.date(2026, 11, 26), v[3]),
        ("out.typical_cases", 2, DAY, v[0]),
    )
    return net


TABLE = [
    ("out_poverty_village_advisor_rate", "50.0"),  # v0 and v3 (appointed 11-30) of 4; v1 left 11-20
    ("out_advisor_activity_rate", "66.7"),  # v0, v3 of the 3 covered on 11-30 (v0, v2, v3)
    ("out_log_visits", "10"),
    ("out_visits_per_village", "2.5"),  # 10 visits ÷ 4 adviser-villages
    ("out_log_talks", "3"),
    ("out_log_consultations", "5"),
    ("out_log_documents", "2"),
    ("out_log_village_rules", "1"),
    ("out_log_mediations", "2"),
    ("out_log_wechat_questions", "17"),
    ("out_log_timely_rate", "75.0"),  # 9 / 12
    ("out_pub_events", "4"),
    ("out_pub_audience", "300"),
    ("out_pub_constitution_talks", "2"),
    ("out_publicity_total", "7"),  # 4 events + 3 advisers' talks
    ("out_publicity_audience_total", "450"),  # 300 + 150
    ("out_culture_sites", "2"),  # the December site not yet
    ("out_culture_township_rate", "50.0"),  # t0 of 2 (t1's site opens in December)
    ("out_vp_appointment_rate", "33.3"),  # v0's school of 3 (t0's left 11-10)
    ("out_pg_hours", "15.5"),  # 155 tenths
    ("out_pg_legal_aid_cases", "3"),
    ("out_volunteers", "2"),
    ("out_volunteers_active", "1"),  # v0's lapsed 11-15, v3's from 11-26
    ("out_typical_cases", "2"),
]


def one(code: str, net: MiniNetwork) -> Decimal | None:
    return indicator_values([Indicator.objects.get(code=code)], net.county, NOV, NOV_END)[code].value


@pytest.mark.parametrize(("code", "expected"), TABLE)
def test_each_indicator_from_hand_computed_facts(november: MiniNetwork, code: str, expected: str) -> None:
    assert one(code, november) == Decimal(expected)


def test_every_outreach_indicator_has_a_formula_test() -> None:
    load_definitions()
    assert set(Indicator.objects.filter(code__startswith="out_").values_list("code", flat=True)) == {
        code for code, _ in TABLE
    }


def test_loading_twice_updates_by_code() -> None:
    assert load_definitions() == len(TABLE)
    Indicator.objects.filter(code="out_pub_events").update(name="改过的名称")
    assert load_definitions() == len(TABLE)
    assert Indicator.objects.get(code="out_pub_events").name == "开展法治宣传活动场次"
    assert Indicator.objects.filter(code__startswith="out_").count() == len(TABLE)


def test_the_file_names_only_out_codes() -> None:
    text = INDICATORS.read_text(encoding="utf-8")
    assert '"code": "out_' in text and '"code": "cov_' not in text


def test_the_activity_rate_is_read_per_month(november: MiniNetwork) -> None:
    """Over two months the numerator adds the months and the denominator is the stock at the end:
    not a rate (documented); each month on its own is."""
    indicator = Indicator.objects.get(code="out_advisor_activity_rate")
    october = indicator_values([indicator], november.county, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    assert october["out_advisor_activity_rate"].value == Decimal("50.0")  # v2 of v0, v2
    both = indicator_values([indicator], november.county, datetime.date(2026, 10, 1), NOV_END)
    assert (both["out_advisor_activity_rate"].numerator, both["out_advisor_activity_rate"].denominator) == (3, 3)
