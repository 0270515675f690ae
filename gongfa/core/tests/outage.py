"""A database that is down, for tests: every query raises the driver-level OperationalError that
Django raises when PostgreSQL has gone away (the real exception, from the real DB layer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import OperationalError, connection


def _refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    raise OperationalError("server closed the connection unexpectedly")


@contextmanager
def database_down(when: Callable[[str], bool] | None = None) -> Iterator[None]:
    """Every query (or each query whose SQL `when` accepts) fails as if the server were gone."""

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if when is None or when(sql):
            return _refuse(execute, sql, params, many, context)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield
