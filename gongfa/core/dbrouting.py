"""Read routing to PostgreSQL replicas (只读副本分流).

Writes, and every read by default, go to the primary ("default"). Code that only reports on data
(dashboards, reports, exports, the public directory, Q&A statistics, a citizen's list of their own
orders) opts in with ``@replica_reads`` on a view or ``with replica_reads():`` in a task; inside
it, reads go to a replica (settings.DATABASE_REPLICA_ALIASES, from DATABASE_REPLICA_URLS) unless:

- the same client wrote something in the last READ_YOUR_WRITES_SECONDS: its next requests read
  the primary, so nobody misses their own new order on a lagging replica. A person's writes (a
  browser session) pin that person: a signed cookie for the browser and a cache key for the user,
  so it holds on every web node and in their other browsers. An API token's writes pin that token
  only: an integration that submits orders all day under a supervisor's account must not keep
  the supervisor's dashboards on the primary. A token's reads are pinned by its own writes and by
  its user's;
- the request or task itself has written: it keeps reading what it wrote;
- the replica is behind by more than REPLICA_MAX_LAG_SECONDS, or does not answer: the primary
  serves until it catches up (the lag is measured at most every REPLICA_LAG_CHECK_SECONDS per
  process and shown in readiness).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

COOKIE_NAME = "gf_rw"
_COOKIE_SALT = "gongfa.core.dbrouting.read-your-writes"

_F = TypeVar("_F", bound=Callable[..., Any])


class _Context:
    """What the router needs to know about the current request or task."""

    __slots__ = ("pinned", "replica_ok", "wrote")

    def __init__(self, *, replica_ok: bool = False, pinned: bool = False) -> None:
        self.replica_ok = replica_ok
        self.pinned = pinned  # this user wrote recently: read the primary
        self.wrote = False  # this request or task wrote: read the primary from now on


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("gongfa_db_context", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICA_ALIASES", []))


def _read_your_writes_seconds() -> float:
    return float(getattr(settings, "READ_YOUR_WRITES_SECONDS", 5))


# -- Lag ---------------------------------------------------------------------------------------

_LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)
_lag_lock = threading.Lock()
_lag: dict[str, tuple[float, float | None]] = {}  # alias -> (measured at, seconds behind or None)


def measure_lag(alias: str) -> float | None:
    """Seconds the replica is behind the primary (0 when caught up), None when it does not answer."""
    conn = connections[alias]
    try:
        with conn.cursor() as cursor:
            if conn.vendor != "postgresql":
                return 0.0
            cursor.execute(_LAG_SQL)
            row = cursor.fetchone()
        return float(row[0]) if row and row[0] is not None else 0.0
    except Exception:
        logger.warning("replica %s: lag could not be measured", alias, exc_info=True)
        with contextlib.suppress(Exception):
            conn.close()
        return None


def replica_lag(alias: str) -> float | None:
    """The replica's lag, measured at most every REPLICA_LAG_CHECK_SECONDS in this process."""
    now = time.monotonic()
    every = float(getattr(settings, "REPLICA_LAG_CHECK_SECONDS", 2))
    with _lag_lock:
        known = _lag.get(alias)
    if known is not None and now - known[0] < every:
        return known[1]
    lag = measure_lag(alias)
    with _lag_lock:
        _lag[alias] = (now, lag)
    return lag


def replica_usable(alias: str) -> bool:
    lag = replica_lag(alias)
    return lag is not None and lag <= float(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 10))


def forget_lag() -> None:
    """For tests: measure again on the next read."""
    with _lag_lock:
        _lag.clear()


def replica_check() -> str:
    """Readiness: each replica's lag. Never fails readiness: a lagging replica is not used, the
    primary serves instead."""
    aliases = replica_aliases()
    if not aliases:
        return "none configured"
    parts = []
    limit = float(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 10))
    for alias in aliases:
        lag = measure_lag(alias)
        if lag is None:
            parts.append(f"{alias}: unreachable (reads go to the primary)")
        elif lag > limit:
            parts.append(f"{alias}: {lag:.1f} s behind, over {limit:.0f} s (reads go to the primary)")
        else:
            parts.append(f"{alias}: {lag:.1f} s behind")
    return "; ".join(parts)


