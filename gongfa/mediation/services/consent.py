"""The other party's wish to mediate (《人民调解法》第17条: if one party clearly refuses, there is no
mediation; 第23条第(二)项: a party may refuse or stop at any time).

Consent is sought from every respondent (and, for the committee's own initiative, from every party:
Mediation Provisions ◐ allow it only while no party objects). The answer comes through the signed
invitation link (the party or their representative, possibly not logged in) or is recorded by staff
from what was said in person, by phone or in writing. A refusal ends the case (NOT_MEDIATED) with a
notice of the other routes (第26条).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.mediation.choices import (
    CaseSource,
    CaseStatus,
    ConsentDecision,
    ConsentMethod,
    DocumentKind,
    Outcome,
    PartySide,
)
from gongfa.mediation.invitations import answer_due, consent_for_token, invitation_token
from gongfa.mediation.models import CaseDocument, CaseParty, Consent, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import acting_via, channel_of, lock_for, note, step
from gongfa.mediation.tasks import text_invitation

# 第26条: the parties are told they may protect their rights by arbitration, administrative or
# judicial routes. Labour disputes go to labour arbitration first (《劳动争议调解仲裁法》第5条).
ROUTES = ("向人民法院提起诉讼", "依法申请仲裁", "请求有关行政机关依法处理")
LABOUR_ROUTES = ("向劳动人事争议仲裁委员会申请仲裁", "向劳动保障监察机构投诉", "依法向人民法院提起诉讼")
ROUTES_ARTICLE = "《人民调解法》第二十六条"

# Where a party's answer can still be recorded: while consent is sought; before that (a party who
# came along); after acceptance only a refusal (第23条第(二)项: a party may refuse at any time; the
# table's record_refusal covers ACCEPTED and MEDIATOR_ASSIGNED).
ANSWER_STATUSES = (CaseStatus.APPLIED, CaseStatus.CONSENT_PENDING, CaseStatus.ACCEPTED, CaseStatus.MEDIATOR_ASSIGNED)
STAFF_METHODS = (ConsentMethod.IN_PERSON, ConsentMethod.PHONE, ConsentMethod.WRITTEN)


@dataclass(frozen=True)
class Invitation:
    """One party's invitation: the consent row and the token of its link (send it, never log it)."""

    consent: Consent
    token: str


def arbitration_route(case: MediationCase) -> str:
    """The labour route naming the arbitration committee nearest the dispute (its address and phone),
    where the network has one (AgencyKind.ARBITRATION_COMMISSION, gathered into the centres)."""
    from gongfa.network.choices import AgencyKind
    from gongfa.workorders.services.dispatch import nearest_agency

    commission = nearest_agency(case.region, AgencyKind.ARBITRATION_COMMISSION)
    if commission is None:
        return LABOUR_ROUTES[0]
    where = "，".join(
        part
        for part in (
            f"地址：{commission.address}" if commission.address else "",
            f"电话：{commission.phone}" if commission.phone else "",
        )
        if part
    )
    return f"向{commission.name}申请仲裁" + (f"（{where}）" if where else "")


def routes_for(case: MediationCase) -> tuple[str, ...]:
    if case.category.is_labour:
        return (arbitration_route(case), *LABOUR_ROUTES[1:])
    return ROUTES


def add_routes_notice(case: MediationCase, *, actor: User | None, title: str) -> CaseDocument:
    """The notice telling the parties their other routes (告知其他途径, 第26条)."""
    return CaseDocument.objects.create(
        case=case, kind=DocumentKind.ROUTES_NOTICE, title=title, generated=True, added_by=actor
    )


def _parties_to_ask(case: MediationCase) -> list[CaseParty]:
    parties = list(case.parties.order_by("side", "pk"))
    if case.source == CaseSource.OWN_INITIATIVE:
        return parties
    return [p for p in parties if p.side == PartySide.RESPONDENT]


