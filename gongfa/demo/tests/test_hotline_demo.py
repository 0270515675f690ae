"""The demo county's hotline (gongfa/demo/hotline.py): the queue at the centre, four weeks of call
records answered by the centre's agents, ~6 % inspected, last night's three messages on the desk,
and a second run that skips."""

from __future__ import annotations

import pytest

from gongfa.accounts.choices import Role
from gongfa.demo.hotline import seed_hotline
from gongfa.demo.tests.conftest import START
from gongfa.network.models import StaffPosting
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import CallRecord, HotlineQueue, QualityInspection
from gongfa.workorders.selectors_calls import hotline_kpis, overnight_messages

COUNTY = "339901000000"

pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_the_queue_calls_inspections_and_messages(seeded: str) -> None:
    queue = HotlineQueue.objects.select_related("point").get(code="12348")
    assert queue.point.region.code == COUNTY
    calls = CallRecord.objects.filter(queue=queue)
    assert 200 <= calls.count() <= 500
    assert "话单" in seeded
    agents = set(
        StaffPosting.objects.filter(role=Role.HOTLINE_AGENT, point=queue.point).values_list("user_id", flat=True)
    )
    answered = calls.filter(outcome=CallOutcome.ANSWERED)
    assert set(answered.values_list("agent_id", flat=True)) <= agents
    assert answered.filter(order__isnull=False, order__channel="hotline").exists()
    kpis = hotline_kpis(calls)
    assert kpis.answer_rate is not None and 0.9 <= kpis.answer_rate < 1
    assert kpis.sample_rate is not None and 0.05 <= kpis.sample_rate <= 0.08
    assert QualityInspection.objects.count() == kpis.inspected
    messages = overnight_messages(queue.point)
    assert len(messages) == 3 and all(o.after_hours and o.contact_due is not None for o in messages)


def test_a_second_run_skips() -> None:
    before = CallRecord.objects.count()
    assert seed_hotline(20261124, COUNTY, START).skipped
    assert CallRecord.objects.count() == before
