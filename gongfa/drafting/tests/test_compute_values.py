"""A definition's computed values over an interview's answers: per loan (what is still owed, its
interest to the chosen date, capped with a warning), then the claim total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongfa.drafting.answers import clean_answers
from gongfa.drafting.compute import CAP_RULE, FUNCTIONS, compute_values
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.library import FOLDER


@pytest.fixture(scope="module")
def loan():
    return next(d for d in load_definitions(FOLDER, FUNCTIONS) if d.code == "private_loan_complaint")


def _answers(loan, **extra):
    raw = {
        "loans": [
            # 2024-03-01: LPR 3.45 %, cap 13.80 %; 24 % agreed, so capped.
            {"contract_date": "2024-03-01", "principal": "50000", "lent_on": "2024-03-01", "delivery": "cash",
             "agreed_rate": "24", "repaid": "10000"},
            # No rate agreed: no interest.
            {"contract_date": "2024-06-01", "principal": "8000", "lent_on": "2024-06-01", "delivery": "online"},
        ],
        "interest_until": "2025-03-01",
        "claims_costs": "true",
        "costs_amount": "3000",
    } | extra  # fmt: skip
    return clean_answers(loan, raw)


def test_each_loan_is_computed_and_the_total_adds_up(loan):
    result = compute_values(loan, _answers(loan))
    first, second = result.groups["loans"]
    assert first["owed"] == Decimal("40000.00")
    assert first["interest"].applied_percent == Decimal("13.80") and first["interest"].days == 365
    assert first["interest"].amount == Decimal("5520.00")  # 40000 × 13.8 % × 365 / 365
    assert second["owed"] == Decimal("8000.00") and second["interest"].amount == Decimal("0.00")
    assert result.value("claim_total") == Decimal("40000") + Decimal("5520") + Decimal("8000") + Decimal("3000")
    [warning] = result.warnings
    assert warning.startswith("利息（第1项）：约定年利率24%超过") and CAP_RULE in warning


def test_values_whose_answers_are_missing_are_left_out(loan):
    result = compute_values(loan, clean_answers(loan, {"loans": [{"principal": "100"}]}))
    [item] = result.groups["loans"]
    assert item["owed"] == Decimal("100.00") and "interest" not in item  # no dates yet
    assert result.value("claim_total") == Decimal("100.00")
    assert result.warnings == []
