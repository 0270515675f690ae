"""The §5.5 transition table, row by row (rules.md §5.5 and the article behind each step)."""

from __future__ import annotations

import pytest

from gongfa.core.errors import InvalidTransition
from gongfa.mediation.choices import ENDED_STATUSES, OPEN_STATUSES
from gongfa.mediation.choices import CaseStatus as S
from gongfa.mediation.states import MEDIATION

# (action, from, to): the rows of rules.md §5.5 as this table implements them.
ROWS = [
    ("seek_consent", S.APPLIED, S.CONSENT_PENDING),  # 第17条
    ("record_refusal", S.CONSENT_PENDING, S.NOT_MEDIATED),  # 第17条
    ("record_refusal", S.APPLIED, S.NOT_MEDIATED),
    ("refuse_acceptance", S.APPLIED, S.NOT_ACCEPTED),  # Mediation Provisions 第22条 ◐
    ("accept", S.CONSENT_PENDING, S.ACCEPTED),
    ("assign_mediator", S.ACCEPTED, S.MEDIATOR_ASSIGNED),  # 第19条
    ("replace_mediator", S.IN_MEDIATION, S.MEDIATOR_ASSIGNED),  # 第23条第(一)项
    ("start_mediation", S.MEDIATOR_ASSIGNED, S.IN_MEDIATION),  # Provisions 第30条 ◐
    ("report_escalation", S.IN_MEDIATION, S.IN_MEDIATION),  # 第25条
    ("terminate_by_party", S.IN_MEDIATION, S.TERMINATED_BY_PARTY),  # 第23条第(二)项
    ("fail", S.IN_MEDIATION, S.FAILED),  # 第26条
    ("make_agreement_effective", S.IN_MEDIATION, S.AGREEMENT_EFFECTIVE),  # 第28–30条
    ("file_confirmation", S.AGREEMENT_EFFECTIVE, S.JC_FILED),  # 第33条
    ("record_confirmation", S.JC_FILED, S.JC_CONFIRMED),  # 民事诉讼法第206条
    ("remediate_after_rejection", S.JC_FILED, S.IN_MEDIATION),  # 第33条第3款
    ("refer_after_rejection", S.JC_FILED, S.REFERRED_TO_COURT),
    ("record_performance", S.JC_CONFIRMED, S.PERFORMED),  # 第31条
    ("record_nonperformance", S.AGREEMENT_EFFECTIVE, S.NONPERFORMANCE),  # 第31条
    ("refer_nonperformance", S.NONPERFORMANCE, S.REFERRED_TO_COURT),  # 第32条
    ("close", S.PERFORMED, S.CLOSED),  # 第27条
]


@pytest.mark.parametrize(("action", "source", "target"), ROWS)
def test_row(action: str, source: str, target: str) -> None:
    assert MEDIATION.get(source, action).target == target


@pytest.mark.parametrize(
    ("action", "source"),
    [
        ("make_agreement_effective", S.ACCEPTED),  # no agreement before mediation starts
        ("make_agreement_effective", S.NOT_MEDIATED),  # a success on a refused case
        ("fail", S.MEDIATOR_ASSIGNED),  # sessions start first
        ("file_confirmation", S.IN_MEDIATION),  # only an effective agreement can be confirmed
        ("close", S.IN_MEDIATION),  # the case must have ended
        ("accept", S.CLOSED),
    ],
)
def test_out_of_order_is_refused(action: str, source: str) -> None:
    with pytest.raises(InvalidTransition):
        MEDIATION.get(source, action)


def test_every_ended_status_can_close_and_nothing_else() -> None:
    for status in S.values:
        assert MEDIATION.can(status, "close") == (status in ENDED_STATUSES)


def test_closed_is_final() -> None:
    assert MEDIATION.allowed_actions(S.CLOSED) == []
    assert S.CLOSED not in OPEN_STATUSES


def test_every_open_status_has_a_way_forward() -> None:
    for status in OPEN_STATUSES:
        assert [t for t in MEDIATION.allowed_actions(status) if t.target != status], status


def test_reasons_required_where_the_law_wants_one() -> None:
    required = {t.action for t in MEDIATION.transitions if t.reason_required}
    assert {"refuse_acceptance", "fail", "terminate_by_party", "replace_mediator", "extend"} <= required
