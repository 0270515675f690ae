"""What every appointments service shares: numbers (预约号、公证案号、引导编号)."""

from __future__ import annotations

from collections.abc import Iterable

from gongfa.appointments.models import Sequence
from gongfa.core.numbering import cover_year_numbers, next_year_number

PREFIXES = {"booking": "YY", "notarization": "GZ", "appraisal": "JD"}


def next_number(kind: str) -> str:
    """The next number of `kind` this year, e.g. GZ2026000123. Runs in the caller's transaction;
    the counter row is locked, so concurrent callers get distinct numbers."""
    return next_year_number(Sequence, PREFIXES, kind)


def cover_numbers(numbers: Iterable[str]) -> None:
    """Raise the counters so that next_number never issues one of `numbers` (brought in by import_region)."""
    cover_year_numbers(Sequence, PREFIXES, numbers)
