"""Background work for work orders. Tasks are queued after commit and safe to run twice (a task
whose worker died is redelivered, config/celery.py): each reads the current row and does nothing
when there is nothing (left) to do. Time limits stay under the broker's visibility timeout."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation

from gongfa.accounts.sms import SMS_TASK_OPTIONS, send_sms
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.public_status import WORK_ORDER_STATUS

logger = logging.getLogger(__name__)


def _phone_of(order: WorkOrder) -> str:
    return order.requester.phone if order.requester is not None else order.contact_phone


@shared_task(**SMS_TASK_OPTIONS)
def notify_requester_answered(self: object, order_id: int) -> bool:
    """Text the citizen that there is an answer (sent once per order).

    Twice: send_sms's dedupe key (answered:<number>) lets one message through per order; a rerun
    after the order moved on (closed) sends nothing."""
    order = WorkOrder.objects.select_related("requester").filter(pk=order_id).first()
    if order is None or order.status != WorkOrderStatus.ANSWERED or not _phone_of(order):
        return False
    send_sms(
        _phone_of(order),
        f"您的法律服务事项（编号 {order.tracking_number}）已有答复，请登录公法通“我的事项”查看。",
        purpose="workorder_answered",
        dedupe_key=f"answered:{order.tracking_number}",
    )
    return True


@shared_task(**SMS_TASK_OPTIONS)
def notify_requester_closed(self: object, order_id: int) -> bool:
    """Text the citizen that the matter is closed, with the signed rating link (sent once per
    closing; anonymous callers get the link on their contact phone).

    Twice: the dedupe key names the closing (closed:<number>:<closed_at>), so a rerun sends nothing,
    and a rated order is not asked again."""
    from gongfa.workorders.services.feedback import rating_link

    order = WorkOrder.objects.select_related("requester").filter(pk=order_id).first()
    if order is None or order.status != WorkOrderStatus.CLOSED or order.rating is not None or not _phone_of(order):
        return False
    closed_at = order.closed_at.isoformat() if order.closed_at else ""
    with translation.override("zh-hans"):  # texts go out in Chinese; the state in the portal's words
        closed = WORK_ORDER_STATUS.phrase(WorkOrderStatus.CLOSED)
    send_sms(
        _phone_of(order),
        f"您的法律服务事项（编号 {order.tracking_number}）{closed}。"
        f"请对我们的服务评价：{settings.SITE_URL}{rating_link(order)}",
        purpose="workorder_closed",
        dedupe_key=f"closed:{order.tracking_number}:{closed_at}",
    )
    return True


@shared_task(soft_time_limit=200, time_limit=240)
def sweep_sla() -> str:
    """Periodic supervision sweep (also `manage.py sweep_sla`).

    Twice: a notice is raised only where none is live at that level (database constraint
    wo_one_live_notice_per_level; the loser's savepoint rolls back), escalation waits for the
    region's hours since the last notice, and resolving resolves only live notices."""
    from gongfa.workorders.services.supervision import sweep_overdue

    return str(sweep_overdue())


# dispatch_queued stops taking batches after this long; beat starts it again every minute.
DISPATCH_QUEUED_BUDGET_SECONDS = 120
DISPATCH_QUEUED_BATCH = 25


@shared_task(soft_time_limit=200, time_limit=240)
def dispatch_queued() -> int:
    """Dispatch the NEW orders waiting for their automatic dispatch: queued by intake's commit when
    no sweep was waiting (create_work_order(queue_dispatch=True)), and by beat every minute, which
    also rescues orders whose sweep could not be queued (broker down) or was lost.

    Twice: each batch locks its rows (SKIP LOCKED) and takes only NEW orders, in one transaction,
    so two runs at once split the backlog and a rerun finds nothing done twice. It stops after a
    time budget well inside the time limit, so a large backlog never runs into the hard limit.
    Batches are small: a row stays locked (a person's manual dispatch waits) only for its batch."""
    from gongfa.workorders.services.dispatch_queue import dispatch_pending, sweep_started

    sweep_started()
    total = 0
    started = time.monotonic()
    while True:
        done = dispatch_pending(batch_size=DISPATCH_QUEUED_BATCH)
        total += done
        if done < DISPATCH_QUEUED_BATCH or time.monotonic() - started > DISPATCH_QUEUED_BUDGET_SECONDS:
            return total


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_external_update(self: object, update_id: int) -> str:
    """Send one update back to 12345 (回传), queued after the commit of the change it reports. A
    failure is kept as an attempt and the row waits for its next time (resend_external_updates).

    Twice: the row is locked (SKIP LOCKED) and must still be pending and due, so a second run, or
    one racing the sweep, sends nothing; a sent row is never sent again."""
    from gongfa.workorders.services.external import send_update_now

    return send_update_now(update_id)


# resend_external_updates stops taking batches after this long; beat starts it again every minute.
RESEND_BUDGET_SECONDS = 120


@shared_task(soft_time_limit=200, time_limit=240)
def resend_external_updates() -> int:
    """Send the updates to 12345 whose next attempt is due: retries after a failure, and rows whose
    own task was lost (broker down when queued, worker died).

    Twice: each row is locked and must still be pending and due (send_update_now), so two runs at
    once never send one update twice. It stops after a time budget well inside the time limit."""
    from gongfa.workorders.services.external import due_update_ids, send_update_now

    sent = 0
    started = time.monotonic()
    while time.monotonic() - started < RESEND_BUDGET_SECONDS:
        ids = due_update_ids(limit=50)
        results = [send_update_now(pk) for pk in ids]
        sent += results.count("sent")
        # Stop when nothing moved (all waiting behind earlier updates, or taken by another worker).
        if len(ids) < 50 or not any(r in ("sent", "retry", "gave_up") for r in results):
            break
    return sent
