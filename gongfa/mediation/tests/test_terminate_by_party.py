"""当事人要求终止调解 (《人民调解法》第23条第(二)项): the case ends with a notice of the other routes
(第26条)."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import CaseStatus, DocumentKind, Outcome, PartySide
from gongfa.mediation.models import MediationCase
from gongfa.mediation.services.handling import terminate_by_party
from gongfa.mediation.testing import MediationWorld, build_world, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.mark.parametrize("status", ["mediator_assigned", "in_mediation"])
def test_a_party_stops_the_mediation(world: MediationWorld, status: str) -> None:
    case = make_case(world, status)
    party = case.parties.get(side=PartySide.RESPONDENT)
    ended = terminate_by_party(actor=world.mediators[0].user, case=case, party=party, reason="不愿再协商，准备起诉")
    assert (ended.status, ended.outcome) == (CaseStatus.TERMINATED_BY_PARTY, Outcome.TERMINATED)
    stored = MediationCase.objects.get(pk=case.pk)
    assert stored.ended_at is not None
    assert stored.documents.filter(kind=DocumentKind.ROUTES_NOTICE, generated=True).count() == 1
    event = Event.objects.get(verb="mediation.mediationcase.terminate_by_party")
    assert event.reason == "被申请人钱被申要求终止调解：不愿再协商，准备起诉"
    assert event.data["party"] == party.pk
    assert "向人民法院提起诉讼" in event.data["routes"]


def test_the_party_and_the_reason_are_required(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    with pytest.raises(ValidationFailed) as caught:
        terminate_by_party(actor=world.chair, case=case, party=None, reason="")
    assert {p.field for p in caught.value.problems} == {"party", "reason"}
    other = make_case(world, "in_mediation")
    with pytest.raises(DomainError, match="须为本案当事人"):
        terminate_by_party(
            actor=world.chair, case=case, party=other.parties.get(side=PartySide.APPLICANT), reason="不调了"
        )
    stored = MediationCase.objects.get(pk=case.pk)
    assert (stored.status, stored.outcome) == (CaseStatus.IN_MEDIATION, Outcome.NONE)
    assert not stored.documents.exists()


def test_out_of_order_or_by_an_outsider(world: MediationWorld) -> None:
    for status in ("accepted", "agreement_effective", "failed"):
        case = make_case(world, status)
        with pytest.raises(InvalidTransition):
            terminate_by_party(actor=world.chair, case=case, party=case.parties.first(), reason="不调了")
    case = make_case(world, "in_mediation")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        terminate_by_party(actor=world.outsider.user, case=case, party=case.parties.first(), reason="不调了")
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.IN_MEDIATION
