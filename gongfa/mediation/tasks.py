"""Scheduled people's-mediation jobs.

Beat entries (settings.CELERY_BEAT_SCHEDULE)::

    "mediation-confirmation-reminders": {
        "task": "gongfa.mediation.tasks.send_confirmation_reminders",
        "schedule": crontab(hour=8, minute=40),
    },
    "mediation-return-visits-due": {
        "task": "gongfa.mediation.tasks.mark_return_visits_due",
        "schedule": crontab(hour=8, minute=50),
    },
    "mediation-lapse-consents": {
        "task": "gongfa.mediation.tasks.lapse_overdue_consents",
        "schedule": crontab(hour=8, minute=30),
    },

Each is also a management command (mediation_reminders). All are safe to run twice: each
reminder is one event per case and window (or per visit),
written under the case's row lock after looking for the same one, and the notifications app
sends one notice per event and person (dedupe key).
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def send_confirmation_reminders(self: object) -> int:
    """Remind the parties and the mediator of a judicial-confirmation window about to close
    (《人民调解法》第33条; setting CONFIRMATION_REMINDER_DAYS), once per case and window."""
    from gongfa.mediation.services.followup import remind_confirmation_windows

    return remind_confirmation_windows()


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def mark_return_visits_due(self: object) -> int:
    """Tell the mediators of each return visit that has fallen due (第31条), once per visit."""
    from gongfa.mediation.services.followup import flag_due_return_visits

    return flag_due_return_visits()


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def lapse_overdue_consents(self: object) -> int:
    """Invitations to mediate left unanswered past the region's consent days end as a refusal
    (《人民调解法》第17条; setting CONSENT_DAYS). Safe twice: a lapsed invitation is no longer pending."""
    from gongfa.mediation.services.consent import lapse_overdue_consents as lapse

    return len(lapse())
