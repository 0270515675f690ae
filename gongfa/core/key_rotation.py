"""Key rotation (密钥轮换): re-encrypt every encrypted column and file with the current key.

After a new key is put first in FIELD_ENCRYPTION_KEYS (the old ones kept behind it), this walks
every model with an EncryptedCharField in primary-key batches and rewrites the rows whose
ciphertext names another key or whose blind index no longer matches BLIND_INDEX_KEY. Models that
store encrypted files declare ENCRYPTED_FILE_FIELDS and `must_encrypt_files()`; their files are
re-encrypted too (and files stored in clear before encryption existed are encrypted). Rows and
files already current are left alone, so running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast

from gongfa.core.crypto import (
    blind_index,
    bytes_key_id,
    current_key_id,
    decrypt_bytes,
    encrypt_bytes,
    is_encrypted_bytes,
    text_key_id,
)
from gongfa.core.fields import BlindIndexField, EncryptedCharField

BATCH_SIZE = 500


@dataclass
class RotationCount:
    model: str
    examined: int = 0
    rewritten: int = 0
    files_examined: int = 0
    files_rewritten: int = 0
    errors: list[str] = field(default_factory=list)


def _encrypted_models() -> list[tuple[type[models.Model], list[EncryptedCharField], list[BlindIndexField]]]:
    found = []
    for model in apps.get_models():
        concrete = model._meta.concrete_fields
        encrypted = [f for f in concrete if isinstance(f, EncryptedCharField)]
        hashes = [f for f in concrete if isinstance(f, BlindIndexField)]
        if encrypted or hasattr(model, "ENCRYPTED_FILE_FIELDS"):
            found.append((model, encrypted, hashes))
    return found


def _rotate_rows(
    model: type[models.Model],
    encrypted: list[EncryptedCharField],
    hashes: list[BlindIndexField],
    count: RotationCount,
    batch_size: int,
) -> None:
    current = current_key_id()
    raw = {f"_raw_{f.attname}": Cast(f.attname, models.TextField()) for f in encrypted}
    names = [f.attname for f in encrypted] + [f.attname for f in hashes]
    last_pk: Any = None
    while True:
        query = model._base_manager.order_by("pk").only("pk", *names).annotate(**raw)
        if last_pk is not None:
            query = query.filter(pk__gt=last_pk)
        batch = list(query[:batch_size])
        if not batch:
            return
        last_pk = batch[-1].pk
        stale = []
        for row in batch:
            count.examined += 1
            old_key = any(
                getattr(row, f"_raw_{f.attname}") and text_key_id(getattr(row, f"_raw_{f.attname}")) != current
                for f in encrypted
            )
            old_hash = False
            for hash_field in hashes:
                expected = blind_index(getattr(row, hash_field.source), hash_field.kind)
                if getattr(row, hash_field.attname) != expected:
                    setattr(row, hash_field.attname, expected)
                    old_hash = True
            if old_key or old_hash:
                stale.append(row)
        if stale:
            with transaction.atomic():
                # bulk_update encrypts each value again, with the first (current) key.
                model._base_manager.bulk_update(stale, names)
            count.rewritten += len(stale)


def encrypt_stored_file(stored: FieldFile) -> str | None:
    """Encrypt one stored file with the current key: a file in clear is encrypted, one made with
    another key is re-encrypted, one already current is left alone (None). Returns the name the
    storage saved it under, which the caller writes back to the row if it differs. Used by
    rotate_keys and by the legalaid migration that encrypts identity documents filed before
    encryption existed (one copy of the rule)."""
    with stored.open("rb") as handle:
        data = handle.read()
    if is_encrypted_bytes(data) and bytes_key_id(data) == current_key_id():
        return None
    plain = decrypt_bytes(data) if is_encrypted_bytes(data) else data
    return _replace(stored, encrypt_bytes(plain))


def decrypt_stored_file(stored: FieldFile) -> str | None:
    """The reverse: write an encrypted file back in clear (None when it is in clear already)."""
    with stored.open("rb") as handle:
        data = handle.read()
    if not is_encrypted_bytes(data):
        return None
    return _replace(stored, decrypt_bytes(data))


def _replace(stored: FieldFile, content: bytes) -> str:
    storage, path = stored.storage, stored.name
    assert path is not None
    storage.delete(path)
    return storage.save(path, ContentFile(content))


def _rotate_files(model: type[models.Model], count: RotationCount, batch_size: int) -> None:
    field_names: tuple[str, ...] = model.ENCRYPTED_FILE_FIELDS  # type: ignore[attr-defined]
    for row in model._base_manager.order_by("pk").iterator(chunk_size=batch_size):
        if not row.must_encrypt_files():  # type: ignore[attr-defined]
            continue
        for name in field_names:
            stored = getattr(row, name)
            if not stored:
                continue
            count.files_examined += 1
            saved = encrypt_stored_file(stored)
            if saved is None:
                continue
            if saved != stored.name:
                model._base_manager.filter(pk=row.pk).update(**{name: saved})
            count.files_rewritten += 1


def rotate_keys(batch_size: int = BATCH_SIZE) -> list[RotationCount]:
    counts = []
    for model, encrypted, hashes in _encrypted_models():
        count = RotationCount(model._meta.label)
        if encrypted:
            _rotate_rows(model, encrypted, hashes, count, batch_size)
        if getattr(model, "ENCRYPTED_FILE_FIELDS", ()):
            _rotate_files(model, count, batch_size)
        counts.append(count)
    return counts
