"""Background work for work orders. Tasks are queued after commit and safe to retry: each reads
the current row and does nothing when there is nothing (left) to do."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from gongfa.accounts.sms import SmsError, send_sms
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(SmsError, ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_requester_answered(self: object, order_id: int) -> bool:
    """Text the citizen that there is an answer; for a closed order include the rating link."""
    from gongfa.workorders.services.feedback import rating_link

    order = WorkOrder.objects.select_related("requester").filter(pk=order_id).first()
    if order is None or order.status not in {WorkOrderStatus.ANSWERED, WorkOrderStatus.CLOSED}:
        return False
    phone = order.requester.phone if order.requester is not None else order.contact_phone
    if not phone:
        return False
    message = f"您的法律服务事项（编号 {order.tracking_number}）已有答复，请登录公法通“我的事项”查看。"
    if order.status == WorkOrderStatus.CLOSED and order.requester is not None and order.rating is None:
        message += f"欢迎评价：{settings.SITE_URL}{rating_link(order)}"
    send_sms(phone, message, purpose="workorder_answered", dedupe_key=f"answered:{order.tracking_number}")
    return True


@shared_task
def sweep_sla() -> str:
    """Periodic supervision sweep (also `manage.py sweep_sla`)."""
    from gongfa.workorders.services.supervision import sweep_overdue

    return str(sweep_overdue())


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
