"""The steps while the dispute is in hand, through the API: a mediator added or recused, the time
limit extended, an escalation risk resolved, expert consultation, termination at a party's
request. Each answers the case; bad input is a 400 naming every field at once and changes nothing;
out of order is a 409; a caller who may see but not act gets 403, one who may not see gets 404."""

# ruff: noqa: F811 - the fixtures imported from test_mediation_support are parameters below

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.mediation.choices import CaseStatus, ConsultationStatus, EscalationRisk, MediatorRole, PartySide
from gongfa.mediation.models import CaseMediator, EscalationReport, ExpertConsultation, MediationCase
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


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def codes_of(response: Any) -> list[str]:
    body = error_of(response)
    return [e["code"] for e in body.get("errors") or [body]]


def in_mediation(world: MediationWorld, **fields: Any) -> MediationCase:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    fields.setdefault("mediation_started_at", timezone.now())
    fields.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=10))
    MediationCase.objects.filter(pk=case.pk).update(**fields)
    return fresh(case)


def assisting(case: MediationCase, world: MediationWorld) -> CaseMediator:
    return CaseMediator.objects.create(case=case, mediator=world.mediators[1], role=MediatorRole.ASSISTING)


# --- next actions ---------------------------------------------------------------------------------


def test_a_case_in_mediation_offers_the_new_steps(world: MediationWorld) -> None:
    data = session(world.chair).get(case_url(in_mediation(world))).json()
    assert [a["action"] for a in data["next_actions"]] == [
        "add_mediator",
        "recuse_mediator",
        "record_session",
        "extend_limit",
        "report_escalation",
        "request_consultation",
        "terminate_by_party",
        "record_failure",
        "draft_agreement",
        "finalise_agreement",
        "record_paper_signature",
        "sign_as_mediator",
        "seal_by_committee",
        "record_oral_agreement",
    ]
    labels = {a["action"]: a["label"] for a in data["next_actions"]}
    assert labels["extend_limit"] == "经双方同意延长调解期限"


def test_a_case_with_a_mediator_assigned_offers_what_may_come_before_the_start(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.MEDIATOR_ASSIGNED)
    data = session(world.chair).get(case_url(case)).json()
    assert [a["action"] for a in data["next_actions"]] == [
        "record_consent",
        "add_mediator",
        "recuse_mediator",
        "start",
        "report_escalation",
        "request_consultation",
        "terminate_by_party",
    ]


# --- add a mediator -------------------------------------------------------------------------------


def test_a_mediator_is_added_and_the_case_waits_for_the_start_again(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(session(world.chair), action_url(case, "add_mediator"), {"mediator_id": world.mediators[1].pk})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == CaseStatus.MEDIATOR_ASSIGNED
    assert [(m["name"], m["role"]) for m in data["mediators"]] == [("张调解", "presiding"), ("李调解", "assisting")]
    assert "start" in [a["action"] for a in data["next_actions"]]
    assert Event.objects.filter(subject_id=case.pk, verb="mediation.mediationcase.add_mediator", channel="api").exists()


@pytest.mark.parametrize(
    ("who", "code"),
    [("unknown", "unknown_mediator"), ("outsider", "other_committee"), ("already", "duplicate_mediator")],
)
def test_a_mediator_who_cannot_join_is_named(world: MediationWorld, who: str, code: str) -> None:
    case = in_mediation(world)
    assert world.outsider is not None
    mediator_id = {"unknown": 999999, "outsider": world.outsider.pk, "already": world.mediators[0].pk}[who]
    response = post(session(world.chair), action_url(case, "add_mediator"), {"mediator_id": mediator_id})
    assert response.status_code == 400
    assert fields_of(response) == ["mediator"]
    assert codes_of(response) == [code]
    assert status_of(case) == CaseStatus.IN_MEDIATION
    assert case.mediators.count() == 1


def test_adding_without_a_mediator(world: MediationWorld) -> None:
    response = post(session(world.chair), action_url(in_mediation(world), "add_mediator"), {})
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["mediator"], ["required"])


