"""Rows as JSON: read a model's rows as stored (ciphertext stays ciphertext) and write them back.

Rows are read with `.values()`, except that every EncryptedCharField is read through a cast to
text, so its from_db_value (which decrypts) never runs: the archive holds the stored AES-GCM
ciphertext. Rows are written back with plain INSERT statements built from each field's
get_db_prep_save, except the encrypted columns, which are written exactly as read (no second
encryption), and no model save() or signal runs (nothing is dispatched or notified by an import).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.functions import Cast
from django.utils.duration import duration_string

from gongfa.core.region_archive import graph

CHUNK = 500
_RAW = "gfraw_"


def encode(value: Any) -> Any:
    """A stored Python value as JSON (full precision: datetimes keep their microseconds)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=encode)


def columns(model_class: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model_class._meta.concrete_fields)


def read_rows(model_class: type[models.Model], pks: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """The rows with these primary keys, in primary-key order, as {attname: stored value}."""
    encrypted = {f.attname for f in graph.encrypted_fields(model_class)}
    plain = [f.attname for f in columns(model_class) if f.attname not in encrypted]
    raw = {f"{_RAW}{name}": Cast(name, models.TextField()) for name in encrypted}
    ordered = sorted(pks)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = model_class._base_manager.filter(pk__in=chunk).order_by("pk").values(*plain, **raw)
        for values in query:
            row = {name: encode(values[name]) for name in plain}
            for name in encrypted:
                row[name] = values[f"{_RAW}{name}"]
            yield row


def to_python(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.ForeignKey):
        return field.target_field.to_python(value)
    return field.to_python(value)


def db_value(field: models.Field[Any, Any], value: Any, connection: BaseDatabaseWrapper) -> Any:
    if value is None:
        return None
    if isinstance(field, graph.EncryptedCharField):
        return value  # the stored ciphertext, written as it was read
    return field.get_db_prep_save(to_python(field, value), connection)


class Inserter:
    """INSERT statements for one model; returns the new primary key when the row has none."""

    def __init__(self, model_class: type[models.Model], connection: BaseDatabaseWrapper) -> None:
        self.model = model_class
        self.connection = connection
        self.fields = columns(model_class)
        self.pk = model_class._meta.pk
        assert self.pk is not None
        self.quote = connection.ops.quote_name
        self._pending: list[list[Any]] = []

    def _sql(self, keep_pk: bool) -> tuple[str, list[models.Field[Any, Any]]]:
        fields = [f for f in self.fields if keep_pk or f is not self.pk]
        names = ", ".join(self.quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        return f"INSERT INTO {self.quote(self.model._meta.db_table)} ({names}) VALUES ({marks})", fields  # noqa: S608

    def insert(self, row: dict[str, Any], keep_pk: bool) -> Any:
        """Write one row; with keep_pk the row is queued and written by flush() (in batches)."""
        assert self.pk is not None
        sql, fields = self._sql(keep_pk)
        params = [db_value(f, row[f.attname], self.connection) for f in fields]
        if keep_pk:
            self._pending.append(params)
            if len(self._pending) >= CHUNK:
                self.flush()
            return row[self.pk.attname]
        with self.connection.cursor() as cursor:
            cursor.execute(f"{sql} RETURNING {self.quote(self.pk.column)}", params)
            return cursor.fetchone()[0]

    def flush(self) -> None:
        if self._pending:
            sql, _ = self._sql(keep_pk=True)
            with self.connection.cursor() as cursor:
                cursor.executemany(sql, self._pending)
            self._pending = []

    def update(self, pk: Any, values: dict[str, Any]) -> None:
        fields = [graph.concrete_field(self.model, name) for name in values]
        assignments = ", ".join(f"{self.quote(f.column)} = %s" for f in fields)
        params = [db_value(f, values[f.attname], self.connection) for f in fields]
        assert self.pk is not None
        table, pk_column = self.quote(self.model._meta.db_table), self.quote(self.pk.column)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608 - quoted names only
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, pk])


def existing_pks(model_class: type[models.Model], pks: Sequence[Any]) -> set[Any]:
    found: set[Any] = set()
    for start in range(0, len(pks), CHUNK):
        found.update(model_class._base_manager.filter(pk__in=pks[start : start + CHUNK]).values_list("pk", flat=True))
    return found
