"""Accepting a dispute or refusing it (受理 / 不予受理), the committee's decision (MANAGE: its staff or a
supervisor).

- Acceptance needs the other side's wish (《人民调解法》第17条): once consent has been sought, every
  respondent must have consented; the committee's own initiative (主动调解, Mediation Provisions ◐)
  needs consent to have been sought and no party to object.
- Not accepted (Mediation Provisions 第22条 ◐): a matter only a specialised authority may handle or
  where law forbids civil mediation, one already accepted or resolved by a court, the police or
  another administrative organ, or not a civil dispute (《人民调解法》第2条). The applicant is told
  where to go (redirect_to) in a non-acceptance notice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import Problems
from gongfa.mediation.choices import (
    CaseSource,
    CaseStatus,
    ConsentDecision,
    DocumentKind,
    NonAcceptanceReason,
    Outcome,
    PartySide,
)
from gongfa.mediation.models import CaseDocument, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import lock_for, step
from gongfa.mediation.services.consent import _parties_to_ask


def _acceptance_problems(case: MediationCase) -> Problems:
    problems = Problems()
    if case.status not in (CaseStatus.APPLIED, CaseStatus.CONSENT_PENDING):
        return problems  # the table refuses it with the status named
    if not case.parties.filter(side=PartySide.RESPONDENT).exists():
        problems.add("respondents", gettext("案件尚无被申请人，不能受理：请先补充被申请人信息。"), code="no_respondent")
        return problems
    decisions = {c.party_id: c for c in case.consents.select_related("party")}
    if case.source == CaseSource.OWN_INITIATIVE:
        if case.status == CaseStatus.APPLIED:
            problems.add(
                None,
                gettext("调委会主动调解的，须先征询各方当事人意见，当事人无异议方可受理。"),
                code="consent_not_sought",
            )
        return problems
    if case.status == CaseStatus.CONSENT_PENDING:
        waiting = [
            p.name
            for p in _parties_to_ask(case)
            if p.pk not in decisions or decisions[p.pk].decision != ConsentDecision.CONSENTED
        ]
        if waiting:
            problems.add(
                None,
                gettext("被申请人{join}尚未同意调解，不能受理（《人民调解法》第十七条）。").format(
                    join="、".join(waiting)
                ),
                code="consent_missing",
            )
    return problems


def accept_case(*, actor: User, case: MediationCase) -> MediationCase:
    """受理: APPLIED / CONSENT_PENDING → ACCEPTED (accepted_at)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        _acceptance_problems(locked).raise_if_any()
        locked.accepted_at = timezone.now()
        step(locked, "accept", actor=actor, data={"source": locked.source}, fields=("accepted_at",))
    return locked


def refuse_acceptance(*, actor: User, case: MediationCase, reason: str, redirect_to: str) -> MediationCase:
    """不予受理 (Mediation Provisions 第22条 ◐): → NOT_ACCEPTED, outcome NOT_ACCEPTED, with the
    reason and the authority or court to turn to in a non-acceptance notice."""
    problems = Problems()
    if reason not in NonAcceptanceReason.values:
        problems.add("reason", gettext("请选择不予受理的理由。"), code="invalid_reason")
    redirect = (redirect_to or "").strip()
    if not redirect:
        problems.add("redirect_to", gettext("请填写应向哪个机关或法院申请（告知当事人其他途径）。"), code="required")
    elif len(redirect) > 200:
        problems.add(
            "redirect_to",
            gettext("告知途径不能超过 200 个字（现在 {len} 个字）。").format(len=len(redirect)),
            code="too_long",
        )
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        problems.raise_if_any()
        label = NonAcceptanceReason(reason).label
        locked.non_acceptance_reason = reason
        locked.redirect_to = redirect
        locked.outcome = Outcome.NOT_ACCEPTED
        locked.ended_at = timezone.now()
        step(
            locked,
            "refuse_acceptance",
            actor=actor,
            reason=f"{label}；告知：{redirect}",
            data={"reason": reason, "redirect_to": redirect, "article": "《人民调解工作若干规定》第二十二条"},
            fields=("non_acceptance_reason", "redirect_to", "outcome", "ended_at"),
        )
        CaseDocument.objects.create(
            case=locked,
            kind=DocumentKind.NON_ACCEPTANCE_NOTICE,
            title=gettext("不予受理告知书"),
            generated=True,
            added_by=actor,
        )
    return locked
