"""POST /api/v1/mediation/cases/{id}/actions/{action}: each action calls its service and answers
the case as GET shows it; events come through the API channel; bad input is a 400 naming every
field at once and changes nothing; out of order is a 409."""

# ruff: noqa: F811 - the fixtures imported from test_mediation_support are parameters below

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.mediation.choices import (
    AgreementStatus,
    CaseStatus,
    ConsentDecision,
    DocumentKind,
    Outcome,
    PartySide,
)
from gongfa.mediation.models import Agreement, CaseMediator, MediationCase, MediationSession
from gongfa.mediation.services.agreement import confirm_by_link, seal_by_committee, sign_as_mediator
from gongfa.mediation.testing import MediationWorld, make_case

from .test_mediation_support import (  # noqa: F401 - fixtures
    action_url,
    applicant,
    applied,
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

AGREEMENT = {
    "parties_text": "申请人赵申请；被申请人钱被申。",
    "facts_and_responsibility": "被申请人装修拆除承重墙致申请人墙体开裂，被申请人负全部责任。",
    "terms": "被申请人赔偿申请人修缮费用人民币伍仟元。",
    "performance_method": "银行转账",
    "performance_place": "",
    "amount": "5000",
}


def deadline() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def actions(data: dict[str, Any]) -> list[str]:
    return [a["action"] for a in data["next_actions"]]


def test_the_whole_way_from_consent_to_the_agreement(world: MediationWorld, applied: MediationCase) -> None:
    chair = session(world.chair)
    response = post(chair, action_url(applied, "seek_consent"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "consent_pending"
    respondent = applied.parties.get(side=PartySide.RESPONDENT)
    [link] = data["links"]
    assert (link["party_id"], link["kind"]) == (respondent.pk, "invitation")
    assert link["url"].startswith("/mediation/invite/")
    assert respondent.name not in link["url"] and respondent.phone not in link["url"]

    response = post(
        chair,
        action_url(applied, "record_consent"),
        {"party_id": respondent.pk, "decision": "consented", "method": "phone", "answered_by_name": "钱被申"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["consents"][0]["decision"] == ConsentDecision.CONSENTED

    response = post(chair, action_url(applied, "accept"))
    assert response.json()["status"] == "accepted"
    mediator = world.mediators[0]
    response = post(chair, action_url(applied, "assign"), {"presiding_id": mediator.pk})
    assert response.status_code == 200, response.content
    assert response.json()["mediators"][0]["name"] == "张调解"

    handler = session(mediator.user)
    response = post(handler, action_url(applied, "start"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "in_mediation" and data["due_on"] is not None
    assert "rights_notice" in [d["kind"] for d in data["documents"]]

    held = timezone.now().isoformat()
    response = post(
        handler,
        action_url(applied, "record_session"),
        {
            "held_at": held,
            "mode": "in_person",
            "place": "村调解室",
            "attendees": "双方当事人、调解员",
            "record": "双方陈述。",
        },
    )
    assert response.status_code == 200, response.content
    assert [s["place"] for s in response.json()["sessions"]] == ["村调解室"]

    response = post(
        handler,
        action_url(applied, "report_escalation"),
        {"risk": "criminal", "description": "被申请人扬言报复，已稳控。", "people": 2},
    )
    assert response.status_code == 200, response.content
    assert response.json()["escalation_risk"] is True

    response = post(handler, action_url(applied, "draft_agreement"), {**AGREEMENT, "performance_deadline": deadline()})
    assert response.status_code == 200, response.content
    assert response.json()["agreement"]["status"] == "draft"

    response = post(handler, action_url(applied, "finalise_agreement"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["agreement"]["status"] == "finalised" and data["agreement"]["number"]
    assert sorted(link["party_id"] for link in data["links"]) == sorted(applied.parties.values_list("pk", flat=True))
    assert {link["kind"] for link in data["links"]} == {"agreement_confirmation"}

    # The parties confirm through their links (the portal), the mediator signs, the committee seals.
    for link in data["links"]:
        confirm_by_link(token=link["url"].rstrip("/").rsplit("/", 1)[1])
    agreement = Agreement.objects.get(case=applied)
    sign_as_mediator(actor=mediator.user, agreement=agreement)
    seal_by_committee(actor=world.chair, agreement=agreement)
    assert status_of(applied) == CaseStatus.AGREEMENT_EFFECTIVE

    response = post(
        handler,
        action_url(applied, "file_confirmation"),
        {"court": "示范县人民法院", "filed_on": timezone.localdate().isoformat(), "joint": True},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "jc_filed"
    assert response.json()["confirmations"][0]["court"] == "示范县人民法院"
    api_events = Event.objects.filter(subject_id=applied.pk, verb__startswith="mediation.", channel="api")
    assert {"mediation.mediationcase.seek_consent", "mediation.mediationcase.accept"} <= set(
        api_events.values_list("verb", flat=True)
    )


def test_refuse_acceptance(world: MediationWorld, applied: MediationCase) -> None:
    response = post(
        session(world.chair),
        action_url(applied, "refuse_acceptance"),
        {"reason": "already_handled", "redirect_to": "示范县人民法院"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"]) == ("not_accepted", Outcome.NOT_ACCEPTED)
    assert "non_acceptance_notice" in [d["kind"] for d in data["documents"]]


def test_refuse_acceptance_names_every_missing_item(world: MediationWorld, applied: MediationCase) -> None:
    response = post(session(world.chair), action_url(applied, "refuse_acceptance"), {})
    assert response.status_code == 400
    assert fields_of(response) == ["reason", "redirect_to"]
    assert status_of(applied) == CaseStatus.APPLIED


def test_accepting_twice_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.chair), action_url(case, "accept"))
    assert response.status_code == 409
    assert error_of(response)["code"] == "invalid_transition"
    assert status_of(case) == CaseStatus.IN_MEDIATION


def test_assign_reports_unknown_mediators_with_the_services_problems(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.ACCEPTED)
    assert world.outsider is not None
    response = post(
        session(world.chair),
        action_url(case, "assign"),
        {"presiding_id": world.outsider.pk, "assisting_ids": [999999]},
    )
    assert response.status_code == 400
    body = error_of(response)
    assert fields_of(response) == ["assisting.0", "presiding"]
    messages = [e["message"] for e in body["errors"]]
    assert "找不到调解员 999999。" in messages
    assert any("不属于本调委会" in m for m in messages)
    assert status_of(case) == CaseStatus.ACCEPTED
    assert not CaseMediator.objects.filter(case=case).exists()


def test_an_unknown_assisting_mediator_undoes_an_otherwise_good_assignment(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.ACCEPTED)
    response = post(
        session(world.chair),
        action_url(case, "assign"),
        {"presiding_id": world.mediators[0].pk, "assisting_ids": [999999]},
    )
    assert response.status_code == 400
    assert fields_of(response) == ["assisting.0"]
    assert status_of(case) == CaseStatus.ACCEPTED
    assert not CaseMediator.objects.filter(case=case).exists()


def test_assign_without_anyone(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.ACCEPTED)
    response = post(session(world.chair), action_url(case, "assign"), {})
    assert response.status_code == 400
    assert error_of(response)["field"] == "presiding"


def test_a_session_with_nothing_filled_in_names_every_field(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.mediators[0].user), action_url(case, "record_session"), {"mode": "in_person"})
    assert response.status_code == 400
    assert sorted(f for f in fields_of(response) if f) == ["attendees", "held_at", "place", "record"]
    assert not MediationSession.objects.filter(case=case).exists()


def test_a_session_with_a_bad_time_is_422(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.mediators[0].user), action_url(case, "record_session"), {"held_at": "yesterday"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


def test_escalation_with_bad_values(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.chair), action_url(case, "report_escalation"), {"risk": "riot", "people": 0})
    assert response.status_code == 400
    assert sorted(f for f in fields_of(response) if f) == ["description", "people", "risk"]
    assert MediationCase.objects.get(pk=case.pk).escalation_risk is False


def test_an_empty_agreement_names_every_item_of_article_29(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.mediators[0].user), action_url(case, "draft_agreement"), {"amount": "-1"})
    assert response.status_code == 400
    assert fields_of(response) == ["parties_text", "facts_and_responsibility", "terms", None, "amount"]
    assert not Agreement.objects.filter(case=case).exists()


def test_finalising_without_a_draft(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    response = post(session(world.mediators[0].user), action_url(case, "finalise_agreement"))
    assert response.status_code == 400
    assert error_of(response)["code"] == "no_draft"


def test_failure_then_closing_names_the_missing_documents(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    chair = session(world.chair)
    assert post(chair, action_url(case, "record_failure"), {}).status_code == 400
    response = post(chair, action_url(case, "record_failure"), {"reason": "双方分歧过大。"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["outcome"]) == ("failed", "failed")
    response = post(chair, action_url(case, "close"))
    assert response.status_code == 400
    assert error_of(response)["code"] == "documents_missing"
    assert status_of(case) == CaseStatus.FAILED


def test_closing_a_complete_file(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.NOT_ACCEPTED)
    case.documents.create(kind=DocumentKind.APPLICATION, title="申请书", generated=True)
    case.documents.create(kind=DocumentKind.NON_ACCEPTANCE_NOTICE, title="不予受理告知书", generated=True)
    case.documents.create(kind=DocumentKind.IDENTITY, title="身份证明", generated=True)
    response = post(session(world.chair), action_url(case, "close"))
    if response.status_code == 400:  # the file the region requires for this outcome
        pytest.fail(f"closing refused: {response.json()}")
    assert response.json()["status"] == "closed"
    assert response.json()["closed_at"] is not None


def test_return_visit(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.AGREEMENT_EFFECTIVE)
    visit = case.return_visits.create(due_on=timezone.localdate())
    chair = session(world.chair)
    response = post(chair, action_url(case, "record_return_visit"), {"performance": "performed"})
    assert response.status_code == 400
    assert fields_of(response) == ["satisfaction"]
    response = post(
        chair,
        action_url(case, "record_return_visit"),
        {"visit_id": visit.pk, "performance": "performed", "satisfaction": "satisfied"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "performed"
    assert response.json()["return_visits"][0]["status"] == "done"
    response = post(chair, action_url(case, "record_return_visit"), {"performance": "performed"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "no_visit_due"


def test_a_visit_of_another_case_is_refused(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.AGREEMENT_EFFECTIVE)
    other = make_case(world, CaseStatus.AGREEMENT_EFFECTIVE)
    visit = other.return_visits.create(due_on=timezone.localdate())
    response = post(
        session(world.chair),
        action_url(case, "record_return_visit"),
        {"visit_id": visit.pk, "performance": "performed", "satisfaction": "satisfied"},
    )
    assert response.status_code == 400
    assert error_of(response)["field"] == "visit_id"
    assert status_of(other) == CaseStatus.AGREEMENT_EFFECTIVE


def test_record_consent_for_someone_not_a_party(world: MediationWorld, applied: MediationCase) -> None:
    other = make_case(world, CaseStatus.APPLIED)
    stranger = other.parties.get(side=PartySide.RESPONDENT)
    response = post(
        session(world.chair),
        action_url(applied, "record_consent"),
        {"party_id": stranger.pk, "decision": "refused", "method": "phone", "answered_by_name": "钱被申"},
    )
    assert response.status_code == 400
    assert error_of(response)["field"] == "party_id"
    assert status_of(applied) == CaseStatus.APPLIED


def test_record_consent_with_every_value_wrong(world: MediationWorld, applied: MediationCase) -> None:
    respondent = applied.parties.get(side=PartySide.RESPONDENT)
    response = post(
        session(world.chair),
        action_url(applied, "record_consent"),
        {"party_id": respondent.pk, "decision": "maybe", "method": "link", "answered_by_name": "路人甲"},
    )
    assert response.status_code == 400
    assert sorted(str(f) for f in fields_of(response)) == ["answered_by_name", "decision", "method"]


def test_a_refusal_recorded_by_staff_ends_the_case(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.CONSENT_PENDING)
    respondent = case.parties.get(side=PartySide.RESPONDENT)
    response = post(
        session(world.chair),
        action_url(case, "record_consent"),
        {"party_id": respondent.pk, "decision": "refused", "method": "in_person", "answered_by_name": "钱被申"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["outcome"]) == ("not_mediated", "refused")


def test_a_token_acts_like_its_user(world: MediationWorld, applied: MediationCase) -> None:
    response = token_client(world.chair, "mediation:act", "mediation:read").post(action_url(applied, "accept"))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert Event.objects.filter(verb="mediation.mediationcase.accept", subject_id=applied.pk, channel="api").exists()


def test_a_citizen_session_is_turned_away_by_the_door(applicant: User, applied: MediationCase) -> None:
    response = Client()
    response.force_login(applicant)
    answer = post(response, action_url(applied, "seek_consent"))
    assert answer.status_code == 403
    assert error_of(answer)["message"] == "仅限工作人员使用。"
    assert status_of(applied) == CaseStatus.APPLIED
    assert Agreement.objects.filter(case=applied, status=AgreementStatus.DRAFT).count() == 0
