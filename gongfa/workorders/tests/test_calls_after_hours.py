# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""leave_after_hours_message (7×24): outside the duty roster a call becomes a message with a
next-working-day call-back deadline; the desk lists the open ones oldest first."""

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.errors import NotPermitted, ValidationFailed
from gongfa.network.services import set_region_setting
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import CallOutcome, WorkOrderStatus
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder
from gongfa.workorders.selectors_calls import overnight_messages
from gongfa.workorders.services.calls import (
    CallConflict,
    OnDuty,
    callback_due,
    leave_after_hours_message,
    record_answer,
    record_ring,
)
from gongfa.workorders.tests.hotline_fixtures import agent, cti, local, on_duty, queue  # noqa: F401

pytestmark = pytest.mark.django_db
TUESDAY_NIGHT = local(2026, 12, 1, 22, 30)


def test_a_message_becomes_an_after_hours_order_due_next_working_morning(queue, cti, network):
    result = leave_after_hours_message(
        "N-1", "13912345678", "12348", received_by=cti, text="想问离婚财产", at=TUESDAY_NIGHT
    )
    call = result.call
    order = call.order
    assert order is not None
    assert result.created and call.outcome == CallOutcome.MESSAGE and call.ended_at == TUESDAY_NIGHT
    assert order.channel == "hotline" and order.after_hours and order.status == WorkOrderStatus.NEW
    assert order.owner_point == network.centre  # kept at the desk, not dispatched
    assert order.contact_due == local(2026, 12, 2, 11, 0)  # Wednesday 09:00 + 2 h
    assert "想问离婚财产" in order.text and order.contact_phone == "13912345678"


def test_the_same_call_again_returns_the_same_order(queue, cti):
    first = leave_after_hours_message("N-1", "13912345678", "12348", received_by=cti, at=TUESDAY_NIGHT)
    again = leave_after_hours_message("N-1", "13912345678", "12348", received_by=cti, at=TUESDAY_NIGHT)
    assert not again.created and again.call.order_id == first.call.order_id
    assert WorkOrder.objects.count() == 1


def test_a_withheld_number_still_leaves_a_message(queue, cti):
    order = leave_after_hours_message("N-2", "", "12348", received_by=cti, at=TUESDAY_NIGHT).call.order
    assert order is not None
    assert order.phone_withheld and order.contact_phone == ""


def test_refused_while_someone_is_on_duty(queue, cti, agent, network):
    on_duty(network.centre, agent, datetime.date(2026, 12, 1))
    with pytest.raises(OnDuty) as caught:
        leave_after_hours_message("N-3", "13912345678", "12348", received_by=cti, at=local(2026, 12, 1, 10, 0))
    assert caught.value.status == 409
    assert not WorkOrder.objects.exists() and not CallRecord.objects.exists()
    # The same evening, after the shift: a message.
    assert leave_after_hours_message("N-3", "13912345678", "12348", received_by=cti, at=TUESDAY_NIGHT).created


def test_bad_inputs_and_callers(queue, cti):
    with pytest.raises(ValidationFailed) as caught:
        leave_after_hours_message("", "abc", "nope", received_by=cti, at=TUESDAY_NIGHT)
    assert {p.code for p in caught.value.problems} == {"required", "invalid_caller", "unknown_queue"}
    with pytest.raises(NotPermitted):
        leave_after_hours_message("N-4", "", "12348", received_by=CitizenFactory(), at=TUESDAY_NIGHT)
    record_ring("N-5", "", "12348", TUESDAY_NIGHT)
    record_answer("N-5", TUESDAY_NIGHT)
    with pytest.raises(CallConflict):
        leave_after_hours_message("N-5", "", "12348", received_by=cti, at=TUESDAY_NIGHT)


@pytest.mark.parametrize(
    ("left_at", "due"),
    [
        (local(2026, 12, 1, 22, 30), local(2026, 12, 2, 11, 0)),  # Tuesday night → Wednesday
        (local(2026, 12, 2, 3, 0), local(2026, 12, 2, 11, 0)),  # Wednesday before the office opens
        (local(2026, 12, 4, 19, 0), local(2026, 12, 7, 11, 0)),  # Friday evening → Monday
        (local(2026, 12, 5, 12, 0), local(2026, 12, 7, 11, 0)),  # Saturday → Monday
    ],
)
def test_callback_due_is_the_next_working_morning(db, left_at, due):
    assert callback_due(left_at) == due


def test_the_hours_after_opening_are_a_region_setting(network):
    set_region_setting(
        region=network.province,
        key="workorders.after_hours_callback_hours",
        value=0,
        effective_from=datetime.date(2026, 1, 1),
    )
    assert callback_due(TUESDAY_NIGHT, network.county) == local(2026, 12, 2, 9, 0)


def test_overnight_messages_oldest_first_for_the_point_and_its_agents(queue, cti, agent, network):
    later = leave_after_hours_message("N-2", "13912345678", "12348", received_by=cti, at=TUESDAY_NIGHT).call.order
    assert later is not None
    earlier = leave_after_hours_message("N-1", "13912345679", "12348", received_by=cti, at=TUESDAY_NIGHT).call.order
    assert earlier is not None
    WorkOrder.objects.filter(pk=earlier.pk).update(created_at=local(2026, 12, 1, 20, 0))
    assert [o.pk for o in overnight_messages(network.centre)] == [earlier.pk, later.pk]
    assert [o.pk for o in overnight_messages(agent)] == [earlier.pk, later.pk]
    # Elsewhere: nothing. Closed: gone.
    other = UserFactory(role=Role.HOTLINE_AGENT)
    post(other, network.stations[network.townships[0].code])
    assert overnight_messages(other) == []
    WorkOrder.objects.filter(pk=earlier.pk).update(status=WorkOrderStatus.CLOSED)
    assert [o.pk for o in overnight_messages(network.centre)] == [later.pk]
    other_queue = HotlineQueue.objects.create(
        code="other", name="其他", point=network.stations[network.townships[0].code]
    )
    assert overnight_messages(other_queue.point) == []
