"""Signing the written agreement and its effect (《人民调解法》第29条第2款): every party (on paper or
through their own confirmation link), the mediator and the committee's seal; then the case's
outcome, the 第33条 window, the agreement document and the return visit."""

from __future__ import annotations

import base64
import datetime
import zlib
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import (
    AgreementStatus,
    CaseStatus,
    DocumentKind,
    Outcome,
    PartySide,
    ReturnVisitStatus,
    SignatureMethod,
)
from gongfa.mediation.models import AgreementSignature
from gongfa.mediation.services.agreement import (
    agreement_context,
    confirm_by_link,
    confirmation_token,
    finalise_agreement,
    record_paper_signature,
    seal_by_committee,
    sign_as_mediator,
    update_agreement,
)
from gongfa.mediation.testing import build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import (
    GOOD,
    MONDAY,
    draft,
    effective_case,
    finalised,
    frozen,
    mediator_of,
)
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]


def test_the_agreement_takes_effect_when_all_have_signed_and_the_committee_sealed(frozen: Any) -> None:
    world = build_world()
    case, agreement = effective_case(world)
    assert agreement.status == AgreementStatus.EFFECTIVE and agreement.effective_on == datetime.date(2026, 11, 23)
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE
    assert case.outcome == Outcome.WRITTEN_AGREEMENT and case.ended_at is not None
    assert case.agreement_effective_on == datetime.date(2026, 11, 23)
    assert case.confirmation_window_ends_on == datetime.date(2026, 12, 23)  # 第33条: 30 days
    assert case.agreement_amount == Decimal("8000.00")
    document = case.documents.get(kind=DocumentKind.AGREEMENT)
    assert document.generated and agreement.number and agreement.number in document.title
    visit = case.return_visits.get()
    # 15 days after the performance deadline (2026-12-10).
    assert visit.status == ReturnVisitStatus.DUE and visit.due_on == datetime.date(2026, 12, 25)
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.make_agreement_effective")
    assert event.actor == world.chair and event.data["agreement"] == agreement.pk
    assert event.data["confirmation_window_ends_on"] == "2026-12-23"


