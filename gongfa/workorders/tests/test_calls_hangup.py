# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""record_hangup: talk time, abandoned calls, the order the call was registered as."""

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.workorders.choices import CallOutcome, CallResult
from gongfa.workorders.services.calls import (
    CALL_VERB,
    CallConflict,
    UnknownCall,
    record_answer,
    record_hangup,
    record_ring,
)
from gongfa.workorders.services.intake import create_work_order
from gongfa.workorders.tests.hotline_fixtures import agent, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db
AT = local(2026, 12, 1, 10, 0)


@pytest.fixture
def answered(queue, agent):
    record_ring("C-1", "13912345678", "12348", AT, agent)
    return record_answer("C-1", local(2026, 12, 1, 10, 0, 20))


@pytest.fixture
def order(network, agent):
    return create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="邻居占用通道怎么办",
        received_by=agent,
        contact_phone="13912345678",
        auto_dispatch=False,
    ).order


def test_hangup_records_talk_time_result_and_the_order(answered, order, agent):
    call = record_hangup(
        "C-1", local(2026, 12, 1, 10, 5, 20), CallResult.REGISTERED, order.tracking_number, actor=agent
    )
    assert call.talk_seconds == 300 and call.result == CallResult.REGISTERED and call.order == order
    assert call.outcome == CallOutcome.ANSWERED
    event = Event.objects.get(verb=CALL_VERB)
    assert event.subject_id == str(order.pk)
    assert event.data == {"call_id": "C-1", "outcome": "answered", "result": "registered", "talk_seconds": 300}
    assert "13912345678" not in str(event.data) and "13912345678" not in event.reason


def test_a_call_never_answered_is_abandoned(queue):
    record_ring("C-2", "", "12348", AT)
    call = record_hangup("C-2", local(2026, 12, 1, 10, 0, 45))
    assert call.outcome == CallOutcome.ABANDONED and call.wait_seconds == 45 and call.talk_seconds is None


def test_the_same_hangup_again_changes_nothing_a_different_one_is_refused(answered):
    end = local(2026, 12, 1, 10, 3)
    record_hangup("C-1", end, CallResult.ANSWERED_ON_CALL)
    assert record_hangup("C-1", end).talk_seconds == 160
    with pytest.raises(CallConflict):
        record_hangup("C-1", local(2026, 12, 1, 10, 4))


def test_hangup_before_ring_is_an_unknown_call(queue):
    with pytest.raises(UnknownCall) as caught:
        record_hangup("never-rang", AT)
    assert caught.value.status == 404


def test_every_problem_of_a_hangup_at_once(answered):
    with pytest.raises(ValidationFailed) as caught:
        record_hangup("C-1", local(2026, 12, 1, 10, 0, 5), "made_up", "GF20990101-00001")
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("result", "invalid_result"),
        ("order", "unknown_order"),
        ("ended_at", "ended_before_start"),
    }
    with pytest.raises(DomainError) as refused:
        record_hangup("C-1", local(2026, 12, 1, 10, 0, 5))  # before the answer
    assert [p.code for p in refused.value.problems] == ["ended_before_start"]
    answered.refresh_from_db()
    assert answered.ended_at is None


def test_an_abandoned_call_takes_no_result_nor_order(queue, order):
    record_ring("C-3", "", "12348", AT)
    with pytest.raises(ValidationFailed) as caught:
        record_hangup("C-3", local(2026, 12, 1, 10, 1), CallResult.OTHER, order.tracking_number)
    assert {p.code for p in caught.value.problems} == {"result_without_answer", "order_without_answer"}


def test_the_desk_links_the_order_it_registered_once(answered, order, agent):
    from gongfa.workorders.services.calls import link_order

    assert link_order(call_id="C-1", order=order, agent=agent)
    assert not link_order(call_id="C-1", order=order, agent=agent)  # already linked
    assert not link_order(call_id="never-rang", order=order, agent=agent)
    answered.refresh_from_db()
    assert answered.order == order
    assert Event.objects.filter(verb=CALL_VERB, subject_id=str(order.pk), channel=Channel.WORKBENCH).count() == 1