def seek_consent(*, actor: User, case: MediationCase) -> list[Invitation]:
    """征询对方当事人调解意愿 (第17条): APPLIED → CONSENT_PENDING, one PENDING consent per respondent
    (per party for the committee's own initiative), with the token of each invitation link. The
    committee's staff or a supervisor (MANAGE)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        if locked.status == CaseStatus.APPLIED and not locked.parties.filter(side=PartySide.RESPONDENT).exists():
            raise DomainError(
                gettext("案件尚无被申请人：请先补充被申请人信息，再征询其调解意愿。"),
                code="no_respondent",
                field="respondents",
            )
        parties = _parties_to_ask(locked)
        now = timezone.now()
        invitations: list[Invitation] = []
        step(locked, "seek_consent", actor=actor, data={"parties": [p.pk for p in parties]})
        for party in parties:
            consent, _ = Consent.objects.get_or_create(
                case=locked, party=party, defaults={"decision": ConsentDecision.PENDING, "invited_at": now}
            )
            if consent.decision == ConsentDecision.PENDING:
                Consent.objects.filter(pk=consent.pk).update(invited_at=now)
                consent.invited_at = now
                invitations.append(Invitation(consent, invitation_token(consent)))
                transaction.on_commit(functools.partial(text_invitation.delay, consent.pk))
        note(
            locked,
            "consent_invited",
            actor=actor,
            data={
                "consents": [i.consent.pk for i in invitations],
                "answer_due": answer_due(invitations[0].consent).isoformat() if invitations else None,
            },
        )
    return invitations


def _answerer_problems(party: CaseParty, answered_by_name: str, actor: User | None) -> Problems:
    """The one answering must be the party or their representative (代理人、法定代表人)."""
    problems = Problems()
    name = (answered_by_name or "").strip()
    if not name:
        problems.add("answered_by_name", gettext("请填写答复人姓名。"), code="required")
    elif len(name) > 64:
        problems.add("answered_by_name", gettext("答复人姓名不能超过 64 个字。"), code="too_long")
    elif name not in {party.name, party.representative_name} - {""}:
        problems.add(
            "answered_by_name",
            gettext("答复人“{name}”既不是当事人本人，也不是其代理人或法定代表人，不能代为表示调解意愿。").format(
                name=name
            ),
            code="not_party_or_representative",
        )
    if actor is not None and actor.is_authenticated and actor.is_citizen:
        accounts = {party.user_id, party.representative_user_id} - {None}
        if accounts and actor.pk not in accounts:
            problems.add(
                "answered_by_name",
                gettext("您登录的账号既不是该当事人本人，也不是其代理人，不能代为表示调解意愿。"),
                code="not_party_or_representative",
            )
    return problems


def _apply_answer(
    case: MediationCase,
    consent: Consent,
    *,
    decision: str,
    method: str,
    answered_by_name: str,
    actor: User | None,
) -> Consent:
    """Write the answer and, for a refusal, end the case (record_refusal → NOT_MEDIATED, 第17条)."""
    consent.decision = decision
    consent.method = method
    consent.answered_at = timezone.now()
    consent.answered_by_name = answered_by_name.strip()
    consent.recorded_by = actor if actor is not None and actor.is_authenticated else None
    consent.save(update_fields=["decision", "method", "answered_at", "answered_by_name", "recorded_by"])
    data = {"consent": consent.pk, "party": consent.party_id, "decision": decision, "method": method}
    note(case, "consent_answered", actor=actor, data=data)
    if decision == ConsentDecision.REFUSED:
        case.outcome = Outcome.REFUSED
        case.ended_at = consent.answered_at
        step(
            case,
            "record_refusal",
            actor=actor,
            reason=f"{stored_text(consent.party.get_side_display())}{consent.party.name}明确拒绝调解",
            data={**data, "routes": list(routes_for(case)), "article": ROUTES_ARTICLE},
            fields=("outcome", "ended_at"),
        )
        add_routes_notice(case, actor=actor, title=gettext("不予调解告知书（一方当事人拒绝调解，告知其他途径）"))
    return consent


def _check_decision(case: MediationCase, consent: Consent | None, decision: str, problems: Problems) -> None:
    if decision not in (ConsentDecision.CONSENTED, ConsentDecision.REFUSED):
        problems.add("decision", gettext("请选择同意调解或拒绝调解。"), code="invalid_decision")
        return
    if case.status not in ANSWER_STATUSES:
        problems.add(
            "decision",
            gettext("案件当前状态为“{get_status_display}”，不能再记录调解意愿。").format(
                get_status_display=case.get_status_display()
            ),
            code="consent_closed",
        )
    elif case.status in (CaseStatus.ACCEPTED, CaseStatus.MEDIATOR_ASSIGNED) and decision != ConsentDecision.REFUSED:
        problems.add("decision", gettext("案件已受理，无须再记录同意调解。"), code="already_accepted")
    elif consent is not None and consent.decision == ConsentDecision.REFUSED:
        problems.add("decision", gettext("该当事人已拒绝调解。"), code="already_answered")
    elif consent is not None and consent.decision == decision:
        problems.add(
            "decision",
            gettext("该当事人已{get_decision_display}。").format(get_decision_display=consent.get_decision_display()),
            code="already_answered",
        )


def record_consent(
    *,
    actor: User,
    case: MediationCase,
    party: CaseParty,
    decision: str,
    method: str,
    answered_by_name: str,
) -> Consent:
    """Record a party's answer given in person, by phone or in writing (第17条). Staff of the
    committee or the case's mediators (HANDLE); a citizen who is the party or its representative
    may answer for themselves (method LINK). The answer must come from the party or its
    representative; a refusal ends the case with a notice of the other routes (第26条)."""
    with transaction.atomic(), acting_via(channel_of(Channel.PORTAL if actor.is_citizen else Channel.WORKBENCH)):
        # A citizen answers for themselves on a case they see; staff handle it.
        locked = lock_for(actor, case, Action.VIEW if actor.is_citizen else Action.HANDLE)
        target = locked.parties.filter(pk=party.pk).first()
        if target is None:
            raise DomainError(gettext("该当事人不属于本案。"), code="unknown_party", field="party")
        if actor.is_citizen and actor.pk not in {target.user_id, target.representative_user_id}:
            raise NotPermitted(gettext("只有当事人本人或其代理人可以表示调解意愿。"))
        problems = Problems()
        allowed = (ConsentMethod.LINK,) if actor.is_citizen else STAFF_METHODS
        if method not in allowed:
            problems.add("method", gettext("请选择答复方式（当面、电话或书面）。"), code="invalid_method")
        consent = Consent.objects.select_for_update().filter(case=locked, party=target).first()
        asked = {p.pk for p in _parties_to_ask(locked)}
        if target.pk not in asked and decision != ConsentDecision.REFUSED:
            problems.add("party", gettext("只需征询被申请人的调解意愿。"), code="not_asked")
        _check_decision(locked, consent, decision, problems)
        for problem in _answerer_problems(target, answered_by_name, actor):
            problems.add(problem.field, problem.message, code=problem.code)
        problems.raise_if_any()
        if consent is None:
            consent = Consent.objects.create(case=locked, party=target)
        return _apply_answer(
            locked, consent, decision=decision, method=method, answered_by_name=answered_by_name, actor=actor
        )


def answer_invitation(*, token: str, decision: str, answered_by_name: str, actor: User | None = None) -> Consent:
    """The party (or its representative) answers through the invitation link, logged in or not. The
    link works once and only within CONSENT_DAYS of the invitation."""
    consent = consent_for_token(token)
    with transaction.atomic(), acting_via(channel_of(Channel.PORTAL)):
        locked = lock_for(None, consent.case)
        consent = Consent.objects.select_for_update().select_related("party").get(pk=consent.pk)
        if consent.decision != ConsentDecision.PENDING:
            raise DomainError(
                gettext("您已答复（{get_decision_display}），无须再次答复。").format(
                    get_decision_display=consent.get_decision_display()
                ),
                code="already_answered",
                field="token",
            )
        problems = Problems()
        if locked.status != CaseStatus.CONSENT_PENDING:
            problems.add(
                "token",
                gettext("案件当前状态为“{get_status_display}”，无须再答复。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="consent_closed",
            )
        else:
            _check_decision(locked, consent, decision, problems)
        for problem in _answerer_problems(consent.party, answered_by_name, actor):
            problems.add(problem.field, problem.message, code=problem.code)
        problems.raise_if_any()
        return _apply_answer(
            locked,
            consent,
            decision=decision,
            method=ConsentMethod.LINK,
            answered_by_name=answered_by_name,
            actor=actor,
        )


def lapse_overdue_consents(*, now: datetime.datetime | None = None) -> list[int]:
    """The daily sweep (a task may call it; safe to run twice): an invitation not answered within
    the region's CONSENT_DAYS counts as a refusal (the setting's rule; 第17条: no mediation against
    a party's will), so the case ends as NOT_MEDIATED with the routes notice, by the system. Returns
    the ids of the cases ended."""
    now = now or timezone.now()
    ended: list[int] = []
    candidates = (
        Consent.objects.filter(
            decision=ConsentDecision.PENDING,
            case__status=CaseStatus.CONSENT_PENDING,
            invited_at__lt=now - datetime.timedelta(days=1),  # the shortest period a region may set
        )
        .select_related("case__committee__agency__region")
        .order_by("case_id", "pk")
    )
    for consent in candidates:
        if consent.case_id in ended or now <= answer_due(consent):
            continue
        with transaction.atomic(), acting_via(Channel.SYSTEM):
            locked = lock_for(None, consent.case)
            current = Consent.objects.select_for_update().select_related("party").get(pk=consent.pk)
            if locked.status != CaseStatus.CONSENT_PENDING or current.decision != ConsentDecision.PENDING:
                continue
            current.decision = ConsentDecision.REFUSED
            current.answered_at = now
            current.note = "逾期未答复，视为拒绝调解"
            current.save(update_fields=["decision", "answered_at", "note"])
            data = {"consent": current.pk, "party": current.party_id, "decision": "lapsed"}
            note(locked, "consent_lapsed", actor=None, data=data)
            locked.outcome = Outcome.REFUSED
            locked.ended_at = now
            step(
                locked,
                "record_refusal",
                actor=None,
                channel=Channel.SYSTEM,
                reason=f"{stored_text(current.party.get_side_display())}{current.party.name}逾期未答复，视为拒绝调解",
                data={**data, "routes": list(routes_for(locked)), "article": ROUTES_ARTICLE},
                fields=("outcome", "ended_at"),
            )
            add_routes_notice(locked, actor=None, title=gettext("不予调解告知书（逾期未答复视为拒绝，告知其他途径）"))
            ended.append(locked.pk)
    return ended


def consent_complete(case: MediationCase) -> bool:
    """Every party asked has consented (the case may be accepted)."""
    consents = {c.party_id: c.decision for c in case.consents.all()}
    return all(consents.get(p.pk) == ConsentDecision.CONSENTED for p in _parties_to_ask(case))
