"""Background work of legal publicity (普法): the daily sweep that marks publicity prompts past
their feedback deadline as overdue (普法提示反馈逾期, 《法治宣传教育法》第57条).

Beat entry (settings.CELERY_BEAT_SCHEDULE)::

    "outreach-prompts-overdue": {
        "task": "gongfa.outreach.tasks_publicity.mark_overdue_prompts",
        "schedule": crontab(hour=1, minute=20),
    },

Also a management command (mark_overdue_prompts). Safe to run twice: a prompt leaves ISSUED once,
under its row lock.
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
def mark_overdue_prompts(self: object) -> int:
    """ISSUED prompts past their feedback deadline become FEEDBACK_DUE."""
    from gongfa.outreach.services.publicity_prompts import mark_overdue_prompts as sweep

    return sweep()
