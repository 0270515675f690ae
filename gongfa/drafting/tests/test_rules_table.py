"""The interest and amount rules as a table: each row an input, the expected figure and the rule
it follows (the basis is part of the row, and the result must name it where the law limits)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.drafting.compute import CAP_RULE, NO_RATE_RULE, amount_in_words, claim_total, difference, loan_interest

D = datetime.date
CAP = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条"
NO_RATE = "《中华人民共和国民法典》第六百八十条"
PAYMENT_RULES = "《支付结算办法》附一《正确填写票据和结算凭证的基本规定》"

INTEREST = [
    # (principal, start, end, agreed %, contract date, expected interest, applied %, rule, basis)
    ("100000", D(2024, 1, 1), D(2025, 1, 1), "6", None, "6016.44", "6", "",
     "单利逐日计算，一年按365天（设置 DRAFTING_INTEREST_DAY_BASIS）"),
    ("50000", D(2024, 3, 1), D(2025, 3, 1), "24", None, "6900.00", "13.80", CAP,
     CAP + "：约定利率超过合同成立时一年期LPR（3.45%）四倍的部分不予支持"),
    ("50000", D(2024, 3, 1), D(2025, 3, 1), "13.80", None, "6900.00", "13.80", "",
     CAP + "：恰为四倍的，全额支持"),
    ("10000", D(2024, 8, 1), D(2025, 8, 1), "15", D(2020, 1, 1), "1500.00", "15", "",
     CAP + "：上限看合同成立时（2020年1月LPR 4.15%，四倍16.60%）"),
    ("20000", D(2024, 1, 1), D(2024, 12, 31), None, None, "0.00", "0", NO_RATE,
     NO_RATE + "：借款合同对支付利息没有约定的，视为没有利息"),
    ("20000", D(2024, 1, 1), D(2024, 1, 1), "10", None, "0.00", "10", "",
     "起止同日，计息0天"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("principal", "start", "end", "agreed", "contract", "expected", "applied", "rule", "basis"), INTEREST
)
def test_interest(principal, start, end, agreed, contract, expected, applied, rule, basis):
    result = loan_interest(Decimal(principal), start, end, Decimal(agreed) if agreed else None, contract_date=contract)
    assert result.amount == Decimal(expected), basis
    assert result.applied_percent == Decimal(applied), basis
    assert result.rule == rule, basis
    if rule == CAP_RULE:
        assert CAP in result.warning  # the warning names the rule, never silent
    if rule == NO_RATE_RULE:
        assert NO_RATE in result.explanation


AMOUNTS = [
    # (amount, words, basis)
    ("53520", "伍万叁仟伍佰贰拾元整", PAYMENT_RULES + "：到元为止的，在“元”之后写“整”"),
    ("1005.40", "壹仟零伍元肆角", PAYMENT_RULES + "：中间有“0”时写“零”；到角为止的，“角”后可不写“整”"),
    ("100000.05", "壹拾万元零伍分", PAYMENT_RULES + "：元位是“0”而角位不是“0”时，可写“零”"),
    ("0.80", "捌角", PAYMENT_RULES),
    ("148300.40", "壹拾肆万捌仟叁佰元肆角", PAYMENT_RULES + "：万位以下连续为“0”时只写一个“零”或不写"),
]


@pytest.mark.parametrize(("amount", "words", "basis"), AMOUNTS)
def test_amount_in_words(amount, words, basis):
    assert amount_in_words(Decimal(amount)) == words, basis


TOTALS = [
    # (loans as (owed, interest), costs, total, basis)
    ([("40000", "6900"), ("8000", "0")], "3000", "57900.00",
     "《中华人民共和国民事诉讼法》第一百二十四条：诉讼请求（标的总额）"),
    ([("10000", "0")], None, "10000.00", "没有主张实现债权的费用时不计"),
]  # fmt: skip


@pytest.mark.parametrize(("loans", "costs", "total", "basis"), TOTALS)
def test_claim_total_adds_up(loans, costs, total, basis):
    items = [{"owed": difference(Decimal(owed)), "interest": Decimal(interest)} for owed, interest in loans]
    assert claim_total(items, Decimal(costs) if costs else None) == Decimal(total), basis
