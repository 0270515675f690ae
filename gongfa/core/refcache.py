"""Small reference tables kept in memory per process (参考数据缓存).

Topics, service types, SLA rules, holidays, dispatch rules and the service-point network change a
few times a year but are read by every intake and every dispatch. Each process keeps what it read
and reuses it until the data changes:

- A save or delete of a watched model (see ``reference``) empties this process's copies at once and,
  after the transaction commits, bumps a generation number in the shared cache (Redis in a
  deployment). Every process compares its generation with the shared one at most every
  ``REFERENCE_CACHE_CHECK_SECONDS`` and drops its copies when they differ, so a change made on one
  node is seen on every node within that interval.
- A rolled-back change bumps nothing; while a transaction that changed reference data is open,
  this process reads from the database and caches nothing (it would cache rows that may never
  commit).
- Writes that send no signal (``QuerySet.update``, ``bulk_create``, raw SQL, a migration) call
  ``invalidate()``; ``migrate`` does so itself. ``REFERENCE_CACHE_MAX_AGE_SECONDS`` bounds how long
  anything is kept in any case (also where no shared cache exists between processes).

Cached values are shared between requests: callers must treat them as read-only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from gongfa.core.dbrouting import primary_reads

logger = logging.getLogger(__name__)

GENERATION_KEY = "gongfa:refcache:generation"

T = TypeVar("T")
_M = TypeVar("_M", bound=models.Model)
K = TypeVar("K", bound=Hashable)

_MISSING = object()


class _State:
    """This process's copies. One lock guards the generation check and the dict swaps; loaders run
    outside it (two threads may load the same table once each, which is harmless)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, Any] = {}
        self.generation: object = _MISSING
        self.checked_at = 0.0
        self.filled_at = 0.0


_state = _State()
# Per thread (as Django's connections are): the aliases whose open transaction changed reference data.
_dirty = threading.local()


def _dirty_aliases() -> set[str]:
    aliases: set[str] | None = getattr(_dirty, "aliases", None)
    if aliases is None:
        aliases = _dirty.aliases = set()
    return aliases


_watched: set[str] = set()  # model labels ("catalog.SlaRule") whose writes invalidate
_tables: dict[str, set[str]] = {}  # name -> the model labels it reads


def _check_seconds() -> float:
    return float(getattr(settings, "REFERENCE_CACHE_CHECK_SECONDS", 1.0))


def _max_age_seconds() -> float:
    return float(getattr(settings, "REFERENCE_CACHE_MAX_AGE_SECONDS", 300.0))


def _enabled() -> bool:
    return bool(getattr(settings, "REFERENCE_CACHE_ENABLED", True))


def _shared_generation() -> object:
    try:
        return cache.get(GENERATION_KEY, 0)
    except Exception:  # the shared cache is down: cache nothing until it answers again
        logger.warning("reference cache: the shared generation could not be read", exc_info=True)
        return _MISSING


def _refresh_if_due() -> bool:
    """Drop this process's copies when another process changed reference data (checked at most
    every REFERENCE_CACHE_CHECK_SECONDS) or when they are older than the maximum age. False when
    caching is impossible right now."""
    now = time.monotonic()
    with _state.lock:
        if _state.values and now - _state.filled_at > _max_age_seconds():
            _state.values = {}
        if now - _state.checked_at < _check_seconds() and _state.generation is not _MISSING:
            return True
        generation = _shared_generation()
        if generation is _MISSING:
            _state.values = {}
            _state.generation = _MISSING
            return False
        if generation != _state.generation:
            _state.values = {}
            _state.generation = generation
        _state.checked_at = now
        return True


def _in_transaction(using: str) -> bool:
    """Whether an atomic block is open on this thread's connection, not counting the ones a test
    case wraps around each test (Django marks those; to the code under test they are autocommit)."""
    blocks = connections[using].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _may_fill(using: str = "default") -> bool:
    """Not while this thread's open transaction has changed reference data (see module docstring)."""
    aliases = _dirty_aliases()
    if using not in aliases:
        return True
    if not _in_transaction(using):
        aliases.discard(using)
        return True
    return False


def _store(name: str, value: Any) -> None:
    with _state.lock:
        if not _state.values:
            _state.filled_at = time.monotonic()
        _state.values[name] = value


