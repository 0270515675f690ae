"""Readiness checks (就绪检查): one registry that apps plug into.

Liveness (``/healthz``) says only that the process answers; readiness (``/readyz``) runs every
registered check and names the ones that fail, so a load balancer stops sending work to a node
that cannot do it. An app registers its checks in its ``AppConfig.ready``::

    register_check("search index", search_index_check)

A check is a callable that returns a short detail (shown in the answer) when the part is ready
and raises when it is not; ``CheckFailed`` carries a message meant for the answer, any other
exception is reported by its class name only (driver messages may name hosts and users).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

Check = Callable[[], str]


class CheckFailed(Exception):
    """A check's own explanation of why its part is not ready (safe to show)."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    duration_ms: float

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail, "duration_ms": round(self.duration_ms, 1)}


_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add (or replace: ready() may run more than once in tests) the check called `name`."""
    _checks[name] = check


def unregister_check(name: str) -> Check | None:
    return _checks.pop(name, None)


def registered_checks() -> dict[str, Check]:
    return dict(_checks)


def run_checks() -> list[CheckResult]:
    """Run every registered check, in registration order; one failing does not stop the others."""
    results = []
    for name, check in list(_checks.items()):
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except CheckFailed as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # any failure means "not ready"; the log keeps the rest
            logger.warning("readiness check %r failed: %s", name, type(exc).__name__, exc_info=True)
            detail, ok = f"{type(exc).__name__}", False
        results.append(CheckResult(name, ok, detail, (time.monotonic() - started) * 1000))
    return results


def database_check() -> str:
    """The default database answers a trivial query within HEALTH_DB_TIMEOUT_MS."""
    connection = connections[DEFAULT_DB_ALIAS]
    timeout_ms = int(getattr(settings, "HEALTH_DB_TIMEOUT_MS", 2000))
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # SET LOCAL ends with the transaction, so the pooled connection keeps its settings.
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(timeout_ms)])
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A connection broken by an outage must not be reused by the next check or request.
        connection.close_if_unusable_or_obsolete()
        raise
    return connection.vendor
