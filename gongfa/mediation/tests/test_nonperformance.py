"""Non-performance referred to the court (《人民调解法》第32条) and feedback to the sender of a
handed-over case (委托移送调解反馈)."""

from __future__ import annotations

from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.mediation.choices import CaseSource, CaseStatus, Performance, ReturnVisitStatus, Satisfaction
from gongfa.mediation.models import MediationCase
from gongfa.mediation.services.followup import record_return_visit, refer_nonperformance, send_referral_feedback
from gongfa.mediation.services.outcome import record_failure
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import effective_case, frozen, mediator_of, messages

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]


def unperformed_case(world: MediationWorld) -> MediationCase:
    case, _ = effective_case(world)
    record_return_visit(
        actor=world.chair,
        visit=case.return_visits.get(),
        performance=Performance.NOT_PERFORMED,
        satisfaction=Satisfaction.DISSATISFIED,
        note="经督促仍拒绝履行。",
    )
    case.refresh_from_db()
    return case


def test_refusal_to_perform_is_referred_to_the_court(frozen: Any) -> None:
    world = build_world()
    case = unperformed_case(world)
    referred = refer_nonperformance(actor=world.chair, case=case, reason="已告知申请人可向人民法院起诉。")
    assert referred.status == CaseStatus.REFERRED_TO_COURT
    assert not case.return_visits.filter(status=ReturnVisitStatus.DUE).exists()
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.refer_nonperformance")
    assert event.reason == "已告知申请人可向人民法院起诉。"


def test_referral_needs_its_reason_and_an_urged_case(frozen: Any) -> None:
    world = build_world()
    case = unperformed_case(world)
    with pytest.raises(DomainError) as error:
        refer_nonperformance(actor=world.chair, case=case, reason="")
    assert messages(error) == ["请填写告知起诉或申请执行的情况。"]
    case.refresh_from_db()
    assert case.status == CaseStatus.NONPERFORMANCE
    fresh, _ = effective_case(world)
    with pytest.raises(InvalidTransition):
        refer_nonperformance(actor=world.chair, case=fresh, reason="未履行")


def _referred(world: MediationWorld) -> MediationCase:
    case = make_case(world, "in_mediation")
    MediationCase.objects.filter(pk=case.pk).update(
        source=CaseSource.POLICE_HANDOVER, sender_name="示范县公安局青山派出所", sender_reference="青公调〔2026〕3号"
    )
    case.refresh_from_db()
    return case


def test_feedback_to_the_police_station_after_the_mediation_ended(frozen: Any) -> None:
    world = build_world()
    case = _referred(world)
    with pytest.raises(DomainError) as error:
        send_referral_feedback(actor=world.chair, case=case, content="调解中")
    assert error.value.code == "not_ended"
    record_failure(actor=mediator_of(world), case=case, reason="分歧过大")
    updated = send_referral_feedback(actor=world.chair, case=case, content="调解不成，已告知当事人诉讼途径。")
    assert updated.feedback_sent_at is not None
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.referral_feedback_sent")
    assert event.data["sender"] == "示范县公安局青山派出所"
    with pytest.raises(DomainError) as error:
        send_referral_feedback(actor=world.chair, case=case, content="再次反馈")
    assert error.value.code == "already_sent"


def test_no_feedback_for_a_party_application_and_none_empty(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    record_failure(actor=mediator_of(world), case=case, reason="分歧过大")
    with pytest.raises(DomainError) as error:
        send_referral_feedback(actor=world.chair, case=case, content="")
    assert [p.code for p in error.value.problems] == ["not_referred", "required"]
    case.refresh_from_db()
    assert case.feedback_sent_at is None
