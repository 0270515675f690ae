"""受理 / 不予受理: acceptance needs the other side's consent once sought (《人民调解法》第17条; own
initiative: no party objects, Mediation Provisions ◐); excluded matters get a non-acceptance notice
with the route (Mediation Provisions 第22条 ◐)."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import (
    CaseSource,
    CaseStatus,
    ConsentDecision,
    ConsentMethod,
    DocumentKind,
    NonAcceptanceReason,
    Outcome,
    PartySide,
)
from gongfa.mediation.models import CaseParty, MediationCase
from gongfa.mediation.services.acceptance import accept_case, refuse_acceptance
from gongfa.mediation.services.consent import record_consent, seek_consent
from gongfa.mediation.testing import MediationWorld, build_world, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def consent(world: MediationWorld, case: MediationCase, party: CaseParty, name: str) -> None:
    record_consent(
        actor=world.chair,
        case=case,
        party=party,
        decision=ConsentDecision.CONSENTED,
        method=ConsentMethod.IN_PERSON,
        answered_by_name=name,
    )


def test_accepted_once_every_respondent_consented(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    CaseParty.objects.create(case=case, side=PartySide.RESPONDENT, name="孙被申", address="2组")
    seek_consent(actor=world.chair, case=case)
    first, second = case.parties.filter(side=PartySide.RESPONDENT).order_by("pk")
    consent(world, case, first, "钱被申")
    with pytest.raises(DomainError, match="被申请人孙被申尚未同意调解") as caught:
        accept_case(actor=world.chair, case=case)
    assert caught.value.code == "consent_missing"
    assert fresh(case).status == CaseStatus.CONSENT_PENDING
    consent(world, case, second, "孙被申")
    accepted = accept_case(actor=world.chair, case=case)
    assert accepted.status == CaseStatus.ACCEPTED
    assert fresh(case).accepted_at is not None
    assert Event.objects.filter(verb="mediation.mediationcase.accept", subject_id=str(case.pk)).count() == 1


def test_a_case_both_sides_brought_together_is_accepted_directly(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    assert accept_case(actor=world.chair, case=case).status == CaseStatus.ACCEPTED


def test_own_initiative_needs_consent_sought_and_no_objection(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    MediationCase.objects.filter(pk=case.pk).update(source=CaseSource.OWN_INITIATIVE)
    with pytest.raises(DomainError, match="须先征询各方当事人意见"):
        accept_case(actor=world.chair, case=case)
    seek_consent(actor=world.chair, case=case)
    assert accept_case(actor=world.chair, case=case).status == CaseStatus.ACCEPTED


def test_no_respondent_no_acceptance(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    case.parties.filter(side=PartySide.RESPONDENT).delete()
    with pytest.raises(DomainError, match="案件尚无被申请人"):
        accept_case(actor=world.chair, case=case)
    assert fresh(case).status == CaseStatus.APPLIED


def test_accepting_out_of_order_or_without_the_right_is_refused(world: MediationWorld) -> None:
    for status in ("accepted", "in_mediation", "not_mediated", "closed"):
        with pytest.raises(InvalidTransition):
            accept_case(actor=world.chair, case=make_case(world, status))
    case = make_case(world, "applied")
    with pytest.raises(NotPermitted):
        accept_case(actor=world.mediators[0].user, case=make_case(world, "applied", committee=world.other_committee))
    assert fresh(case).status == CaseStatus.APPLIED


def test_an_excluded_matter_gets_a_non_acceptance_notice_with_the_route(world: MediationWorld) -> None:
    case = make_case(world, "consent_pending")
    refused = refuse_acceptance(
        actor=world.chair,
        case=case,
        reason=NonAcceptanceReason.ALREADY_HANDLED,
        redirect_to="示范县人民法院（已立案，请向承办法官联系）",
    )
    assert (refused.status, refused.outcome) == (CaseStatus.NOT_ACCEPTED, Outcome.NOT_ACCEPTED)
    stored = fresh(case)
    assert stored.non_acceptance_reason == NonAcceptanceReason.ALREADY_HANDLED
    assert stored.redirect_to.startswith("示范县人民法院")
    assert stored.ended_at is not None
    assert stored.documents.filter(kind=DocumentKind.NON_ACCEPTANCE_NOTICE, generated=True).count() == 1
    event = Event.objects.get(verb="mediation.mediationcase.refuse_acceptance")
    assert "人民法院、公安机关或其他行政机关已经受理或者解决" in event.reason


def test_non_acceptance_needs_a_reason_from_the_list_and_the_route(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    with pytest.raises(ValidationFailed) as caught:
        refuse_acceptance(actor=world.chair, case=case, reason="dislike", redirect_to="  ")
    assert {p.field for p in caught.value.problems} == {"reason", "redirect_to"}
    with pytest.raises(DomainError, match="告知途径不能超过 200 个字"):
        refuse_acceptance(
            actor=world.chair, case=case, reason=NonAcceptanceReason.NOT_CIVIL_DISPUTE, redirect_to="法" * 201
        )
    assert fresh(case).status == CaseStatus.APPLIED
    assert not case.documents.exists()


def test_non_acceptance_after_acceptance_is_out_of_order(world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    with pytest.raises(InvalidTransition):
        refuse_acceptance(
            actor=world.chair, case=case, reason=NonAcceptanceReason.NOT_CIVIL_DISPUTE, redirect_to="示范县公安局"
        )
    assert fresh(case).outcome == Outcome.NONE
