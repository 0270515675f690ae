"""指定调解员 (《人民调解法》第19条; 第15条's conflict checklist): one presiding, others assisting,
from this committee, active, not under recusal on this case."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import CaseStatus, MediatorRole, PartySide, RecusalBasis
from gongfa.mediation.models import CaseMediator, CaseParty, MediationCase
from gongfa.mediation.services.assignment import add_mediator, assign_mediators
from gongfa.mediation.testing import MediationWorld, build_world, make_case, make_mediator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def test_the_committee_designates_a_presiding_and_an_assisting_mediator(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    first, second = world.mediators
    placed = assign_mediators(actor=world.chair, case=case, presiding=first, assisting=[second])
    assert [(p.mediator, p.role) for p in placed] == [(first, MediatorRole.PRESIDING), (second, MediatorRole.ASSISTING)]
    assert fresh(case).status == CaseStatus.MEDIATOR_ASSIGNED
    event = Event.objects.get(verb="mediation.mediationcase.assign_mediator")
    assert event.data["presiding"] == first.pk
    assert set(event.data["mediator_users"]) == {first.user_id, second.user_id}
    assert event.data["chosen_by_parties"] is False


def test_chosen_by_the_parties(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    placed = assign_mediators(actor=world.chair, case=case, presiding=world.mediators[1], chosen_by_parties=True)
    assert placed[0].chosen_by_parties is True


def test_a_mediator_of_another_committee_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    with pytest.raises(DomainError, match="不属于本调委会") as caught:
        assign_mediators(actor=world.chair, case=case, presiding=world.outsider)
    assert caught.value.code == "other_committee"
    assert fresh(case).status == CaseStatus.ACCEPTED
    assert not CaseMediator.objects.exists()


def test_an_inactive_mediator_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    retired = make_mediator(world.township_committee, "退休调解员", is_active=False)
    with pytest.raises(DomainError, match="已不在岗"):
        assign_mediators(actor=world.chair, case=case, presiding=retired)


def test_a_mediator_who_recused_from_this_case_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    CaseMediator.objects.create(
        case=case,
        mediator=world.mediators[0],
        recused_at=case.registered_at,
        recusal_basis=RecusalBasis.PARTY_REQUEST,
        recusal_reason="与被申请人系亲属",
    )
    with pytest.raises(DomainError, match="已在本案中回避") as caught:
        assign_mediators(actor=world.chair, case=case, presiding=world.mediators[0])
    assert caught.value.code == "recused_mediator"


def test_a_mediator_who_is_a_party_is_refused(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    CaseParty.objects.filter(case=case, side=PartySide.RESPONDENT).update(representative_user=world.mediators[1].user)
    with pytest.raises(DomainError, match="是本案当事人或代理人"):
        assign_mediators(actor=world.chair, case=case, presiding=world.mediators[1])


def test_every_problem_at_once(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    assert world.outsider is not None
    with pytest.raises(ValidationFailed) as caught:
        assign_mediators(
            actor=world.chair,
            case=case,
            presiding=None,
            assisting=[world.outsider, world.mediators[0], world.mediators[0]],
        )
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("presiding", "required"),
        ("assisting.0", "other_committee"),
        ("assisting.2", "duplicate_mediator"),
    }


def test_assignment_out_of_order_or_by_a_mediator_is_refused(world: MediationWorld) -> None:
    with pytest.raises(InvalidTransition):
        assign_mediators(actor=world.chair, case=make_case(world, "consent_pending"), presiding=world.mediators[0])
    outsider_case = make_case(world, "accepted", committee=world.other_committee)
    with pytest.raises(NotPermitted):
        assign_mediators(actor=world.chair, case=outsider_case, presiding=world.mediators[0])
    assert not CaseMediator.objects.exists()


def test_add_an_assisting_mediator_during_handling(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    added = add_mediator(actor=world.chair, case=case, mediator=world.mediators[1])
    assert added.role == MediatorRole.ASSISTING
    assert fresh(case).status == CaseStatus.MEDIATOR_ASSIGNED  # the table: start_mediation resumes it
    with pytest.raises(DomainError, match="已在本案中"):
        add_mediator(actor=world.chair, case=case, mediator=world.mediators[1])
    with pytest.raises(DomainError, match="不属于本调委会"):
        add_mediator(actor=world.chair, case=case, mediator=world.outsider)
    with pytest.raises(InvalidTransition):
        add_mediator(actor=world.chair, case=make_case(world, "accepted"), mediator=world.mediators[1])
