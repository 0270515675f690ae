"""Evaluation formulas as table tests, every expected figure computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongfa.core.errors import DomainError
from gongfa.performance.choices import Direction, EvaluationComponent, SubjectKind, Unit
from gongfa.performance.models import Indicator
from gongfa.performance.services.evaluation import (
    ItemSpec,
    band_score,
    check_bands,
    check_items,
    check_weights,
    competition_ranks,
    grade_of,
    parse_score,
    score_item,
    scoring_of,
    weighted_score,
)

RATE_BANDS = [{"min": 95, "score": 100}, {"min": 90, "score": 80}, {"min": 80, "score": 60}]
DAYS_BANDS = [{"max": 3, "score": 100}, {"max": 5, "score": 80}, {"max": 7, "score": 60}]
GRADES = [
    {"min": 90, "grade": "优秀"},
    {"min": 80, "grade": "良好"},
    {"min": 60, "grade": "合格"},
    {"min": 0, "grade": "不合格"},
]


@pytest.mark.parametrize(
    ("value", "bands", "direction", "score"),
    [
        ("96", RATE_BANDS, Direction.HIGHER, "100"),
        ("95", RATE_BANDS, Direction.HIGHER, "100"),  # the bound itself is in the band
        ("94.9", RATE_BANDS, Direction.HIGHER, "80"),
        ("92.5", RATE_BANDS, Direction.HIGHER, "80"),
        ("80", RATE_BANDS, Direction.HIGHER, "60"),
        ("79.9", RATE_BANDS, Direction.HIGHER, "0"),  # below the last band
        ("2.5", DAYS_BANDS, Direction.LOWER, "100"),  # lower is better
        ("3", DAYS_BANDS, Direction.LOWER, "100"),
        ("3.1", DAYS_BANDS, Direction.LOWER, "80"),
        ("7", DAYS_BANDS, Direction.LOWER, "60"),
        ("7.5", DAYS_BANDS, Direction.LOWER, "0"),
    ],
)
def test_band_scores(value, bands, direction, score):
    assert band_score(Decimal(value), bands, direction)[0] == Decimal(score)


@pytest.mark.parametrize(
    ("score", "weight", "weighted"),
    [("80", "30", "24.00"), ("100", "20", "20.00"), ("85.5", "10", "8.55"), ("80", "33.33", "26.66"), ("0", "30", "0")],
)
def test_weighted_score_is_score_times_weight_over_100(score, weight, weighted):
    assert weighted_score(Decimal(score), Decimal(weight)) == Decimal(weighted)


@pytest.mark.parametrize(
    ("kwargs", "score", "weighted", "explanation"),
    [
        (
            {"label": "按时办结率", "value": Decimal("92.5"), "unit": "%", "weight": Decimal(30), "scoring": "bands"},
            "80",
            "24.00",
            "按时办结率 92.5%，落在 ≥90% 档，得 80 分 × 权重 30% = 24.0",
        ),
        (
            {"label": "按时办结率", "value": Decimal("75"), "unit": "%", "weight": Decimal(30), "scoring": "bands"},
            "0",
            "0.00",
            "按时办结率 75%，未达到最低档（≥80%），得 0 分 × 权重 30% = 0.0",
        ),
        (
            {"label": "按时办结率", "value": None, "unit": "%", "weight": Decimal(30), "scoring": "bands"},
            "0",
            "0.00",
            "按时办结率无数据，得 0 分 × 权重 30% = 0.0",
        ),
        (
            {
                "label": "平均审查天数",
                "value": Decimal("4.2"),
                "unit": "天",
                "weight": Decimal(20),
                "scoring": "bands",
                "bands": DAYS_BANDS,
                "direction": Direction.LOWER,
            },
            "80",
            "16.00",
            "平均审查天数 4.2天，落在 ≤5天 档，得 80 分 × 权重 20% = 16.0",
        ),
        (
            {
                "label": "工单受理量",
                "value": Decimal(120),
                "unit": "件",
                "weight": Decimal(20),
                "scoring": "share_of_best",
                "best": Decimal(200),
            },
            "60",
            "12.00",
            "工单受理量 120件，为最高值 200件 的 60%，得 60 分 × 权重 20% = 12.0",
        ),
        (
            {
                "label": "工单受理量",
                "value": Decimal(1),
                "unit": "件",
                "weight": Decimal(20),
                "scoring": "share_of_best",
                "best": Decimal(3),
            },
            "33.3",  # 1 ÷ 3 × 100 = 33.33… → 33.3
            "6.66",
            "工单受理量 1件，为最高值 3件 的 33.3%，得 33.3 分 × 权重 20% = 6.66",
        ),
        (
            {"label": "自评", "value": Decimal("85.5"), "unit": "分", "weight": Decimal(10), "scoring": "value"},
            "85.5",
            "8.55",
            "自评 85.5分，按实际值计分，得 85.5 分 × 权重 10% = 8.55",
        ),
        (
            {"label": "第三方评估", "value": None, "unit": "分", "weight": Decimal(10), "scoring": "value"},
            "0",
            "0.00",
            "第三方评估无数据，得 0 分 × 权重 10% = 0.0",
        ),
    ],
)
def test_an_item_is_scored_and_explained(kwargs, score, weighted, explanation):
    arguments = {"bands": RATE_BANDS, "direction": Direction.HIGHER, **kwargs}
    scored = score_item(**arguments)
    assert scored.score == Decimal(score)
    assert scored.weighted == Decimal(weighted)
    assert scored.explanation == explanation


@pytest.mark.parametrize(
    ("total", "grade"), [("95", "优秀"), ("90", "优秀"), ("89.99", "良好"), ("60", "合格"), ("59.5", "不合格")]
)
def test_grades_by_the_schemes_bands(total, grade):
    assert grade_of(Decimal(total), GRADES) == grade


@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        (["90", "85", "80"], [1, 2, 3]),
        (["90", "90", "80"], [1, 1, 3]),  # ties share, the next rank is skipped
        (["90", "80", "80", "80", "70"], [1, 2, 2, 2, 5]),
        ([], []),
    ],
)
def test_ties_share_a_rank(totals, ranks):
    assert competition_ranks([Decimal(t) for t in totals]) == ranks


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([20, 30, 30, 10, 5], "权重合计 95%，应为 100%。"),
        ([60, 50], "权重合计 110%，应为 100%。"),
        (["33.3", "33.3", "33.3"], "权重合计 99.9%，应为 100%。"),
        ([], "权重合计 0%，应为 100%。"),
    ],
)
def test_a_weight_total_other_than_100_is_refused(weights, message):
    with pytest.raises(DomainError) as caught:
        check_weights(weights)
    assert caught.value.message == message


def test_weights_of_exactly_100_pass():
    check_weights([20, 30, 30, "10", "10.00"])
    check_weights(["33.34", "33.33", "33.33"])


@pytest.mark.parametrize(
    ("bands", "direction", "problem"),
    [
        ([{"min": 90, "score": 80}, {"min": 95, "score": 60}], Direction.HIGHER, "界值 95 应从高到低排列"),
        ([{"min": 95, "score": 80}, {"min": 90, "score": 90}], Direction.HIGHER, "得分 90 应低于上一档的 80"),
        ([{"min": 95, "score": 120}], Direction.HIGHER, "得分 120 应在 0 到 100 之间"),
        ([{"max": 3, "score": 100}], Direction.HIGHER, "应写明 min 与 score"),
        ([{"min": 3, "score": 100}], Direction.LOWER, "应写明 max 与 score"),
        ([{"max": 5, "score": 100}, {"max": 3, "score": 80}], Direction.LOWER, "界值 3 应从低到高排列"),
        ([{"min": "很高", "score": 100}], Direction.HIGHER, "应为数字"),
        ({"min": 90}, Direction.HIGHER, "应为列表"),
    ],
)
def test_malformed_bands_are_named(bands, direction, problem):
    problems = check_bands(bands, direction=direction)
    assert any(problem in message for message in problems), problems


def test_well_formed_bands_pass():
    assert check_bands(RATE_BANDS) == []
    assert check_bands(DAYS_BANDS, direction=Direction.LOWER) == []
    assert check_bands([]) == []


@pytest.mark.parametrize(
    ("raw", "expected"), [("85", "85.00"), (" 100 ", "100.00"), ("0", "0.00"), ("72.25", "72.25"), ("", None)]
)
def test_a_typed_score_is_a_number_from_0_to_100(raw, expected):
    assert parse_score(raw) == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("101", "应在 0 到 100 之间。"),
        ("-1", "应在 0 到 100 之间。"),
        ("八十", "应为数字。"),
        ("80.125", "最多保留两位小数。"),
    ],
)
def test_a_typed_score_out_of_range_or_not_a_number_is_refused(raw, message):
    with pytest.raises(DomainError) as caught:
        parse_score(raw)
    assert caught.value.message == message


def _indicator(unit=Unit.PERCENT, direction=Direction.HIGHER, code="wo_close_on_time_rate"):
    return Indicator(code=code, name="按时办结率", unit=unit, direction=direction, numerator={}, denominator={})


def test_how_an_item_is_scored_follows_from_its_shape():
    assert scoring_of(EvaluationComponent.INDICATOR, _indicator(), RATE_BANDS) == "bands"
    assert scoring_of(EvaluationComponent.INDICATOR, _indicator(), []) == "value"
    assert scoring_of(EvaluationComponent.INDICATOR, _indicator(unit=Unit.COUNT), []) == "share_of_best"
    assert scoring_of(EvaluationComponent.SELF, None, []) == "value"


def test_a_whole_scheme_reports_every_problem_at_once():
    items = [
        ItemSpec("quantity", "服务数量", EvaluationComponent.INDICATOR, 20, None),  # no indicator
        ItemSpec("quality", "案件质量", EvaluationComponent.LEGAL_AID_QUALITY, 30),  # not for points
        ItemSpec(
            "timeliness", "办理时效", EvaluationComponent.INDICATOR, 40, _indicator(), [{"min": 90, "score": 120}]
        ),
        ItemSpec("self", "自评", EvaluationComponent.SELF, 5),
    ]
    with pytest.raises(DomainError) as caught:
        check_items(SubjectKind.POINT, items, [{"min": 60, "grade": "合格"}, {"min": 90, "grade": "优秀"}])
    messages = [problem.message for problem in caught.value.problems]
    assert "第 1 项“服务数量”须指定一个系统指标。" in messages
    assert any("第 2 项“案件质量”" in m and "不能考评服务平台" in m for m in messages)
    assert any("第 3 项“办理时效”的评分档次第 1 档的得分 120" in m for m in messages)
    assert "权重合计 95%，应为 100%。" in messages
    assert any("等次划分第 2 档的分数线 90 应低于上一档的 60" in m for m in messages)
