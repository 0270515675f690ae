# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""import_call_records: all or nothing, every bad row by its index, re-imports update."""

from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.workorders.choices import CallOutcome, CallSource
from gongfa.workorders.models import CallRecord
from gongfa.workorders.services.calls import CALL_VERB, CallRow, import_call_records
from gongfa.workorders.services.intake import create_work_order
from gongfa.workorders.tests.hotline_fixtures import agent, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db


def row(call_id: str, minute: int = 0, *, answered: bool = True, **extra: Any) -> CallRow:
    values: dict[str, Any] = {
        "call_id": call_id,
        "queue": "12348",
        "received_at": local(2026, 12, 1, 10, minute),
        "answered_at": local(2026, 12, 1, 10, minute, 30) if answered else None,
        "ended_at": local(2026, 12, 1, 10, minute + 3),
        "caller": "13912345678",
        "agent_code": "a1001" if answered else "",
    }
    values.update(extra)
    return CallRow(**values)


def test_import_creates_answered_and_abandoned_calls(queue, agent):
    report = import_call_records([row("I-1"), row("I-2", 5, answered=False), row("I-3", 10, agent_code="ghost")])
    assert (report.created, report.updated) == (3, 0)
    first, second, third = (CallRecord.objects.get(call_id=c) for c in ("I-1", "I-2", "I-3"))
    assert first.outcome == CallOutcome.ANSWERED and first.talk_seconds == 150 and first.wait_seconds == 30
    assert first.agent == agent and first.source == CallSource.IMPORT
    assert second.outcome == CallOutcome.ABANDONED and second.wait_seconds == 180 and second.talk_seconds is None
    assert third.agent is None and third.agent_code == "ghost"


def test_a_reimport_updates_the_same_calls(queue, agent):
    import_call_records([row("I-1")])
    report = import_call_records([row("I-1", talk_seconds=100), row("I-2", 5)])
    assert (report.created, report.updated) == (1, 1)
    assert CallRecord.objects.get(call_id="I-1").talk_seconds == 100
    assert CallRecord.objects.count() == 2


def test_every_bad_row_is_named_and_nothing_is_imported(queue):
    rows = [
        row("I-1"),
        row("I-1", 5),  # duplicate id
        row("I-3", queue="nope"),
        row("I-4", ended_at=local(2026, 12, 1, 9, 0)),  # ends before it rang
        row("I-5", talk_seconds=-5),
        row("I-6", answered_at=local(2026, 12, 1, 9, 0)),
        row("I-7", order="GF20990101-00001"),
        row("", received_at=None),
    ]
    with pytest.raises(ValidationFailed) as caught:
        import_call_records(rows)
    found = {(p.field, p.code) for p in caught.value.problems}
    assert {
        ("rows[1].call_id", "duplicate_call_id"),
        ("rows[2].queue", "unknown_queue"),
        ("rows[3].ended_at", "ended_before_start"),
        ("rows[4].talk_seconds", "negative_duration"),
        ("rows[5].answered_at", "answered_before_ring"),
        ("rows[6].order", "unknown_order"),
        ("rows[7].call_id", "required"),
        ("rows[7].received_at", "required"),
    } <= found
    assert not any((f or "").startswith("rows[0]") for f, _ in found)
    assert "第2行" in next(p.message for p in caught.value.problems if p.field == "rows[1].call_id")
    assert not CallRecord.objects.exists()


def test_an_empty_import_is_refused(queue):
    with pytest.raises(DomainError) as caught:
        import_call_records([])
    assert caught.value.problems[0].code == "empty"


def test_an_imported_call_names_its_order_on_the_order(queue, agent, network):
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="欠薪怎么办",
        received_by=agent,
        contact_phone="13912345678",
        auto_dispatch=False,
    ).order
    import_call_records([row("I-1", order=order.tracking_number)])
    import_call_records([row("I-1", order=order.tracking_number)])  # a re-import does not repeat it
    assert CallRecord.objects.get().order == order
    assert Event.objects.filter(verb=CALL_VERB, subject_id=str(order.pk)).count() == 1
