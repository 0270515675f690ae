"""Judicial confirmation (司法确认, 《人民调解法》第33条; 《民事诉讼法》第205–206条): a joint
application within 30 days of the agreement taking effect, then the court's ruling."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.mediation.choices import AgreementStatus, CaseStatus, CourtDecision, Outcome
from gongfa.mediation.models import JudicialConfirmation, MediationCase
from gongfa.mediation.services.confirmation import file_confirmation, record_court_decision
from gongfa.mediation.services.outcome import record_oral_agreement
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import (
    TODAY,
    draft,
    effective_case,
    fields,
    frozen,
    mediator_of,
    messages,
)

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]
COURT = "示范县人民法院"


def filed_case(world: MediationWorld) -> MediationCase:
    case, _ = effective_case(world)
    file_confirmation(actor=world.chair, case=case, court=COURT, filed_on=TODAY)
    case.refresh_from_db()
    return case


def test_a_joint_application_within_the_window_is_filed(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    frozen.shift(datetime.timedelta(days=30))  # 2026-12-23, the window's last day
    confirmation = file_confirmation(actor=world.chair, case=case, court=COURT, filed_on="2026-12-23")
    assert confirmation.court == COURT and confirmation.decision == CourtDecision.PENDING
    case.refresh_from_db()
    assert case.status == CaseStatus.JC_FILED
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.file_confirmation")
    assert event.data["filed_on"] == "2026-12-23"


def test_a_judicial_confirmation_application_after_30_days_is_refused(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    frozen.shift(datetime.timedelta(days=31))
    with pytest.raises(DomainError) as error:
        file_confirmation(actor=world.chair, case=case, court=COURT, filed_on=datetime.date(2026, 12, 24))
    assert messages(error) == [
        "已超过申请司法确认的期限：应自协议生效之日起30日内（至2026-12-23）共同申请（《人民调解法》第33条）。"
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE and not JudicialConfirmation.objects.exists()


def test_an_application_by_one_party_alone_and_without_a_court_at_once(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    with pytest.raises(DomainError) as error:
        file_confirmation(actor=world.chair, case=case, court="", filed_on=TODAY, joint=False)
    assert fields(error) == ["court", "joint"]
    assert messages(error)[1].startswith("司法确认须由双方当事人共同申请")
    assert not JudicialConfirmation.objects.exists()


@pytest.mark.parametrize(
    ("filed_on", "message"),
    [
        ("2026-11-24", "申请日期不能晚于今天。"),
        ("2026-11-22", "申请日期不能早于协议生效日（2026-11-23）。"),
        ("23/11/2026", "申请日期的日期格式不正确（应为 年-月-日，如 2026-12-31）。"),
        (None, "请填写申请日期。"),
    ],
)
def test_bad_application_dates(frozen: Any, filed_on: object, message: str) -> None:
    world = build_world()
    case, _ = effective_case(world)
    with pytest.raises(DomainError) as error:
        file_confirmation(actor=world.chair, case=case, court=COURT, filed_on=filed_on)
    assert messages(error) == [message]


def test_an_oral_agreement_cannot_be_confirmed(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    record_oral_agreement(actor=mediator_of(world), case=case, content="赔礼道歉。")
    with pytest.raises(DomainError) as error:
        file_confirmation(actor=world.chair, case=case, court=COURT, filed_on=TODAY)
    assert error.value.code == "not_written"


def test_not_before_the_agreement_is_in_force(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(InvalidTransition):
        file_confirmation(actor=world.chair, case=case, court=COURT, filed_on=TODAY)


def test_the_court_confirms_the_agreement(frozen: Any) -> None:
    world = build_world()
    case = filed_case(world)
    frozen.shift(datetime.timedelta(days=10))
    confirmation = record_court_decision(
        actor=world.chair,
        case=case,
        decision=CourtDecision.CONFIRMED,
        decided_on="2026-12-03",
        court_reference="（2026）示0102民特12号",
    )
    assert confirmation.decision == CourtDecision.CONFIRMED and confirmation.decided_on == datetime.date(2026, 12, 3)
    case.refresh_from_db()
    assert case.status == CaseStatus.JC_CONFIRMED and case.outcome == Outcome.WRITTEN_AGREEMENT


def test_rejected_and_mediated_again_voids_the_old_agreement(frozen: Any) -> None:
    world = build_world()
    case = filed_case(world)
    old = case.agreements.get()
    record_court_decision(
        actor=world.chair,
        case=case,
        decision=CourtDecision.REJECTED,
        decided_on=TODAY,
        court_reference="（2026）示0102民特13号",
        then="remediate",
        reason="协议内容显失公平",
    )
    case.refresh_from_db()
    old.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION and old.status == AgreementStatus.VOID
    assert case.outcome == Outcome.NONE and case.confirmation_window_ends_on is None and case.ended_at is None
    assert not case.return_visits.exists()
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.remediate_after_rejection")
    assert event.reason == "协议内容显失公平"
    assert draft(world, case).status == AgreementStatus.DRAFT  # a new agreement may be made


def test_rejected_and_told_to_sue(frozen: Any) -> None:
    world = build_world()
    case = filed_case(world)
    record_court_decision(
        actor=world.chair,
        case=case,
        decision=CourtDecision.REJECTED,
        decided_on=TODAY,
        court_reference="（2026）示0102民特14号",
        then="refer",
        reason="违反法律强制性规定",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED_TO_COURT


def test_every_bad_decision_input_at_once(frozen: Any) -> None:
    world = build_world()
    case = filed_case(world)
    with pytest.raises(DomainError) as error:
        record_court_decision(
            actor=world.chair,
            case=case,
            decision=CourtDecision.REJECTED,
            decided_on="2026-11-22",
            court_reference="",
            then="later",
            reason="",
        )
    assert fields(error) == ["then", "reason", "court_reference", "decided_on"]
    assert messages(error)[3] == "裁定日期不能早于申请日期（2026-11-23）。"
    with pytest.raises(DomainError) as error:
        record_court_decision(
            actor=world.chair, case=case, decision="maybe", decided_on="2026-11-30", court_reference="x"
        )
    assert fields(error) == ["decision", "decided_on"]
    case.refresh_from_db()
    assert case.status == CaseStatus.JC_FILED
    assert case.confirmations.get().decision == CourtDecision.PENDING


def test_no_decision_without_an_application(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    with pytest.raises(InvalidTransition):
        record_court_decision(
            actor=world.chair, case=case, decision=CourtDecision.CONFIRMED, decided_on=TODAY, court_reference="x"
        )
