"""The steps while the dispute is in hand, as POSTs /cases/{pk}/actions/<name>: mediators added or
recused (第19条, 回避), the time limit extended by consent, escalation risk resolved (第25条),
expert consultation (专家会诊), and termination at a party's request (第23条第(二)项).

An id of the body that names nothing of this case (a mediator, a party, a report, a request) is a
400 naming its field; every other bad value is reported at once with the service's problems."""

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext

from gongfa.api.actions import run_with
from gongfa.api.mediation.cases import _act, _answer
from gongfa.api.mediation.common import REGISTRY
from gongfa.api.mediation.schemas import (
    MediationAddMediatorIn,
    MediationCaseOut,
    MediationConsultationAnswerIn,
    MediationConsultationIn,
    MediationEscalationResolvedIn,
    MediationExtendIn,
    MediationPartyEndsIn,
    MediationRecusalIn,
)
from gongfa.api.schemas import RowIdPath
from gongfa.core.errors import DomainError, Problems
from gongfa.mediation.models import Mediator
from gongfa.mediation.services.agreement import parse_date
from gongfa.mediation.services.assignment import add_mediator, recuse_mediator
from gongfa.mediation.services.handling import (
    answer_consultation,
    extend_limit,
    request_consultation,
    resolve_escalation,
    terminate_by_party,
)

_action = REGISTRY.action


def _mediator(pk: int | None, field: str, problems: Problems) -> Mediator | None:
    """The mediator of that id; an unknown one is a problem of `field` (reported with the rest)."""
    if pk is None:
        return None
    mediator = Mediator.objects.select_related("user").filter(pk=pk).first()
    if mediator is None:
        problems.add(field, gettext("找不到调解员 {pk}。").format(pk=pk), code="unknown_mediator")
    return mediator


@_action("add_mediator", "增加调解员")
def add_mediator_action(request: HttpRequest, pk: RowIdPath, payload: MediationAddMediatorIn) -> MediationCaseOut:
    """增加调解员 (第19条: one or several mediators): an assisting mediator of the committee joins the
    case; the case goes back to 已指定调解员 and `start` resumes it with its clock unchanged.
    Committee staff. Problems of the mediator: field `mediator`."""
    user, case = _act(request, pk)
    problems = Problems()
    mediator = _mediator(payload.mediator_id, "mediator", problems)
    run_with(
        problems,
        lambda: add_mediator(actor=user, case=case, mediator=mediator, chosen_by_parties=payload.chosen_by_parties),
    )
    return _answer(case, user)


@_action("recuse_mediator", "调解员回避")
def recuse_mediator_action(request: HttpRequest, pk: RowIdPath, payload: MediationRecusalIn) -> MediationCaseOut:
    """回避: a mediator of the case steps aside on a party's request or by declaration, with the
    reason; the presiding mediator is replaced in the same act (`replacement_id`, which may be a
    mediator already assisting). Committee staff. A mediator not on the case: 400 field
    `mediator_id`; the service's problems name `case_mediator`, `basis`, `reason`, `replacement`."""
    user, case = _act(request, pk)
    # The mediator's current place on the case, else an earlier one (the service says they recused).
    place = (
        case.mediators.filter(mediator_id=payload.mediator_id)
        .order_by(F("recused_at").desc(nulls_first=True), "-pk")
        .first()
    )
    if place is None:
        raise DomainError(
            gettext("调解员 {mediator_id} 不是本案的调解员。").format(mediator_id=payload.mediator_id),
            code="unknown_mediator",
            field="mediator_id",
        )
    problems = Problems()
    replacement = _mediator(payload.replacement_id, "replacement", problems)
    run_with(
        problems,
        lambda: recuse_mediator(
            actor=user,
            case=case,
            case_mediator=place,
            basis=payload.basis,
            reason=payload.reason,
            replacement=replacement,
        ),
    )
    return _answer(case, user)


@_action("extend_limit", "经双方同意延长调解期限")
def extend_limit_action(request: HttpRequest, pk: RowIdPath, payload: MediationExtendIn) -> MediationCaseOut:
    """延长调解期限 with every party's consent, to a day after the present limit and at most the
    region's maximum past the month (`due_on`); `extended_until` shows it. Staff or mediators of
    the case."""
    user, case = _act(request, pk)
    problems = Problems()
    until = parse_date(payload.until, problems, field="until", label="延长后的调结期限")
    run_with(
        problems,
        lambda: extend_limit(
            actor=user, case=case, until=until, reason=payload.reason, consent_of_all=payload.consent_of_all
        ),
    )
    return _answer(case, user)


@_action("resolve_escalation", "纠纷激化风险已化解")
def resolve_escalation_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationEscalationResolvedIn
) -> MediationCaseOut:
    """风险化解: the reported risk (`report_id`, see `escalations`) is over; where escalation was
    prevented, the case counts for 防止民转刑 / 防止群体性上访 with the people concerned. The case's
    flag clears when no report is open. A report of another case: 400 field `report_id`."""
    user, case = _act(request, pk)
    report = case.escalations.filter(pk=payload.report_id).first()
    if report is None:
        raise DomainError(
            gettext("本案没有激化风险报告 {report_id}。").format(report_id=payload.report_id),
            code="unknown_report",
            field="report_id",
        )
    resolve_escalation(
        actor=user,
        case=case,
        report=report,
        prevented_criminal=payload.prevented_criminal,
        prevented_group_petition=payload.prevented_group_petition,
        criminal_people=payload.criminal_people,
        group_petition_people=payload.group_petition_people,
    )
    return _answer(case, user)


@_action("request_consultation", "申请专家会诊")
def request_consultation_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationConsultationIn
) -> MediationCaseOut:
    """申请专家会诊 on a difficult dispute; the request shows in `consultations`."""
    user, case = _act(request, pk)
    request_consultation(actor=user, case=case, question=payload.question, experts=payload.experts)
    return _answer(case, user)


@_action("answer_consultation", "记录专家会诊意见")
def answer_consultation_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationConsultationAnswerIn
) -> MediationCaseOut:
    """会诊意见: the experts who took part and their opinion, on a request of the case
    (`consultation_id`, see `consultations`; another case's: 400 field `consultation_id`)."""
    user, case = _act(request, pk)
    consultation = case.consultations.filter(pk=payload.consultation_id).first()
    if consultation is None:
        raise DomainError(
            gettext("本案没有会诊申请 {consultation_id}。").format(consultation_id=payload.consultation_id),
            code="unknown_consultation",
            field="consultation_id",
        )
    answer_consultation(actor=user, consultation=consultation, experts=payload.experts, opinion=payload.opinion)
    return _answer(case, user)


@_action("terminate_by_party", "当事人要求终止调解")
def terminate_by_party_action(request: HttpRequest, pk: RowIdPath, payload: MediationPartyEndsIn) -> MediationCaseOut:
    """当事人要求终止调解 (第23条第(二)项): a party may ask to stop at any time; the case ends and the
    parties are told the other routes (第26条). The party must be one of the case's (field
    `party`, with the service's other problems)."""
    user, case = _act(request, pk)
    party = case.parties.filter(pk=payload.party_id).first() if payload.party_id is not None else None
    terminate_by_party(actor=user, case=case, party=party, reason=payload.reason)
    return _answer(case, user)
