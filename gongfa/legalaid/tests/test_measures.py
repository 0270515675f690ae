"""Legal aid's performance facts (legalaid/measures.py): the indicators read from the rollups give
the same hand-computed figures as the statistics page (test_reports.py's six cases), the rule for a
standing decision agrees with the page's query, and a rebuild gives the same rows."""

import datetime
from decimal import Decimal

import pytest

from gongfa.legalaid.choices import ApplicationStatus as S
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.reports import GRANTED_Q, REFUSED_Q, legal_aid_stats, standing_decision
from gongfa.legalaid.tests import test_reports
from gongfa.performance.compute import indicator_values
from gongfa.performance.models import DailyFact, Indicator, RollupFact
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import rebuild, refresh_pending, sweep

# The statistics page's six cases (fixtures reused, with their hand-computed figures).
world = test_reports.world
clock = test_reports.clock
NOVEMBER_1, DECEMBER_31 = test_reports.NOVEMBER_1, test_reports.DECEMBER_31
CODES = [
    "la_received",
    "la_acceptance_rate",
    "la_grant_rate",
    "la_review_days_mean",
    "la_decided_within_limit_rate",
    "la_assigned_within_limit_rate",
    "la_closed",
]


def values(region, start=NOVEMBER_1, end=DECEMBER_31):
    indicators = list(Indicator.objects.filter(code__in=CODES))
    return {code: value.value for code, value in indicator_values(indicators, region, start, end).items()}


@pytest.mark.django_db
def test_indicators_give_the_statistics_page_figures(world, network, reviewer):
    refresh_pending()
    figures = values(network.county)
    stats = legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31)
    # 5 applications and a court's notice; none redirected: every application stays for review.
    assert figures["la_received"] == Decimal(6) == stats.applications_received + stats.notices_received
    assert figures["la_acceptance_rate"] == Decimal("100.0")
    # A, C and D granted, B refused: what the page called 受理率 is the grant rate.
    assert stats.grant_rate == 0.75 and stats.acceptance_rate == 1.0
    assert figures["la_grant_rate"] == Decimal("75.0")
    # Review 2, 8, 1.25 and 3 days: mean 3.5625 → 3.6.
    assert figures["la_review_days_mean"] == Decimal("3.6")
    assert figures["la_decided_within_limit_rate"] == Decimal("75.0")
    assert figures["la_assigned_within_limit_rate"] == Decimal("50.0")
    assert figures["la_closed"] == Decimal(2) == stats.closed


@pytest.mark.django_db
def test_a_month_counts_only_what_happened_in_it(world, network):
    refresh_pending()
    november = values(network.county, NOVEMBER_1, datetime.date(2026, 11, 30))
    assert november["la_grant_rate"] == Decimal("100.0")  # A, C and D granted in November
    assert november["la_assigned_within_limit_rate"] == Decimal("100.0")  # only A's assignment
    assert november["la_closed"] == Decimal(0)
    december = values(network.county, datetime.date(2026, 12, 1), DECEMBER_31)
    assert december["la_grant_rate"] == Decimal("0.0")  # B's refusal
    assert december["la_decided_within_limit_rate"] == Decimal("0.0")
    assert december["la_received"] == Decimal(0) and december["la_closed"] == Decimal(2)
    # A township outside the cases' village: nothing.
    assert values(network.townships[1])["la_received"] == Decimal(0)


@pytest.mark.django_db
def test_rebuild_gives_the_incremental_rows(world):
    sweep()  # the marks of the cases, and the villages and points (no events) once
    daily = sorted(DailyFact.objects.values_list("measure", "day", "region_code", "person_id", "agency_id", "value"))
    rollup = sorted(RollupFact.objects.values_list("grain", "period", "region_code", "measure", "service", "value"))
    assert daily and rollup
    rebuild(EPOCH, DECEMBER_31)
    assert (
        sorted(DailyFact.objects.values_list("measure", "day", "region_code", "person_id", "agency_id", "value"))
        == daily
    )
    assert (
        sorted(RollupFact.objects.values_list("grain", "period", "region_code", "measure", "service", "value"))
        == rollup
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [value for value in S.values if value != S.DRAFT])
@pytest.mark.parametrize("ground", ["", "income_rose"])
@pytest.mark.parametrize("assign_due", [None, datetime.date(2026, 11, 30)])
def test_standing_decision_agrees_with_the_page_query(status, ground, assign_due, network):
    from gongfa.testing.factories import CitizenFactory

    case = LegalAidApplication.objects.create(
        status=status,
        region=network.villages[0],
        agency=network.legal_aid_centre,
        applicant=CitizenFactory(),
        applicant_name="某某",
        matter_code="wages",
        matter_name="请求支付劳动报酬",
        matter_article="第31条",
        decided_at=datetime.datetime(2026, 11, 25, 2, tzinfo=datetime.UTC),
        termination_ground=ground,
        assign_due=assign_due,
    )
    granted = LegalAidApplication.objects.filter(GRANTED_Q, pk=case.pk).exists()
    refused = LegalAidApplication.objects.filter(REFUSED_Q, pk=case.pk).exists()
    expected = "granted" if granted else "refused" if refused else ""
    assert standing_decision(case) == expected
