"""Mediation fails (调解不成, 《人民调解法》第26条): the case ends, the parties are told the other
routes (the notice goes on file) and an unsigned draft is voided."""

from __future__ import annotations

from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import AgreementStatus, CaseStatus, DocumentKind, Outcome
from gongfa.mediation.services.outcome import record_failure
from gongfa.mediation.testing import build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import draft, effective_case, frozen, mediator_of, messages

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]


def test_failure_ends_the_case_with_the_routes_notice(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case)
    failed = record_failure(actor=mediator_of(world), case=case, reason="双方对赔偿数额分歧过大。")
    assert failed.status == CaseStatus.FAILED and failed.outcome == Outcome.FAILED and failed.ended_at is not None
    assert failed.documents.filter(kind=DocumentKind.ROUTES_NOTICE, generated=True).count() == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.VOID
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.fail")
    assert event.reason == "双方对赔偿数额分歧过大。" and event.to_status == CaseStatus.FAILED
    assert event.data["article"] == "《人民调解法》第二十六条" and event.data["routes"]


def test_failure_needs_its_reason(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        record_failure(actor=mediator_of(world), case=case, reason=" ")
    assert messages(error) == ["请填写调解不成的原因。"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION and not case.documents.exists()


def test_failure_only_from_mediation(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    with pytest.raises(InvalidTransition) as error:
        record_failure(actor=mediator_of(world), case=case, reason="反悔")
    assert error.value.message == "当前状态为“协议已生效”，不能执行“调解不成，终止调解”。"


def test_an_outsider_cannot_fail_the_case(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        record_failure(actor=world.outsider.user, case=case, reason="调解不成")


def test_a_labour_dispute_is_told_the_arbitration_committee_by_name(frozen: Any) -> None:
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency

    world = build_world()
    commission = Agency.objects.create(
        name="示范县劳动人事争议仲裁委员会",
        kind=AgencyKind.ARBITRATION_COMMISSION,
        region=world.net.county,
        address="示范县人民路1号",
        phone="0871-1234567",
    )
    case = make_case(world, "in_mediation", category_code="labour")
    record_failure(actor=mediator_of(world), case=case, reason="双方对补偿数额分歧过大。")
    routes = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.fail").data["routes"]
    assert routes[0] == f"向{commission.name}申请仲裁（地址：示范县人民路1号，电话：0871-1234567）"
    commission.is_active = False
    commission.save()
    other = make_case(world, "in_mediation", category_code="labour")
    record_failure(actor=mediator_of(world), case=other, reason="双方对补偿数额分歧过大。")
    routes = Event.objects.get(subject_id=str(other.pk), verb="mediation.mediationcase.fail").data["routes"]
    assert routes[0] == "向劳动人事争议仲裁委员会申请仲裁"  # none in the network: the generic route
