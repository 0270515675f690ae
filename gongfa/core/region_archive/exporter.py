"""export_region: one county's rows and files as a portable archive (see docs/region_archive.md)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from gongfa.core.crypto import bytes_key_id, is_encrypted_bytes, is_encrypted_text, text_key_id
from gongfa.core.region_archive import graph
from gongfa.core.region_archive.codec import dumps, read_rows
from gongfa.core.region_archive.container import FORMAT, FORMAT_VERSION, MANIFEST, ArchiveError, Writer, sha256_of
from gongfa.core.region_archive.refs import RefWriter
from gongfa.core.region_archive.selection import Selection, select
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region

Progress = Callable[[str], None]


def find_county(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise ArchiveError(f"No region with code {code!r} in this installation.")
    if region.level != RegionLevel.COUNTY:
        raise ArchiveError(
            f"{region.code} {region.name} is a {RegionLevel(region.level).label} region, not a county: "
            "export_region takes the 12-digit code of a county (县/区)."
        )
    return region


def blind_index_key_id() -> str:
    """A fingerprint of BLIND_INDEX_KEY (not the key): equal keys give equal ids."""
    return hmac.new(settings.BLIND_INDEX_KEY, b"gongfa-blind-index-key-id", hashlib.sha256).hexdigest()[:8]


def migration_state(using: str = "default") -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


@dataclass
class _Collected:
    key_ids: set[str] = field(default_factory=set)
    files: dict[str, tuple[str, Any]] = field(default_factory=dict)  # storage name -> (label, storage)
    dangling: Counter[str] = field(default_factory=Counter)


def _model_entry(label: str) -> dict[str, Any]:
    model_class = graph.model(label)
    pk = model_class._meta.pk
    assert pk is not None
    return {
        "label": label,
        "pk": pk.attname,
        "columns": [f.attname for f in model_class._meta.concrete_fields],
        "references": {
            fk.attname: graph.label_of(fk.related_model)  # type: ignore[arg-type]
            for fk in graph.foreign_keys(model_class)
        },
        "generic": [[gfk.ct_field + "_id", gfk.fk_field] for gfk in graph.generic_keys(model_class)],
        "encrypted": [f.attname for f in graph.encrypted_fields(model_class)],
        "blind_indexes": {
            f.attname: [model_class._meta.get_field(f.source).attname, f.kind]  # type: ignore[union-attr]
            for f in graph.blind_index_fields(model_class)
        },
        "files": [f.attname for f in graph.file_fields(model_class)],
    }


def _prepare_row(
    row: dict[str, Any], entry: dict[str, Any], selection: Selection, refs: RefWriter, collected: _Collected
) -> dict[str, Any]:
    label = entry["label"]
    for ct_column, id_column in entry["generic"]:
        if row[ct_column] is None or row[id_column] in (None, ""):
            continue
        subject = ContentType.objects.get_for_id(row[ct_column]).model_class()
        if subject is None:
            continue
        subject_label = graph.label_of(subject)
        subject_pk = subject._meta.pk.to_python(row[id_column])
        if subject_pk in selection.get(subject_label, ()):
            continue
        ref = refs.ref(subject_label, subject_pk)
        if ref is None:
            collected.dangling[f"{label}.{id_column}"] += 1
        else:
            row[id_column] = ref
    for column, target in entry["references"].items():
        value = row[column]
        if value is None or value in selection.get(target, ()):
            continue
        ref = refs.ref(target, value)
        if ref is None:
            raise ArchiveError(
                f"{label} row {row[entry['pk']]}: {column}={value} names a {target} that does not exist."
            )
        row[column] = ref
    for column in entry["encrypted"]:
        value = row[column]
        if value:
            if not is_encrypted_text(value):
                raise ArchiveError(f"{label} row {row[entry['pk']]}: {column} is not stored encrypted.")
            collected.key_ids.add(text_key_id(value))
    model_class = graph.model(label)
    for column in entry["files"]:
        if row[column]:
            collected.files[row[column]] = (label, model_class._meta.get_field(column).storage)  # type: ignore[union-attr]
    return row


def _write_files(writer: Writer, collected: _Collected, progress: Progress) -> tuple[list[dict[str, Any]], list[str]]:
    entries: list[dict[str, Any]] = []
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gongfa-export-files-") as scratch:
        for name, (label, storage) in sorted(collected.files.items()):
            if not storage.exists(name):
                missing.append(name)
                progress(f"warning: {label} file {name} is missing from storage; not archived")
                continue
            local = Path(scratch) / "file"
            with storage.open(name, "rb") as source, local.open("wb") as target:
                head = source.read(8)
                target.write(head)
                for block in iter(lambda: source.read(1 << 20), b""):
                    target.write(block)
            if is_encrypted_bytes(head):
                collected.key_ids.add(bytes_key_id(head))
            with local.open("rb") as handle:
                digest, size = sha256_of(handle)
            member = f"files/{name}"
            writer.add_file(member, local)
            entries.append({"name": name, "member": member, "sha256": digest, "bytes": size, "model": label})
    return entries, missing


def export_region(code: str, output: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write county `code`'s archive to `output`; returns the manifest."""
    say: Progress = progress or (lambda message: None)
    county = find_county(code)
    output = Path(output)
    if output.exists():
        raise ArchiveError(f"{output} already exists; choose another name or remove it first.")
    # One snapshot: a repeatable-read transaction on PostgreSQL keeps rows written meanwhile out.
    outermost = not connections["default"].in_atomic_block
    with transaction.atomic():
        if outermost and connections["default"].vendor == "postgresql":
            with connections["default"].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        selection = select(county)
        refs = RefWriter()
        collected = _Collected()
        models_entries: list[dict[str, Any]] = []
        writer = Writer(output)
        try:
            with tempfile.TemporaryDirectory(prefix="gongfa-export-") as scratch:
                for index, label in enumerate(graph.dependency_order()):
                    entry = _model_entry(label)
                    member = f"data/{index:03d}-{label}.jsonl"
                    local = Path(scratch) / f"{index:03d}.jsonl"
                    rows = 0
                    with local.open("w", encoding="utf-8") as handle:
                        for row in read_rows(graph.model(label), selection.get(label, set())):
                            handle.write(dumps(_prepare_row(row, entry, selection, refs, collected)) + "\n")
                            rows += 1
                    with local.open("rb") as handle:
                        digest, size = sha256_of(handle)
                    writer.add_file(member, local)
                    models_entries.append({**entry, "member": member, "rows": rows, "sha256": digest, "bytes": size})
                    if rows:
                        say(f"{label}: {rows}")
                files, missing = _write_files(writer, collected, say)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "installation_id": getattr(settings, "INSTALLATION_ID", None) or None,
                "county": {
                    "code": county.code,
                    "name": county.name,
                    "parent_code": county.parent.code if county.parent else None,
                },
                "migrations": migration_state(),
                "key_ids": sorted(collected.key_ids),
                "blind_index_key_id": blind_index_key_id(),
                "models": models_entries,
                "files": files,
                "missing_files": missing,
                "dangling_generic_references": dict(collected.dangling),
                "excluded": graph.EXCLUDED,
            }
            writer.add_bytes(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        except BaseException:
            writer.close()
            output.unlink(missing_ok=True)
            raise
        writer.close()
    return manifest
