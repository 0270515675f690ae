"""Background work for work orders. Tasks are queued after commit and safe to retry: each reads
the current row and does nothing when there is nothing (left) to do."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from gongfa.accounts.sms import SmsError, send_sms
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

logger = logging.getLogger(__name__)


def _phone_of(order: WorkOrder) -> str:
    return order.requester.phone if order.requester is not None else order.contact_phone


@shared_task(bind=True, autoretry_for=(SmsError, ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_requester_answered(self: object, order_id: int) -> bool:
    """Text the citizen that there is an answer (sent once per order)."""
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


@shared_task(bind=True, autoretry_for=(SmsError, ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_requester_closed(self: object, order_id: int) -> bool:
    """Text the citizen that the matter is closed, with the signed rating link (sent once per
    closing; anonymous callers get the link on their contact phone)."""
    from gongfa.workorders.services.feedback import rating_link

    order = WorkOrder.objects.select_related("requester").filter(pk=order_id).first()
    if order is None or order.status != WorkOrderStatus.CLOSED or order.rating is not None or not _phone_of(order):
        return False
    closed_at = order.closed_at.isoformat() if order.closed_at else ""
    send_sms(
        _phone_of(order),
        f"您的法律服务事项（编号 {order.tracking_number}）已办结。"
        f"请对我们的服务评价：{settings.SITE_URL}{rating_link(order)}",
        purpose="workorder_closed",
        dedupe_key=f"closed:{order.tracking_number}:{closed_at}",
    )
    return True


@shared_task
def sweep_sla() -> str:
    """Periodic supervision sweep (also `manage.py sweep_sla`)."""
    from gongfa.workorders.services.supervision import sweep_overdue

    return str(sweep_overdue())


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def dispatch_new_order(self: object, order_id: int) -> bool:
    """Dispatch one order queued at intake (see create_work_order(queue_dispatch=True)). When the
    rules find no place for it, it stays 待分派 at the intake desk for a person to dispatch."""
    from gongfa.core.errors import DomainError
    from gongfa.workorders.services.dispatch import dispatch_queued_order

    try:
        return dispatch_queued_order(order_id)
    except DomainError as exc:
        logger.warning("order %s left for manual dispatch: %s", order_id, exc)
        return False


@shared_task
def dispatch_queued() -> int:
    """Dispatch NEW orders that were queued (e.g. by bulk intake); safe to run in many workers."""
    from gongfa.workorders.services.dispatch import dispatch_pending

    total = 0
    while True:
        done = dispatch_pending(batch_size=100)
        total += done
        if done < 100:
            return total
