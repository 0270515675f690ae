"""The agreement's signatures and seal, the oral agreement, the court's ruling on judicial
confirmation and the referral for non-performance, through the API: each answers the case; bad
input is a 400 naming every field at once and changes nothing; out of order is a 409; a caller
who may see but not act gets 403, one who may not see gets 404."""

# ruff: noqa: F811 - the fixtures imported from test_mediation_support are parameters below

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.mediation.choices import AgreementStatus, CaseStatus, CourtDecision, Outcome, PartySide
from gongfa.mediation.models import Agreement, AgreementSignature, JudicialConfirmation, MediationCase
from gongfa.mediation.testing import MediationWorld, make_case

from .test_mediation_actions import AGREEMENT, deadline
from .test_mediation_support import (  # noqa: F401 - fixtures
    action_url,
    applicant,
    case_url,
    error_of,
    fields_of,
    post,
    session,
    status_of,
    token_client,
    world,
)

pytestmark = pytest.mark.django_db


def codes_of(response: Any) -> list[str]:
    body = error_of(response)
    return [e["code"] for e in body.get("errors") or [body]]


def finalised(world: MediationWorld, applicant_user: User | None = None) -> MediationCase:
    """A case in mediation with a finalised written agreement (through the API)."""
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant_user)
    handler = session(world.mediators[0].user)
    response = post(handler, action_url(case, "draft_agreement"), {**AGREEMENT, "performance_deadline": deadline()})
    assert response.status_code == 200, response.content
    assert post(handler, action_url(case, "finalise_agreement")).status_code == 200
    return case


def party(case: MediationCase, side: str) -> int:
    return int(case.parties.get(side=side).pk)


# --- signatures and seal --------------------------------------------------------------------------


def test_signatures_and_the_seal_make_the_agreement_effective(world: MediationWorld) -> None:
    case = finalised(world)
    chair = session(world.chair)
    for side in (PartySide.APPLICANT, PartySide.RESPONDENT):
        response = post(chair, action_url(case, "record_paper_signature"), {"party_id": party(case, side)})
        assert response.status_code == 200, response.content
    assert response.json()["agreement"]["signed_party_ids"] == sorted(case.parties.values_list("pk", flat=True))
    response = post(session(world.mediators[0].user), action_url(case, "sign_as_mediator"))
    assert response.status_code == 200, response.content
    assert response.json()["agreement"]["mediator_signed_at"] is not None
    assert response.json()["status"] == CaseStatus.IN_MEDIATION  # the seal is still missing
    response = post(chair, action_url(case, "seal_by_committee"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"]) == (CaseStatus.AGREEMENT_EFFECTIVE, Outcome.WRITTEN_AGREEMENT)
    assert data["agreement"]["status"] == AgreementStatus.EFFECTIVE
    assert data["confirmation_window_ends_on"] is not None
    assert [a["action"] for a in data["next_actions"]] == ["file_confirmation", "record_return_visit"]
    assert Event.objects.filter(
        subject_id=case.pk, verb="mediation.mediationcase.agreement_sealed", channel="api"
    ).exists()


def test_a_party_signs_once(world: MediationWorld) -> None:
    case = finalised(world)
    body = {"party_id": party(case, PartySide.APPLICANT)}
    assert post(session(world.chair), action_url(case, "record_paper_signature"), body).status_code == 200
    response = post(session(world.chair), action_url(case, "record_paper_signature"), body)
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["party"], ["already_signed"])
    assert AgreementSignature.objects.filter(agreement__case=case).count() == 1


def test_a_party_of_another_case_cannot_sign(world: MediationWorld) -> None:
    case = finalised(world)
    stranger = make_case(world).parties.get(side=PartySide.RESPONDENT)
    response = post(session(world.chair), action_url(case, "record_paper_signature"), {"party_id": stranger.pk})
    assert response.status_code == 400
    assert (error_of(response)["field"], error_of(response)["code"]) == ("party_id", "unknown_party")
    assert not AgreementSignature.objects.filter(agreement__case=case).exists()


def test_a_draft_is_not_signed(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    handler = session(world.mediators[0].user)
    post(handler, action_url(case, "draft_agreement"), {**AGREEMENT, "performance_deadline": deadline()})
    for action, body in (
        ("record_paper_signature", {"party_id": party(case, PartySide.APPLICANT)}),
        ("sign_as_mediator", {}),
        ("seal_by_committee", {}),
    ):
        response = post(
            session(world.chair) if action == "seal_by_committee" else handler, action_url(case, action), body
        )
        assert response.status_code == 400, action
        assert codes_of(response) == ["not_finalised"], action
    agreement = Agreement.objects.get(case=case)
    assert agreement.mediator_signed_at is None and agreement.committee_sealed_at is None


def test_without_an_agreement(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.mediators[0].user), action_url(case, "sign_as_mediator"))
    assert response.status_code == 400
    assert codes_of(response) == ["no_agreement"]


def test_signing_out_of_order_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.ACCEPTED)
    response = post(session(world.chair), action_url(case, "seal_by_committee"))
    assert response.status_code == 409
    assert error_of(response)["code"] == "invalid_transition"


