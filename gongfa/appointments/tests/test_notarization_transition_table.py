"""states.NOTARIZATION row by row (rules.md §5.6): every action from every status, allowed exactly
where the table says, else InvalidTransition with nothing changed."""

from __future__ import annotations

import pytest

from gongfa.appointments.choices import NotarizationStatus as N
from gongfa.appointments.states import NOTARIZATION
from gongfa.core.errors import InvalidTransition

ROWS = {
    "decline": ({N.APPLIED}, N.NOT_ACCEPTED),
    "accept": ({N.APPLIED}, N.ACCEPTED),
    "recuse": ({N.ACCEPTED}, N.ACCEPTED),
    "request_supplement": ({N.ACCEPTED}, N.SUPPLEMENTING),
    "receive_supplement": ({N.SUPPLEMENTING}, N.ACCEPTED),
    "start_verification": ({N.ACCEPTED}, N.VERIFYING),
    "finish_verification": ({N.VERIFYING}, N.ACCEPTED),
    "refuse": ({N.ACCEPTED, N.SUPPLEMENTING, N.VERIFYING}, N.REFUSED),
    "terminate": ({N.APPLIED, N.ACCEPTED, N.SUPPLEMENTING, N.VERIFYING}, N.TERMINATED),
    "issue": ({N.ACCEPTED}, N.ISSUED),
    "archive": ({N.ISSUED}, N.ARCHIVED),
    "request_review": ({N.ISSUED, N.ARCHIVED}, N.REVIEW_PENDING),
    "decide_review": ({N.REVIEW_PENDING}, N.ARCHIVED),
}


@pytest.mark.parametrize("action", sorted(ROWS))
@pytest.mark.parametrize("status", list(N))
def test_each_action_from_each_status(action: str, status: N) -> None:
    sources, target = ROWS[action]
    if status in sources:
        assert NOTARIZATION.get(status, action).target == target
    else:
        with pytest.raises(InvalidTransition):
            NOTARIZATION.get(status, action)


def test_the_table_has_exactly_these_actions() -> None:
    assert {t.action for t in NOTARIZATION.transitions} == set(ROWS)
    ended = (N.NOT_ACCEPTED, N.REFUSED, N.TERMINATED)
    for status in ended:
        for action in ROWS:
            with pytest.raises(InvalidTransition):
                NOTARIZATION.get(status, action)
