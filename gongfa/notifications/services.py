"""Send notifications. The row is written in the caller's transaction; the SMS (if any) is sent by
a Celery task queued after commit, which is safe to retry.

Events reach people through the subscription table: audit calls `on_event_recorded` for every
event it writes; after the event's transaction commits (never when it rolls back), a task runs
`dispatch_for_event`, which asks each enabled rule for that event kind who must act and tells
them, once per event and person (the dedupe key), so a retried task or a re-run adds nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from kombu.exceptions import OperationalError as KombuOperationalError

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.notifications import registry
from gongfa.notifications.choices import NoticeKind
from gongfa.notifications.models import Notification, NotificationPreference, Subscription

logger = logging.getLogger("gongfa.notifications")


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
        # robust: a broker outage loses the SMS (logged), never the notice or the caller's change.
        transaction.on_commit(lambda: send_notification_sms.delay(notification.pk), robust=True)
    return notification


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    """Mark the recipient's notifications read (all unread ones when no ids are given)."""
    queryset = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())


def unread_count(recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()


def wants_sms(user: User, kind: str = "") -> bool:
    """The person's own SMS setting for a kind of notice (on unless they turned SMS off, or off
    for that kind); without a kind, whether SMS is on at all."""
    row = NotificationPreference.objects.filter(user=user).values_list("sms_enabled", "sms_muted_kinds").first()
    if row is None:
        return True
    enabled, muted = row
    return bool(enabled) and kind not in (muted or ())


def sms_kinds_kept(user: User) -> list[str]:
    """The kinds of notice the person still gets by SMS (every kind unless they dropped some)."""
    muted = NotificationPreference.objects.filter(user=user).values_list("sms_muted_kinds", flat=True).first() or ()
    return [kind for kind in NoticeKind.values if kind not in muted]


def set_sms_preference(
    user: User, *, sms_enabled: bool, sms_kinds: Iterable[str] | None = None
) -> NotificationPreference:
    """Turn SMS on or off; with `sms_kinds`, SMS goes only for those kinds of notice (the others
    stay in-app). Unknown kinds are refused and nothing is changed."""
    defaults: dict[str, object] = {"sms_enabled": sms_enabled}
    if sms_kinds is not None:
        kept = set(sms_kinds)
        unknown = sorted(kept - set(NoticeKind.values))
        if unknown:
            raise DomainError(
                gettext("没有这种通知类型：{join}。").format(join="、".join(unknown)),
                code="unknown_notice_kind",
                field="sms_kinds",
            )
        defaults["sms_muted_kinds"] = [kind for kind in NoticeKind.values if kind not in kept]
    preference, _ = NotificationPreference.objects.update_or_create(user=user, defaults=defaults)
    return preference


def event_dedupe_key(event: Event, recipient: User) -> str:
    """One notice per event and person, whichever rule or retry gets there first. An event may
    name a wider key in data["notify_key"] (e.g. one "due soon" per order and deadline, even if
    two sweeps raced and recorded it twice)."""
    scope = event.data.get("notify_key") or f"event:{event.pk}"
    return f"{scope}:{recipient.pk}"[:128]


def dispatch_for_event(event: Event) -> list[Notification]:
    """Notify everyone the enabled rules for this event's kind name (not the person who acted).
    Safe to run again for the same event: what was already created is not created twice."""
    rules = list(Subscription.objects.filter(event_kind=event.verb, enabled=True).order_by("pk"))
    kind = registry.event_kind(event.verb)
    if not rules or kind is None:
        return []
    context = {"reason": event.reason, "actor": event.actor.display_name if event.actor else "系统"}
    context.update(kind.context(event))
    created: list[Notification] = []
    seen: set[int] = set()
    for rule in rules:
        resolver = registry.resolver(rule.recipients)
        if resolver is None:
            logger.warning("subscription %s names an unregistered resolver %r", rule.pk, rule.recipients)
            continue
        for person in resolver.resolve(event):
            if person is None or not person.is_active or person.pk == event.actor_id or person.pk in seen:
                continue
            seen.add(person.pk)
            notification = notify(
                person,
                registry.render(rule.title_template, context),
                body=registry.render(rule.body_template, context),
                link=registry.render(rule.link_template, context),
                kind=rule.notice_kind,
                sms=rule.sms and wants_sms(person, rule.notice_kind),
                dedupe_key=event_dedupe_key(event, person),
            )
            if notification is not None:
                created.append(notification)
    return created


def dispatch_recorded_since(moment: datetime.datetime) -> int:
    """Dispatch now the notices of every notifiable event recorded since `moment` (idempotent).
    For seeding, which may run inside one transaction whose commit hooks never fire."""
    events = Event.objects.filter(occurred_at__gte=moment, verb__in=subscribed_event_kinds()).select_related("actor")
    return sum(len(dispatch_for_event(event)) for event in events.order_by("pk").iterator())


# Which event kinds have an enabled rule, cached (in the shared cache, so every process sees a
# change) for a short while, so that events nobody subscribes to (most of them) queue no task.
# Saving or deleting a rule clears it; a queryset .update() does not, and takes up to the TTL.
SUBSCRIBED_CACHE_KEY = "notifications:subscribed-event-kinds"
SUBSCRIBED_TTL_SECONDS = 60


def subscribed_event_kinds() -> frozenset[str]:
    kinds = cache.get(SUBSCRIBED_CACHE_KEY)
    if kinds is None:
        kinds = sorted(set(Subscription.objects.filter(enabled=True).values_list("event_kind", flat=True)))
        cache.set(SUBSCRIBED_CACHE_KEY, kinds, SUBSCRIBED_TTL_SECONDS)
    return frozenset(kinds)


def forget_subscribed_event_kinds() -> None:
    cache.delete(SUBSCRIBED_CACHE_KEY)


def _after_commit(event: Event) -> None:
    from gongfa.notifications.tasks import dispatch_event_notifications

    if event.verb not in subscribed_event_kinds():
        return
    try:
        dispatch_event_notifications.delay(event.pk)
    except (KombuOperationalError, ConnectionError):
        # The broker is down, the database has just committed: tell the people here and now
        # rather than not at all (their SMS needs the broker: it is not sent, and that is logged).
        logger.warning("broker unavailable; notifying for event %s in-process", event.pk, exc_info=True)
        dispatch_for_event(event)


def on_event_recorded(event: Event) -> None:
    """audit's event hook: for a kind some app registered as notifiable, act only once the
    event's transaction has committed. robust: a failure to queue is logged and never undoes or
    fails the committed change it reports."""
    if registry.event_kind(event.verb) is None:
        return

    def after_commit() -> None:  # a function, not a partial: robust logging reads __qualname__
        _after_commit(event)

    transaction.on_commit(after_commit, robust=True)
