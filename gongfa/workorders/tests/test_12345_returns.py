"""An order 12345 returns as unsatisfactory (不满意退回, issue #16 item 3a) reopens with the reason,
the owner is told, a repeat changes nothing; 12345's own deadline governs and is never recomputed."""

import datetime

import pytest
from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    pause_clock,
    receive_12345_transfer,
    reopen_work_order,
    resume_clock,
    submit_question,
)
from gongfa.workorders.services.external import (
    NotReturnable,
    UnknownReference,
    order_for_12345,
    reopen_from_12345,
)

DEADLINE = timezone.now() + datetime.timedelta(days=5)


@pytest.fixture
def answered(staffed_village, django_capture_on_commit_callbacks):
    village, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        result = receive_12345_transfer(
            reference="SX-0002", region=village, text="欠薪", contact_phone="13800001111", deadline=DEADLINE
        )
    order = WorkOrder.objects.get(pk=result.order.pk)
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    return WorkOrder.objects.get(pk=order.pk), clerk


def test_a_return_reopens_with_the_reason_and_tells_the_owner(answered, django_capture_on_commit_callbacks):
    order, clerk = answered
    with django_capture_on_commit_callbacks(execute=True):  # the subscription table tells the owner
        result = reopen_from_12345(order=order_for_12345("SX-0002"), reason="群众反映未联系本人")
    assert not result.replayed
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.status == WorkOrderStatus.IN_PROGRESS and fresh.closed_at is None and fresh.result_code == ""
    event = Event.objects.get(verb="workorders.workorder.return_12345")
    assert event.reason == "群众反映未联系本人" and event.from_status == "closed"
    told = Notification.objects.get(recipient=clerk, title__startswith="12345退回重办")
    assert "群众反映未联系本人" in told.body and told.sms_requested == bool(clerk.phone)
    # 12345's deadline still governs.
    assert fresh.resolve_due == DEADLINE and fresh.deadline_source == "12345工单规定的办理时限"


def test_the_same_return_again_changes_nothing(answered, django_capture_on_commit_callbacks):
    order, clerk = answered
    with django_capture_on_commit_callbacks(execute=True):
        reopen_from_12345(order=order, reason="未联系本人")
        again = reopen_from_12345(order=order, reason="未联系本人")
    assert again.replayed
    assert Event.objects.filter(verb="workorders.workorder.return_12345").count() == 1
    assert Notification.objects.filter(recipient=clerk, title__startswith="12345退回重办").count() == 1
    with pytest.raises(NotReturnable):  # another reason while it is being handled: not answered yet
        reopen_from_12345(order=order, reason="另一个原因")


def test_a_second_return_after_a_new_answer_is_a_new_return(answered):
    order, clerk = answered
    reopen_from_12345(order=order, reason="未联系本人")
    answer_work_order(order=order, actor=clerk, answer="已电话联系")
    assert not reopen_from_12345(order=order, reason="未联系本人").replayed
    assert Event.objects.filter(verb="workorders.workorder.return_12345").count() == 2


def test_a_new_deadline_from_12345_replaces_the_old(answered):
    order, _ = answered
    later = timezone.now() + datetime.timedelta(days=9)
    reopen_from_12345(order=order, reason="不满意", deadline=later)
    assert WorkOrder.objects.get(pk=order.pk).resolve_due == later


@pytest.mark.parametrize(
    ("reason", "deadline", "code"),
    [
        ("", None, "reason_required"),
        ("   ", None, "reason_required"),
        ("长" * 1001, None, "too_long"),
        ("不满意", timezone.now() - datetime.timedelta(hours=1), "deadline_in_past"),
    ],
)
def test_bad_returns_are_refused_and_change_nothing(answered, reason, deadline, code):
    order, _ = answered
    with pytest.raises(DomainError) as caught:
        reopen_from_12345(order=order, reason=reason, deadline=deadline)
    assert code in [p.code for p in caught.value.problems]
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.CLOSED


def test_unknown_references_and_orders_not_from_12345(citizen, staffed_village):
    with pytest.raises(UnknownReference):
        order_for_12345("SX-404")
    with pytest.raises(DomainError, match="编号"):
        order_for_12345("  ")
    own = submit_question(requester=citizen, village=staffed_village[0], text="问题")
    with pytest.raises(DomainError) as caught:
        order_for_12345(own.tracking_number)
    assert caught.value.code == "not_from_12345"
    with pytest.raises(DomainError) as caught:
        reopen_from_12345(order=own, reason="不满意")
    assert [p.code for p in caught.value.problems] == ["not_from_12345"]


def test_an_order_still_being_handled_cannot_be_returned(staffed_village, django_capture_on_commit_callbacks):
    village, _ = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        result = receive_12345_transfer(reference="SX-0003", region=village, text="欠薪", contact_phone="13800001111")
    with pytest.raises(NotReturnable):
        reopen_from_12345(order=result.order, reason="不满意")


def test_nothing_later_recomputes_12345s_deadline(staffed_village, django_capture_on_commit_callbacks):
    """Dispatch, accept, pause/resume (a shift by the paused time), answer, close and reopen: the
    deadline stays 12345's."""
    village, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        result = receive_12345_transfer(
            reference="SX-0004", region=village, text="欠薪", contact_phone="13800001111", deadline=DEADLINE
        )
    order = WorkOrder.objects.get(pk=result.order.pk)
    assert order.resolve_due == DEADLINE and order.status == WorkOrderStatus.ASSIGNED
    accept_work_order(order=order, actor=clerk)
    pause_clock(order=order, actor=clerk, reason="等待材料")
    resume_clock(order=order, actor=clerk)
    shifted = WorkOrder.objects.get(pk=order.pk)
    assert shifted.resolve_due is not None
    assert DEADLINE <= shifted.resolve_due < DEADLINE + datetime.timedelta(minutes=1)
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    reopen_work_order(order=order, actor=clerk, reason="群众补充")
    final = WorkOrder.objects.get(pk=order.pk)
    assert final.resolve_due == shifted.resolve_due and final.deadline_source == "12345工单规定的办理时限"
