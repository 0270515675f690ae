"""Validators for resident ID numbers (GB 11643-1999), mobiles and landlines."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongfa.core.validators import (
    id_check_char,
    normalize_id_number,
    normalize_phone,
    validate_contact_phone,
    validate_id_number,
    validate_mobile,
    validate_region_code,
)


def _code(call, value) -> str | None:
    try:
        call(value)
    except ValidationError as exc:
        return exc.code
    return None


# --- resident ID numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example, with the X check character
        "440524198001010013",
        "330102197001011235",
    ],
)
def test_valid_id_numbers(number):
    validate_id_number(number)


def test_check_character_is_computed_with_iso_7064():
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("44052419800101001") == "3"
    assert id_check_char("33010219700101123") == "5"


def test_lower_case_x_and_spaces_are_accepted():
    validate_id_number(" 11010519491231002x ")
    assert normalize_id_number("110105 19491231 002x") == "11010519491231002X"


@pytest.mark.parametrize("number", ["110105194912310021", "440524198001010014", "330102197001011232"])
def test_wrong_check_digit(number):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == "id_check_digit"
    assert exc.value.messages == ["身份证号校验位不正确，请核对后重新输入。"]


@pytest.mark.parametrize(
    "number",
    [
        "110105194902301235",  # 30 February
        "110105194913011235",  # month 13
        "110105194900011235",  # month 0
        "110105194901321235",  # day 32
    ],
)
def test_impossible_birth_date(number):
    assert _code(validate_id_number, number) == "id_birth_date"


def test_birth_date_out_of_range():
    first17 = "11010518991231002"
    assert _code(validate_id_number, first17 + id_check_char(first17)) == "id_birth_date"
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        future = "11010520300101002"
        with pytest.raises(ValidationError, match="出生日期超出合理范围"):
            validate_id_number(future + id_check_char(future))


@pytest.mark.parametrize(
    "number",
    [
        "",
        "11010519491231002",
        "1101051949123100299",
        "11010519491231002Y",
        "X10105194912310029",
        "１１０１０５１９４９",
    ],
)
def test_malformed_id_numbers(number):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == "id_shape"
    assert "18位" in exc.value.messages[0]


def _full_width(digits: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in digits)


def test_full_width_id_number_is_not_stored_as_is():
    with pytest.raises(ValidationError):
        validate_id_number(_full_width("11010519491231002") + "X")


def test_mixed_width_mobile_is_not_stored_as_is():
    with pytest.raises(ValidationError):
        validate_mobile("13" + _full_width("812345678"))


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "19912345678",
        "+8613812345678",
        "+86 138 1234 5678",
        "0086 13812345678",
        " 138 1234 5678 ",
        "(+86)13812345678",
    ],
)
def test_valid_mobiles(raw):
    validate_mobile(raw)
    assert normalize_phone(raw) == ("13812345678" if "138" in raw else "19912345678")


@pytest.mark.parametrize(
    "raw",
    ["", "12812345678", "1381234567", "138123456789", "23812345678", "1381234567a", "+1 13812345678", "0571-88888888"],
)
def test_invalid_mobiles(raw):
    with pytest.raises(ValidationError) as exc:
        validate_mobile(raw)
    assert exc.value.code == "mobile"
    assert exc.value.messages == ["手机号码格式不正确，应为以1开头的11位数字。"]


@pytest.mark.parametrize(
    "raw", ["0571-88888888", "057188888888", "010-12345678", "0571-8888888-123", "12348", "12345", "13812345678"]
)
def test_contact_phones_include_landlines_and_service_numbers(raw):
    validate_contact_phone(raw)


@pytest.mark.parametrize("raw", ["88888888", "571-88888888", "0571-888", "12349", "0571-88888888-1234567", "电话"])
def test_invalid_contact_phones(raw):
    assert _code(validate_contact_phone, raw) == "phone"


# --- region codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"), [("330102001001", True), ("33010200100", False), ("33010200100a", False), ("", False)]
)
def test_region_codes(value, ok):
    assert (_code(validate_region_code, value) is None) is ok