def test_adding_a_mediator_before_acceptance_is_a_409(world: MediationWorld, applied: MediationCase) -> None:
    response = post(session(world.chair), action_url(applied, "add_mediator"), {"mediator_id": world.mediators[1].pk})
    assert response.status_code == 409
    assert error_of(response)["code"] == "invalid_transition"
    assert not applied.mediators.exists()


def test_a_party_may_not_add_a_mediator_and_an_outsider_does_not_see_the_case(
    world: MediationWorld, applicant: User
) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    body = {"mediator_id": world.mediators[1].pk}
    response = token_client(applicant, "mediation:act").post(action_url(case, "add_mediator"), body)
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_permitted"
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "add_mediator"), body).status_code == 404
    assert case.mediators.count() == 1


# --- recusal --------------------------------------------------------------------------------------


def test_an_assisting_mediator_recuses(world: MediationWorld) -> None:
    case = in_mediation(world)
    assisting(case, world)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[1].pk, "basis": "declaration", "reason": "与申请人系亲属。"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == CaseStatus.MEDIATOR_ASSIGNED
    recused = {m["name"]: m["recused_at"] for m in data["mediators"]}
    assert recused["李调解"] is not None and recused["张调解"] is None


def test_the_presiding_mediator_is_replaced_in_the_same_act(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {
            "mediator_id": world.mediators[0].pk,
            "basis": "party_request",
            "reason": "被申请人申请回避。",
            "replacement_id": world.mediators[1].pk,
        },
    )
    assert response.status_code == 200, response.content
    current = [(m["name"], m["role"]) for m in response.json()["mediators"] if m["recused_at"] is None]
    assert current == [("李调解", "presiding")]


def test_a_recusal_with_everything_wrong_names_every_field(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[0].pk, "basis": "whim", "reason": ""},
    )
    assert response.status_code == 400
    assert fields_of(response) == ["basis", "reason", "replacement"]
    assert codes_of(response) == ["invalid_basis", "required", "replacement_required"]
    assert not case.mediators.filter(recused_at__isnull=False).exists()


def test_an_unknown_replacement_is_reported_with_the_services_problems(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[0].pk, "basis": "whim", "reason": "", "replacement_id": 999999},
    )
    assert response.status_code == 400
    assert sorted(str(f) for f in fields_of(response)) == ["basis", "reason", "replacement"]
    assert "unknown_mediator" in codes_of(response)
    assert not case.mediators.filter(recused_at__isnull=False).exists()


def test_a_mediator_not_on_the_case_cannot_recuse_from_it(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[1].pk, "basis": "declaration", "reason": "亲属。"},
    )
    assert response.status_code == 400
    assert (error_of(response)["field"], error_of(response)["code"]) == ("mediator_id", "unknown_mediator")


def test_recusing_twice_is_refused(world: MediationWorld) -> None:
    case = in_mediation(world)
    place = assisting(case, world)
    CaseMediator.objects.filter(pk=place.pk).update(recused_at=timezone.now())
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[1].pk, "basis": "declaration", "reason": "亲属。"},
    )
    assert response.status_code == 400
    assert codes_of(response) == ["already_recused"]


def test_a_recusal_after_the_mediation_ended_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.FAILED, with_mediator=True)
    response = post(
        session(world.chair),
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[0].pk, "basis": "declaration", "reason": "亲属。"},
    )
    assert response.status_code == 409
    assert not case.mediators.filter(recused_at__isnull=False).exists()


