"""Numbers that run per kind and year (编号): GZ2026000123, PF2026000007 …

One counter row per (kind, year) in an app's own counter table (a model with ``kind``, ``year`` and
``last_value``); the row is locked while a number is drawn, so concurrent callers get distinct
numbers, and a number drawn inside a transaction that rolls back is drawn again.

`cover_year_numbers` is the other half: numbers that came from elsewhere (a county moved in by
``import_region``) raise the counters, so this installation never issues one of them again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

_YEAR_NUMBER = re.compile(r"^([A-Z]{2})(\d{4})(\d{6,})$")


def next_year_number(counter: type[models.Model], prefixes: Mapping[str, str], kind: str) -> str:
    """The next number of `kind` this year: the kind's prefix, the year and six digits."""
    year = timezone.localdate().year
    manager = counter._default_manager
    with transaction.atomic():
        manager.get_or_create(kind=kind, year=year)
        manager.filter(kind=kind, year=year).update(last_value=F("last_value") + 1)
        value = manager.select_for_update().values_list("last_value", flat=True).get(kind=kind, year=year)
    return f"{prefixes[kind]}{year}{value:06d}"


def cover_year_numbers(counter: type[models.Model], prefixes: Mapping[str, str], numbers: Iterable[str]) -> None:
    """Raise the counters to at least the highest of `numbers` per kind and year (numbers that do
    not have the form of this table's prefixes are ignored)."""
    kinds = {prefix: kind for kind, prefix in prefixes.items()}
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        match = _YEAR_NUMBER.match(number or "")
        if match is None or match.group(1) not in kinds:
            continue
        key = (kinds[match.group(1)], int(match.group(2)))
        highest[key] = max(highest.get(key, 0), int(match.group(3)))
    raise_counters(counter, highest)


def raise_counters(counter: type[models.Model], highest: Mapping[tuple[str, int], int]) -> None:
    """Set each (kind, year) counter to at least its value; never lowers one."""
    manager = counter._default_manager
    with transaction.atomic():
        for (kind, year), value in highest.items():
            manager.get_or_create(kind=kind, year=year)
            manager.filter(kind=kind, year=year, last_value__lt=value).update(last_value=value)
