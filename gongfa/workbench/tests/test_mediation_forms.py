"""The case action forms: the one option of a row choice comes chosen, and only the fields the
services do not require say （选填）."""

from __future__ import annotations

from typing import cast

from django import forms

from gongfa.core.forms import AccessibleBoundField
from gongfa.workbench.mediation_forms import cases as f


def optional(form: forms.Form, name: str) -> bool:
    return cast(AccessibleBoundField, form[name]).shows_optional


def test_the_only_visit_due_comes_chosen_but_not_one_of_two_nor_a_submitted_choice() -> None:
    assert f.ReturnVisitForm(visits=[(7, "应回访 2026-12-29")])["visit"].value() == 7
    assert f.ReturnVisitForm(visits=[(7, "12-29"), (8, "01-13")])["visit"].value() in ("", None)
    bound = f.ReturnVisitForm({"visit": ""}, visits=[(7, "12-29")])
    assert bound["visit"].value() == ""  # what was submitted stands: the service names it missing
    assert f.AssignForm(mediators=[(3, "周调解（专职）")])["presiding"].value() == 3


def test_only_the_optional_fields_say_so() -> None:
    party = f.PartyForm()
    assert not optional(party, "name") and not optional(party, "side")
    assert optional(party, "address") and optional(party, "id_number")
    draft = f.AgreementDraftForm()
    assert optional(draft, "amount") and not optional(draft, "performance_deadline")
