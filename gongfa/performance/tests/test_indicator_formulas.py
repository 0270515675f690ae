"""Formulas as tests: every seeded indicator computed from hand-made facts, with hand-computed
figures; the page filters, the breakdowns (children, months, mixes) and the stock measures; the
rollup path and the daily path agree."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q

from gongfa.network.services import set_region_setting
from gongfa.performance.compute import (
    Filters,
    indicator_mix,
    indicator_series,
    indicator_values,
    indicator_values_by_child,
)
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH, Contribution
from gongfa.performance.rollup import apply_daily_deltas

NOV = datetime.date(2026, 11, 1)
NOV_END = datetime.date(2026, 11, 30)


def facts(*rows):
    """rows: (measure, value, day, region, extra dims)"""
    deltas: dict[tuple, int] = {}
    for measure, value, day, region, dims in rows:
        key = Contribution(measure, day, region_code=region.code, **dims).key
        deltas[key] = deltas.get(key, 0) + value
    apply_daily_deltas(deltas)


def one(code, region, start=NOV, end=NOV_END, page=None):
    indicator = Indicator.objects.get(code=code)
    return indicator_values([indicator], region, start, end, page)[code]


HOTLINE = {"channel": "hotline", "service": "consultation"}
PORTAL = {"channel": "portal", "service": "consultation"}


@pytest.fixture
def november(network):
    v1, v2, v4 = network.villages[0], network.villages[1], network.villages[3]  # v4 in the 2nd township
    d = datetime.date(2026, 11, 10)
    facts(
        ("wo.received", 6, d, v1, HOTLINE),
        ("wo.received", 4, d, v2, PORTAL),
        ("wo.received", 2, d, v1, {**PORTAL, "special_groups": 1 | 8}),  # elderly and a migrant worker
        ("wo.received", 3, d, v4, {**HOTLINE, "special_groups": 2}),
        ("wo.accepted", 10, d, v1, HOTLINE),
        ("wo.accepted_on_time", 9, d, v1, HOTLINE),
        ("wo.contacted", 8, d, v1, HOTLINE),
        ("wo.contacted_on_time", 6, d, v1, HOTLINE),
        ("wo.contacted_on_time", 2, d, v1, {**PORTAL, "special_groups": 1 | 8}),
        ("wo.contacted_on_time", 1, d, v4, {**HOTLINE, "special_groups": 2}),
        ("wo.closed", 8, d, v1, HOTLINE),
        ("wo.closed_on_time", 6, d, v1, HOTLINE),
        ("wo.converted", 2, d, v1, HOTLINE),
        ("wo.transfer_closed", 4, d, v1, HOTLINE),
        ("wo.transfer_closed_on_time", 3, d, v1, HOTLINE),
        ("wo.ext12345_closed", 5, d, v1, HOTLINE),
        ("wo.ext12345_closed_on_time", 5, d, v1, HOTLINE),
        ("wo.rated", 5, d, v1, HOTLINE),
        ("wo.rated_5", 2, d, v1, HOTLINE),
        ("wo.rated_4", 1, d, v1, HOTLINE),
        ("wo.rated_3", 1, d, v1, HOTLINE),
        ("wo.rated_1", 1, d, v1, HOTLINE),
        ("wo.rating_sum", 18, d, v1, HOTLINE),
        ("wo.bad_rated", 1, d, v1, HOTLINE),
        ("wo.bad_followed_up", 1, d, v1, HOTLINE),
        ("wo.return_visit_due", 4, d, v1, HOTLINE),
        ("wo.return_visit_done", 3, d, v1, HOTLINE),
        ("wo.rectification_opened", 2, d, v1, HOTLINE),
        ("wo.rectification_done", 1, d, v1, HOTLINE),
        ("la.received", 8, d, v1, {"service": "legal_aid"}),
        ("la.accepted_for_review", 7, d, v1, {"service": "legal_aid"}),
        ("la.notices_received", 1, d, v1, {"service": "legal_aid"}),
        ("la.granted", 3, d, v1, {"service": "legal_aid"}),
        ("la.decided", 4, d, v1, {"service": "legal_aid"}),
        ("la.decided_within_limit", 3, d, v1, {"service": "legal_aid"}),
        ("la.review_seconds", 4 * 86400 * 3, d, v1, {"service": "legal_aid"}),  # 3 days each on average
        ("la.assigned_after_grant", 2, d, v1, {"service": "legal_aid"}),
        ("la.assigned_within_limit", 1, d, v1, {"service": "legal_aid"}),
        ("la.closed", 2, d, v1, {"service": "legal_aid"}),
        ("la.quality_scored", 2, d, v1, {"service": "legal_aid"}),
        ("la.quality_score_sum", 8550 + 9200, d, v1, {"service": "legal_aid"}),  # 85.50 and 92.00
        ("net.villages", 1, EPOCH, v1, {}),
        ("net.villages", 1, EPOCH, v2, {}),
        ("net.villages", 1, EPOCH, v4, {}),
        ("net.villages", 1, EPOCH, network.villages[2], {}),
        ("net.villages_with_advisor", 1, datetime.date(2026, 3, 1), v1, {}),
        ("net.villages_with_advisor", 1, datetime.date(2026, 5, 1), v2, {}),
        ("net.villages_with_advisor", -1, datetime.date(2026, 11, 20), v2, {}),  # v2's adviser left
        ("net.villages_with_advisor", 1, datetime.date(2026, 12, 5), v4, {}),  # after November
        ("net.points", 1, EPOCH, v1, {"tier": "room"}),
        ("net.points", 1, EPOCH, network.townships[0], {"tier": "station"}),
    )
    return network


TABLE = [
    ("wo_received", "15"),  # 6 + 4 + 2 + 3
    ("wo_accept_on_time_rate", "90.0"),  # 9 / 10
    ("wo_contact_on_time_rate", "112.5"),  # 9 / 8: hand-made facts need not be consistent
    ("wo_close_on_time_rate", "75.0"),  # 6 / 8
    ("wo_satisfaction_rate", "60.0"),  # grades ≥ 4 (the default setting): 3 of 5
    ("wo_rating_mean", "3.60"),  # 18 / 5
    ("wo_callback_rate", "75.0"),  # 3 / 4
    ("wo_bad_follow_up_rate", "100.0"),  # 1 / 1
    ("wo_rectification_rate", "50.0"),  # 1 / 2
    ("wo_transfer_on_time_rate", "75.0"),  # 3 / 4
    ("wo_12345_on_time_rate", "100.0"),  # 5 / 5
    ("wo_conversion_rate", "25.0"),  # 2 / 8
    ("wo_special_group_received", "5"),  # 2 (two groups each, counted once) + 3
    ("wo_special_group_response_rate", "60.0"),  # (2 + 1) / 5
    ("la_received", "9"),  # 8 applications + 1 notice
    ("la_acceptance_rate", "87.5"),  # 7 / 8
    ("la_grant_rate", "75.0"),  # 3 / 4
    ("la_review_days_mean", "3.0"),
    ("la_decided_within_limit_rate", "75.0"),
    ("la_assigned_within_limit_rate", "50.0"),
    ("la_quality_index", "88.8"),  # (85.50 + 92.00) / 2 = 88.75 → 88.8
    ("la_closed", "2"),
    ("cov_village_advisor_rate", "25.0"),  # at 11-30: v1 only (v2 left 11-20, v4 from 12-05), of 4
    ("cov_points", "2"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), TABLE)
def test_each_indicator_from_hand_computed_facts(november, code, expected):
    assert one(code, november.county).value == Decimal(expected)


@pytest.mark.django_db
def test_every_seeded_indicator_has_a_formula_test():
    # mediation's med_* indicators have their own formula table (gongfa/mediation/tests/test_indicators.py),
    # the appointments app's bk_*, notar_* and apr_* theirs (gongfa/appointments/tests/test_*_measures.py),
    # outreach's out_* theirs (gongfa/outreach/tests/test_indicators_outreach.py).
    # the hotline's hl_* theirs (gongfa/workorders/tests/test_calls_indicators.py).
    # drafting's dr_* theirs (gongfa/drafting/tests/test_make_document.py).
    own_tables = Q(code__startswith="med_") | Q(code__regex=r"^(bk|notar|apr|out|hl|dr)_")
    seeded = set(Indicator.objects.exclude(own_tables).values_list("code", flat=True))
    assert seeded == {code for code, _ in TABLE}


@pytest.mark.django_db
def test_the_satisfaction_definition_is_a_region_setting(november):
    set_region_setting(region=november.province, key="performance.satisfied_min_rating", value=3, effective_from=EPOCH)
    assert one("wo_satisfaction_rate", november.county).value == Decimal("80.0")  # 4 of 5 with 基本满意


@pytest.mark.django_db
def test_page_filters_and_the_daily_path_agree_with_the_rollups(november):
    hotline = Filters(channel=("hotline",))
    assert one("wo_received", november.county, page=hotline).value == Decimal(9)
    # Not whole months: only the daily table can answer a filtered question; same figure.
    assert one("wo_received", november.county, NOV, datetime.date(2026, 11, 29), page=hotline).value == Decimal(9)
    assert one("wo_received", november.county, NOV, datetime.date(2026, 11, 29)).value == Decimal(15)
    # Two special groups at once: an order in both counts once.
    groups = Filters(special_group=("1", "8"))
    assert one("wo_received", november.county, page=groups).value == Decimal(2)
    assert one("wo_received", november.county, page=Filters(special_group=("1",))).value == Decimal(2)
    # A page filter narrows an indicator's own filter: hotline special groups.
    assert one("wo_special_group_received", november.county, page=hotline).value == Decimal(3)
    assert one("wo_close_on_time_rate", november.county, page=Filters(channel=("portal",))).value is None


@pytest.mark.django_db
def test_children_series_and_mix(november):
    indicator = Indicator.objects.get(code="wo_received")
    rows = indicator_values_by_child([indicator], november.county, NOV, NOV_END)
    assert [(region.code, values["wo_received"].value) for region, values in rows] == [
        (november.townships[0].code, Decimal(12)),
        (november.townships[1].code, Decimal(3)),
    ]
    series = indicator_series([indicator], november.county, datetime.date(2026, 10, 1), NOV_END)
    assert [(month, values["wo_received"].value) for month, values in series] == [
        (datetime.date(2026, 10, 1), Decimal(0)),
        (NOV, Decimal(15)),
    ]
    assert [
        (key, value.value) for key, value in indicator_mix(indicator, november.county, NOV, NOV_END, "channel")
    ] == [
        ("hotline", Decimal(9)),
        ("portal", Decimal(6)),
    ]
    groups = indicator_mix(indicator, november.county, NOV, NOV_END, "special_group")
    assert sorted((key, value.value) for key, value in groups) == [("1", 2), ("2", 3), ("8", 2)]


@pytest.mark.django_db
def test_stock_measures_carry_forward(november):
    rate = Indicator.objects.get(code="cov_village_advisor_rate")
    series = indicator_series([rate], november.county, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    # Oct: v1 and v2 (2 of 4); Nov: v2 left on 11-20 (1 of 4); Dec: v4 joined (2 of 4).
    assert [values["cov_village_advisor_rate"].value for _month, values in series] == [
        Decimal("50.0"),
        Decimal("25.0"),
        Decimal("50.0"),
    ]


@pytest.mark.django_db
def test_one_query_for_many_indicators(november, django_assert_num_queries):
    indicators = list(Indicator.objects.all())
    with django_assert_num_queries(2):  # the sums, and the region setting of 满意
        indicator_values(indicators, november.county, NOV, NOV_END)
