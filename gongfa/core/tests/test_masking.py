"""Masking of personal data (脱敏): lists, exports and logs show these forms."""

from __future__ import annotations

import pytest

from gongfa.accounts.models import User
from gongfa.core.masking import mask_address, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330102197001011235", "3301**********1235"),
        ("11010519491231002X", "1101**********002X"),
        ("330102700101123", "3301*******1123"),  # old 15-digit numbers keep four and four too
        ("12345678", "********"),
        ("", ""),
        (None, ""),
    ],
)
def test_id_numbers(value, masked):
    assert mask_id_number(value) == masked


def test_id_number_example_from_the_design():
    assert mask_id_number("330100199001011234") == "3301**********1234"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("057188888888", "057*****8888"),
        ("12348", "1****"),
        ("", ""),
        (None, ""),
    ],
)
def test_phones(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("王小明", "王*明"), ("李四", "李*"), ("欧阳明月", "欧**月"), ("张", "张"), ("", ""), (None, "")],
)
def test_names(value, masked):
    assert mask_name(value) == masked


def test_addresses():
    assert mask_address("浙江省杭州市上城区某街道12号") == "浙江省杭州市****"
    assert mask_address("杭州") == "杭州"
    assert mask_address(None) == ""


def test_user_exposes_masked_forms():
    user = User(real_name="王小明", phone="13812345678", id_number="330102197001011235")
    assert user.masked_phone == "138****5678"
    assert user.masked_id_number == "3301**********1235"
    assert user.masked_name == "王*明"