def test_a_party_may_not_decide_a_recusal(world: MediationWorld, applicant: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    assisting(case, world)
    response = token_client(applicant, "mediation:act").post(
        action_url(case, "recuse_mediator"),
        {"mediator_id": world.mediators[1].pk, "basis": "declaration", "reason": "亲属。"},
    )
    assert response.status_code == 403
    assert not case.mediators.filter(recused_at__isnull=False).exists()


# --- extension ------------------------------------------------------------------------------------


def test_the_limit_is_extended_with_everyones_consent(world: MediationWorld) -> None:
    case = in_mediation(world)
    assert case.due_on is not None
    until = case.due_on + datetime.timedelta(days=15)
    response = post(
        session(world.mediators[0].user),
        action_url(case, "extend_limit"),
        {"until": until.isoformat(), "reason": "双方同意再协商一次。", "consent_of_all": True},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["extended_until"]) == (CaseStatus.IN_MEDIATION, until.isoformat())
    assert Event.objects.filter(subject_id=case.pk, verb="mediation.mediationcase.extend", channel="api").exists()


def test_an_extension_with_everything_wrong_names_every_field(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(
        session(world.chair),
        action_url(case, "extend_limit"),
        {"until": "2026-13-45", "reason": "", "consent_of_all": False},
    )
    assert response.status_code == 400
    assert sorted(str(f) for f in fields_of(response)) == ["consent_of_all", "reason", "until"]
    assert "invalid_date" in codes_of(response)
    assert fresh(case).extended_until is None


@pytest.mark.parametrize(("days", "code"), [(0, "not_later"), (45, "too_long_extension")])
def test_an_extension_to_a_bad_day(world: MediationWorld, days: int, code: str) -> None:
    case = in_mediation(world)
    assert case.due_on is not None
    until = case.due_on + datetime.timedelta(days=days)
    response = post(
        session(world.chair),
        action_url(case, "extend_limit"),
        {"until": until.isoformat(), "reason": "双方同意。"},
    )
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["until"], [code])
    assert fresh(case).extended_until is None


def test_an_extension_before_the_mediation_started_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.MEDIATOR_ASSIGNED)
    response = post(
        session(world.chair), action_url(case, "extend_limit"), {"until": "2030-01-01", "reason": "双方同意。"}
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "invalid_transition"


def test_a_party_cannot_extend_and_an_outsider_does_not_see_the_case(world: MediationWorld, applicant: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    body = {"until": "2030-01-01", "reason": "双方同意。"}
    response = token_client(applicant, "mediation:act").post(action_url(case, "extend_limit"), body)
    assert response.status_code == 403
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "extend_limit"), body).status_code == 404
    assert fresh(case).extended_until is None


# --- escalation resolved --------------------------------------------------------------------------


def reported(case: MediationCase, world: MediationWorld) -> EscalationReport:
    MediationCase.objects.filter(pk=case.pk).update(escalation_risk=True)
    return EscalationReport.objects.create(
        case=case, risk=EscalationRisk.CRIMINAL, description="扬言报复。", people=2, reported_by=world.chair
    )