def reference(name: str, *, models: Iterable[str]) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a loader that takes no arguments: its result is kept per process until a row of one
    of `models` (labels such as "workorders.Topic") changes."""
    labels = set(models)

    def decorate(loader: Callable[[], T]) -> Callable[[], T]:
        _register(name, labels)

        @wraps(loader)
        def cached() -> T:
            if not _enabled() or not _refresh_if_due() or not _may_fill():
                return loader()
            value = _state.values.get(name, _MISSING)
            if value is _MISSING:
                with primary_reads():
                    value = loader()
                if _may_fill():
                    _store(name, value)
            return value

        cached.uncached = loader  # type: ignore[attr-defined]
        return cached

    return decorate


def reference_lookup(
    name: str, *, models: Iterable[str], maxsize: int = 20_000
) -> Callable[[Callable[[K], T]], Callable[[K], T]]:
    """Like `reference`, for a loader of one hashable argument (a region code): each answer is kept,
    up to `maxsize` keys (then all are dropped and refilled as asked)."""
    labels = set(models)

    def decorate(loader: Callable[[K], T]) -> Callable[[K], T]:
        _register(name, labels)

        @wraps(loader)
        def cached(key: K) -> T:
            if not _enabled() or not _refresh_if_due() or not _may_fill():
                return loader(key)
            table = _state.values.get(name)
            if table is not None:
                value = table.get(key, _MISSING)
                if value is not _MISSING:
                    return value
            with primary_reads():
                value = loader(key)
            if _may_fill():
                with _state.lock:
                    table = _state.values.get(name)
                    if table is None or len(table) >= maxsize:
                        if not _state.values:
                            _state.filled_at = time.monotonic()
                        table = _state.values[name] = {}
                    table[key] = value
            return value

        cached.uncached = loader  # type: ignore[attr-defined]
        return cached

    return decorate


def _register(name: str, labels: set[str]) -> None:
    if name in _tables and _tables[name] != labels:
        raise ValueError(f"reference cache {name!r} registered twice with different models")
    _tables[name] = labels
    _watched.update(labels)


def tables() -> dict[str, set[str]]:
    """The registered reference tables and the models each reads (for the docs and readiness)."""
    return {name: set(labels) for name, labels in _tables.items()}


def clear_local() -> None:
    """Forget this process's copies (the next read loads again)."""
    with _state.lock:
        _state.values = {}
        _state.checked_at = 0.0


def invalidate() -> None:
    """Reference data changed: every process drops its copies (this one at once, the others within
    REFERENCE_CACHE_CHECK_SECONDS)."""
    clear_local()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: start one
            cache.add(GENERATION_KEY, 1, timeout=None)
            cache.incr(GENERATION_KEY)
    except Exception:  # the shared cache is down: the other processes fall back to the maximum age
        logger.warning("reference cache: could not bump the shared generation", exc_info=True)


def reset() -> None:
    """For tests: forget everything this process holds, including the open-transaction marks."""
    clear_local()
    with _state.lock:
        _state.generation = _MISSING
    _dirty_aliases().clear()


def _changed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if sender._meta.label not in _watched:
        return
    if _in_transaction(using):
        _dirty_aliases().add(using)
    clear_local()
    transaction.on_commit(invalidate, using=using)


def _migrated(**kwargs: Any) -> None:
    invalidate()


def connect_signals() -> None:
    """Called once from CoreConfig.ready(). The handlers are cache bookkeeping, not business logic."""
    post_save.connect(_changed, dispatch_uid="gongfa.refcache.save")
    post_delete.connect(_changed, dispatch_uid="gongfa.refcache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="gongfa.refcache.m2m")
    post_migrate.connect(_migrated, dispatch_uid="gongfa.refcache.migrate")


def _m2m_changed(sender: Any, instance: Any, using: str = "default", **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_"):
        _changed(type(instance), using=using)


class ReferenceQuerySet(models.QuerySet[_M]):
    """The queryset of a reference model: bulk writes, which send no save signal, invalidate too
    (an admin action that deactivates topics is an `update()`)."""

    def update(self, **kwargs: Any) -> int:
        count = super().update(**kwargs)
        if count:
            _changed(self.model, using=self.db)
        return count

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            _changed(self.model, using=self.db)
        return created

    def bulk_update(self, objs: Iterable[_M], fields: Any, *args: Any, **kwargs: Any) -> int:
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            _changed(self.model, using=self.db)
        return count
