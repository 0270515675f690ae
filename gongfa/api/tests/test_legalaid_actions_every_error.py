"""The legal-aid API's actions, sent a body with two bad fields, answer one 400 whose `errors` list
names both (issue 11 §2), and change nothing."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

from __future__ import annotations

from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.legalaid.models import LegalAidApplication

from .test_legalaid_support import (  # noqa: F401 - fixtures
    _media,
    action_url,
    assigned,
    error_of,
    frozen,
    granted,
    in_service,
    law_firm,
    lawyers,
    post,
    received,
    reviewer,
    session,
    standard,
    worker,
)

NO_ONE = 987654  # a row id no one has

CASE_BODIES = [
    pytest.param(
        "granted",
        "assign",
        {"provider_id": NO_ONE, "chosen_by_applicant": True},
        [("provider", "not_a_provider"), ("chosen_by_applicant", "choice_not_allowed")],
        id="assign: an unknown provider, the applicant's choice where the region has none",
    ),
    pytest.param(
        "in_service",
        "replace_provider",
        {"provider_id": NO_ONE, "grounds": " "},
        [("provider", "not_a_provider"), ("grounds", "required")],
        id="replace provider: an unknown provider, no grounds",
    ),
    pytest.param(
        "in_service",
        "terminate",
        {"ground": "bored", "reasons": ""},
        [("ground", "invalid_ground"), ("reasons", "required")],
        id="terminate: an unknown ground, no reasons",
    ),
]


def _case_state(case: LegalAidApplication) -> tuple[Any, ...]:
    row = LegalAidApplication.objects.values().get(pk=case.pk)
    return row, case.notices.count(), Event.objects.filter(subject_id=str(case.pk)).count()


@pytest.mark.parametrize(("setup", "action", "body", "expected"), CASE_BODIES)
def test_a_legal_aid_action_names_every_bad_field(request, reviewer, setup, action, body, expected):
    case = request.getfixturevalue(setup)
    before = _case_state(case)
    response = post(session(reviewer), action_url(case, action), body)
    assert response.status_code == 400, response.content
    errors = error_of(response)["errors"]
    assert [(e["field"], e["code"]) for e in errors] == expected, errors
    assert all(e["message"] for e in errors)
    assert _case_state(case) == before
