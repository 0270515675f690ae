"""Migration steps that move a clear column into an encrypted one (and back), in batches.

A migration that encrypts `phone` of a model runs, in order:
    AddField phone_encrypted (EncryptedCharField) and phone_hash (BlindIndexField(source="phone"))
    RunPython(encrypt_columns(...), decrypt_columns(...))
    RemoveField phone; RenameField phone_encrypted -> phone
Each step has its reverse, so `migrate app <previous>` puts the clear values back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from gongfa.core.crypto import blind_index

BATCH_SIZE = 500


@dataclass(frozen=True)
class EncryptedColumn:
    clear: str  # the old clear field, e.g. "phone"
    encrypted: str  # the new encrypted field, renamed to `clear` afterwards
    hash_field: str = ""  # the blind index beside it, if any
    kind: str = "phone"


def _batches(model: Any, batch_size: int) -> Iterator[list[Any]]:
    last_pk = None
    while True:
        query = model._default_manager.order_by("pk")
        if last_pk is not None:
            query = query.filter(pk__gt=last_pk)
        batch = list(query[:batch_size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def encrypt_columns(
    app_label: str, model_name: str, columns: list[EncryptedColumn], batch_size: int = BATCH_SIZE
) -> Callable[[Any, Any], None]:
    """RunPython forward step: copy each clear value into its encrypted field and fill the hash."""

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        fields = [c.encrypted for c in columns] + [c.hash_field for c in columns if c.hash_field]
        for batch in _batches(model, batch_size):
            for row in batch:
                for column in columns:
                    value = getattr(row, column.clear) or ""
                    setattr(row, column.encrypted, value)
                    if column.hash_field:
                        setattr(row, column.hash_field, blind_index(value, column.kind))
            model._default_manager.bulk_update(batch, fields)

    return forward


def decrypt_columns(
    app_label: str, model_name: str, columns: list[EncryptedColumn], batch_size: int = BATCH_SIZE
) -> Callable[[Any, Any], None]:
    """RunPython reverse step: put the decrypted values back into the clear fields."""

    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        fields = [c.clear for c in columns]
        for batch in _batches(model, batch_size):
            for row in batch:
                for column in columns:
                    setattr(row, column.clear, getattr(row, column.encrypted) or "")
            model._default_manager.bulk_update(batch, fields)

    return backward
