"""What every appointments service shares: numbers (预约号、公证案号、引导编号)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongfa.appointments.models import Sequence

PREFIXES = {"booking": "YY", "notarization": "GZ", "appraisal": "JD"}


def next_number(kind: str) -> str:
    """The next number of `kind` this year, e.g. GZ2026000123. Runs in the caller's transaction;
    the counter row is locked, so concurrent callers get distinct numbers."""
    year = timezone.localdate().year
    with transaction.atomic():
        Sequence.objects.get_or_create(kind=kind, year=year)
        Sequence.objects.filter(kind=kind, year=year).update(last_value=F("last_value") + 1)
        value = Sequence.objects.select_for_update().get(kind=kind, year=year).last_value
    return f"{PREFIXES[kind]}{year}{value:06d}"
