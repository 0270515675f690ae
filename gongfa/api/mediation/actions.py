"""The committee's and mediator's steps as POSTs /cases/{pk}/actions/<name>."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from gongfa.api.actions import run_with
from gongfa.api.mediation.cases import _act, _answer
from gongfa.api.mediation.common import REGISTRY
from gongfa.api.mediation.schemas import (
    AgreementIn,
    ConfirmationIn,
    ConsentIn,
    EscalationIn,
    LinkOut,
    MediationAssignIn,
    MediationCaseOut,
    MediationReasonIn,
    MediationReturnVisitIn,
    RefuseAcceptanceIn,
    SessionIn,
)
from gongfa.api.schemas import RowIdPath
from gongfa.core.errors import DomainError, Problems
from gongfa.mediation.choices import AgreementStatus, ReturnVisitStatus
from gongfa.mediation.models import Mediator, ReturnVisit
from gongfa.mediation.services.acceptance import accept_case, refuse_acceptance
from gongfa.mediation.services.agreement import confirmation_token, draft_agreement, finalise_agreement
from gongfa.mediation.services.assignment import assign_mediators
from gongfa.mediation.services.closing import close_case
from gongfa.mediation.services.confirmation import file_confirmation
from gongfa.mediation.services.consent import record_consent, seek_consent
from gongfa.mediation.services.followup import record_return_visit
from gongfa.mediation.services.handling import record_session, report_escalation, start_mediation
from gongfa.mediation.services.outcome import record_failure

_action = REGISTRY.action


def _invitation_url(token: str) -> str:
    return reverse("portal:mediation_invite", kwargs={"token": token})


def _confirmation_url(token: str) -> str:
    return reverse("portal:mediation_agreement", kwargs={"token": token})


@_action("seek_consent", "征询对方当事人调解意愿")
def seek_consent_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """征询 (第17条): each respondent (every party, for the committee's own initiative) gets an
    invitation; `links` carries each invitation link to send by SMS. Committee staff."""
    user, case = _act(request, pk)
    invitations = seek_consent(actor=user, case=case)
    links = [LinkOut(party_id=i.consent.party_id, kind="invitation", url=_invitation_url(i.token)) for i in invitations]
    return _answer(case, user, links)


@_action("record_consent", "记录当事人调解意愿")
def record_consent_action(request: HttpRequest, pk: RowIdPath, payload: ConsentIn) -> MediationCaseOut:
    """A party's answer given in person, by phone or in writing (第17条); a refusal ends the case
    with the notice of other routes (第26条). Committee staff or the case's mediators."""
    user, case = _act(request, pk)
    party = case.parties.filter(pk=payload.party_id).first()
    if party is None:
        raise DomainError(gettext("该当事人不属于本案。"), code="unknown_party", field="party_id")
    record_consent(
        actor=user,
        case=case,
        party=party,
        decision=payload.decision,
        method=payload.method,
        answered_by_name=payload.answered_by_name,
    )
    return _answer(case, user)


@_action("accept", "受理")
def accept_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """受理: every respondent asked has consented (第17条). Committee staff."""
    user, case = _act(request, pk)
    return _answer(accept_case(actor=user, case=case), user)


@_action("refuse_acceptance", "不予受理")
def refuse_acceptance_action(request: HttpRequest, pk: RowIdPath, payload: RefuseAcceptanceIn) -> MediationCaseOut:
    """不予受理 (Mediation Provisions 第22条 ◐) with the reason and where to go. Committee staff."""
    user, case = _act(request, pk)
    refuse_acceptance(actor=user, case=case, reason=payload.reason, redirect_to=payload.redirect_to)
    return _answer(case, user)


@_action("assign", "指定调解员")
def assign_action(request: HttpRequest, pk: RowIdPath, payload: MediationAssignIn) -> MediationCaseOut:
    """指定调解员 (第19条): one presiding, any assisting, of the committee. An unknown mediator id
    is reported with the service's other problems (field `presiding` / `assisting.N`)."""
    user, case = _act(request, pk)
    problems = Problems()
    wanted = [payload.presiding_id, *payload.assisting_ids]
    found = Mediator.objects.select_related("user").in_bulk([pk for pk in wanted if pk is not None])
    if payload.presiding_id is not None and payload.presiding_id not in found:
        problems.add(
            "presiding",
            gettext("找不到调解员 {presiding_id}。").format(presiding_id=payload.presiding_id),
            code="unknown_mediator",
        )
    assisting: list[Mediator] = []
    for index, pk in enumerate(payload.assisting_ids):
        if pk in found:
            assisting.append(found[pk])
        else:
            problems.add(f"assisting.{index}", gettext("找不到调解员 {pk}。").format(pk=pk), code="unknown_mediator")
    presiding = found.get(payload.presiding_id) if payload.presiding_id is not None else None
    run_with(
        problems,
        lambda: assign_mediators(
            actor=user,
            case=case,
            presiding=presiding,
            assisting=assisting,
            chosen_by_parties=payload.chosen_by_parties,
        ),
    )
    return _answer(case, user)


@_action("start", "告知权利义务，开始调解")
def start_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """The rights-and-duties notice goes on file and the one-month clock starts. Committee staff or
    the case's mediators."""
    user, case = _act(request, pk)
    return _answer(start_mediation(actor=user, case=case), user)


@_action("record_session", "记录调解过程")
def record_session_action(request: HttpRequest, pk: RowIdPath, payload: SessionIn) -> MediationCaseOut:
    """A session and its record (第27条). Attachments are added on the workbench."""
    user, case = _act(request, pk)
    record_session(
        actor=user,
        case=case,
        held_at=payload.held_at,
        mode=payload.mode,
        place=payload.place,
        video_link=payload.video_link,
        attendees=payload.attendees,
        record=payload.record,
        is_public=payload.is_public,
    )
    return _answer(case, user)


@_action("report_escalation", "报告纠纷激化风险")
def report_escalation_action(request: HttpRequest, pk: RowIdPath, payload: EscalationIn) -> MediationCaseOut:
    """第25条: the risk, what was done, how many people; the police liaison is told where the region
    says so."""
    user, case = _act(request, pk)
    report_escalation(actor=user, case=case, risk=payload.risk, description=payload.description, people=payload.people)
    return _answer(case, user)


@_action("record_failure", "调解不成，终止调解")
def record_failure_action(request: HttpRequest, pk: RowIdPath, payload: MediationReasonIn) -> MediationCaseOut:
    """调解不成 (第26条): ended with the notice of other routes; reason required."""
    user, case = _act(request, pk)
    return _answer(record_failure(actor=user, case=case, reason=payload.reason), user)


@_action("draft_agreement", "起草调解协议")
def draft_agreement_action(request: HttpRequest, pk: RowIdPath, payload: AgreementIn) -> MediationCaseOut:
    """The written agreement with every item 第29条第1款 requires (all missing ones at once)."""
    user, case = _act(request, pk)
    draft_agreement(
        actor=user,
        case=case,
        parties_text=payload.parties_text,
        facts_and_responsibility=payload.facts_and_responsibility,
        terms=payload.terms,
        performance_method=payload.performance_method,
        performance_place=payload.performance_place,
        performance_deadline=payload.performance_deadline,
        amount=payload.amount,
    )
    return _answer(case, user)


@_action("finalise_agreement", "调解协议定稿")
def finalise_agreement_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """定稿: the draft gets its number; `links` carries each party's confirmation link (本人确认)."""
    user, case = _act(request, pk)
    draft = case.agreements.filter(status=AgreementStatus.DRAFT).first()
    if draft is None:
        raise DomainError(gettext("本案没有待定稿的调解协议草稿，请先起草。"), code="no_draft", field=None)
    agreement = finalise_agreement(actor=user, agreement=draft)
    links = [
        LinkOut(
            party_id=party.pk,
            kind="agreement_confirmation",
            url=_confirmation_url(confirmation_token(agreement, party)),
        )
        for party in case.parties.order_by("side", "pk")
    ]
    return _answer(case, user, links)


@_action("file_confirmation", "共同申请司法确认")
def file_confirmation_action(request: HttpRequest, pk: RowIdPath, payload: ConfirmationIn) -> MediationCaseOut:
    """The parties' joint application within 30 days of the agreement's effect (第33条)."""
    user, case = _act(request, pk)
    file_confirmation(actor=user, case=case, court=payload.court, filed_on=payload.filed_on, joint=payload.joint)
    return _answer(case, user)


@_action("record_return_visit", "回访")
def record_return_visit_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationReturnVisitIn
) -> MediationCaseOut:
    """回访 (第31条): performance and satisfaction; unperformed needs a note."""
    user, case = _act(request, pk)
    visits = case.return_visits.all()
    visit: ReturnVisit | None
    if payload.visit_id is not None:
        visit = visits.filter(pk=payload.visit_id).first()
        if visit is None:
            raise DomainError(
                gettext("本案没有回访 {visit_id}。").format(visit_id=payload.visit_id),
                code="unknown_visit",
                field="visit_id",
            )
    else:
        visit = visits.filter(status=ReturnVisitStatus.DUE).order_by("due_on", "pk").first()
        if visit is None:
            raise DomainError(gettext("本案没有待回访的记录。"), code="no_visit_due", field="visit_id")
    record_return_visit(
        actor=user, visit=visit, performance=payload.performance, satisfaction=payload.satisfaction, note=payload.note
    )
    return _answer(case, user)


@_action("close", "结案归档")
def close_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """结案归档 (第27条): an ended case with its file complete (every missing document named)."""
    user, case = _act(request, pk)
    return _answer(close_case(actor=user, case=case), user)
