from __future__ import annotations

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from gongfa.accounts.sms import SMS_TASK_OPTIONS, send_sms
from gongfa.notifications.models import Notification


@shared_task(**SMS_TASK_OPTIONS)
def send_notification_sms(self: object, notification_id: int) -> bool:
    """Text the notification to its recipient once, then mark it. Safe to run twice, also at the
    same moment (a redelivered task): the row stays locked while sending, so the second run waits
    and then finds it sent; the SMS ledger's dedupe key (notification id) backs this up."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or not notification.sms_requested or notification.sms_sent_at is not None:
            return False
        if not notification.recipient.phone:
            return False
        send_sms(
            notification.recipient.phone,
            f"{notification.title}。{notification.body}"[:300],
            purpose=notification.kind or "notification",
            dedupe_key=f"notification:{notification.pk}",
        )
        notification.sms_sent_at = timezone.now()
        notification.save(update_fields=["sms_sent_at"])
    return True


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def dispatch_event_notifications(self: object, event_id: int) -> int:
    """Notify the people the subscription table names for one committed event. Safe to retry:
    each notice has a dedupe key of the event and the person."""
    from gongfa.audit.models import Event
    from gongfa.notifications.services import dispatch_for_event

    event = Event.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return 0
    return len(dispatch_for_event(event))
