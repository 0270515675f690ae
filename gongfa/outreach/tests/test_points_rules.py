"""Table tests of the public-good points rules and bands (outreach.points): boundaries, caps, the
yearly minimum met by hours or by cases, and schemes refused (overlapping bands named)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongfa.core.errors import DomainError
from gongfa.outreach.points import Scheme, SourceTotals, band_for, bands_of, check_scheme, score, source_points

D = Decimal
DEFAULT_BANDS = [
    {"band": "不合格", "min": 0, "max": 60},
    {"band": "合格", "min": 60, "max": 80},
    {"band": "良好", "min": 80, "max": 90},
    {"band": "优秀", "min": 90, "max": None},
]
DEFAULT_RULES = {
    "legal_aid_case": {"per_case": 15},
    "duty_shift": {"per_hour": 1},
    "duty_help": {"per_record": 2},
    "advisor_log": {"per_hour": 1},
    "mediation": {"per_record": 3},
    "publicity_talk": {"per_record": 3},
    "typical_case": {"per_record": 5},
    "manual": {"per_hour": 1},
}


def scheme(rules=None, *, max_points=100, minimum_hours=50, minimum_cases=2) -> Scheme:
    return Scheme(
        rules=rules if rules is not None else DEFAULT_RULES,
        bands=bands_of(DEFAULT_BANDS),
        minimum_hours=D(minimum_hours),
        minimum_cases=minimum_cases,
        max_points=D(max_points),
    )


@pytest.mark.parametrize(
    ("points", "band"),
    [
        ("0", "不合格"),
        ("59.9", "不合格"),
        ("60", "合格"),
        ("60.0", "合格"),
        ("79.9", "合格"),
        ("80", "良好"),
        ("89.9", "良好"),
        ("90", "优秀"),
        ("99.9", "优秀"),
        ("100", "优秀"),
        ("5000", "优秀"),
        ("-1", ""),
    ],
)
def test_band_boundaries(points, band):
    assert band_for(D(points), bands_of(DEFAULT_BANDS)) == band


@pytest.mark.parametrize(
    ("hours", "band"),
    [("59.9", "不合格"), ("60", "合格"), ("79.9", "合格"), ("80", "良好"), ("89.9", "良好"), ("90", "优秀")],
)
def test_bands_of_hours_through_the_rules(hours, band):
    result = score(scheme(), {"duty_shift": SourceTotals(hours=D(hours), records=1)})
    assert result.total == D(hours)
    assert result.band == band


@pytest.mark.parametrize(
    ("rule", "totals", "expected"),
    [
        ({"per_hour": 1}, SourceTotals(hours=D("12.5")), D("12.5")),
        ({"per_case": 15}, SourceTotals(cases=3), D(45)),
        ({"per_record": 2}, SourceTotals(records=7), D(14)),
        ({"per_record": 2, "cap": 10}, SourceTotals(records=7), D(10)),
        ({"per_record": 2, "cap": 20}, SourceTotals(records=7), D(14)),
        ({"per_record": 2, "cap": 14}, SourceTotals(records=7), D(14)),
        ({"per_hour": 1, "cap": 0}, SourceTotals(hours=D(30)), D(0)),
        ({"per_hour": "0.5", "per_record": 1}, SourceTotals(hours=D(10), records=2), D(7)),
        ({"per_case": 15, "cap": 40}, SourceTotals(cases=4), D(40)),
    ],
)
def test_source_points_with_caps(rule, totals, expected):
    assert source_points(rule, totals) == expected


@pytest.mark.parametrize(
    ("totals", "uncapped", "total", "band"),
    [
        ({"legal_aid_case": SourceTotals(cases=4)}, D(60), D(60), "合格"),
        ({"legal_aid_case": SourceTotals(cases=7)}, D(105), D(100), "优秀"),
        ({"legal_aid_case": SourceTotals(cases=5), "duty_help": SourceTotals(records=5)}, D(85), D(85), "良好"),
        ({"typical_case": SourceTotals(records=1)}, D(5), D(5), "不合格"),
        ({}, D(0), D(0), "不合格"),
    ],
)
def test_total_capped_at_max_points(totals, uncapped, total, band):
    result = score(scheme(), totals)
    assert (result.uncapped, result.total, result.band) == (uncapped, total, band)


def test_a_lower_max_points_caps_lower():
    result = score(scheme(max_points=70), {"duty_shift": SourceTotals(hours=D(95))})
    assert result.total == D(70) and result.band == "合格"


def test_sources_without_a_rule_score_nothing_but_count_hours():
    result = score(scheme({"duty_shift": {"per_hour": 1}}), {"manual": SourceTotals(hours=D(8), records=1)})
    assert result.total == 0 and result.hours == D(8) and "manual" not in result.by_source


@pytest.mark.parametrize(
    ("totals", "met", "met_by"),
    [
        ({"duty_shift": SourceTotals(hours=D("49.9"))}, False, ""),
        ({"duty_shift": SourceTotals(hours=D(50))}, True, "hours"),
        ({"duty_shift": SourceTotals(hours=D(30)), "manual": SourceTotals(hours=D(20))}, True, "hours"),
        ({"legal_aid_case": SourceTotals(cases=1)}, False, ""),
        ({"legal_aid_case": SourceTotals(cases=2)}, True, "cases"),
        ({"legal_aid_case": SourceTotals(cases=2), "duty_shift": SourceTotals(hours=D(50))}, True, "hours+cases"),
        ({"legal_aid_case": SourceTotals(cases=1), "duty_shift": SourceTotals(hours=D(49))}, False, ""),
        ({}, False, ""),
    ],
)
def test_yearly_minimum_by_hours_or_cases(totals, met, met_by):
    result = score(scheme(), totals)
    assert result.minimum_met is met and result.met_by == met_by


def test_the_minimum_can_be_met_with_few_points():
    """Two legal-aid cases meet the Ministry's minimum even where the scheme scores them low."""
    result = score(scheme({"legal_aid_case": {"per_case": 1}}), {"legal_aid_case": SourceTotals(cases=2)})
    assert result.minimum_met and result.band == "不合格"


