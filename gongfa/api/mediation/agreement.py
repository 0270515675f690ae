"""The agreement and what follows it, as POSTs /cases/{pk}/actions/<name>: the signatures and the
seal that make a written agreement effective (第29条第2款), the oral agreement (第28、30条), the
court's ruling on judicial confirmation (第33条; 《民事诉讼法》第206条) and the referral when a party
does not perform (第32条)."""

from django.http import HttpRequest
from django.utils.translation import gettext

from gongfa.api.mediation.cases import _act, _answer, current_agreement
from gongfa.api.mediation.common import REGISTRY
from gongfa.api.mediation.schemas import (
    MediationCaseOut,
    MediationCourtDecisionIn,
    MediationOralAgreementIn,
    MediationReasonIn,
    MediationSignatureIn,
)
from gongfa.api.schemas import RowIdPath
from gongfa.core.errors import DomainError
from gongfa.mediation.models import Agreement, MediationCase
from gongfa.mediation.services.agreement import (
    record_paper_signature,
    require_status,
    seal_by_committee,
    sign_as_mediator,
)
from gongfa.mediation.services.confirmation import record_court_decision
from gongfa.mediation.services.followup import refer_nonperformance
from gongfa.mediation.services.outcome import record_oral_agreement

_action = REGISTRY.action


def _agreement_of(case: MediationCase) -> Agreement:
    """The case's live agreement (the service checks it is finalised). Without one: out of order
    (409) before the agreement stage, else 400 `no_agreement`."""
    agreement = current_agreement(case)
    if agreement is None:
        require_status(case, "make_agreement_effective")
        raise DomainError(gettext("本案没有调解协议，请先起草并定稿。"), code="no_agreement", field=None)
    return agreement


@_action("record_paper_signature", "记录当事人签署调解协议")
def record_paper_signature_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationSignatureIn
) -> MediationCaseOut:
    """A party signed, sealed or fingerprinted the finalised paper agreement (第29条第2款); with
    every party's signature, the mediator's and the committee's seal it takes effect (the case is
    协议已生效). Staff or mediators of the case. Another case's party: 400 field `party_id`."""
    user, case = _act(request, pk)
    party = case.parties.filter(pk=payload.party_id).first()
    if party is None:
        raise DomainError(gettext("该当事人不属于本案。"), code="unknown_party", field="party_id")
    record_paper_signature(actor=user, agreement=_agreement_of(case), party=party)
    return _answer(case, user)


@_action("sign_as_mediator", "调解员在调解协议上签名")
def sign_as_mediator_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """调解员签名 on the finalised agreement: a mediator currently on the case (anyone else 403)."""
    user, case = _act(request, pk)
    sign_as_mediator(actor=user, agreement=_agreement_of(case))
    return _answer(case, user)


@_action("seal_by_committee", "调委会在调解协议上盖章")
def seal_by_committee_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """加盖人民调解委员会印章 on the finalised agreement: the committee's staff or a supervisor over it
    (a mediator of the case: 403)."""
    user, case = _act(request, pk)
    seal_by_committee(actor=user, agreement=_agreement_of(case))
    return _answer(case, user)


@_action("record_oral_agreement", "记录口头协议")
def record_oral_agreement_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationOralAgreementIn
) -> MediationCaseOut:
    """口头协议 (第28条), effective the day it is reached (第30条): refused where the region requires a
    written agreement for a payment or performance obligation, or a written agreement exists."""
    user, case = _act(request, pk)
    record_oral_agreement(
        actor=user,
        case=case,
        content=payload.content,
        amount=payload.amount,
        has_performance_obligation=payload.has_performance_obligation,
    )
    return _answer(case, user)


@_action("record_court_decision", "记录法院对司法确认申请的裁定")
def record_court_decision_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationCourtDecisionIn
) -> MediationCaseOut:
    """The court's ruling on the pending application: `confirmed` (enforceable), or `rejected` with
    the reason and what then (`remediate`: mediate again with both parties' consent, the old
    agreement void; `refer`: the parties are told to sue)."""
    user, case = _act(request, pk)
    record_court_decision(
        actor=user,
        case=case,
        decision=payload.decision,
        decided_on=payload.decided_on,
        court_reference=payload.court_reference,
        then=payload.then,
        reason=payload.reason,
    )
    return _answer(case, user)


@_action("refer_nonperformance", "告知起诉或申请强制执行")
def refer_nonperformance_action(request: HttpRequest, pk: RowIdPath, payload: MediationReasonIn) -> MediationCaseOut:
    """Still not performed after being urged: the other party is told to sue on the agreement
    (第32条) or, once confirmed, to apply for enforcement; pending return visits are dropped."""
    user, case = _act(request, pk)
    return _answer(refer_nonperformance(actor=user, case=case, reason=payload.reason), user)
