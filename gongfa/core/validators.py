"""Validators for Chinese personal identifiers.

Resident ID numbers follow GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit
sequence and a check character computed with ISO 7064 MOD 11-2.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# Landline: area code 0xx/0xxx, a 7–8 digit number, optional extension; or a short service number.
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$")
_SERVICE_NUMBER = re.compile(r"^(12348|12345|110|120|119|122)$")
_REGION_CODE = re.compile(r"^[0-9]{12}$")


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def validate_id_number(value: str) -> None:
    """Reject anything that is not a well-formed 18-character resident ID number."""
    number = normalize_id_number(value)
    if not _ID_SHAPE.match(number):
        raise ValidationError(gettext("身份证号应为18位：前17位为数字，最后一位为数字或X。"), code="id_shape")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(gettext("身份证号中的出生日期不是有效日期。"), code="id_birth_date") from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError(gettext("身份证号中的出生日期超出合理范围。"), code="id_birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(gettext("身份证号校验位不正确，请核对后重新输入。"), code="id_check_digit")


def normalize_phone(value: str) -> str:
    cleaned = re.sub(r"[\s()（）]", "", value.strip())
    if cleaned.startswith("+86"):
        cleaned = cleaned[3:]
    elif cleaned.startswith("0086"):
        cleaned = cleaned[4:]
    return cleaned


def validate_mobile(value: str) -> None:
    """Mainland mobile numbers: 11 digits starting 13–19."""
    if not _MOBILE.match(normalize_phone(value)):
        raise ValidationError(gettext("手机号码格式不正确，应为以1开头的11位数字。"), code="mobile")


def validate_contact_phone(value: str) -> None:
    """Service-point phones: a mobile, a landline with area code, or a short service number."""
    phone = normalize_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone) or _SERVICE_NUMBER.match(phone)):
        raise ValidationError(gettext("电话号码格式不正确，应为手机号、带区号的座机号或服务热线。"), code="phone")


def validate_region_code(value: str) -> None:
    if not _REGION_CODE.match(value or ""):
        raise ValidationError(gettext("行政区划代码应为12位数字。"), code="region_code")


def validate_person_phone(value: str) -> None:
    """A person's contact number: a mobile or a landline with area code (no service numbers)."""
    phone = normalize_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(gettext("联系电话格式不正确，应为手机号或带区号的座机号。"), code="phone")


# C0 controls other than tab, newline and carriage return, DEL, and the C1 block. A NUL byte breaks
# PostgreSQL text columns; the others are invisible in a page and usually an attack or a paste accident.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def contains_control_chars(value: str) -> bool:
    return bool(_CONTROL_CHARS.search(value))


def validate_plain_text(value: str) -> None:
    """Every free-text input: reject NUL and other control characters (tab and line breaks are fine)."""
    if isinstance(value, str) and contains_control_chars(value):
        raise ValidationError(gettext("内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"), code="control_chars")
