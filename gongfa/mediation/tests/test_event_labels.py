"""Every event a mediation case's timeline can show has a plain label: each step of the MEDIATION
table and each note the services and pages write (found in their source)."""

from __future__ import annotations

import re
from pathlib import Path

from gongfa.mediation.events import event_label
from gongfa.mediation.services import followup
from gongfa.mediation.states import MEDIATION

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    *(ROOT / "gongfa" / "mediation").glob("services/*.py"),
    *(ROOT / "gongfa" / "mediation").glob("*.py"),
    *(ROOT / "gongfa" / "workbench" / "views" / "mediation").glob("*.py"),
]
WRITES = re.compile(r"\b(?:note|case_note|record_event)\(\s*[\w.]+,\s*\"(?:mediation\.mediationcase\.)?(\w+)\"", re.S)


def test_the_walk_finds_the_notes() -> None:
    verbs = {verb for path in SOURCES for verb in WRITES.findall(path.read_text(encoding="utf-8"))}
    assert {"register", "consent_invited", "agreement_signed", "file_downloaded"} <= verbs


def test_every_note_and_step_has_a_label() -> None:
    verbs = {verb for path in SOURCES for verb in WRITES.findall(path.read_text(encoding="utf-8"))}
    verbs |= {followup.CONFIRMATION_REMINDER, followup.RETURN_VISIT_DUE}
    verbs |= {t.action for t in MEDIATION.transitions}
    unlabelled = sorted(
        v for v in verbs if event_label(f"mediation.mediationcase.{v}") == f"mediation.mediationcase.{v}"
    )
    assert not unlabelled


def test_a_step_keeps_its_table_label_and_an_unknown_verb_shows_as_is() -> None:
    assert event_label("mediation.mediationcase.accept") == "受理"
    assert event_label("mediation.mediationcase.something_new") == "mediation.mediationcase.something_new"
