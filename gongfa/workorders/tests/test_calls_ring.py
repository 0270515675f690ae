# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""record_ring / record_answer: the CTI reports a call ringing and being picked up."""

import pytest

from gongfa.core.crypto import blind_index
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.workorders.choices import CallOutcome, CallSource
from gongfa.workorders.models import CallRecord
from gongfa.workorders.services.calls import CallConflict, UnknownCall, record_answer, record_ring
from gongfa.workorders.tests.hotline_fixtures import agent, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db
AT = local(2026, 12, 1, 10, 0)


def test_a_ring_creates_the_call_with_its_region_and_encrypted_number(queue, network, agent):
    result = record_ring("C-1", "+86 139 1234 5678", "12348", AT, agent)
    call = result.call
    assert result.created
    assert call.region_code == network.county.code
    assert call.source == CallSource.CTI and call.outcome == CallOutcome.RINGING
    assert call.agent == agent and call.agent_code == "a1001"
    assert call.caller_phone == "13912345678"
    assert CallRecord.objects.get(caller_phone_hash=blind_index("13912345678", "phone")) == call
    assert "13912345678" not in str(call)


def test_a_second_ring_returns_the_same_call_and_fills_in_the_agent(queue, agent):
    first = record_ring("C-1", "13912345678", "12348", AT).call
    again = record_ring("C-1", "13912345678", "12348", AT, agent)
    assert not again.created and again.call.pk == first.pk
    assert CallRecord.objects.get().agent == agent
    assert CallRecord.objects.count() == 1


def test_an_unknown_agent_code_keeps_the_code_without_an_agent(queue):
    call = record_ring("C-2", "", "12348", AT, agent_code="nobody-9").call
    assert call.agent is None and call.agent_code == "nobody-9"
    assert call.masked_caller == "号码未显示"


def test_every_problem_of_a_ring_at_once(queue):
    with pytest.raises(ValidationFailed) as caught:
        record_ring("", "not-a-number", "nope", AT)
    codes = {(p.field, p.code) for p in caught.value.problems}
    assert codes == {("call_id", "required"), ("caller", "invalid_caller"), ("queue", "unknown_queue")}
    assert not CallRecord.objects.exists()


def test_an_inactive_queue_is_refused(queue):
    queue.is_active = False
    queue.save()
    with pytest.raises(DomainError) as caught:
        record_ring("C-3", "", "12348", AT)
    assert caught.value.code == "unknown_queue"


def test_answer_measures_the_wait_and_is_idempotent(queue, agent):
    record_ring("C-1", "13912345678", "12348", AT)
    call = record_answer("C-1", local(2026, 12, 1, 10, 0, 25), agent_code="a1001")
    assert call.outcome == CallOutcome.ANSWERED and call.wait_seconds == 25 and call.agent == agent
    assert record_answer("C-1", local(2026, 12, 1, 10, 0, 40)).answered_at == call.answered_at


def test_answer_before_the_ring_or_of_an_unknown_call_is_refused(queue):
    with pytest.raises(UnknownCall):
        record_answer("never-rang", AT)
    record_ring("C-1", "", "12348", AT)
    with pytest.raises(DomainError) as caught:
        record_answer("C-1", local(2026, 12, 1, 9, 59))
    assert caught.value.code == "answered_before_ring"
    assert CallRecord.objects.get().outcome == CallOutcome.RINGING


def test_an_abandoned_call_cannot_be_answered(queue):
    from gongfa.workorders.services.calls import record_hangup

    record_ring("C-1", "", "12348", AT)
    record_hangup("C-1", local(2026, 12, 1, 10, 1))
    with pytest.raises(CallConflict):
        record_answer("C-1", local(2026, 12, 1, 10, 2))
