"""Amounts in capital Chinese numerals (人民币大写), as 借条 and agreements write them."""

from decimal import Decimal

import pytest

from gongfa.drafting.compute import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("15000", "壹万伍仟元整"),
        ("100000", "壹拾万元整"),
        ("1004", "壹仟零肆元整"),
        ("10010", "壹万零壹拾元整"),
        ("100100", "壹拾万零壹佰元整"),
        ("1000100", "壹佰万零壹佰元整"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("200000000", "贰亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ],
)
def test_amounts_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(Decimal("-1"))
