"""Celery application. Tasks are queued after commit by the domain services and are safe to retry
(each task's docstring says why running it twice does no harm: a redelivered task does run twice).

Delivery: acknowledged late (after the task ran) and re-queued when the worker dies, so a
``kill -9`` loses nothing; Redis redelivers an unacknowledged task after the visibility timeout,
which settings keep just above the tasks' hard time limit (CELERY_VISIBILITY_TIMEOUT).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongfa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_check() -> str:
    """Readiness: the broker accepts a connection (skipped while tasks run eagerly in-process)."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (no broker configured)"
    timeout = max(1, int(getattr(settings, "HEALTH_DB_TIMEOUT_MS", 2000)) // 1000)
    with app.connection_for_write(connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    return "connected"


def _register_checks() -> None:
    from gongfa.core.health import register_check

    register_check("broker", broker_check)


_register_checks()
