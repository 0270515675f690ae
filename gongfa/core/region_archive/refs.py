"""References to rows the archive does not carry (reference data, regions and rows outside the
county), written as natural keys and looked up again in the receiving installation.

    {"$ref": "network.Region", "key": {"code": "330100000000"}}

A key's foreign-key parts are references themselves (a service point outside the county is
{"region": {"$ref": "network.Region", …}, "tier": "station"}).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gongfa.core.region_archive import graph
from gongfa.core.region_archive.codec import encode, to_python

REF = "$ref"


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and REF in value


class RefWriter:
    """Natural keys of rows, each computed once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, Any], dict[str, Any] | None] = {}

    def ref(self, label: str, pk: Any) -> dict[str, Any] | None:
        """The reference to row `pk` of `label`, or None when the row does not exist."""
        cache_key = (label, pk)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._build(label, pk)
        return self._cache[cache_key]

    def _build(self, label: str, pk: Any) -> dict[str, Any] | None:
        model_class = graph.model(label)
        fields = [model_class._meta.get_field(name) for name in graph.natural_key_fields(model_class)]
        attnames = [f.attname for f in fields]  # type: ignore[union-attr]
        values = model_class._base_manager.filter(pk=pk).values(*attnames).first()
        if values is None:
            return None
        key: dict[str, Any] = {}
        for field in fields:
            value = values[field.attname]  # type: ignore[union-attr]
            if isinstance(field, models.ForeignKey) and value is not None:
                key[field.name] = self.ref(graph.label_of(field.related_model), value)  # type: ignore[arg-type]
            else:
                key[field.name] = encode(value)
        return {REF: label, "key": key}


class RefResolver:
    """Primary keys, in this installation, of the rows references name (None when absent)."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    def resolve(self, ref: dict[str, Any]) -> Any:
        from gongfa.core.region_archive.container import ArchiveError

        cache_key = encode_key(ref)
        if cache_key in self._cache:
            return self._cache[cache_key]
        label = ref.get(REF)
        key = ref.get("key")
        try:
            model_class = graph.model(str(label))
        except LookupError:
            raise ArchiveError(f"The archive refers to an unknown model {label!r}.") from None
        if not isinstance(key, dict):
            raise ArchiveError(f"Malformed reference to {label}: {ref!r}.")
        filters: dict[str, Any] = {}
        for name, value in key.items():
            try:
                field = model_class._meta.get_field(name)
            except Exception:
                raise ArchiveError(f"The archive refers to {label} by a field {name!r} it does not have.") from None
            if isinstance(field, models.ForeignKey):
                filters[field.attname] = None if value is None else self.resolve(value)
                if value is not None and filters[field.attname] is None:
                    self._cache[cache_key] = None
                    return None
            else:
                filters[name] = to_python(field, value)  # type: ignore[arg-type]
        found = list(model_class._base_manager.filter(**filters).values_list("pk", flat=True)[:2])
        if len(found) > 1:
            raise ArchiveError(f"The reference {describe(ref)} matches several rows here; cannot tell which.")
        self._cache[cache_key] = found[0] if found else None
        return self._cache[cache_key]


def encode_key(ref: dict[str, Any]) -> str:
    import json

    return json.dumps(ref, sort_keys=True, ensure_ascii=False, default=str)


def describe(ref: dict[str, Any]) -> str:
    key = ref.get("key") or {}
    parts = []
    for name, value in key.items():
        shown = describe(value) if is_ref(value) else repr(value)
        parts.append(f"{name}={shown}")
    return f"{ref.get(REF)}({', '.join(parts)})"
