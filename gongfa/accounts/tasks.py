"""Scheduled clean-up for accounts (also available as `manage.py purge_login_codes`)."""

from __future__ import annotations

from celery import shared_task

from gongfa.accounts.services import purge_login_codes


@shared_task(soft_time_limit=60, time_limit=90)
def purge_old_login_codes(older_than_days: int = 30) -> int:
    """Delete one-time codes past the rate-limit window.

    Twice: deleting what is already gone deletes nothing, so a rerun is harmless."""
    return purge_login_codes(older_than_days=older_than_days)
