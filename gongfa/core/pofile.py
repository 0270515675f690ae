"""A minimal reader of gettext catalogues (.po), enough to check that every message is translated.

Used by scripts/check_messages.py and the translation tests; no third-party parser needed."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class PoEntry:
    msgid: str = ""
    context: str = ""
    plural: str = ""
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def is_translated(self) -> bool:
        return not self.fuzzy and bool(self.translations) and all(self.translations)


def _string(text: str) -> str:
    return str(ast.literal_eval(text.strip()))


def read_po(text: str) -> list[PoEntry]:
    """The catalogue's entries (the header entry, with an empty msgid, is left out)."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    target: str | None = None  # which string the continuation lines extend
    pending_fuzzy = False

    def finish() -> None:
        nonlocal entry
        if entry.msgid:
            entries.append(entry)
        entry = PoEntry()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#~"):
            continue  # obsolete entries are not part of the catalogue
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,"):
            pending_fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            finish()
            entry.fuzzy, pending_fuzzy = pending_fuzzy, False
            entry.context, target = _string(line[8:]), "context"
        elif line.startswith("msgid_plural "):
            entry.plural, target = _string(line[13:]), "plural"
        elif line.startswith("msgid "):
            if entry.msgid or entry.translations:
                finish()
            if not entry.context:
                entry.fuzzy, pending_fuzzy = pending_fuzzy, False
            entry.msgid, target = _string(line[6:]), "msgid"
        elif line.startswith("msgstr["):
            value = line[7:].split("]", 1)[1]
            entry.translations.append(_string(value))
            target = "msgstr"
        elif line.startswith("msgstr "):
            entry.translations = [_string(line[7:])]
            target = "msgstr"
        elif line.startswith('"') and target is not None:
            part = _string(line)
            if target == "msgstr":
                entry.translations[-1] += part
            else:
                setattr(entry, target, getattr(entry, target) + part)
    return entries
