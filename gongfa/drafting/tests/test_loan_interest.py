"""Interest on a private loan to a chosen date, with the legal cap (four times the LPR in force when
the contract was made) as a warning with the rule, never silently."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.drafting.compute import CAP_RULE, NO_RATE_RULE, loan_interest, lpr_on, sum_of

D = datetime.date


def test_simple_interest_to_the_chosen_date():
    result = loan_interest(Decimal("100000"), D(2024, 1, 1), D(2025, 1, 1), Decimal("6"))
    assert result.days == 366 and result.day_basis == 365
    assert result.amount == Decimal("6016.44")  # 100000 × 6 % × 366 / 365
    assert result.warning == "" and result.applied_percent == Decimal("6")
    assert "共366天" in result.explanation and "一年按365天" in result.explanation


def test_the_day_basis_is_a_setting(settings):
    settings.DRAFTING_INTEREST_DAY_BASIS = 360
    result = loan_interest(Decimal("36000"), D(2024, 1, 1), D(2024, 1, 31), Decimal("10"))
    assert result.amount == Decimal("300.00")  # 36000 × 10 % × 30 / 360


def test_a_rate_above_four_times_the_lpr_is_computed_at_the_cap_with_a_warning():
    # LPR 3.45 % from 21 August 2023: the cap is 13.80 %.
    result = loan_interest(Decimal("50000"), D(2024, 3, 1), D(2025, 3, 1), Decimal("24"))
    assert result.cap_percent == Decimal("13.80") and result.applied_percent == Decimal("13.80")
    assert result.amount == (Decimal("50000") * Decimal("0.138") * 365 / 365).quantize(Decimal("0.01"))
    assert result.rule == CAP_RULE
    assert "24%超过" in result.warning and "3.45%的四倍（13.80%）" in result.warning and CAP_RULE in result.warning


def test_the_cap_follows_the_contract_date_not_the_start_of_interest():
    early = loan_interest(Decimal("10000"), D(2024, 8, 1), D(2024, 9, 1), Decimal("15"), contract_date=D(2023, 1, 1))
    assert early.cap_percent == Decimal("14.60") and early.applied_percent == Decimal("14.60")  # LPR 3.65 %
    late = loan_interest(Decimal("10000"), D(2024, 8, 1), D(2024, 9, 1), Decimal("15"), contract_date=D(2024, 11, 1))
    assert late.cap_percent == Decimal("12.40")  # LPR 3.10 % from 21 October 2024


def test_a_contract_after_the_checked_table_says_to_check_the_rate(settings):
    settings.DRAFTING_LPR_CHECKED_THROUGH = "2025-06-20"
    result = loan_interest(Decimal("10000"), D(2026, 1, 5), D(2026, 6, 5), Decimal("20"))
    assert result.cap_percent == Decimal("12.00")  # the last known rate, 3.00 %
    assert "核对至2025年06月20日" in result.warning


def test_no_agreed_rate_means_no_interest_with_the_rule():
    result = loan_interest(Decimal("10000"), D(2024, 1, 1), D(2024, 12, 31), None)
    assert result.amount == Decimal("0.00") and result.rule == NO_RATE_RULE
    assert NO_RATE_RULE in result.explanation


def test_the_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="before the start"):
        loan_interest(Decimal("1"), D(2024, 2, 1), D(2024, 1, 1), Decimal("1"))


def test_the_lpr_table_starts_in_august_2019():
    assert lpr_on(D(2019, 8, 19)) is None
    first = lpr_on(D(2019, 8, 20))
    assert first is not None and first.percent == Decimal("4.25")


def test_sum_of_a_groups_values():
    assert sum_of([{"amount": "1.10"}, {"amount": 2}, {"amount": ""}, {}]) == Decimal("3.10")
    assert sum_of(None) == Decimal("0.00")