def test_a_resolved_risk_clears_the_flag_and_counts_what_was_prevented(world: MediationWorld) -> None:
    case = in_mediation(world)
    report = reported(case, world)
    response = post(
        session(world.mediators[0].user),
        action_url(case, "resolve_escalation"),
        {"report_id": report.pk, "prevented_criminal": True, "criminal_people": 2},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["escalation_risk"] is False
    assert data["escalations"][0]["id"] == report.pk and data["escalations"][0]["resolved_at"] is not None
    stored = fresh(case)
    assert (stored.prevented_criminal, stored.prevented_criminal_people) == (True, 2)


def test_a_resolution_with_wrong_numbers_names_both(world: MediationWorld) -> None:
    case = in_mediation(world)
    report = reported(case, world)
    response = post(
        session(world.chair),
        action_url(case, "resolve_escalation"),
        {
            "report_id": report.pk,
            "prevented_criminal": False,
            "criminal_people": 3,
            "prevented_group_petition": True,
            "group_petition_people": "许多",
        },
    )
    assert response.status_code == 400
    assert fields_of(response) == ["criminal_people", "group_petition_people"]
    assert codes_of(response) == ["people_without_flag", "invalid_people"]
    assert EscalationReport.objects.get(pk=report.pk).resolved_at is None
    assert fresh(case).escalation_risk is True


def test_a_risk_is_resolved_once_and_only_on_its_own_case(world: MediationWorld) -> None:
    case = in_mediation(world)
    report = reported(case, world)
    chair = session(world.chair)
    assert post(chair, action_url(case, "resolve_escalation"), {"report_id": report.pk}).status_code == 200
    again = post(chair, action_url(case, "resolve_escalation"), {"report_id": report.pk})
    assert again.status_code == 400 and codes_of(again) == ["already_resolved"]
    other = in_mediation(world)
    response = post(chair, action_url(other, "resolve_escalation"), {"report_id": report.pk})
    assert response.status_code == 400
    assert (error_of(response)["field"], error_of(response)["code"]) == ("report_id", "unknown_report")


def test_resolving_on_an_archived_case_and_by_an_outsider(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.CLOSED, with_mediator=True)
    report = reported(case, world)
    response = post(session(world.chair), action_url(case, "resolve_escalation"), {"report_id": report.pk})
    assert response.status_code == 400 and codes_of(response) == ["case_closed"]
    assert world.outsider is not None
    response = post(session(world.outsider.user), action_url(case, "resolve_escalation"), {"report_id": report.pk})
    assert response.status_code == 404
    assert EscalationReport.objects.get(pk=report.pk).resolved_at is None


# --- expert consultation --------------------------------------------------------------------------


def test_a_consultation_is_requested_and_answered(world: MediationWorld) -> None:
    case = in_mediation(world)
    handler = session(world.mediators[0].user)
    response = post(
        handler,
        action_url(case, "request_consultation"),
        {"question": "墙体开裂与装修的因果关系。", "experts": "建筑专家"},
    )
    assert response.status_code == 200, response.content
    [requested] = response.json()["consultations"]
    assert (requested["status"], requested["question"]) == (ConsultationStatus.REQUESTED, "墙体开裂与装修的因果关系。")
    response = post(
        handler,
        action_url(case, "answer_consultation"),
        {"consultation_id": requested["id"], "experts": "王工程师、李律师", "opinion": "开裂系拆除承重墙所致。"},
    )
    assert response.status_code == 200, response.content
    [answered] = response.json()["consultations"]
    assert (answered["status"], answered["experts"]) == (ConsultationStatus.ANSWERED, "王工程师、李律师")
    assert answered["answered_at"] is not None


def test_a_consultation_before_the_first_session_leaves_the_status(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.MEDIATOR_ASSIGNED)
    response = post(session(world.chair), action_url(case, "request_consultation"), {"question": "因果关系。"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CaseStatus.MEDIATOR_ASSIGNED


def test_a_request_without_a_question(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(session(world.chair), action_url(case, "request_consultation"), {"question": " "})
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["question"], ["required"])
    assert not ExpertConsultation.objects.filter(case=case).exists()


def test_a_request_out_of_order_is_a_409(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.ACCEPTED)
    response = post(session(world.chair), action_url(case, "request_consultation"), {"question": "因果关系。"})
    assert response.status_code == 409
    assert not ExpertConsultation.objects.filter(case=case).exists()


def test_an_answer_with_nothing_filled_in_names_both_fields(world: MediationWorld) -> None:
    case = in_mediation(world)
    consultation = ExpertConsultation.objects.create(case=case, question="因果关系。")
    response = post(session(world.chair), action_url(case, "answer_consultation"), {"consultation_id": consultation.pk})
    assert response.status_code == 400
    assert fields_of(response) == ["experts", "opinion"]
    assert ExpertConsultation.objects.get(pk=consultation.pk).status == ConsultationStatus.REQUESTED


def test_an_answer_is_recorded_once_and_only_on_its_own_case(world: MediationWorld) -> None:
    case = in_mediation(world)
    consultation = ExpertConsultation.objects.create(
        case=case, question="因果关系。", status=ConsultationStatus.ANSWERED, experts="王工", opinion="已答复。"
    )
    body = {"consultation_id": consultation.pk, "experts": "李工", "opinion": "另有意见。"}
    response = post(session(world.chair), action_url(case, "answer_consultation"), body)
    assert response.status_code == 400 and codes_of(response) == ["not_requested"]
    response = post(session(world.chair), action_url(in_mediation(world), "answer_consultation"), body)
    assert response.status_code == 400
    assert error_of(response)["field"] == "consultation_id"
    assert ExpertConsultation.objects.get(pk=consultation.pk).experts == "王工"


def test_consultations_and_escalations_are_the_committees_working_papers(
    world: MediationWorld, applicant: User
) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=applicant)
    reported(case, world)
    ExpertConsultation.objects.create(case=case, question="因果关系。")
    party_view = session(applicant).get(case_url(case)).json()
    assert (party_view["consultations"], party_view["escalations"]) == ([], [])
    staff_view = session(world.chair).get(case_url(case)).json()
    assert len(staff_view["consultations"]) == 1 and len(staff_view["escalations"]) == 1


def test_an_outsider_cannot_request_a_consultation(world: MediationWorld) -> None:
    case = in_mediation(world)
    assert world.outsider is not None
    response = post(session(world.outsider.user), action_url(case, "request_consultation"), {"question": "因果关系。"})
    assert response.status_code == 404
    assert not ExpertConsultation.objects.filter(case=case).exists()


# --- termination at a party's request -------------------------------------------------------------


def test_a_party_ends_the_mediation(world: MediationWorld) -> None:
    case = in_mediation(world)
    respondent = case.parties.get(side=PartySide.RESPONDENT)
    response = post(
        session(world.mediators[0].user),
        action_url(case, "terminate_by_party"),
        {"party_id": respondent.pk, "reason": "不愿继续调解，将起诉。"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"]) == (CaseStatus.TERMINATED_BY_PARTY, "terminated")
    assert "routes_notice" in [d["kind"] for d in data["documents"]]
    assert respondent.name not in str(data["documents"])  # the notice's title names no party


def test_a_termination_with_nothing_filled_in_names_both_fields(world: MediationWorld) -> None:
    case = in_mediation(world)
    response = post(session(world.chair), action_url(case, "terminate_by_party"), {})
    assert response.status_code == 400
    assert fields_of(response) == ["reason", "party"]
    assert status_of(case) == CaseStatus.IN_MEDIATION


def test_a_party_of_another_case_cannot_end_this_one(world: MediationWorld) -> None:
    case = in_mediation(world)
    stranger = make_case(world).parties.get(side=PartySide.RESPONDENT)
    response = post(
        session(world.chair), action_url(case, "terminate_by_party"), {"party_id": stranger.pk, "reason": "不调了。"}
    )
    assert response.status_code == 400
    assert (fields_of(response), codes_of(response)) == (["party"], ["unknown_party"])
    assert status_of(case) == CaseStatus.IN_MEDIATION


def test_a_termination_out_of_order_or_by_an_outsider(world: MediationWorld, applied: MediationCase) -> None:
    party = applied.parties.get(side=PartySide.APPLICANT)
    body = {"party_id": party.pk, "reason": "不调了。"}
    response = post(session(world.chair), action_url(applied, "terminate_by_party"), body)
    assert response.status_code == 409
    assert status_of(applied) == CaseStatus.APPLIED
    case = in_mediation(world)
    body["party_id"] = case.parties.get(side=PartySide.APPLICANT).pk
    assert world.outsider is not None
    assert post(session(world.outsider.user), action_url(case, "terminate_by_party"), body).status_code == 404
    assert status_of(case) == CaseStatus.IN_MEDIATION
