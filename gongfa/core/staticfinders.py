"""Static files from node_modules: only the files the pages load, not the whole folder.

node_modules holds ~200 MB (ECharts alone ships 51 MB of builds and source maps); serving all of it
made `collectstatic` with compression take ten minutes on a deployment. settings.VENDOR_STATIC maps
each folder the pages use ("vendor/leaflet/dist") to the file names wanted from it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class VendorFinder(BaseFinder):
    """Finds the whitelisted files of settings.VENDOR_STATIC under settings.VENDOR_ROOT."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        root = Path(getattr(settings, "VENDOR_ROOT", ""))
        self.entries: list[tuple[str, FileSystemStorage, tuple[str, ...]]] = []
        for prefix, (folder, patterns) in getattr(settings, "VENDOR_STATIC", {}).items():
            location = root / folder
            if location.is_dir():
                storage = FileSystemStorage(location=str(location))
                storage.prefix = prefix  # type: ignore[attr-defined]  # collectstatic reads it
                self.entries.append((prefix, storage, tuple(patterns)))

    def _wanted(self, name: str, patterns: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found: list[str] = []
        for prefix, storage, patterns in self.entries:
            if not path.startswith(prefix + "/"):
                continue
            name = path[len(prefix) + 1 :]
            if self._wanted(name, patterns) and storage.exists(name):
                full = storage.path(name)
                if not find_all:
                    return full
                found.append(full)
        return found if find_all else []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for _prefix, storage, patterns in self.entries:
            for name in _walk(storage, ""):
                if self._wanted(name, patterns):
                    yield name, storage


def _walk(storage: FileSystemStorage, folder: str) -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)
