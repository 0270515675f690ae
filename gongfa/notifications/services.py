"""Send notifications. The row is written in the caller's transaction; the SMS (if any) is sent by
a Celery task queued after commit, which is safe to retry."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.notifications.models import Notification


def notify(
    recipient: User,
    title: str,
    *,
    body: str = "",
    link: str = "",
    kind: str = "",
    sms: bool = False,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Tell `recipient` something. With a dedupe_key the same notice is created only once (None
    is returned for the repeat)."""
    from gongfa.notifications.tasks import send_notification_sms

    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                title=title[:128],
                body=body,
                link=link[:255],
                kind=kind,
                sms_requested=sms and bool(recipient.phone),
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    if notification.sms_requested:
        transaction.on_commit(lambda: send_notification_sms.delay(notification.pk))
    return notification


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    """Mark the recipient's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())


def unread_count(recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
