"""Interview answers are checked against their definition: every problem at once, each named by its
path; hidden questions are never checked; required answers only when the document is to be made."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.core.errors import DomainError
from gongfa.drafting.answers import clean_answers
from gongfa.drafting.compute import FUNCTIONS
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.library import FOLDER


@pytest.fixture(scope="module")
def loan():
    return next(d for d in load_definitions(FOLDER, FUNCTIONS) if d.code == "private_loan_complaint")


def _problems(definition, raw, **kwargs) -> dict[str | None, str]:
    with pytest.raises(DomainError) as raised:
        clean_answers(definition, raw, **kwargs)
    return {p.field: p.code for p in raised.value.problems}


def _loan(**extra):
    loan = {"contract_date": "2024-03-01", "principal": "50000", "lent_on": "2024-03-02", "delivery": "bank_transfer"}
    return loan | extra


def test_answers_are_typed_and_hidden_questions_dropped(loan):
    cleaned = clean_answers(
        loan,
        {
            "plaintiff_name": " 王小明 ",
            "plaintiff_id_number": "11010519491231002x",
            "has_agent": "false",
            "agent_name": "不该出现",  # hidden: has_agent is no
            "loans": [_loan(agreed_rate="6", repaid="1,000")],
            "interest_until": "2025-03-02",
            "nonsense": "dropped",
        },
    )
    assert cleaned["plaintiff_name"] == "王小明"
    assert cleaned["plaintiff_id_number"] == "11010519491231002X"
    assert cleaned["has_agent"] is False and "agent_name" not in cleaned and "nonsense" not in cleaned
    [item] = cleaned["loans"]
    assert item["principal"] == Decimal("50000") and item["repaid"] == Decimal("1000")
    assert item["lent_on"] == datetime.date(2024, 3, 2) and item["delivery"] == "bank_transfer"


def test_bad_answers_are_all_reported_with_their_paths(loan):
    problems = _problems(
        loan,
        {
            "plaintiff_id_number": "110105194912310021",  # wrong check digit
            "plaintiff_phone": "12345",
            "loans": [
                _loan(principal="-5"),
                _loan(lent_on="2024-02-01", agreed_rate="abc"),  # before the contract date
                _loan(principal="12.345"),
            ],
            "interest_until": "2024-01-01",  # before every loan was made
        },
    )
    assert problems == {
        "plaintiff_id_number": "invalid_id_number",
        "plaintiff_phone": "invalid_phone",
        "loans.1.principal": "negative",
        "loans.2.agreed_rate": "not_a_number",
        "loans.3.principal": "too_precise",
        "loans.2.lent_on": "dates_out_of_order",
        "interest_until": "dates_out_of_order",
    }


def test_an_oversized_group_is_refused_before_its_items_are_read(loan):
    problems = _problems(loan, {"loans": [_loan()] * 21})
    assert problems == {"loans": "too_many_items"}


def test_making_the_document_needs_every_required_answer_each_listed(loan):
    raw = {"plaintiff_name": "王小明", "has_guarantor": True, "guarantors": [{"guarantor_name": "李四"}]}
    assert clean_answers(loan, raw)["guarantors"] == [{"guarantor_name": "李四"}]  # saving half-done is fine
    problems = _problems(loan, raw, complete=True)
    for path in ("plaintiff_sex", "plaintiff_id_number", "defendants", "loans", "interest_until", "facts", "court"):
        assert problems.get(path) in ("required", "too_few_items"), path
    assert problems["guarantors.1.guarantor_address"] == "required"
    assert problems["guarantors.1.guarantee_type"] == "required"
    assert "agent_name" not in problems  # not asked: no agent


def test_only_the_named_steps_are_checked(loan):
    cleaned = clean_answers(loan, {"plaintiff_name": "王小明", "loans": "not a list"}, steps=["plaintiff"])
    assert cleaned == {"plaintiff_name": "王小明"}
