"""Typed readers for environment variables.

Each reader fails loudly with ImproperlyConfigured naming the variable and the bad value, so a
typo in production configuration stops the process at start-up instead of changing behaviour.
"""

from __future__ import annotations

import os
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is above the maximum {maximum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_timezone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a known time zone.") from None
    return value


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def env_database(name: str, default: str) -> dict[str, Any]:
    """Parse a database URL (sqlite:///path, postgres://user@host:port/db) into Django's dict."""
    return database_config(env_str(name, default), name)


def database_config(url: str, name: str) -> dict[str, Any]:
    """Django's dict for one database URL; `name` is the setting it came from, for the errors."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"Environment variable {name}={url!r} is not a valid database URL: {exc}") from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"Environment variable {name} selects {engine!r}; gongfa supports SQLite and PostgreSQL only."
        )
    if engine == "django.db.backends.sqlite3":
        # Persistent connections do not help SQLite and keep file locks open across requests.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    return config


def env_url(name: str, default: str = "", *, schemes: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value and not value.startswith(tuple(f"{scheme}://" for scheme in schemes)):
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be a URL starting with one of: "
            + ", ".join(f"{s}://" for s in schemes)
        )
    return value


def env_keys(name: str, *, length: int = 32, required: bool = False) -> list[bytes]:
    """A comma-separated list of base64-encoded keys of exactly `length` bytes each (empty list when
    unset and not required). Make one with:
    python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"
    """
    import base64
    import binascii

    items = env_list(name)
    if not items:
        if required:
            raise ImproperlyConfigured(
                f"Environment variable {name} is required when DEBUG is off: a comma-separated list of "
                f"base64-encoded {length}-byte keys."
            )
        return []
    keys: list[bytes] = []
    for position, item in enumerate(items, start=1):
        try:
            key = base64.b64decode(item, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"Environment variable {name}: key {position} is not valid base64.") from None
        if len(key) != length:
            raise ImproperlyConfigured(
                f"Environment variable {name}: key {position} is {len(key)} bytes; each key must be {length} bytes."
            )
        keys.append(key)
    return keys
