"""manage.py run_beat: one Celery beat at a time across nodes, under a lock in Redis.

Real Redis at 127.0.0.1:6379, database 13 (no other test uses it), and real processes: two
`manage.py run_beat` contend for one key; only one schedules; kill -9 of the holder hands the lock
to the standby once it expires; SIGTERM releases it at once. Skipped when that Redis is not there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCK_DB_URL = "redis://127.0.0.1:6379/13"


def _redis():
    import redis

    client = redis.Redis.from_url(LOCK_DB_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


pytestmark = [
    pytest.mark.redis,
    pytest.mark.xdist_group("beat-lock"),
    pytest.mark.skipif(_redis() is None, reason="needs Redis at 127.0.0.1:6379"),
]


@pytest.fixture
def client():
    return _redis()


@pytest.fixture
def key(client):
    """A key of this test's own: another run of this file at the same time (another checkout,
    another session) uses other keys, so nothing here empties the database."""
    name = f"test:beat-lock:{uuid.uuid4().hex}"
    yield name
    client.delete(name)
    client.delete("celery")  # what the test beats sent (nobody consumes this database's queue)


# --- the lock itself ---------------------------------------------------------------------------


def test_one_holder_at_a_time_and_only_the_holder_renews_or_releases(client, key):
    from gongfa.core.management.commands.run_beat import RedisLock

    first = RedisLock(client, key, 5000)
    second = RedisLock(client, key, 5000)
    assert first.token != second.token
    assert first.acquire()
    assert not second.acquire()
    assert first.holder() == first.token
    assert not second.renew()
    assert not second.release()
    assert client.get(key).decode() == first.token
    assert first.renew()
    assert 4000 < client.pttl(key) <= 5000
    assert first.release()
    assert client.get(key) is None
    assert not first.release()  # releasing twice deletes nothing
    assert second.acquire()


def test_an_expired_lock_goes_to_the_next_contender_and_the_old_holder_cannot_renew(client, key):
    from gongfa.core.management.commands.run_beat import RedisLock

    old = RedisLock(client, key, 1000)
    new = RedisLock(client, key, 1000)
    assert old.acquire()
    time.sleep(1.2)
    assert new.acquire()
    assert not old.renew()
    assert not old.release()
    assert new.holder() == new.token


def test_a_ttl_under_one_second_is_refused(client, key):
    from gongfa.core.management.commands.run_beat import RedisLock

    with pytest.raises(ValueError, match="at least 1000 ms"):
        RedisLock(client, key, 999)


# --- the command, in real processes ------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "BEAT_LOCK_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        GONGFA_VAR_DIR=str(tmp_path / "var"),
        # Beat sends whatever falls due to this broker database (emptied after the test); nothing runs it.
        CELERY_BROKER_URL=LOCK_DB_URL,
        LOG_LEVEL="WARNING",
    )
    return env


def _beat(tmp_path: Path, name: str, key: str, ttl: float = 2) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / f"{name}.log"
    command = [
        sys.executable,
        "manage.py",
        "run_beat",
        "--lock-url",
        LOCK_DB_URL,
        "--lock-key",
        key,
        "--lock-ttl",
        str(ttl),
        "--schedule",
        str(tmp_path / f"{name}-schedule"),
        "--max-interval",
        "1",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            command, cwd=ROOT, env=_env(tmp_path), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, log


def _wait_for(condition, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def _holding(log: Path) -> bool:
    return "holding the beat lock" in log.read_text(errors="replace")


def _scheduling(log: Path) -> bool:
    return "beat: Starting..." in log.read_text(errors="replace")


@pytest.fixture
def processes():
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_two_contenders_one_schedules_and_the_standby_takes_over_after_kill_9(tmp_path, client, key, processes):
    (tmp_path / "var").mkdir()
    a, log_a = _beat(tmp_path, "a", key)
    b, log_b = _beat(tmp_path, "b", key)
    processes += [a, b]
    assert _wait_for(lambda: _holding(log_a) or _holding(log_b), 60) is not None, log_a.read_text() + log_b.read_text()
    # Both are up (the standby says so) and only one holds and schedules.
    assert _wait_for(lambda: "standby" in log_a.read_text() + log_b.read_text(), 30) is not None
    time.sleep(3)  # a few renewals: the holder keeps it, the standby keeps waiting
    holder, holder_log, standby, standby_log = (a, log_a, b, log_b) if _holding(log_a) else (b, log_b, a, log_a)
    assert _scheduling(holder_log)
    assert not _holding(standby_log) and not _scheduling(standby_log)
    token = client.get(key).decode()
    assert token.split(":")[1] == str(holder.pid)

    os.killpg(holder.pid, signal.SIGKILL)  # no release: the key must expire
    holder.wait()
    killed_at = time.monotonic()
    took = _wait_for(lambda: _holding(standby_log), 15)
    assert took is not None, standby_log.read_text()
    # The key outlived its holder (no release on kill -9), then the standby took it: within TTL + a retry + slack.
    assert time.monotonic() - killed_at <= 2 + 2 / 3 + 3
    assert _wait_for(lambda: _scheduling(standby_log), 10) is not None
    assert client.get(key).decode().split(":")[1] == str(standby.pid)


def test_sigterm_releases_the_lock_at_once(tmp_path, client, key, processes):
    (tmp_path / "var").mkdir()
    # A long TTL: a standby could only take over this fast because the holder deleted its key.
    holder, log = _beat(tmp_path, "holder", key, ttl=30)
    processes.append(holder)
    assert _wait_for(lambda: _scheduling(log), 60) is not None, log.read_text()
    assert client.get(key) is not None
    os.kill(holder.pid, signal.SIGTERM)
    assert holder.wait(timeout=20) == 0, log.read_text()
    assert client.get(key) is None
    assert "lock released: True" in log.read_text()


def test_a_lost_lock_stops_beat_with_status_3(tmp_path, client, key, processes):
    (tmp_path / "var").mkdir()
    holder, log = _beat(tmp_path, "holder", key, ttl=3)
    processes.append(holder)
    assert _wait_for(lambda: _scheduling(log), 60) is not None, log.read_text()
    client.set(key, "someone-else")  # as if the key had expired and another node had taken it
    assert holder.wait(timeout=10) == 3, log.read_text()
    assert "no longer ours" in log.read_text()
    assert client.get(key).decode() == "someone-else"  # never deletes another's key


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--lock-ttl", "0"], "--lock-ttl 0"),
        (["--lock-url", "http://127.0.0.1:6379/13"], "is not a Redis URL"),
        (["--max-interval", "0"], "--max-interval must be positive"),
    ],
)
def test_bad_options_are_refused(tmp_path, arguments, message):
    (tmp_path / "var").mkdir()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_beat", "--lock-url", LOCK_DB_URL, *arguments],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_no_redis_anywhere_is_refused(tmp_path):
    (tmp_path / "var").mkdir()
    env = _env(tmp_path)
    env.pop("CELERY_BROKER_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "run_beat"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "No Redis for the lock" in result.stderr
