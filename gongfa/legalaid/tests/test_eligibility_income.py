"""Property tests of the hardship income rule (经济困难标准, 《法律援助法》第三十四条) and of
resolve_threshold(); Decimal arithmetic, so every property is exact."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import HardshipBasis, IncomeUnit, MatterCondition
from gongfa.legalaid.eligibility import (
    ApplicationFacts,
    HardshipRule,
    MatterRule,
    assess,
    national_matters,
    resolve_threshold,
)

CENT = Decimal("0.01")
MATTERS = national_matters()
MEANS_TESTED = [m for m in MATTERS if m.condition == MatterCondition.MEANS_TESTED]
NO_MEANS_TEST = [m for m in MATTERS if m.condition == MatterCondition.NO_MEANS_TEST]
SWITCHING = [m for m in MEANS_TESTED if m.individual_income_when_opponent_co_resident]
NOT_SWITCHING = [m for m in MEANS_TESTED if not m.individual_income_when_opponent_co_resident]

hypothesis_settings = settings(max_examples=200, deadline=None, database=None)  # no .hypothesis/ folder
money = st.decimals(min_value=0, max_value=200_000, places=2)
sizes = st.integers(min_value=1, max_value=12)
thresholds = st.decimals(min_value=300, max_value=10_000, places=2)
means_tested = st.sampled_from(MEANS_TESTED)
numeric_bases = st.sampled_from([HardshipBasis.MIN_WAGE, HardshipBasis.DIBAO_MULTIPLE, HardshipBasis.FIXED_AMOUNT])


def rule_for(threshold: Decimal, basis: str = HardshipBasis.MIN_WAGE, **kwargs: Any) -> HardshipRule:
    return HardshipRule("测试县", basis, threshold, **kwargs)


def household_facts(matter: MatterRule, size: int, total: Decimal, **kwargs: Any) -> ApplicationFacts:
    # retrial_started: 第33条 needs it before income is looked at; no other reasons (第24条 review).
    return ApplicationFacts(
        matter=matter, household_size=size, household_monthly_income=total, retrial_started=True, **kwargs
    )


@hypothesis_settings
@given(matter=means_tested, size=sizes, low=money, high=money, threshold=thresholds, basis=numeric_bases)
def test_raising_income_never_makes_an_application_eligible(matter, size, low, high, threshold, basis):
    low, high = min(low, high), max(low, high)
    rule = rule_for(threshold, basis)
    before = assess(household_facts(matter, size, low), rule).outcome
    after = assess(household_facts(matter, size, high), rule).outcome
    assert before in {"eligible", "not_eligible"}
    if before == "not_eligible":
        assert after == "not_eligible"
    if after == "eligible":
        assert before == "eligible"


@hypothesis_settings
@given(matter=means_tested, size=sizes, threshold=thresholds)
def test_the_threshold_itself_is_eligible_and_one_cent_more_is_not(matter, size, threshold):
    rule = rule_for(threshold)
    at = assess(household_facts(matter, size, threshold * size), rule)
    assert at.outcome == "eligible"
    assert at.per_capita_income == threshold
    assert at.reasons[0].code == "income_within"
    above = assess(household_facts(matter, size, (threshold + CENT) * size), rule)
    assert above.outcome == "not_eligible"
    assert above.reasons[0].code == "income_above"
    assert above.per_capita_income == threshold + CENT


@hypothesis_settings
@given(matter=means_tested, size=sizes, total=money, threshold=thresholds)
def test_per_capita_income_is_the_total_over_the_household(matter, size, total, threshold):
    proposal = assess(household_facts(matter, size, total), rule_for(threshold))
    expected = (total / size).quantize(CENT, ROUND_HALF_UP)
    assert proposal.per_capita_income == expected
    assert proposal.threshold == threshold
    assert proposal.hardship_checked is True
    assert proposal.outcome == ("eligible" if expected <= threshold else "not_eligible")
    assert f"{expected:,.2f}元" in proposal.reasons[0].text
    assert f"{threshold:,.2f}元" in proposal.reasons[0].text


@hypothesis_settings
@given(matter=means_tested, per_capita=money, size_a=sizes, size_b=sizes, threshold=thresholds)
def test_same_per_capita_income_same_outcome_whatever_the_household_size(matter, per_capita, size_a, size_b, threshold):
    rule = rule_for(threshold)
    first = assess(household_facts(matter, size_a, per_capita * size_a), rule)
    second = assess(household_facts(matter, size_b, per_capita * size_b), rule)
    assert first.outcome == second.outcome
    assert first.per_capita_income == second.per_capita_income == per_capita


@hypothesis_settings
@given(
    matter=st.sampled_from(SWITCHING),
    size=st.integers(min_value=2, max_value=12),
    applicant=money,
    others=money,
    threshold=thresholds,
)
def test_opponent_co_resident_support_claims_count_only_the_applicant(matter, size, applicant, others, threshold):
    facts = household_facts(
        matter, size, applicant + others, applicant_monthly_income=applicant, opponent_co_resident=True
    )
    proposal = assess(facts, rule_for(threshold))
    assert proposal.per_capita_income == applicant
    assert proposal.outcome == ("eligible" if applicant <= threshold else "not_eligible")
    assert "只计算申请人本人收入" in proposal.reasons[0].text
    # The region may switch the rule off (◐/⚠): then the household counts again.
    off = assess(facts, rule_for(threshold, switch_to_individual=False))
    assert off.per_capita_income == ((applicant + others) / size).quantize(CENT, ROUND_HALF_UP)
    # Without a co-resident opponent nothing switches.
    apart = assess(household_facts(matter, size, applicant + others, applicant_monthly_income=applicant),
                   rule_for(threshold))  # fmt: skip
    assert apart.per_capita_income == off.per_capita_income


@hypothesis_settings
@given(
    matter=st.sampled_from(NOT_SWITCHING),
    size=st.integers(min_value=2, max_value=12),
    applicant=money,
    others=money,
    threshold=thresholds,
)
def test_opponent_co_resident_does_not_switch_other_matters(matter, size, applicant, others, threshold):
    facts = household_facts(
        matter, size, applicant + others, applicant_monthly_income=applicant, opponent_co_resident=True
    )
    proposal = assess(facts, rule_for(threshold))
    assert proposal.per_capita_income == ((applicant + others) / size).quantize(CENT, ROUND_HALF_UP)
    assert "只计算申请人本人收入" not in proposal.reasons[0].text


@hypothesis_settings
@given(matter=means_tested, size=sizes, applicant=money, others=money, threshold=thresholds)
def test_individual_income_unit_uses_the_applicant_income(matter, size, applicant, others, threshold):
    facts = household_facts(matter, size, applicant + others, applicant_monthly_income=applicant)
    proposal = assess(facts, rule_for(threshold, HardshipBasis.FIXED_AMOUNT, income_unit=IncomeUnit.INDIVIDUAL))
    assert proposal.per_capita_income == applicant
    assert proposal.reasons[0].text.startswith("申请人个人月收入")


@hypothesis_settings
@given(
    matter=st.sampled_from(NO_MEANS_TEST),
    size=st.none() | sizes,
    total=st.none() | money,
    share=st.decimals(min_value=0, max_value=1, places=2),
    co_resident=st.booleans(),
    rule=st.sampled_from(
        [
            None,
            HardshipRule("甲", HardshipBasis.MIN_WAGE, Decimal("1")),
            HardshipRule("乙", HardshipBasis.LOW_INCOME_HOUSEHOLD, None),
            HardshipRule("丙", HardshipBasis.FIXED_AMOUNT, Decimal("2000"), verified=False),
        ]
    ),
    verification=st.sampled_from(["", "credit_commitment", "data_sharing", "statement"]),
)
def test_no_means_test_matters_ignore_income_completely(matter, size, total, share, co_resident, rule, verification):
    applicant = None if total is None else (total * share).quantize(CENT)
    facts = ApplicationFacts(
        matter=matter,
        household_size=size,
        household_monthly_income=total,
        applicant_monthly_income=applicant,
        opponent_co_resident=co_resident,
        verification=verification,
        credit_commitment_barred=True,
    )
    proposal = assess(facts, rule)
    assert proposal.outcome == "eligible"
    assert [reason.code for reason in proposal.reasons] == ["no_means_test"]
    assert proposal.reasons[0].article == matter.article
    assert (proposal.means_test_applies, proposal.hardship_checked, proposal.per_capita_income) == (False, False, None)
    assert proposal.missing == ()


# --- resolve_threshold ---------------------------------------------------------------------------------
bases = st.decimals(min_value=1, max_value=20_000, places=2)
multipliers = st.decimals(min_value=Decimal("0.1"), max_value=5, places=2)


@hypothesis_settings
@given(base=bases)
def test_min_wage_times_one_is_the_minimum_wage(base):
    assert resolve_threshold(HardshipBasis.MIN_WAGE, base_amount=base, multiplier=None, fixed_amount=None) == base
    assert resolve_threshold(HardshipBasis.MIN_WAGE, base_amount=base, multiplier=Decimal(1), fixed_amount=None) == base


@hypothesis_settings
@given(base=bases, multiplier=multipliers, k=st.integers(min_value=1, max_value=4))
def test_dibao_multiple_scales_linearly(base, multiplier, k):
    def dibao(m: Decimal) -> Decimal | None:
        return resolve_threshold(HardshipBasis.DIBAO_MULTIPLE, base_amount=base, multiplier=m, fixed_amount=None)

    assert dibao(multiplier) == (base * multiplier).quantize(CENT, ROUND_HALF_UP)
    assert dibao(Decimal(k)) == base * k  # whole multiples are exact
    single = dibao(multiplier)
    assert single is not None
    # k times the multiple is k times the threshold, up to the cent each rounding may move.
    scaled = dibao(multiplier * k)
    assert scaled is not None
    assert abs(scaled - single * k) <= CENT * k


@hypothesis_settings
@given(amount=bases)
def test_fixed_amount_is_the_amount_and_low_income_has_no_number(amount):
    assert (
        resolve_threshold(HardshipBasis.FIXED_AMOUNT, base_amount=None, multiplier=None, fixed_amount=amount) == amount
    )
    assert (
        resolve_threshold(HardshipBasis.LOW_INCOME_HOUSEHOLD, base_amount=None, multiplier=None, fixed_amount=None)
        is None
    )


def test_resolve_threshold_rounds_half_up() -> None:
    assert resolve_threshold(
        HardshipBasis.DIBAO_MULTIPLE, base_amount=Decimal("1001"), multiplier=Decimal("1.005"), fixed_amount=None
    ) == Decimal("1006.01")  # 1006.005 → 1006.01


@pytest.mark.parametrize(
    ("basis", "base", "multiplier", "fixed", "field_name"),
    [
        ("dibao_multiple", Decimal("1000"), None, None, "multiplier"),
        ("dibao_multiple", None, Decimal("1.5"), None, "base_amount"),
        ("min_wage", None, None, None, "base_amount"),
        ("min_wage", Decimal("2490"), None, Decimal("2000"), "fixed_amount"),
        ("min_wage", Decimal("0"), None, None, "base_amount"),
        ("min_wage", Decimal("2490"), Decimal("-1"), None, "multiplier"),
        ("fixed_amount", None, None, None, "fixed_amount"),
        ("fixed_amount", Decimal("1000"), None, Decimal("2000"), "base_amount"),
        ("fixed_amount", None, None, Decimal("NaN"), "fixed_amount"),
        ("low_income_household", None, None, Decimal("2000"), "fixed_amount"),
        ("median_income", Decimal("1000"), None, None, "basis"),
    ],
)
def test_bad_threshold_combinations_raise(basis, base, multiplier, fixed, field_name):
    with pytest.raises(DomainError) as raised:
        resolve_threshold(basis, base_amount=base, multiplier=multiplier, fixed_amount=fixed)
    assert raised.value.field == field_name
    assert raised.value.code == "invalid_threshold"
    assert raised.value.message.endswith("。")
