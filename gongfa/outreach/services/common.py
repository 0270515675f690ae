"""What every outreach service shares: numbers (活动编号、提示编号、案例编号)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongfa.outreach.models import Sequence

PREFIXES = {"event": "PF", "prompt": "TS", "typical_case": "AL"}
CHANNEL = "workbench"


def next_number(kind: str) -> str:
    """The next number of `kind` this year, e.g. PF2026000123; the counter row is locked."""
    year = timezone.localdate().year
    with transaction.atomic():
        Sequence.objects.get_or_create(kind=kind, year=year)
        Sequence.objects.filter(kind=kind, year=year).update(last_value=F("last_value") + 1)
        value = Sequence.objects.select_for_update().get(kind=kind, year=year).last_value
    return f"{PREFIXES[kind]}{year}{value:06d}"
