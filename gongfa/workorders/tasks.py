"""Background work for work orders. Tasks are queued after commit and safe to retry: each reads
the current row and does nothing when there is nothing (left) to do."""

from __future__ import annotations

import logging

from celery import shared_task

from gongfa.accounts.sms import send_sms
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_requester_answered(self: object, order_id: int) -> bool:
    order = WorkOrder.objects.select_related("requester").filter(pk=order_id).first()
    if order is None or order.status != WorkOrderStatus.ANSWERED or order.requester is None:
        return False
    if not order.requester.phone:
        return False
    send_sms(
        order.requester.phone,
        f"您的法律咨询（编号 {order.tracking_number}）已有答复，请登录公法通“我的事项”查看并评价。",
        purpose="workorder_answered",
        dedupe_key=f"answered:{order.tracking_number}",
    )
    return True