def test_only_a_mediator_of_the_case_signs_as_mediator(world: MediationWorld) -> None:
    case = finalised(world)
    response = post(session(world.chair), action_url(case, "sign_as_mediator"))
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_permitted"
    assert Agreement.objects.get(case=case).mediator_signed_at is None


def test_a_party_cannot_seal_and_an_outsider_does_not_see_the_case(world: MediationWorld, applicant: User) -> None:
    case = finalised(world, applicant_user=applicant)
    response = token_client(applicant, "mediation:act").post(action_url(case, "seal_by_committee"))
    assert response.status_code == 403
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "seal_by_committee")).status_code == 404
    assert Agreement.objects.get(case=case).committee_sealed_at is None


# --- oral agreement -------------------------------------------------------------------------------


def test_an_oral_agreement_takes_effect_today(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(
        session(world.mediators[0].user),
        action_url(case, "record_oral_agreement"),
        {"content": "双方互相谅解，被申请人当面道歉。"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"]) == (CaseStatus.AGREEMENT_EFFECTIVE, Outcome.ORAL_AGREEMENT)
    assert (data["agreement"]["form"], data["agreement"]["effective_on"]) == ("oral", timezone.localdate().isoformat())
    assert "oral_agreement_record" in [d["kind"] for d in data["documents"]]


def test_an_oral_agreement_with_everything_wrong_names_every_problem(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.chair), action_url(case, "record_oral_agreement"), {"content": "", "amount": "五千"})
    assert response.status_code == 400
    assert fields_of(response) == ["content", "amount"]
    assert not Agreement.objects.filter(case=case).exists()


def test_a_payment_needs_a_written_agreement(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(
        session(world.chair),
        action_url(case, "record_oral_agreement"),
        {"content": "被申请人赔偿五千元。", "amount": "5000"},
    )
    assert response.status_code == 400
    assert codes_of(response) == ["written_agreement_required"]
    assert status_of(case) == CaseStatus.IN_MEDIATION


def test_an_oral_agreement_out_of_order_or_by_an_outsider(world: MediationWorld) -> None:
    body = {"content": "双方和解。"}
    case = make_case(world, CaseStatus.ACCEPTED)
    assert post(session(world.chair), action_url(case, "record_oral_agreement"), body).status_code == 409
    case = make_case(world, CaseStatus.IN_MEDIATION)
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "record_oral_agreement"), body).status_code == 404
    assert not Agreement.objects.exists()


# --- the court's ruling ---------------------------------------------------------------------------


def filed(world: MediationWorld, applicant_user: User | None = None) -> MediationCase:
    case = make_case(world, CaseStatus.JC_FILED, applicant_user=applicant_user)
    today = timezone.localdate()
    MediationCase.objects.filter(pk=case.pk).update(
        outcome=Outcome.WRITTEN_AGREEMENT, ended_at=timezone.now(), agreement_effective_on=today
    )
    JudicialConfirmation.objects.create(case=case, court="示范县人民法院", filed_on=today)
    return case


def test_the_court_confirms_the_agreement(world: MediationWorld) -> None:
    case = filed(world)
    assert [a["action"] for a in session(world.chair).get(case_url(case)).json()["next_actions"]] == [
        "record_court_decision"
    ]
    response = post(
        session(world.mediators[0].user),
        action_url(case, "record_court_decision"),
        {
            "decision": "confirmed",
            "decided_on": timezone.localdate().isoformat(),
            "court_reference": "（2026）示民特1号",
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == CaseStatus.JC_CONFIRMED
    assert (data["confirmations"][0]["decision"], data["confirmations"][0]["court_reference"]) == (
        CourtDecision.CONFIRMED,
        "（2026）示民特1号",
    )


def test_a_rejection_sends_the_parties_to_court(world: MediationWorld) -> None:
    case = filed(world)
    response = post(
        session(world.chair),
        action_url(case, "record_court_decision"),
        {
            "decision": "rejected",
            "decided_on": timezone.localdate().isoformat(),
            "court_reference": "（2026）示民特2号",
            "then": "refer",
            "reason": "协议内容违反法律规定。",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CaseStatus.REFERRED_TO_COURT


def test_a_ruling_with_everything_wrong_names_every_field(world: MediationWorld) -> None:
    case = filed(world)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        session(world.chair),
        action_url(case, "record_court_decision"),
        {"decision": "maybe", "decided_on": tomorrow, "court_reference": ""},
    )
    assert response.status_code == 400
    assert fields_of(response) == ["decision", "court_reference", "decided_on"]
    response = post(
        session(world.chair),
        action_url(case, "record_court_decision"),
        {"decision": "rejected", "decided_on": "明天", "court_reference": "（2026）示民特3号"},
    )
    assert response.status_code == 400
    assert fields_of(response) == ["then", "reason", "decided_on"]
    assert status_of(case) == CaseStatus.JC_FILED
    assert JudicialConfirmation.objects.get(case=case).decision == CourtDecision.PENDING


def test_a_ruling_before_any_application_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.AGREEMENT_EFFECTIVE)
    response = post(
        session(world.chair),
        action_url(case, "record_court_decision"),
        {"decision": "confirmed", "decided_on": timezone.localdate().isoformat(), "court_reference": "（2026）1号"},
    )
    assert response.status_code == 409
    assert status_of(case) == CaseStatus.AGREEMENT_EFFECTIVE


def test_a_party_cannot_record_the_ruling_and_an_outsider_does_not_see_it(
    world: MediationWorld, applicant: User
) -> None:
    case = filed(world, applicant_user=applicant)
    body = {"decision": "confirmed", "decided_on": timezone.localdate().isoformat(), "court_reference": "（2026）1号"}
    assert (
        token_client(applicant, "mediation:act").post(action_url(case, "record_court_decision"), body).status_code
        == 403
    )
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "record_court_decision"), body).status_code == 404
    anonymous = Client().post(action_url(case, "record_court_decision"), body, content_type="application/json")
    assert anonymous.status_code == 401
    assert status_of(case) == CaseStatus.JC_FILED


# --- non-performance ------------------------------------------------------------------------------


def test_non_performance_is_referred_to_court(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.NONPERFORMANCE)
    case.return_visits.create(due_on=timezone.localdate())
    chair = session(world.chair)
    assert [a["action"] for a in chair.get(case_url(case)).json()["next_actions"]] == [
        "record_return_visit",
        "refer_nonperformance",
    ]
    response = post(chair, action_url(case, "refer_nonperformance"), {"reason": "已告知申请人向法院起诉。"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == CaseStatus.REFERRED_TO_COURT
    assert data["return_visits"] == []  # the pending visit is dropped


def test_a_referral_without_a_reason_or_out_of_order(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.NONPERFORMANCE)
    response = post(session(world.chair), action_url(case, "refer_nonperformance"), {"reason": ""})
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["reason"], ["required"])
    assert status_of(case) == CaseStatus.NONPERFORMANCE
    effective = make_case(world, CaseStatus.AGREEMENT_EFFECTIVE)
    response = post(session(world.chair), action_url(effective, "refer_nonperformance"), {"reason": "未履行。"})
    assert response.status_code == 409
    assert status_of(effective) == CaseStatus.AGREEMENT_EFFECTIVE


def test_a_party_cannot_refer_and_an_outsider_does_not_see_the_case(world: MediationWorld, applicant: User) -> None:
    case = make_case(world, CaseStatus.NONPERFORMANCE, applicant_user=applicant)
    body = {"reason": "未履行。"}
    assert (
        token_client(applicant, "mediation:act").post(action_url(case, "refer_nonperformance"), body).status_code == 403
    )
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "refer_nonperformance"), body).status_code == 404
    assert status_of(case) == CaseStatus.NONPERFORMANCE
