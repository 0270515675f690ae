"""Celery tasks of performance management; safe to retry and to run at the same time."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=8, soft_time_limit=120, time_limit=150
)
def refresh_pending_facts(self: object) -> int:
    """Apply the facts of the subjects marked since the last run (queued after a commit when no run
    is waiting already)."""
    from gongfa.performance.rollup import refresh_pending, refresh_started

    refresh_started()
    return refresh_pending(max_batches=200)


@shared_task(bind=True, soft_time_limit=240, time_limit=270)
def sweep_pending_facts(self: object) -> int:
    """Every few minutes (beat): marks left behind while the broker was down."""
    from gongfa.performance.rollup import sweep

    return sweep()
