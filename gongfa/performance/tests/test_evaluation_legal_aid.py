"""The legal-aid quality index (legalaid.services.quality.quality_index) feeds the legal-aid
schemes, per provider (person) and per provider agency; figures computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.legalaid.services.quality import score_case
from gongfa.legalaid.tests.conftest import (  # noqa: F401  (fixtures)
    frozen,
    hardship_standard_for_db_tests,
    law_firm,
    lawyers,
    reviewer,
    standard,
)
from gongfa.legalaid.tests.test_quality import case_for, scoring
from gongfa.performance.choices import EvaluationComponent, SubjectKind
from gongfa.performance.models import EvaluationItem, EvaluationResult, EvaluationScheme, Indicator
from gongfa.performance.rollup import refresh_pending
from gongfa.performance.services.evaluation import run_evaluation
from gongfa.testing.factories import UserFactory, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hardship_standard_for_db_tests")]

PERIOD = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 23))  # frozen: Monday 2026-11-23
GRADES = [{"min": 90, "grade": "优秀"}, {"min": 60, "grade": "合格"}, {"min": 0, "grade": "不合格"}]


def make_scheme(kind):
    closed, _ = Indicator.objects.update_or_create(
        code="la_closed",
        defaults={
            "name": "法律援助结案数",
            "numerator": {"measures": ["la.closed"]},
            "denominator": None,
            "unit": "count",
            "decimals": 0,
        },
    )
    scheme = EvaluationScheme.objects.create(code=f"la_{kind}", name="法援考评", subject_kind=kind, grade_bands=GRADES)
    EvaluationItem.objects.create(
        scheme=scheme, order=1, code="closed", name="结案数量", component="indicator", indicator=closed, weight=20
    )
    EvaluationItem.objects.create(
        scheme=scheme,
        order=2,
        code="quality",
        name="案件质量",
        component=EvaluationComponent.LEGAL_AID_QUALITY,
        weight=80,
    )
    return scheme


@pytest.fixture
def cases(network, reviewer, lawyers, frozen):  # noqa: F811
    """李律师: one case rated 5 and reviewed by the agency at 90 → index 0.7 × 90 + 0.3 × (5 − 1) × 25
    = 63 + 30 = 93.0; 王律师: one closed case, not reviewed → no index. One closed case each."""
    li, wang = lawyers
    reviewed = case_for(network, reviewer, li, seq=701, rating=5)
    case_for(network, reviewer, wang, seq=702)
    score_case(application=reviewed, actor=reviewer, kind="agency_review", scores=scoring(90))
    refresh_pending()  # the events' facts (on_commit does not fire inside a test's transaction)
    return li, wang


@pytest.fixture
def supervisor(network):
    user = UserFactory(role=Role.SUPERVISOR)
    post(user, network.centre)
    return user


def test_the_quality_index_scores_the_providers(network, cases, supervisor):
    li, wang = cases
    run = run_evaluation(supervisor, make_scheme(SubjectKind.PERSON), network.county, *PERIOD)
    found = {r.subject_id: r for r in EvaluationResult.objects.filter(run=run)}
    assert set(found) == {li.pk, wang.pk}  # the providers of the county's firms
    # 李: 1 of best 1 closed → 100 × 20% = 20; index 93.0 as the score × 80% = 74.4 → 94.4
    assert (found[li.pk].total, found[li.pk].grade, found[li.pk].rank) == (Decimal("94.40"), "优秀", 1)
    # 王: 20 for the closed case, no reviewed case → quality 无数据
    assert (found[wang.pk].total, found[wang.pk].grade, found[wang.pk].rank) == (Decimal("20.00"), "不合格", 2)
    li_items = {item["code"]: item["explanation"] for item in found[li.pk].breakdown}
    assert li_items["quality"] == "案件质量 93，按实际值计分，得 93 分 × 权重 80% = 74.4"
    wang_items = {item["code"]: item["explanation"] for item in found[wang.pk].breakdown}
    assert wang_items["quality"] == "案件质量无数据，得 0 分 × 权重 80% = 0.0"


def test_the_quality_index_scores_the_provider_agencies(network, cases, supervisor, law_firm):  # noqa: F811
    run = run_evaluation(supervisor, make_scheme(SubjectKind.AGENCY), network.county, *PERIOD)
    found = {r.subject_id: r for r in EvaluationResult.objects.filter(run=run)}
    # The firm and the legal aid centre (a provider's kind); the firm handled both cases: 2 of best 2
    # closed → 20; its index pools both cases: mean of the reviewed 90, satisfaction 5 → 93.0 × 80%.
    assert set(found) == {law_firm.pk, network.legal_aid_centre.pk}
    assert found[law_firm.pk].total == Decimal("94.40") and found[law_firm.pk].rank == 1
    assert found[network.legal_aid_centre.pk].total == Decimal("0.00")
