"""Fixtures of the hotline call tests (imported by each test_calls_* module)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.network.models import DutyShift
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import HotlineQueue, QualityChecklistItem


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


@pytest.fixture
def queue(network):
    return HotlineQueue.objects.create(code="12348", name="12348热线", point=network.centre)


@pytest.fixture
def agent(network):
    user = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席", username="a1001")
    post(user, network.centre)
    return user


@pytest.fixture
def cti(network):
    """The call-centre software's account (its API token's user), posted at the centre."""
    user = UserFactory(role=Role.HOTLINE_AGENT, real_name="话务系统", username="cti")
    post(user, network.centre)
    return user


@pytest.fixture
def checklist(db):
    if not QualityChecklistItem.objects.exists():
        importlib.import_module("gongfa.workorders.migrations.0012_quality_checklist_items").seed(apps, None)
    return list(QualityChecklistItem.objects.filter(is_active=True).order_by("sort_order"))


def on_duty(point, user, day: datetime.date, start=datetime.time(8, 0), end=datetime.time(20, 0)) -> DutyShift:
    return DutyShift.objects.create(point=point, user=user, date=day, starts_at=start, ends_at=end)
