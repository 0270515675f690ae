#!/usr/bin/env python
"""Fail when a translatable string in the source has no English translation in locale/en.

core/tests/test_translations.py checks that every entry of the catalogue is translated; this
checks that the catalogue has every entry: it extracts the messages afresh (makemessages) into the
catalogue, compares, and puts the catalogue back as it was, so it changes nothing on disk.
Run by `make check` (part of `make test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongfa.core.pofile import read_po  # noqa: E402

PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def translated(text: str) -> set[tuple[str, str]]:
    """(context, msgid) of the entries with a usable translation (fuzzy ones do not count)."""
    return {(entry.context, entry.msgid) for entry in read_po(text) if entry.is_translated}


def main() -> int:
    known = translated(PO.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy2(PO, backup)
        try:
            env = {**os.environ, "DEBUG": "1"}
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--no-location",
                 "--ignore=.venv", "--ignore=node_modules", "--ignore=var"],
                cwd=ROOT, env=env, check=True, capture_output=True,
            )  # fmt: skip
            fresh = read_po(PO.read_text(encoding="utf-8"))
        finally:
            shutil.copy2(backup, PO)
    missing = sorted({(entry.context, entry.msgid) for entry in fresh} - known)
    if missing:
        print(f"{len(missing)} message(s) in the source have no English translation in {PO.relative_to(ROOT)}:")
        for context, msgid in missing[:50]:
            print(f"  {context + ' | ' if context else ''}{msgid}")
        print("Run `make messages`, translate the new entries, and run `make messages` again to compile them.")
        return 1
    print(f"messages: all {len(known)} translatable strings have an English translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
