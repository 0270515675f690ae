"""Celery tasks of the monthly report: the daily lateness reminder (催报).

Beat entry (settings.CELERY_BEAT_SCHEDULE)::

    "performance-remind-late-reports": {
        "task": "gongfa.performance.tasks_reports.remind_late_reports",
        "schedule": crontab(hour=9, minute=0),
    },

Also a management command: ``manage.py remind_late_reports``.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def remind_late_reports(self: object) -> int:
    """Record a reminder for each report past its due day and not submitted (once per report and
    day, so a retry or a second run the same day tells nobody twice)."""
    from gongfa.performance.services.reports import remind_late_reports as remind

    return remind()
