"""Background work of the outreach app (scheduled sweeps; each is also a management command).

Beat entries (settings.CELERY_BEAT_SCHEDULE)::

    "outreach-advisor-visit-reminders": {
        "task": "gongfa.outreach.tasks.remind_advisor_visits",
        "schedule": crontab(day_of_month=1, hour=8, minute=30),
    },

remind_advisor_visits (command advisor_visit_reminders) tells each village legal adviser whose
visits to a village fell short last month; safe to run twice (one notice per adviser and month).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

SWEEP_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 240,
    "time_limit": 270,
}


@shared_task(**SWEEP_OPTIONS)
def remind_advisor_visits(self: object) -> int:
    """Last month's visits per adviser and village against outreach.advisor_monthly_visits."""
    from gongfa.outreach.services.advisers import remind_missed_visits

    return remind_missed_visits()
