"""What a citizen is told about a state (群众看到的进展): one table per case type.

Each case type keeps one `PublicStatusTable` (workorders/public_status.py, legalaid/…, mediation/…,
appointments/…) mapping every status of its TextChoices to a plain phrase and, where there is one,
the plain next step. The portal, the citizen's SMS and the citizen API read the phrase from there
and nowhere else, so one state never reads two ways on one page ("已办结" beside "正在处理").

The phrases are lazy translations (gettext_lazy): `phrase()` and `next_step()` return text in the
active language. `missing()` lists the statuses without an entry; every table's test asserts it is
empty, so a new status cannot reach a citizen unworded."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class PublicStatus:
    """One state in the citizen's words: the phrase, and what happens next (may be empty)."""

    phrase: Text
    next_step: Text = ""


class PublicStatusTable:
    """Every status of `choices` in the citizen's words. Unknown values fall back to the
    status's own label (never to an empty badge)."""

    def __init__(self, choices: type[models.TextChoices], entries: Mapping[str, PublicStatus | Text]) -> None:
        self.choices = choices
        self._entries: dict[str, PublicStatus] = {
            str(status): entry if isinstance(entry, PublicStatus) else PublicStatus(entry)
            for status, entry in entries.items()
        }
        unknown = set(self._entries) - set(choices.values)
        if unknown:
            raise ValueError(f"{choices.__name__} has no status {sorted(unknown)}")

    def entry(self, status: object) -> PublicStatus | None:
        return self._entries.get(str(status))

    def phrase(self, status: object) -> str:
        entry = self.entry(status)
        if entry is not None:
            return str(entry.phrase)
        try:
            return str(self.choices(str(status)).label)
        except ValueError:
            return str(status)

    def next_step(self, status: object) -> str:
        entry = self.entry(status)
        return str(entry.next_step) if entry is not None else ""

    def missing(self) -> list[str]:
        """The statuses of `choices` that have no entry (each table's test wants none)."""
        return [value for value in self.choices.values if value not in self._entries]

    def __iter__(self) -> Iterator[tuple[str, PublicStatus]]:
        return iter(self._entries.items())


def assert_complete(table: PublicStatusTable) -> None:
    """For tests: every status has a phrase, and no phrase is blank."""
    assert not table.missing(), f"{table.choices.__name__}: no citizen phrase for {table.missing()}"
    blank = [status for status, entry in table if not str(entry.phrase).strip()]
    assert not blank, f"{table.choices.__name__}: blank citizen phrase for {blank}"
