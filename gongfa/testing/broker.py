"""A broker that is down, for the outage tests: tasks go to a Redis nobody listens on (port 1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


def forget_broker_connections() -> None:
    """Drop the pooled connections to the previous broker, as a new worker process would."""
    from config.celery import app

    app._after_fork()  # type: ignore[attr-defined]


@pytest.fixture
def dead_broker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from config.celery import app

    # Celery reads CELERY_BROKER_URL from the environment before its own conf (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", DEAD_BROKER_URL)
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=DEAD_BROKER_URL)
    forget_broker_connections()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield DEAD_BROKER_URL
    finally:
        app.conf.update(**previous)
        forget_broker_connections()
        settings.CELERY_TASK_ALWAYS_EAGER = previous["task_always_eager"]
