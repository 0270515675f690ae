"""专家会诊: requested on a difficult dispute while it is in hand, the experts' opinion recorded."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import CaseStatus, ConsultationStatus
from gongfa.mediation.models import ExpertConsultation, MediationCase
from gongfa.mediation.services.handling import answer_consultation, request_consultation
from gongfa.mediation.testing import MediationWorld, build_world, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def test_requested_and_answered(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    asked = request_consultation(
        actor=world.mediators[0].user, case=case, question="承重墙拆除责任如何认定？", experts="县司法局法律顾问"
    )
    assert (asked.status, asked.requested_by) == (ConsultationStatus.REQUESTED, world.mediators[0].user)
    event = Event.objects.get(verb="mediation.mediationcase.request_consultation")
    assert event.data == {"consultation": asked.pk}
    answered = answer_consultation(
        actor=world.chair, consultation=asked, experts="李律师、王工程师", opinion="被申请人应承担主要责任。"
    )
    assert answered.status == ConsultationStatus.ANSWERED
    assert answered.answered_at is not None
    assert ExpertConsultation.objects.get().opinion == "被申请人应承担主要责任。"
    assert Event.objects.filter(verb="mediation.mediationcase.answer_consultation").count() == 1
    with pytest.raises(DomainError, match="不能再记录会诊意见"):
        answer_consultation(actor=world.chair, consultation=asked, experts="李律师", opinion="补充")


def test_before_the_first_session_the_status_stays(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    request_consultation(actor=world.chair, case=case, question="是否需要鉴定？")
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.MEDIATOR_ASSIGNED


def test_bad_input_and_out_of_order(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    with pytest.raises(ValidationFailed) as caught:
        request_consultation(actor=world.chair, case=case, question="", experts="专" * 256)
    assert {p.field for p in caught.value.problems} == {"question", "experts"}
    with pytest.raises(InvalidTransition):
        request_consultation(actor=world.chair, case=make_case(world, "accepted"), question="问题")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        request_consultation(actor=world.outsider.user, case=case, question="问题")
    assert not ExpertConsultation.objects.exists()
    asked = request_consultation(actor=world.chair, case=case, question="问题")
    with pytest.raises(ValidationFailed) as caught:
        answer_consultation(actor=world.chair, consultation=asked, experts=" ", opinion="")
    assert {p.field for p in caught.value.problems} == {"experts", "opinion"}
    assert ExpertConsultation.objects.get().status == ConsultationStatus.REQUESTED
