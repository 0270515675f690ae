"""Shared helpers for the catalogue tests."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from gongfa.catalog.models import ServiceType, SlaRule

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware local (Beijing) time."""
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def end_of(year: int, month: int, day: int) -> datetime.datetime:
    return at(year, month, day, 23, 59, 59)


@pytest.fixture
def consultation(db: None) -> ServiceType:
    return ServiceType.objects.get(code="consultation")


@pytest.fixture
def make_rule(db: None):
    """An unsaved rule with the given unit and amount (pure deadline math needs no row)."""

    def make(amount: int, unit: str, stage: str = "resolve", service_type: ServiceType | None = None) -> SlaRule:
        kind = service_type or ServiceType.objects.get(code="other")
        return SlaRule(service_type=kind, stage=stage, amount=amount, unit=unit)

    return make
