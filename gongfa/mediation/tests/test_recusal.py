"""回避: on a party's request or by declaration; the presiding mediator is replaced in the same act
(Mediation Provisions ◐; 《人民调解法》第23条第(一)项)."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed
from gongfa.mediation.choices import CaseStatus, MediatorRole, RecusalBasis
from gongfa.mediation.models import CaseMediator, MediationCase
from gongfa.mediation.services.assignment import assign_mediators, recuse_mediator
from gongfa.mediation.testing import MediationWorld, build_world, make_case, make_mediator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def presiding(case: MediationCase) -> CaseMediator:
    return CaseMediator.objects.get(case=case, role=MediatorRole.PRESIDING, recused_at__isnull=True)


def test_the_presiding_mediator_steps_aside_and_is_replaced(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    leaving = presiding(case)
    placed = recuse_mediator(
        actor=world.chair,
        case=case,
        case_mediator=leaving,
        basis=RecusalBasis.PARTY_REQUEST,
        reason="被申请人称调解员与申请人系表兄弟",
        replacement=world.mediators[1],
    )
    assert placed is not None
    assert (placed.mediator, placed.role) == (world.mediators[1], MediatorRole.PRESIDING)
    leaving.refresh_from_db()
    assert leaving.recused_at is not None
    assert (leaving.recusal_basis, leaving.recusal_reason) == (
        RecusalBasis.PARTY_REQUEST,
        "被申请人称调解员与申请人系表兄弟",
    )
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.MEDIATOR_ASSIGNED
    event = Event.objects.get(verb="mediation.mediationcase.replace_mediator")
    assert (event.data["recused"], event.data["replacement"]) == (world.mediators[0].pk, world.mediators[1].pk)
    assert event.reason == "被申请人称调解员与申请人系表兄弟"


def test_the_presiding_mediator_cannot_leave_without_a_replacement(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    with pytest.raises(DomainError, match="须同时指定接替的调解员"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=presiding(case),
            basis=RecusalBasis.DECLARATION,
            reason="与当事人有利害关系",
        )
    assert presiding(case).recused_at is None


def test_an_assisting_mediator_promoted_to_preside(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    assign_mediators(actor=world.chair, case=case, presiding=world.mediators[0], assisting=[world.mediators[1]])
    placed = recuse_mediator(
        actor=world.chair,
        case=case,
        case_mediator=presiding(case),
        basis=RecusalBasis.DECLARATION,
        reason="与申请人系同事",
        replacement=world.mediators[1],
    )
    assert placed is not None
    assert presiding(case).mediator == world.mediators[1]
    assert CaseMediator.objects.filter(case=case, recused_at__isnull=True).count() == 1


def test_an_assisting_mediator_may_leave_alone(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    assign_mediators(actor=world.chair, case=case, presiding=world.mediators[0], assisting=[world.mediators[1]])
    assisting = CaseMediator.objects.get(case=case, role=MediatorRole.ASSISTING)
    assert (
        recuse_mediator(
            actor=world.chair, case=case, case_mediator=assisting, basis=RecusalBasis.DECLARATION, reason="身体原因"
        )
        is None
    )
    assert presiding(case).mediator == world.mediators[0]


def test_the_replacement_is_checked_like_any_mediator(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError, match="不属于本调委会"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=presiding(case),
            basis=RecusalBasis.PARTY_REQUEST,
            reason="利害关系",
            replacement=world.outsider,
        )
    with pytest.raises(DomainError, match="不能是回避的调解员本人"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=presiding(case),
            basis=RecusalBasis.PARTY_REQUEST,
            reason="利害关系",
            replacement=world.mediators[0],
        )
    assert presiding(case).mediator == world.mediators[0]


def test_a_recused_mediator_cannot_come_back(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    first = presiding(case)
    recuse_mediator(
        actor=world.chair,
        case=case,
        case_mediator=first,
        basis=RecusalBasis.PARTY_REQUEST,
        reason="利害关系",
        replacement=world.mediators[1],
    )
    with pytest.raises(DomainError, match="已在本案中回避"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=presiding(case),
            basis=RecusalBasis.PARTY_REQUEST,
            reason="也有利害关系",
            replacement=world.mediators[0],
        )
    with pytest.raises(DomainError, match="已经回避"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=first,
            basis=RecusalBasis.PARTY_REQUEST,
            reason="重复",
            replacement=make_mediator(world.township_committee, "王新"),
        )


def test_every_problem_at_once_and_out_of_order(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    with pytest.raises(ValidationFailed) as caught:
        recuse_mediator(actor=world.chair, case=case, case_mediator=presiding(case), basis="whim", reason=" ")
    assert {p.field for p in caught.value.problems} == {"basis", "reason", "replacement"}
    ended = make_case(world, "failed", with_mediator=True)
    with pytest.raises(InvalidTransition):
        recuse_mediator(
            actor=world.chair,
            case=ended,
            case_mediator=presiding(ended),
            basis=RecusalBasis.DECLARATION,
            reason="利害关系",
            replacement=world.mediators[1],
        )
    other = make_case(world, "in_mediation")
    with pytest.raises(DomainError, match="该调解员不在本案中"):
        recuse_mediator(
            actor=world.chair,
            case=case,
            case_mediator=presiding(other),
            basis=RecusalBasis.DECLARATION,
            reason="利害关系",
            replacement=world.mediators[1],
        )