# -- The router --------------------------------------------------------------------------------


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside ``replica_reads`` go to a usable replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        state = _context.get()
        if state is None or not state.replica_ok or state.pinned or state.wrote:
            return None
        aliases = [alias for alias in replica_aliases() if replica_usable(alias)]
        if not aliases:
            return None
        return aliases[0] if len(aliases) == 1 else random.choice(aliases)  # noqa: S311 - load spreading

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        state = _context.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS  # replicas follow the primary's WAL


@contextlib.contextmanager
def replica_reads(*, pinned: bool = False) -> Iterator[None]:
    """Reads inside go to a replica where one is usable (see the module docstring). Nested inside
    a request that has written, or with pinned=True, they stay on the primary."""
    outer = _context.get()
    state = _Context(replica_ok=True, pinned=pinned or bool(outer and (outer.pinned or outer.wrote)))
    token = _context.set(state)
    try:
        yield
    finally:
        _context.reset(token)
        if outer is not None and state.wrote:
            outer.wrote = True


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside go to the primary even within ``replica_reads`` (what is cached for everyone,
    such as the reference tables, must never come from a replica that is behind)."""
    state = _context.get()
    if state is None or state.pinned:
        yield
        return
    state.pinned = True
    try:
        yield
    finally:
        state.pinned = False


def replica_view(view: _F) -> _F:
    """A view that only reports: its reads may go to a replica."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        state = _context.get()
        with replica_reads(pinned=bool(state and state.pinned)):
            return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


# -- Read your writes ----------------------------------------------------------------------------


def _user_key(user_id: Any) -> str:
    return f"gongfa:rw:{user_id}"


def _token_key(token_id: Any) -> str:
    return f"gongfa:rw:token:{token_id}"


def _pinned_by_cookie(request: HttpRequest) -> bool:
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return False
    try:
        until = float(signing.loads(raw, salt=_COOKIE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return until > time.time()


def _pinned_by(*keys: str) -> bool:
    try:
        marks = cache.get_many(list(keys))
    except Exception:  # the shared cache is down: safer to read the primary
        return True
    now = time.time()
    return any(float(until) > now for until in marks.values() if until)


def _pinned_by_user(user_id: Any) -> bool:
    return user_id is not None and _pinned_by(_user_key(user_id))


def _writer_key(request: HttpRequest) -> str | None:
    """Whose write this request was: the API token that authenticated it, else the signed-in person."""
    principal = getattr(request, "auth", None)  # django-ninja's caller (gongfa.api.auth.Principal)
    token = getattr(principal, "token", None)
    if token is not None:
        return _token_key(token.pk)
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return _user_key(user.pk)
    principal_user = getattr(principal, "user", None)
    return _user_key(principal_user.pk) if principal_user is not None else None


def mark_written(key: str | None) -> None:
    """This client (a _user_key or _token_key) wrote: its reads go to the primary for
    READ_YOUR_WRITES_SECONDS."""
    seconds = _read_your_writes_seconds()
    if key is None or seconds <= 0:
        return
    try:
        cache.set(key, time.time() + seconds, timeout=max(1, int(seconds) + 1))
    except Exception:
        logger.warning("could not record a recent write for %s", key, exc_info=True)


class ReadYourWritesMiddleware:
    """Tracks writes per request and pins the writer's next requests to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        pinned = _pinned_by_cookie(request) or _pinned_by_user(
            request.user.pk if request.user.is_authenticated else None
        )
        state = _Context(pinned=pinned)
        token = _context.set(state)
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        if state.wrote and _read_your_writes_seconds() > 0:
            writer = _writer_key(request)
            if writer is None or not writer.startswith(_token_key("")):  # a browser, not an API token
                until = time.time() + _read_your_writes_seconds()
                response.set_cookie(
                    COOKIE_NAME,
                    signing.dumps(until, salt=_COOKIE_SALT),
                    max_age=max(1, int(_read_your_writes_seconds()) + 1),
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            mark_written(writer)
        return response


def api_pinned(user_id: Any, token_id: Any) -> None:
    """For API requests, whose caller is known only after the token is checked: pin this request
    to the primary when this token, or its user in a browser, wrote recently."""
    state = _context.get()
    if state is not None and not state.pinned and _pinned_by(_token_key(token_id), _user_key(user_id)):
        state.pinned = True
