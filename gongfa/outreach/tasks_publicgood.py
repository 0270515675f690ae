"""Background work of the public-good archive: the nightly sync of automatic records.

Beat entry (settings.CELERY_BEAT_SCHEDULE)::

    "outreach-sync-public-good": {
        "task": "gongfa.outreach.tasks_publicgood.sync_public_good_nightly",
        "schedule": crontab(hour=2, minute=30),
    },

Also the management command ``sync_public_good`` (by hand: one person, one year). Safe to run
twice or to retry: records are keyed by their source.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

SYNC_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
    # Within the broker's visibility timeout (settings.CELERY_VISIBILITY_TIMEOUT), like every task:
    # a longer run would be handed to a second worker while the first still works.
    "soft_time_limit": 240,
    "time_limit": 270,
}


@shared_task(**SYNC_OPTIONS)
def sync_public_good_nightly(self: object) -> list[int]:
    """Queue this year's sync and last year's (a case closed late in December is still counted),
    one task each, so that each stays within the time limit."""
    from django.utils import timezone

    year = timezone.localdate().year
    years = [year - 1, year]
    for each in years:
        sync_public_good_year.delay(each)
    return years


@shared_task(**SYNC_OPTIONS)
def sync_public_good_year(self: object, year: int) -> int:
    """One year's automatic records brought in step with their sources; returns the rows changed."""
    from gongfa.outreach.services.publicgood import sync_public_good

    result = sync_public_good(year=year)
    return result.created + result.updated + result.deleted
