"""kill -9 of a Celery worker in the middle of a task: the message was acknowledged late, so it
stays in Redis and a second worker runs it once the visibility timeout passes (not an hour later).

Runs when CELERY_BROKER_URL names a Redis (CI sets it); skipped otherwise. The workers get a short
visibility timeout (20 s) through the same settings production uses, so the test stays bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[3]
VISIBILITY = 20

pytestmark = [
    pytest.mark.redis,
    pytest.mark.xdist_group("redis-broker"),  # one worker at a time: they share the broker and purge it
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="needs CELERY_BROKER_URL=redis://…"),
]


def _worker(log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_TIME_LIMIT": "10",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "config",
        "worker",
        "-c",
        "1",
        "-I",
        "gongfa.core.tests.celery_tasks",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "info",
    ]
    with log.open("ab") as out:
        # Its own process group, so kill -9 takes the main process and its pool child at once.
        return subprocess.Popen(  # noqa: S603 - our own celery
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def redis_app(monkeypatch):
    """The test settings run tasks eagerly: here they go to the broker (the test's own Redis db)."""
    from config.celery import app

    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    app._after_fork()  # type: ignore[attr-defined]  # forget pooled connections to another broker
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.update(**previous)
    app._after_fork()  # type: ignore[attr-defined]


def test_a_task_whose_worker_was_killed_runs_again_on_another_worker(redis_app, tmp_path):
    import redis

    redis.Redis.from_url(BROKER).delete("unacked", "unacked_index")  # no earlier run's leftovers
    log = tmp_path / "workers.log"
    first = _worker(log)
    second = None
    try:
        redis_app.send_task("gongfa_testing.record_run", args=[str(tmp_path)])
        assert _wait_for(lambda: (tmp_path / "runs").exists(), 60), log.read_text()[-3000:]
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-task: no ack, no requeue by itself
        first.wait(10)
        killed_at = time.monotonic()
        second = _worker(log)
        # Redelivered after the visibility timeout (plus one 10 s sweep and the worker's start-up).
        assert _wait_for(lambda: (tmp_path / "done").exists(), VISIBILITY + 40), log.read_text()[-3000:]
        assert time.monotonic() - killed_at >= VISIBILITY - 1  # not before: the first might be alive
        runs = (tmp_path / "runs").read_text().split()
        assert len(runs) == 2 and runs[0] != runs[1]  # once in each worker
        assert (tmp_path / "done").read_text() == runs[1]
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