def test_not_effective_until_the_last_signature(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    seal_by_committee(actor=world.chair, agreement=agreement)
    sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    applicant, respondent = case.parties.get(side=PartySide.APPLICANT), case.parties.get(side=PartySide.RESPONDENT)
    record_paper_signature(actor=world.chair, agreement=agreement, party=applicant)
    case.refresh_from_db()
    agreement.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION and agreement.status == AgreementStatus.FINALISED
    signature = record_paper_signature(actor=mediator_of(world), agreement=agreement, party=respondent)
    assert signature.method == SignatureMethod.PAPER and signature.recorded_by == mediator_of(world)
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE


def test_with_a_return_visit_from_today_when_the_deadline_is_today(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world, performance_deadline=datetime.date(2026, 11, 23))
    assert case.return_visits.get().due_on == datetime.date(2026, 12, 8)


def test_a_draft_cannot_be_signed(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case)
    party = case.parties.first()
    assert party is not None
    with pytest.raises(DomainError) as error:
        record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    assert error.value.code == "not_finalised"
    with pytest.raises(DomainError):
        sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    with pytest.raises(DomainError):
        seal_by_committee(actor=world.chair, agreement=agreement)
    with pytest.raises(DomainError):
        confirmation_token(agreement, party)
    assert not AgreementSignature.objects.exists()


def test_a_party_signs_once_and_only_a_party_of_the_case(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    other = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    party = case.parties.get(side=PartySide.APPLICANT)
    record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    with pytest.raises(DomainError) as error:
        record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    assert error.value.message == "赵申请已经签署过该协议。"
    stranger = other.parties.get(side=PartySide.APPLICANT)
    with pytest.raises(DomainError) as error:
        record_paper_signature(actor=world.chair, agreement=agreement, party=stranger)
    assert error.value.code == "not_a_party"
    assert AgreementSignature.objects.count() == 1


def test_only_a_mediator_on_the_case_signs_as_mediator_and_only_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    with pytest.raises(NotPermitted):
        sign_as_mediator(actor=world.chair, agreement=agreement)
    with pytest.raises(NotPermitted):
        sign_as_mediator(actor=world.mediators[1].user, agreement=agreement)  # of the committee, not on the case
    sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    with pytest.raises(DomainError) as error:
        sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    assert error.value.code == "already_signed"


def test_the_seal_is_the_committees_and_given_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        seal_by_committee(actor=world.outsider.user, agreement=agreement)
    seal_by_committee(actor=world.chair, agreement=agreement)
    with pytest.raises(DomainError) as error:
        seal_by_committee(actor=world.chair, agreement=agreement)
    assert error.value.code == "already_sealed"


def test_a_party_confirms_by_link_and_the_token_carries_no_personal_data(frozen: Any) -> None:
    world = build_world()
    citizen = CitizenFactory(real_name="钱被申")
    case = make_case(world, "in_mediation", respondent_user=citizen)
    agreement = finalised(world, case)
    respondent = case.parties.get(side=PartySide.RESPONDENT)
    token = confirmation_token(agreement, respondent)
    payload = token.split(":")[0]
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    decoded = (zlib.decompress(raw) if payload.startswith(".") else raw).decode()
    assert f'"p":{respondent.pk}' in decoded  # what the token does carry: ids only
    for secret in (respondent.name, respondent.phone, respondent.id_number, case.number):
        assert secret not in token and secret not in decoded
    with pytest.raises(NotPermitted):
        confirm_by_link(token=token, actor=CitizenFactory(real_name="路人"))
    signature = confirm_by_link(token=token, actor=citizen)
    assert signature.method == SignatureMethod.LINK and signature.party == respondent
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.agreement_signed")
    assert event.actor == citizen and event.channel == "portal" and event.data["method"] == "link"
    with pytest.raises(DomainError) as error:
        confirm_by_link(token=token)
    assert error.value.message == "钱被申已经签署过该协议。"


def test_a_link_without_login_and_the_last_signature_makes_it_effective(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    seal_by_committee(actor=world.chair, agreement=agreement)
    for party in case.parties.all():
        confirm_by_link(token=confirmation_token(agreement, party))
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE


def test_a_forged_expired_or_stale_link_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    party = case.parties.get(side=PartySide.APPLICANT)
    token = confirmation_token(agreement, party)
    with pytest.raises(DomainError) as error:
        confirm_by_link(token=token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert error.value.message == "确认链接无效。"
    with pytest.raises(DomainError) as error:
        confirm_by_link(token="not-a-token")
    assert error.value.code == "link_invalid"
    # Changed and finalised again: the old link no longer signs the new text.
    frozen.shift(datetime.timedelta(minutes=5))
    update_agreement(actor=world.chair, agreement=agreement, **{**GOOD, "amount": "7000"})
    finalise_agreement(actor=world.chair, agreement=agreement)
    with pytest.raises(DomainError) as error:
        confirm_by_link(token=token)
    assert error.value.code == "link_stale"
    agreement.refresh_from_db()
    fresh = confirmation_token(agreement, party)
    frozen.shift(datetime.timedelta(days=31))
    with pytest.raises(DomainError) as error:
        confirm_by_link(token=fresh)
    assert error.value.message == "确认链接已过期，请联系调解员重新发送。"
    assert not AgreementSignature.objects.exists()


def test_signing_after_the_case_left_mediation_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.TERMINATED_BY_PARTY)
    party = case.parties.get(side=PartySide.APPLICANT)
    with pytest.raises(InvalidTransition):
        record_paper_signature(actor=world.chair, agreement=agreement, party=party)


def test_the_pdf_context_names_the_items_and_masks_id_numbers(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    party = case.parties.get(side=PartySide.APPLICANT)
    record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    context = agreement_context(agreement)
    assert context["number"] == agreement.number and context["terms"] == GOOD["terms"]
    assert context["committee"] == world.township_committee.agency.name
    assert context["copies"] == 3 and context["mediator"] == mediator_of(world).display_name
    applicant = next(p for p in context["parties"] if p["name"] == "赵申请")
    assert applicant["signed"] and applicant["id_number"] != party.id_number and "*" in applicant["id_number"]
    assert not next(p for p in context["parties"] if p["name"] == "钱被申")["signed"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_mediator_and_the_seal_at_the_same_moment_make_it_effective_once() -> None:
    from gongfa.testing.concurrency import run_concurrently

    with time_machine.travel(MONDAY, tick=False):
        world = build_world()
        case = make_case(world, "in_mediation")
        agreement = finalised(world, case)
        for party in case.parties.all():
            record_paper_signature(actor=world.chair, agreement=agreement, party=party)
        last_two = [
            lambda: sign_as_mediator(actor=mediator_of(world), agreement=agreement),
            lambda: seal_by_committee(actor=world.chair, agreement=agreement),
        ]
        results, errors = run_concurrently(2, lambda index: last_two[index]())
        assert errors == [] and len(results) == 2
        case.refresh_from_db()
        assert case.status == CaseStatus.AGREEMENT_EFFECTIVE
        assert case.return_visits.count() == 1 and case.documents.filter(kind=DocumentKind.AGREEMENT).count() == 1
        verb = "mediation.mediationcase.make_agreement_effective"
        assert Event.objects.filter(subject_id=str(case.pk), verb=verb).count() == 1
