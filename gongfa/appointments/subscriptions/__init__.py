"""The default notification subscriptions of the appointments app (预约、公证、司法鉴定默认通知订阅),
one module per part. The data migration 0005 calls `seed`; the rules are data afterwards, edited
in the admin. A part that adds a rule later adds a migration calling `seed` again (get_or_create)."""

from __future__ import annotations

from typing import Any

from gongfa.appointments.subscriptions import appraisal, booking, notarization

RULES = [*booking.RULES, *notarization.RULES, *appraisal.RULES]


def seed(apps: Any, schema_editor: Any) -> None:
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, defaults in RULES:
        Subscription.objects.get_or_create(**rule, defaults=defaults)


def unseed(apps: Any, schema_editor: Any) -> None:
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, _defaults in RULES:
        Subscription.objects.filter(**rule).delete()