def test_the_default_scheme_passes():
    check_scheme(DEFAULT_RULES, DEFAULT_BANDS, minimum_hours=50, max_points=100)


def refused(rules=None, bands=None, **kw) -> list[tuple[str | None, str, str]]:
    with pytest.raises(DomainError) as caught:
        check_scheme(DEFAULT_RULES if rules is None else rules, DEFAULT_BANDS if bands is None else bands, **kw)
    return [(p.field, p.code, p.message) for p in caught.value.problems]


def test_overlapping_bands_are_refused_naming_both():
    bands = [
        {"band": "不合格", "min": 0, "max": 60},
        {"band": "合格", "min": 60, "max": 85},
        {"band": "良好", "min": 80, "max": 90},
        {"band": "优秀", "min": 90, "max": None},
    ]
    [(field, code, message)] = refused(bands=bands)
    assert field == "bands" and code == "band_overlap"
    assert "“合格”[60, 85)" in message and "“良好”[80, 90)" in message and "重叠" in message


def test_an_open_band_below_another_overlaps():
    bands = [{"band": "不合格", "min": 0, "max": None}, {"band": "合格", "min": 60, "max": None}]
    problems = refused(bands=bands)
    assert [code for _, code, _ in problems] == ["band_overlap"]


def test_the_published_qu_zhou_gap_is_refused():
    """衢州 as published: 合格 60–70, 良好 80–90, so 70–80 has no band."""
    bands = [
        {"band": "不合格", "min": 0, "max": 60},
        {"band": "合格", "min": 60, "max": 70},
        {"band": "良好", "min": 80, "max": 90},
        {"band": "优秀", "min": 90, "max": None},
    ]
    [(field, code, message)] = refused(bands=bands)
    assert (field, code) == ("bands", "band_gap") and "70–80" in message


@pytest.mark.parametrize(
    ("rules", "bands", "codes"),
    [
        ({"duty_shift": {"per_hour": -1}}, None, ["negative"]),
        ({"duty_shift": {"per_hour": 1, "cap": -5}}, None, ["negative"]),
        ({"pro_bono": {"per_hour": 1}}, None, ["unknown_source"]),
        ({"duty_shift": {"per_minute": 1}}, None, ["unknown_rule_key", "no_rate"]),
        ({"duty_shift": {"per_hour": "abc"}}, None, ["not_a_number"]),
        ({"duty_shift": {"per_hour": True}}, None, ["not_a_number"]),
        ({"duty_shift": {"per_hour": 5000}}, None, ["too_large"]),
        ({"duty_shift": 1}, None, ["rule_shape"]),
        ([], None, ["rules_shape"]),
        (None, [], ["bands_shape"]),
        (None, [{"band": "合格", "min": -10, "max": None}], ["negative"]),
        (None, [{"band": "合格", "min": 10, "max": None}], ["band_gap"]),
        (None, [{"band": "合格", "min": 0, "max": 60}], ["band_gap"]),
        (None, [{"band": "甲", "min": 0, "max": 60}, {"band": "乙", "min": 60, "max": 60}], ["band_empty"]),
        (None, [{"band": "甲", "min": 0, "max": 60}, {"band": "甲", "min": 60, "max": None}], ["band_duplicate"]),
        (None, [{"min": 0, "max": None}], ["band_shape"]),
    ],
)
def test_bad_schemes_are_refused(rules, bands, codes):
    assert [code for _, code, _ in refused(rules=rules, bands=bands)] == codes


def test_every_problem_is_reported_at_once():
    problems = refused(
        rules={"pro_bono": {"per_hour": 1}, "duty_shift": {"per_hour": -1}},
        bands=[{"band": "甲", "min": 0, "max": 70}, {"band": "乙", "min": 60, "max": None}],
        minimum_hours=-1,
    )
    assert {code for _, code, _ in problems} == {"unknown_source", "negative", "band_overlap"}
    assert {field for field, _, _ in problems} == {"rules", "bands", "minimum_hours"}
