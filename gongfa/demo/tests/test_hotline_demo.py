"""The demo county's hotline (gongfa/demo/hotline.py): the queue at the centre, four weeks of call
records answered by the centre's agents, ~6 % inspected, last night's three messages on the desk,
and a second run that skips. (seed_demo runs it with --history; here it runs after a plain seed.)"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from gongfa.accounts.choices import Role
from gongfa.demo.hotline import HotlineResult, seed_hotline
from gongfa.demo.tests.conftest import START
from gongfa.network.models import StaffPosting
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import CallRecord, HotlineQueue, QualityInspection, WorkOrder
from gongfa.workorders.selectors_calls import hotline_kpis, overnight_messages

COUNTY = "339901000000"


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[HotlineResult]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            yield seed_hotline(20261124, COUNTY, START)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_the_queue_calls_inspections_and_messages(seeded: HotlineResult) -> None:
    queue = HotlineQueue.objects.select_related("point").get(code="12348")
    assert queue.point.region.code == COUNTY
    calls = CallRecord.objects.filter(queue=queue)
    assert not seeded.skipped and seeded.calls == calls.count() - seeded.messages
    assert 200 <= calls.count() <= 500
    agents = set(
        StaffPosting.objects.filter(role=Role.HOTLINE_AGENT, point=queue.point).values_list("user_id", flat=True)
    )
    answered = calls.filter(outcome=CallOutcome.ANSWERED)
    assert set(answered.values_list("agent_id", flat=True)) <= agents
    hotline_orders = WorkOrder.objects.filter(channel="hotline", region_code__startswith=COUNTY[:6], after_hours=False)
    assert answered.filter(order__isnull=False, order__channel="hotline").exists() == hotline_orders.exists()
    kpis = hotline_kpis(calls)
    assert kpis.answer_rate is not None and 0.9 <= kpis.answer_rate < 1
    assert kpis.sample_rate is not None and 0.05 <= kpis.sample_rate <= 0.08
    assert QualityInspection.objects.count() == kpis.inspected == seeded.inspected
    messages = overnight_messages(queue.point)
    assert len(messages) == 3 and all(o.after_hours and o.contact_due is not None for o in messages)


def test_a_second_run_skips() -> None:
    before = CallRecord.objects.count()
    assert seed_hotline(20261124, COUNTY, START).skipped
    assert CallRecord.objects.count() == before
