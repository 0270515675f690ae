"""Updates back to 12345 (回传, issue #16 item 3a): queued after commit with the change they report,
retried with a growing wait until acknowledged, given up after the set number of attempts (the
owner is told), each attempt kept; a sweep sends what is due and rescues lost tasks."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import ExternalUpdateKind, ExternalUpdateStatus, ResultCode
from gongfa.workorders.gateways import FlakyGateway, RecordingGateway
from gongfa.workorders.models import ExternalUpdate, WorkOrder
from gongfa.workorders.services import accept_work_order, answer_work_order, close_work_order, receive_12345_transfer
from gongfa.workorders.services.external import backoff, report_progress, send_update_now
from gongfa.workorders.tasks import resend_external_updates

FLAKY = "gongfa.workorders.gateways.FlakyGateway"
FAILING = "gongfa.workorders.gateways.FailingGateway"


@pytest.fixture
def from_12345(staffed_village, django_capture_on_commit_callbacks):
    village, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        result = receive_12345_transfer(
            reference="SX-0001", region=village, text="工地拖欠工资", contact_phone="13800001111"
        )
    order = WorkOrder.objects.get(pk=result.order.pk)
    assert order.owner_user == clerk  # dispatched after commit
    return order, clerk


@pytest.fixture(autouse=True)
def _clean_doubles():
    RecordingGateway.updates.clear()
    FlakyGateway.failures = 0


def test_accept_and_answer_go_back_to_12345_after_commit(from_12345, django_capture_on_commit_callbacks):
    order, clerk = from_12345
    with django_capture_on_commit_callbacks(execute=False) as queued:
        accept_work_order(order=order, actor=clerk)
    update = ExternalUpdate.objects.get()
    assert update.status == ExternalUpdateStatus.PENDING and update.kind == ExternalUpdateKind.ACCEPTED
    assert RecordingGateway.updates == []  # nothing is sent before the commit
    for callback in queued:
        callback()
    update.refresh_from_db()
    assert update.status == ExternalUpdateStatus.SENT and update.reference.startswith("R12345-")
    assert update.acknowledged_at is not None
    assert [(a["ok"], a["reference"]) for a in update.attempts] == [(True, update.reference)]
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=clerk, answer="依法可申请劳动仲裁。", close_with=ResultCode.ANSWERED)
    kinds = [u[1] for u in RecordingGateway.updates]
    assert kinds == ["accepted", "result"]  # closing with the answer reports one result
    assert "依法可申请劳动仲裁" in RecordingGateway.updates[-1][2] and "已解答" in RecordingGateway.updates[-1][2]


def test_a_separate_close_after_the_answer_sends_no_second_result(from_12345, django_capture_on_commit_callbacks):
    order, clerk = from_12345
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=clerk, answer="答复")
        close_work_order(order=order, actor=clerk, result_code=ResultCode.ANSWERED)
    assert [u.kind for u in ExternalUpdate.objects.all()] == ["result"]


def test_orders_not_from_12345_queue_nothing(staffed_village, citizen, django_capture_on_commit_callbacks):
    from gongfa.workorders.services import submit_question

    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    with django_capture_on_commit_callbacks(execute=True):
        accept_work_order(order=order, actor=clerk)
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    assert not ExternalUpdate.objects.exists()


@override_settings(WORKORDER_GATEWAY=FLAKY)
def test_a_failure_is_kept_and_retried_with_a_growing_wait(from_12345, django_capture_on_commit_callbacks):
    order, clerk = from_12345
    FlakyGateway.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        accept_work_order(order=order, actor=clerk)
    update = ExternalUpdate.objects.get()
    assert update.status == ExternalUpdateStatus.PENDING and len(update.attempts) == 1
    assert update.attempts[0]["ok"] is False and "超时" in update.attempts[0]["error"]
    first_wait = update.next_attempt_at
    assert send_update_now(update.pk) == "skipped"  # not due yet: nothing is tried
    assert send_update_now(update.pk, now=first_wait) == "retry"
    update.refresh_from_db()
    assert update.next_attempt_at - first_wait == backoff(2) == 2 * backoff(1)
    assert send_update_now(update.pk, now=update.next_attempt_at) == "sent"
    update.refresh_from_db()
    assert [a["ok"] for a in update.attempts] == [False, False, True]
    # Sent is final: running again (a redelivered task, the sweep) sends nothing more.
    assert send_update_now(update.pk, now=update.next_attempt_at + datetime.timedelta(days=1)) == "skipped"
    assert len(RecordingGateway.updates) == 1


@override_settings(WORKORDER_GATEWAY=FAILING, WORKORDER_UPDATE_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_it_gives_up_and_tells_the_owner(from_12345, django_capture_on_commit_callbacks):
    order, clerk = from_12345
    with django_capture_on_commit_callbacks(execute=True):
        accept_work_order(order=order, actor=clerk)
    update = ExternalUpdate.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the subscription table tells the owner
        for _ in range(2):
            update.refresh_from_db()
            send_update_now(update.pk, now=update.next_attempt_at)
    update.refresh_from_db()
    assert update.status == ExternalUpdateStatus.GAVE_UP and len(update.attempts) == 3
    notice = Notification.objects.get(recipient=clerk, title__startswith="回传12345失败")
    assert order.tracking_number in notice.title and "人工" in notice.body
    assert Event.objects.filter(verb="workorders.external_update_gave_up").count() == 1
    assert send_update_now(update.pk, now=timezone.now() + datetime.timedelta(days=9)) == "skipped"


@override_settings(WORKORDER_GATEWAY=FLAKY)
def test_updates_of_one_order_go_in_order(from_12345, django_capture_on_commit_callbacks):
    order, clerk = from_12345
    FlakyGateway.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        accept_work_order(order=order, actor=clerk)
        report_progress(order=order, actor=clerk, text="已联系群众，约定周五面谈。")
    accepted, progress = ExternalUpdate.objects.order_by("pk")
    progress.refresh_from_db()
    # The acceptance failed; the progress waits behind it rather than overtaking it.
    assert progress.status == ExternalUpdateStatus.PENDING and progress.attempts == []
    accepted.refresh_from_db()
    assert send_update_now(accepted.pk, now=accepted.next_attempt_at) == "sent"
    assert send_update_now(progress.pk, now=accepted.next_attempt_at) == "sent"
    assert [u[1] for u in RecordingGateway.updates] == ["accepted", "progress"]


def test_the_sweep_sends_rows_whose_task_was_lost(from_12345):
    order, clerk = from_12345
    accept_work_order(order=order, actor=clerk)  # no on-commit hooks run: as if the broker was down
    update = ExternalUpdate.objects.get()
    assert update.status == ExternalUpdateStatus.PENDING
    assert resend_external_updates() == 1
    update.refresh_from_db()
    assert update.status == ExternalUpdateStatus.SENT
    assert resend_external_updates() == 0


@pytest.mark.parametrize("text", ["", "   ", "长" * 2001])
def test_progress_needs_a_text_within_the_limit(from_12345, text):
    from gongfa.core.errors import DomainError

    order, clerk = from_12345
    with pytest.raises(DomainError):
        report_progress(order=order, actor=clerk, text=text)
    assert not ExternalUpdate.objects.exists()


def test_progress_only_for_open_orders_from_12345(from_12345, staffed_village, citizen):
    from gongfa.core.errors import DomainError
    from gongfa.workorders.services import submit_question

    order, clerk = from_12345
    other = submit_question(requester=citizen, village=staffed_village[0], text="问题")
    with pytest.raises(DomainError, match="不是12345"):
        report_progress(order=other, actor=clerk, text="进展")
    answer_work_order(order=order, actor=clerk, answer="答复")
    with pytest.raises(DomainError, match="已答复"):
        report_progress(order=order, actor=clerk, text="进展")
    assert ExternalUpdate.objects.filter(kind="progress").count() == 0
