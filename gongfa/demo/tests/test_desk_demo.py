"""The demo's hotline-desk follow-up (gongfa/demo/desk.py): answer templates across topics, overdue
and near-due open orders with the sweep's and a supervisor's own notices, two 12345 orders with
their updates (one acknowledged, one waiting after a failed attempt), and a second run that skips."""

from __future__ import annotations

import pytest
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from gongfa.demo.desk import FIRST_12345, seed_desk
from gongfa.demo.tests.conftest import START
from gongfa.workorders.choices import ExternalUpdateStatus, SlaState, SupervisionKind, SupervisionStatus
from gongfa.workorders.models import AnswerTemplate, ExternalUpdate, SupervisionNotice, WorkOrder

COUNTY = "339901000000"

pytestmark = pytest.mark.usefixtures("desk", "db")


@pytest.fixture(scope="module")
def desk(seeded: str, django_db_blocker: DjangoDbBlocker) -> None:
    """The desk's data on the default demo world (make run seeds it after the history)."""
    with django_db_blocker.unblock():
        seed_desk(20261124, COUNTY, START)


def test_templates_across_topics_citing_the_law() -> None:
    templates = list(AnswerTemplate.objects.select_related("topic"))
    assert 15 <= len(templates) <= 25
    assert len({t.topic_id for t in templates}) >= 10
    assert all("《" in t.body and "条" in t.body for t in templates)


def test_overdue_and_near_due_orders_with_notices() -> None:
    now = timezone.now()
    overdue = WorkOrder.objects.sla_state(SlaState.OVERDUE, now=now)
    near = WorkOrder.objects.sla_state(SlaState.NEAR_DUE, now=now)
    assert overdue.count() >= 3 and near.count() >= 1
    for order in overdue[:5]:
        assert order.resolve_due is not None and order.created_at < order.resolve_due  # moved as a whole
    live = SupervisionNotice.objects.exclude(status=SupervisionStatus.RESOLVED)
    assert live.filter(kind=SupervisionKind.SWEEP).exists()
    manual = live.filter(kind=SupervisionKind.MANUAL)
    assert manual.count() == 2 and all(n.due_at is not None and n.due_at > now for n in manual)


def test_two_orders_from_12345_with_their_updates() -> None:
    orders = WorkOrder.objects.filter(external_system="12345", external_ref__startswith="SX-DEMO-").order_by("pk")
    assert orders.count() == 2
    assert all(o.deadline_source == "12345工单规定的办理时限" for o in orders)
    first, second = (ExternalUpdate.objects.filter(order=o).get() for o in orders)
    assert first.status == ExternalUpdateStatus.SENT and first.reference
    assert second.status == ExternalUpdateStatus.PENDING
    assert [a["ok"] for a in second.attempts] == [False]


def test_a_second_run_skips() -> None:
    before = (AnswerTemplate.objects.count(), SupervisionNotice.objects.count(), ExternalUpdate.objects.count())
    assert seed_desk(20261124, COUNTY, START).skipped
    after = (AnswerTemplate.objects.count(), SupervisionNotice.objects.count(), ExternalUpdate.objects.count())
    assert before == after
    assert WorkOrder.objects.filter(external_ref=FIRST_12345).count() == 1
