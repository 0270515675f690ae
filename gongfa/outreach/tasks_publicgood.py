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
    "soft_time_limit": 1500,
    "time_limit": 1800,
}


@shared_task(**SYNC_OPTIONS)
def sync_public_good_nightly(self: object) -> dict[str, int]:
    """This year's records and last year's (a case closed late in December is still counted)."""
    from django.utils import timezone

    from gongfa.outreach.services.publicgood import sync_public_good

    year = timezone.localdate().year
    done: dict[str, int] = {}
    for each in (year - 1, year):
        result = sync_public_good(year=each)
        done[str(each)] = result.created + result.updated + result.deleted
    return done
