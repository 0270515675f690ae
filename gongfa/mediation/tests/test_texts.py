"""What the services queue after commit for the parties, who may have no account: the invitation
link (第17条), the agreement's confirmation links (第29条第2款), the judicial-confirmation reminder
(第33条) and the agreement PDF as stored when finalised and when it takes effect. Each is sent or
stored once, however often the task runs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from gongfa.accounts.models import SmsMessage
from gongfa.mediation import subscriptions
from gongfa.mediation.choices import AgreementStatus, ConsentDecision, PartySide
from gongfa.mediation.invitations import consent_for_token
from gongfa.mediation.models import Agreement, CaseParty
from gongfa.mediation.pdf import agreement_pdf_as_stored
from gongfa.mediation.services.agreement import (
    confirm_by_link,
    record_paper_signature,
    seal_by_committee,
    sign_as_mediator,
)
from gongfa.mediation.services.consent import seek_consent
from gongfa.mediation.services.followup import remind_confirmation_windows
from gongfa.mediation.tasks import store_agreement_pdf, text_confirmation_links, text_invitation
from gongfa.mediation.testing import build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import finalised, frozen, make_effective, mediator_of
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]


def _links(outbox: list[tuple[str, str]], phone: str, kind: str) -> list[str]:
    return [
        m.group(1) for to, text in outbox if to == phone for m in [re.search(rf"(/mediation/{kind}/\S+/)", text)] if m
    ]


def test_inviting_texts_the_respondent_their_link_once(
    sms_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    world = build_world()
    case = make_case(world, "applied")
    with django_capture_on_commit_callbacks(execute=True):
        invitations = seek_consent(actor=world.chair, case=case)
    assert len(invitations) == 1
    links = _links(sms_outbox, "13800138002", "invite")  # the respondent only, not the applicant
    assert len(links) == 1 and not _links(sms_outbox, "13800138001", "invite")
    # the texted token is signed when the text goes out, so it may carry a later second than
    # invitations[0].token: compare the consent it names, not the string
    texted_token = links[0].removeprefix("/mediation/invite/").rstrip("/")
    assert consent_for_token(texted_token).pk == invitations[0].consent.pk
    text = next(text for to, text in sms_outbox if to == "13800138002")
    assert world.village_committee.agency.name not in text and world.township_committee.agency.name in text
    assert text.startswith(f"{world.township_committee.agency.name}收到") and settings.SITE_URL in text
    assert consent_for_token(invitations[0].token).party.side == PartySide.RESPONDENT
    assert not text_invitation.delay(invitations[0].consent.pk).get()  # a retry sends nothing more
    assert len(sms_outbox) == 1
    record = SmsMessage.objects.get(purpose="mediation_invitation")
    assert "13800138002" not in record.phone_masked  # the log keeps the number masked


def test_an_answered_invitation_or_a_party_without_a_phone_gets_no_text(sms_outbox: list[Any]) -> None:
    world = build_world()
    case = make_case(world, "applied")
    CaseParty.objects.filter(case=case, side=PartySide.RESPONDENT).update(phone="")
    invitation = seek_consent(actor=world.chair, case=case)[0]
    assert not text_invitation.delay(invitation.consent.pk).get()
    other = make_case(world, "applied")
    invitation = seek_consent(actor=world.chair, case=other)[0]
    invitation.consent.decision = ConsentDecision.CONSENTED
    invitation.consent.save(update_fields=["decision"])
    assert not text_invitation.delay(invitation.consent.pk).get()
    assert sms_outbox == []


def test_finalising_stores_the_pdf_and_texts_each_party_their_confirmation_link(
    frozen: Any, sms_outbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    case = make_case(world, "in_mediation")
    with django_capture_on_commit_callbacks(execute=True):
        agreement = finalised(world, case)
    agreement.refresh_from_db()
    assert agreement.pdf.name.startswith("mediation/agreements/agreement-")
    with agreement.pdf.open("rb") as stored:
        first = stored.read()
    assert first[:5] == b"%PDF-" and agreement_pdf_as_stored(agreement) == first
    applicant = case.parties.get(side=PartySide.APPLICANT)
    respondent = case.parties.get(side=PartySide.RESPONDENT)
    for phone in ("13800138001", "13800138002"):
        assert len(_links(sms_outbox, phone, "agreement")) == 1
    token = _links(sms_outbox, "13800138002", "agreement")[0].split("/")[-2]
    assert confirm_by_link(token=token).party == respondent  # the texted link is the respondent's own
    assert text_confirmation_links.delay(agreement.pk).get() == 0  # the applicant was texted already: not again
    assert len(sms_outbox) == 2

    # Taking effect stores it again (the file as signed); the finalised-state task, run late, does not.
    with django_capture_on_commit_callbacks(execute=True):
        record_paper_signature(actor=world.chair, agreement=agreement, party=applicant)
        sign_as_mediator(actor=mediator_of(world), agreement=agreement)
        seal_by_committee(actor=world.chair, agreement=agreement)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == AgreementStatus.EFFECTIVE
    assert not store_agreement_pdf.delay(agreement.pk, AgreementStatus.FINALISED.value).get()
    assert store_agreement_pdf.delay(agreement.pk, AgreementStatus.EFFECTIVE.value).get()
    assert agreement_pdf_as_stored(agreement)[:5] == b"%PDF-"


def test_a_draft_is_rendered_not_stored(frozen: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    agreement.status = AgreementStatus.DRAFT
    agreement.save(update_fields=["status"])
    assert not store_agreement_pdf.delay(agreement.pk, AgreementStatus.DRAFT.value).get()
    assert not Agreement.objects.get(pk=agreement.pk).pdf
    assert agreement_pdf_as_stored(agreement)[:5] == b"%PDF-"


def test_the_confirmation_reminder_texts_only_the_parties_without_an_account(
    frozen: Any, sms_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    citizen = CitizenFactory(real_name="赵申请", phone="13900002222")
    case = make_case(world, "in_mediation", applicant_user=citizen)
    make_effective(world, case)
    sms_outbox.clear()
    frozen.shift(datetime.timedelta(days=23))  # seven days left of the 30 (第33条)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_confirmation_windows() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_confirmation_windows() == 0
    texted = [(to, text) for to, text in sms_outbox if text.startswith("提醒：您在")]
    assert [to for to, _ in texted] == ["13800138002"]  # the respondent has no account
    assert "2026年12月23日" in texted[0][1]
    # The applicant has one: the notification subscriptions tell them (in the app, and by SMS).
    assert [to for to, text in sms_outbox if to == "13900002222"] == ["13900002222"]
