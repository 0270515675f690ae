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

Each ``Store`` is one such family with its own shared generation, so a change drops only the
family that watches it: ``REFERENCE`` holds the reference tables; the API's token lookups
(``gongfa.api.tokens``) have a store of their own with a shorter maximum age.

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

# Per thread (as Django's connections are): the aliases whose open transaction changed watched data.
_dirty = threading.local()


def _dirty_aliases() -> set[str]:
    aliases: set[str] | None = getattr(_dirty, "aliases", None)
    if aliases is None:
        aliases = _dirty.aliases = set()
    return aliases


def _check_seconds() -> float:
    return float(getattr(settings, "REFERENCE_CACHE_CHECK_SECONDS", 1.0))


def _enabled() -> bool:
    return bool(getattr(settings, "REFERENCE_CACHE_ENABLED", True))


SaveFilter = Callable[[Any, bool, "frozenset[str] | None"], bool]


class Store:
    """One family of cached tables with its own shared generation: a change to a model it watches
    drops this family only. One lock guards the generation check and the dict swaps; loaders run
    outside it (two threads may load the same table once each, which is harmless).

    `max_age_setting` names the setting that bounds how long anything is kept (seconds; 0 keeps
    nothing). `ignore_save(instance, created, update_fields)` may declare a save irrelevant (a
    login stamping last_login)."""

    def __init__(
        self,
        name: str,
        *,
        generation_key: str,
        max_age_setting: str,
        default_max_age: float,
        ignore_save: SaveFilter | None = None,
    ) -> None:
        self.name = name
        self.generation_key = generation_key
        self.max_age_setting = max_age_setting
        self.default_max_age = default_max_age
        self.ignore_save = ignore_save
        self.labels: set[str] = set()  # model labels ("catalog.SlaRule") whose writes invalidate
        self.tables: dict[str, set[str]] = {}  # table name -> the model labels it reads
        self.lock = threading.Lock()
        self.values: dict[str, Any] = {}
        self.generation: object = _MISSING
        self.checked_at = 0.0
        self.filled_at = 0.0
        _stores[name] = self

    def max_age(self) -> float:
        return float(getattr(settings, self.max_age_setting, self.default_max_age))

    def usable(self) -> bool:
        return _enabled() and self.max_age() > 0 and self.refresh_if_due() and _may_fill()

    def _shared_generation(self) -> object:
        try:
            return cache.get(self.generation_key, 0)
        except Exception:  # the shared cache is down: cache nothing until it answers again
            logger.warning("%s cache: the shared generation could not be read", self.name, exc_info=True)
            return _MISSING

    def refresh_if_due(self) -> bool:
        """Drop this process's copies when another process changed the watched data (checked at
        most every REFERENCE_CACHE_CHECK_SECONDS) or when they are older than the maximum age.
        False when caching is impossible right now."""
        now = time.monotonic()
        with self.lock:
            if self.values and now - self.filled_at > self.max_age():
                self.values = {}
            if now - self.checked_at < _check_seconds() and self.generation is not _MISSING:
                return True
            generation = self._shared_generation()
            if generation is _MISSING:
                self.values = {}
                self.generation = _MISSING
                return False
            if generation != self.generation:
                self.values = {}
                self.generation = generation
            self.checked_at = now
            return True

    def store(self, name: str, value: Any) -> None:
        with self.lock:
            if not self.values:
                self.filled_at = time.monotonic()
            self.values[name] = value

    def store_key(self, name: str, key: Hashable, value: Any, maxsize: int) -> None:
        with self.lock:
            table = self.values.get(name)
            if table is None or len(table) >= maxsize:
                if not self.values:
                    self.filled_at = time.monotonic()
                table = self.values[name] = {}
            table[key] = value

    def register(self, name: str, labels: set[str]) -> None:
        if name in self.tables and self.tables[name] != labels:
            raise ValueError(f"{self.name} cache {name!r} registered twice with different models")
        self.tables[name] = labels
        self.labels.update(labels)

    def clear_local(self) -> None:
        """Forget this process's copies (the next read loads again)."""
        with self.lock:
            self.values = {}
            self.checked_at = 0.0

    def invalidate(self) -> None:
        """The watched data changed: every process drops its copies (this one at once, the others
        within REFERENCE_CACHE_CHECK_SECONDS)."""
        self.clear_local()
        try:
            try:
                cache.incr(self.generation_key)
            except ValueError:  # no generation yet: start one
                cache.add(self.generation_key, 1, timeout=None)
                cache.incr(self.generation_key)
        except Exception:  # the shared cache is down: the other processes fall back to the maximum age
            logger.warning("%s cache: could not bump the shared generation", self.name, exc_info=True)

    def reset(self) -> None:
        self.clear_local()
        with self.lock:
            self.generation = _MISSING


