"""Helpers for the county archive tests: read an archive back, rewrite it, delete what it holds."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from gongfa.core.region_archive import graph
from gongfa.core.region_archive.container import MANIFEST, Reader


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        found = {}
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            assert handle is not None
            found[member.name] = handle.read()
        return found


def rows_by_model(path: Path) -> dict[str, list[dict[str, Any]]]:
    reader = Reader(path)
    try:
        manifest = reader.manifest()
        return {entry["label"]: list(reader.lines(entry["member"])) for entry in manifest["models"]}
    finally:
        reader.close()


def rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    member: tuple[str, Callable[[bytes], bytes]] | None = None,
    refresh_checksums: bool = False,
) -> Path:
    """A copy of `source` with the manifest and/or one member changed."""
    contents = members(source)
    if member is not None:
        name, change = member
        contents[name] = change(contents[name])
    data = json.loads(contents[MANIFEST])
    if refresh_checksums:
        for entry in [*data["models"], *data["files"]]:
            body = contents[entry["member"]]
            entry["sha256"] = hashlib.sha256(body).hexdigest()
            entry["bytes"] = len(body)
    if manifest is not None:
        manifest(data)
    contents[MANIFEST] = json.dumps(data, ensure_ascii=False).encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, body in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return target


def member_of(manifest: dict[str, Any], label: str) -> str:
    return next(entry["member"] for entry in manifest["models"] if entry["label"] == label)


def purge(path: Path) -> set[int]:
    """Delete every row and file the archive holds (children first). Users still referenced by
    rows outside the archive are kept; returns their primary keys."""
    reader = Reader(path)
    kept: set[int] = set()
    try:
        manifest = reader.manifest()
        for entry in reversed(manifest["models"]):
            model_class = graph.model(entry["label"])
            pks = [row[entry["pk"]] for row in reader.lines(entry["member"])]
            if entry["label"] == graph.USER:
                for pk in pks:
                    try:
                        with transaction.atomic():
                            model_class._base_manager.filter(pk=pk).delete()
                    except ProtectedError:
                        kept.add(pk)
            elif entry["label"] == graph.ROOT:
                for level in (5, 4, 3):
                    model_class._base_manager.filter(pk__in=pks, level=level).delete()
            else:
                for start in range(0, len(pks), 500):
                    model_class._base_manager.filter(pk__in=pks[start : start + 500]).delete()
        for item in manifest["files"]:
            storage = None
            for entry in manifest["models"]:
                if entry["label"] == item["model"] and entry["files"]:
                    storage = graph.concrete_field(graph.model(entry["label"]), entry["files"][0]).storage  # type: ignore[attr-defined]
            assert storage is not None
            storage.delete(item["name"])
    finally:
        reader.close()
    return kept
