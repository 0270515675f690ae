"""Masking of personal data for lists, exports and logs (invariant: masked by default)."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """3301**********1234: keep the first four and last four characters."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****5678 for mobiles; for other numbers keep the first three and last four."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张*三 style: keep the family name and, for three or more characters, the last character."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_address(value: str | None, keep: int = 6) -> str:
    if not value:
        return ""
    return value[:keep] + ("****" if len(value) > keep else "")