_stores: dict[str, Store] = {}

# The reference tables proper (topics, catalogue, network …).
REFERENCE = Store(
    "reference",
    generation_key=GENERATION_KEY,
    max_age_setting="REFERENCE_CACHE_MAX_AGE_SECONDS",
    default_max_age=300.0,
)


def _in_transaction(using: str) -> bool:
    """Whether an atomic block is open on this thread's connection, not counting the ones a test
    case wraps around each test (Django marks those; to the code under test they are autocommit)."""
    blocks = connections[using].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _may_fill(using: str = "default") -> bool:
    """Not while this thread's open transaction has changed watched data (see module docstring)."""
    aliases = _dirty_aliases()
    if using not in aliases:
        return True
    if not _in_transaction(using):
        aliases.discard(using)
        return True
    return False


def reference(
    name: str, *, models: Iterable[str], store: Store = REFERENCE
) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a loader that takes no arguments: its result is kept per process until a row of one
    of `models` (labels such as "workorders.Topic") changes."""
    labels = set(models)

    def decorate(loader: Callable[[], T]) -> Callable[[], T]:
        store.register(name, labels)

        @wraps(loader)
        def cached() -> T:
            if not store.usable():
                return loader()
            value = store.values.get(name, _MISSING)
            if value is _MISSING:
                with primary_reads():
                    value = loader()
                if _may_fill():
                    store.store(name, value)
            return value

        cached.uncached = loader  # type: ignore[attr-defined]
        return cached

    return decorate


def reference_lookup(
    name: str,
    *,
    models: Iterable[str],
    maxsize: int = 20_000,
    store: Store = REFERENCE,
    keep: Callable[[Any], bool] | None = None,
) -> Callable[[Callable[[K], T]], Callable[[K], T]]:
    """Like `reference`, for a loader of one hashable argument (a region code): each answer is kept,
    up to `maxsize` keys (then all are dropped and refilled as asked). `keep(value)` may refuse to
    keep an answer (a miss, which a caller could otherwise use to crowd out the hits)."""
    labels = set(models)

    def decorate(loader: Callable[[K], T]) -> Callable[[K], T]:
        store.register(name, labels)

        @wraps(loader)
        def cached(key: K) -> T:
            if not store.usable():
                return loader(key)
            table = store.values.get(name)
            if table is not None:
                value = table.get(key, _MISSING)
                if value is not _MISSING:
                    return value
            with primary_reads():
                value = loader(key)
            if _may_fill() and (keep is None or keep(value)):
                store.store_key(name, key, value, maxsize)
            return value

        cached.uncached = loader  # type: ignore[attr-defined]
        return cached

    return decorate


def tables() -> dict[str, set[str]]:
    """The registered reference tables and the models each reads (for the docs and readiness)."""
    return {name: set(labels) for name, labels in REFERENCE.tables.items()}


def clear_local() -> None:
    """Forget this process's copies, in every store (the next read loads again)."""
    for store in _stores.values():
        store.clear_local()


def invalidate() -> None:
    """Data changed without a signal (a migration, raw SQL): every store of every process drops its
    copies (this one at once, the others within REFERENCE_CACHE_CHECK_SECONDS)."""
    for store in _stores.values():
        store.invalidate()


def reset() -> None:
    """For tests: forget everything this process holds, including the open-transaction marks."""
    for store in _stores.values():
        store.reset()
    _dirty_aliases().clear()


def _changed(
    sender: Any,
    using: str = "default",
    instance: Any = None,
    created: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    label = sender._meta.label
    fields = frozenset(update_fields) if update_fields is not None else None
    for store in _stores.values():
        if label not in store.labels:
            continue
        if store.ignore_save is not None and instance is not None and store.ignore_save(instance, created, fields):
            continue
        if _in_transaction(using):
            _dirty_aliases().add(using)
        store.clear_local()
        transaction.on_commit(store.invalidate, using=using)


def _migrated(**kwargs: Any) -> None:
    invalidate()


def connect_signals() -> None:
    """Called once from CoreConfig.ready(). The handlers are cache bookkeeping, not business logic."""
    post_save.connect(_changed, dispatch_uid="gongfa.refcache.save")
    post_delete.connect(_changed_by_delete, dispatch_uid="gongfa.refcache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="gongfa.refcache.m2m")
    post_migrate.connect(_migrated, dispatch_uid="gongfa.refcache.migrate")


def _changed_by_delete(sender: Any, using: str = "default", **kwargs: Any) -> None:
    _changed(sender, using=using)


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
