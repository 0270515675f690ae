"""The archive file: a manifest, one JSON-lines member per model and the uploaded files.

    manifest.json
    data/000-network.Region.jsonl     one JSON object per row, in dependency order
    files/<storage name>              uploaded files as stored (encrypted ones stay encrypted)

A .tar.gz (or .tgz) or a .zip, chosen by the output name. Members are read back only by the names
the manifest lists, each checked against its sha256 before anything is imported.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

FORMAT = "gongfa-region-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class ArchiveError(Exception):
    """The archive cannot be exported or imported; the message says why."""


def safe_member_name(name: str) -> str:
    normal = posixpath.normpath(name)
    if name.startswith("/") or normal.startswith("..") or normal != name or "\\" in name:
        raise ArchiveError(f"Archive member name {name!r} is not a plain relative path.")
    return name


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


class Writer:
    """Adds members to a new archive at `path` (.tar.gz, .tgz or .zip)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        name = path.name.lower()
        self._tar: tarfile.TarFile | None = None
        self._zip: zipfile.ZipFile | None = None
        if name.endswith((".tar.gz", ".tgz")):
            self._tar = tarfile.open(path, "w:gz")  # noqa: SIM115 - closed in close()
        elif name.endswith(".zip"):
            self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        else:
            raise ArchiveError(f"Output must end in .tar.gz, .tgz or .zip, not {path.name!r}.")

    def add_file(self, name: str, source: Path) -> None:
        safe_member_name(name)
        if self._tar is not None:
            info = self._tar.gettarinfo(str(source), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o644
            with source.open("rb") as handle:
                self._tar.addfile(info, handle)
        else:
            assert self._zip is not None
            self._zip.write(source, arcname=name)

    def add_bytes(self, name: str, data: bytes) -> None:
        safe_member_name(name)
        if self._tar is not None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(time.time())
            info.mode = 0o644
            self._tar.addfile(info, io.BytesIO(data))
        else:
            assert self._zip is not None
            self._zip.writestr(name, data)

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()
        if self._zip is not None:
            self._zip.close()


class Reader:
    """Reads named members of an archive written by Writer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise ArchiveError(f"No archive at {path}.")
        self._tar: tarfile.TarFile | None = None
        self._zip: zipfile.ZipFile | None = None
        try:
            if zipfile.is_zipfile(path):
                self._zip = zipfile.ZipFile(path)
            else:
                self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed in close()
        except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise ArchiveError(f"{path.name} is not a readable .tar.gz or .zip archive ({error}).") from None

    def names(self) -> set[str]:
        if self._tar is not None:
            return {m.name for m in self._tar.getmembers() if m.isfile()}
        assert self._zip is not None
        return {n for n in self._zip.namelist() if not n.endswith("/")}

    def open(self, name: str) -> IO[bytes]:
        safe_member_name(name)
        try:
            if self._tar is not None:
                member = self._tar.getmember(name)
                if not member.isfile():
                    raise KeyError(name)
                handle = self._tar.extractfile(member)
                assert handle is not None
                return handle
            assert self._zip is not None
            return self._zip.open(name)
        except KeyError:
            raise ArchiveError(f"The archive has no member {name!r}.") from None
        except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise ArchiveError(f"Cannot read {name!r} from the archive ({error}).") from None

    def manifest(self) -> dict[str, Any]:
        with self.open(MANIFEST) as handle:
            try:
                manifest = json.load(handle)
            except (ValueError, UnicodeDecodeError, EOFError, OSError) as error:
                raise ArchiveError(f"manifest.json is not valid JSON ({error}).") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError("This is not a gongfa region archive (manifest.json names another format).")
        return manifest

    def checksum(self, name: str) -> tuple[str, int]:
        try:
            with self.open(name) as handle:
                return sha256_of(handle)
        except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise ArchiveError(f"Cannot read {name!r} from the archive ({error}).") from None

    def lines(self, name: str) -> Iterator[dict[str, Any]]:
        with self.open(name) as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    row = json.loads(line)
                except ValueError:
                    raise ArchiveError(f"{name} line {number} is not valid JSON.") from None
                if not isinstance(row, dict):
                    raise ArchiveError(f"{name} line {number} is not a JSON object.")
                yield row

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()
        if self._zip is not None:
            self._zip.close()
