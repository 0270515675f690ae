"""manage.py run_beat: Celery beat, on one node at a time, under a lock in Redis.

    manage.py run_beat                          # lock in BEAT_LOCK_URL (else REDIS_URL, else a Redis broker)
    manage.py run_beat --lock-ttl 30 --schedule /var/lib/gongfa/celerybeat-schedule

Two beats would send every scheduled task twice (the tasks are safe to run twice, but the work is
wasted and reminders come in pairs). So every worker node may run this command, and only the one
that holds the lock schedules:

- it takes the lock with ``SET key token NX PX ttl``, the token unique to this process;
- while it schedules, a thread renews the lock every third of the TTL, but only while the key
  still holds its own token (compare-and-expire in one Lua script);
- a standby tries again every third of the TTL, so when the holder dies (kill -9, machine lost)
  it takes over once the key expires: within one TTL and one retry;
- when the holder cannot renew (the key is gone or someone else's, or Redis has not answered for
  two thirds of the TTL) it stops scheduling at once, before another node can take the key, and
  exits with status 3 (its service manager starts it again, as a standby);
- on SIGTERM/SIGINT it stops beat, and deletes the key if it is still its own (compare-and-delete),
  so a standby takes over at its next try instead of after the TTL.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import uuid
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_KEY = "gongfa:celery-beat:lock"
EXIT_LOCK_LOST = 3

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class RedisLock:
    """A lock held by one token at a time, that expires unless renewed (SET NX PX)."""

    def __init__(self, client: Any, key: str, ttl_ms: int, token: str | None = None) -> None:
        if ttl_ms < 1000:
            raise ValueError("the lock's TTL must be at least 1000 ms")
        self.client = client
        self.key = key
        self.ttl_ms = ttl_ms
        self.token = token or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def acquire(self) -> bool:
        return bool(self.client.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def renew(self) -> bool:
        """Extend the lock; False when the key is gone or holds another token."""
        return bool(self._renew(keys=[self.key], args=[self.token, self.ttl_ms]))

    def release(self) -> bool:
        """Delete the key if it still holds this token; True when it did."""
        return bool(self._release(keys=[self.key], args=[self.token]))

    def holder(self) -> str:
        value = self.client.get(self.key)
        return value.decode() if isinstance(value, bytes) else (value or "")


class _Stop(BaseException):
    """Raised in the main thread by a signal: stop beat (or stop waiting) now."""


def lock_url_from_settings() -> str:
    for url in (os.environ.get("BEAT_LOCK_URL", ""), settings.REDIS_URL, settings.CELERY_BROKER_URL):
        if url and url.startswith(("redis://", "rediss://", "unix://")):
            return url
    return ""


class Command(BaseCommand):
    help = "Run Celery beat on one node only: hold a lock in Redis while scheduling, wait as a standby otherwise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lock-url", default="", help="Redis URL of the lock (default BEAT_LOCK_URL, else REDIS_URL)"
        )
        parser.add_argument("--lock-key", default=DEFAULT_KEY, help=f"the lock's key (default {DEFAULT_KEY})")
        parser.add_argument(
            "--lock-ttl", type=float, default=30.0, help="seconds the lock lives unless renewed (default 30)"
        )
        parser.add_argument("--schedule", default="", help="beat's schedule file (default VAR_DIR/celerybeat-schedule)")
        parser.add_argument(
            "--max-interval", type=float, default=5.0, help="beat's longest sleep between checks, seconds (default 5)"
        )
        parser.add_argument("--loglevel", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])

    def say(self, message: str) -> None:
        self.stdout.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} run_beat[{os.getpid()}]: {message}")
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        import redis

        ttl = float(options["lock_ttl"])
        if not 1 <= ttl <= 3600:
            raise CommandError(f"--lock-ttl {ttl:g}: give between 1 and 3600 seconds.")
        if options["max_interval"] <= 0:
            raise CommandError("--max-interval must be positive.")
        url = options["lock_url"] or lock_url_from_settings()
        if not url:
            raise CommandError("No Redis for the lock: set BEAT_LOCK_URL or REDIS_URL, or pass --lock-url redis://…")
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise CommandError(f"--lock-url {url!r} is not a Redis URL (redis://, rediss:// or unix://).")
        client = redis.Redis.from_url(url, socket_timeout=max(1.0, ttl / 6), socket_connect_timeout=max(1.0, ttl / 6))
        lock = RedisLock(client, options["lock_key"], int(ttl * 1000))
        step = ttl / 3

        stop_reason: list[str] = []

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop_reason.append("lock lost" if signum == signal.SIGUSR1 else signal.Signals(signum).name)
            raise _Stop

        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
            signal.signal(signum, on_signal)

        try:
            self._wait_for_lock(lock, step)
        except _Stop:
            self.say(f"stopped while standing by ({stop_reason[-1]})")
            return
        self.say(f"holding the beat lock {lock.key} (ttl {ttl:g} s, token {lock.token})")

        held = threading.Event()
        held.set()
        renewer = threading.Thread(target=self._renew_loop, args=(lock, step, ttl, held), daemon=True)
        renewer.start()
        try:
            self._run_beat(options)
        except _Stop:
            pass
        finally:
            held.clear()
            lost = bool(stop_reason) and stop_reason[-1] == "lock lost"
            try:
                released = lock.release()
            except redis.RedisError as error:
                released = False
                self.say(f"could not release the lock ({error}); it expires by itself")
            self.say(f"beat stopped ({stop_reason[-1] if stop_reason else 'beat ended'}); lock released: {released}")
        if lost:
            raise SystemExit(EXIT_LOCK_LOST)

    def _wait_for_lock(self, lock: RedisLock, step: float) -> None:
        import redis

        said = ""
        while True:
            try:
                if lock.acquire():
                    return
                holder = lock.holder()
                note = f"standby: beat lock held by {holder or '(expiring)'}"
            except redis.RedisError as error:
                note = f"standby: Redis unavailable ({error.__class__.__name__})"
            if note != said:
                self.say(note)
                said = note
            time.sleep(step)

    def _renew_loop(self, lock: RedisLock, step: float, ttl: float, held: threading.Event) -> None:
        """Renew every STEP; tell the main thread (SIGUSR1) once the lock is lost or may be."""
        import redis

        last_ok = time.monotonic()
        while held.is_set():
            time.sleep(step)
            if not held.is_set():
                return
            try:
                if lock.renew():
                    last_ok = time.monotonic()
                    continue
                self.say("the lock is no longer ours: stopping beat")
            except redis.RedisError as error:
                # Stop before the key can expire (two thirds of the TTL without a renewal), so no
                # other node ever schedules while this one still does.
                if time.monotonic() - last_ok < ttl - step:
                    self.say(f"could not renew the lock ({error.__class__.__name__}); retrying")
                    continue
                self.say("could not renew the lock for too long: stopping beat")
            held.clear()
            os.kill(os.getpid(), signal.SIGUSR1)
            return

    def _run_beat(self, options: dict[str, Any]) -> None:
        from celery.beat import Service

        from config.celery import app

        schedule = options["schedule"] or str(Path(settings.VAR_DIR) / "celerybeat-schedule")
        app.log.setup(loglevel=options["loglevel"], redirect_stdouts=False)
        service = Service(app=app, max_interval=options["max_interval"], schedule_filename=schedule)
        service.start()
