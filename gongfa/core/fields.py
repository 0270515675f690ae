"""Model fields for personal data (个人信息): encrypted at rest, found by a blind index.

    phone = EncryptedCharField("手机号", max_length=11, blank=True)
    phone_hash = BlindIndexField(source="phone", kind="phone")

The model attribute holds the clear value (in memory only); the column holds AES-GCM ciphertext
(gongfa.core.crypto). The blind index column is recomputed from the clear value on every save,
so look rows up with `.filter(phone_hash=blind_index(value, "phone"))`. Filtering on the encrypted
column itself cannot work (each encryption differs) and raises FieldError, so a forgotten lookup
fails loudly instead of silently finding nothing. `save(update_fields=[...])` must name the
hash field together with its source.

`QuerySet.update()` and `bulk_update()` never call pre_save, so they would leave a blind index
stale: the managers of these models (BlindIndexedQuerySet) refuse them for a blind-indexed field.
`dumpdata` writes the ciphertext (value_to_string) and `loaddata` reads it back (to_python), so a
fixture file carries no personal data in clear.

Show such values masked (gongfa.core.masking) everywhere except where opening them in full is
an audited event (gongfa.audit.services.record_personal_data_access).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import FieldError, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import lookups
from django.utils.translation import gettext

from gongfa.core.crypto import (
    BLIND_INDEX_KINDS,
    DecryptionError,
    blind_index,
    decrypt_text,
    encrypt_text,
    is_encrypted_text,
)


class _EmptyOnlyExact(lookups.Exact):
    """`field=""` (no value recorded) is the one exact match an encrypted column can answer."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} is encrypted: look it up by its "
                "blind index (gongfa.core.crypto.blind_index), not by value."
            )
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A short personal value (phone, ID number) stored encrypted; max_length limits the clear text."""

    description = "Encrypted text (AES-GCM)"

    def db_type(self, connection: Any) -> str | None:
        # Ciphertext is longer than the clear value: the column is unbounded text.
        return models.TextField().db_type(connection)

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return decrypt_text(value)

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisers (dumpdata) write the ciphertext: a fixture file holds no personal data.
        value = self.value_from_object(obj)
        return "" if value is None else encrypt_text(str(value))

    def to_python(self, value: Any) -> Any:
        # loaddata hands back what value_to_string wrote: decrypt it to the clear value.
        if isinstance(value, str) and is_encrypted_text(value):
            try:
                return decrypt_text(value)
            except DecryptionError:
                raise ValidationError(
                    gettext("加密数据无法解密（密钥不符或内容已被改动）。"), code="undecryptable"
                ) from None
        return super().to_python(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # Django raises FieldError "Unsupported lookup" for anything else

    def get_transform(self, lookup_name: str) -> Any:
        return None


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of another field's normalised value (盲索引), indexed for exact lookups."""

    description = "Blind index (HMAC-SHA256)"

    def __init__(self, *args: Any, source: str, kind: str, **kwargs: Any) -> None:
        if kind not in BLIND_INDEX_KINDS:
            raise ValueError(f"kind must be one of {BLIND_INDEX_KINDS}, not {kind!r}")
        self.source = source
        self.kind = kind
        if not args:
            kwargs.setdefault("verbose_name", f"{source} 盲索引")
        kwargs["max_length"] = 64
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        del kwargs["max_length"]
        for key, default in (("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key) == default:
                del kwargs[key]
        # Field.deconstruct leaves out db_index=False (its own default), which is not ours.
        if not kwargs.pop("db_index", False):
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(getattr(model_instance, self.source), self.kind)
        setattr(model_instance, self.attname, value)
        return value


class BlindIndexedModelMixin:
    """Keeps blind indexes in step: `save(update_fields=[...])` naming an encrypted field also saves
    the hash computed from it, and constraint validation (model forms, admin) checks the hash of the
    value being saved (put before models.Model in the bases)."""

    def validate_constraints(self, exclude: Any = None) -> None:
        excluded = set(exclude or ())
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if isinstance(field, BlindIndexField):
                setattr(self, field.attname, blind_index(getattr(self, field.source), field.kind))
                if field.source not in excluded:
                    excluded.discard(field.name)
        super().validate_constraints(exclude=excluded)  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = list(update_fields)
            for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
                if isinstance(field, BlindIndexField) and field.source in names and field.name not in names:
                    names.append(field.name)
            kwargs["update_fields"] = names
        super().save(*args, **kwargs)  # type: ignore[misc]


_M = TypeVar("_M", bound=models.Model)


def _refuse_blind_indexed(model: type[models.Model], names: Iterable[str], method: str) -> None:
    named = set(names)
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and ({field.name, field.attname, field.source} & named):
            raise FieldError(
                f"{model.__name__}.{field.source} has a blind index ({field.name}) that QuerySet.{method}() "
                "cannot keep in step: set the value on each object and call save(update_fields=[...]) instead."
            )


class BlindIndexedQuerySet(models.QuerySet[_M]):
    """The queryset of a model with blind indexes: refuses update()/bulk_update() of an indexed
    value or its hash, which would skip pre_save and leave the index stale (lookups would then
    silently miss the row). Other fields update as usual."""

    def update(self, **kwargs: Any) -> int:
        _refuse_blind_indexed(self.model, kwargs, "update")
        return super().update(**kwargs)

    def bulk_update(self, objs: Iterable[_M], fields: Iterable[str], batch_size: int | None = None) -> int:
        fields = list(fields)
        _refuse_blind_indexed(self.model, fields, "bulk_update")
        return super().bulk_update(objs, fields, batch_size=batch_size)


def show_masked(form: Any, name: str, original: str, kind: str) -> None:
    """Show an existing personal value masked in `form` (never in full on the page); submitting
    the masked text unchanged keeps the original, typing a new value replaces it."""
    from gongfa.core.masking import mask_id_number, mask_phone

    if not original:
        return
    masked = mask_phone(original) if kind == "phone" else mask_id_number(original)
    field = form.fields[name]
    form.initial[name] = masked
    clean = field.clean

    def keep_or_replace(value: Any) -> Any:
        return clean(original if (value or "").strip() == masked else value)

    field.clean = keep_or_replace


class EncryptedJSONField(EncryptedCharField):
    """A JSON document of personal data (a drafting interview's answers: names, ID numbers,
    addresses) stored encrypted as one AES-GCM token. Never filtered on; key rotation rewrites it
    like any EncryptedCharField."""

    description = "Encrypted JSON (AES-GCM)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The clear JSON's length is bounded by the form that fills it, not by the column.
        kwargs.setdefault("max_length", 1_000_000)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str) and is_encrypted_text(value):
            return value
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
        return encrypt_text(text)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            if is_encrypted_text(value):
                return json.loads(decrypt_text(value))
            return json.loads(value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else self.get_prep_value(value)

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        # The CharField checks (length, choices) do not apply to a JSON document.
        if not self.blank and value in self.empty_values:
            raise ValidationError(self.error_messages["blank"], code="blank")
