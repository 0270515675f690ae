"""What every outreach service shares: numbers (活动编号、提示编号、案例编号)."""

from __future__ import annotations

from collections.abc import Iterable

from gongfa.core.numbering import cover_year_numbers, next_year_number
from gongfa.outreach.models import Sequence

PREFIXES = {"event": "PF", "prompt": "TS", "typical_case": "AL"}
CHANNEL = "workbench"


def next_number(kind: str) -> str:
    """The next number of `kind` this year, e.g. PF2026000123; the counter row is locked."""
    return next_year_number(Sequence, PREFIXES, kind)


def cover_numbers(numbers: Iterable[str]) -> None:
    """Raise the counters so that next_number never issues one of `numbers` (brought in by import_region)."""
    cover_year_numbers(Sequence, PREFIXES, numbers)
