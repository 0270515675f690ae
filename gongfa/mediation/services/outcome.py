"""How mediation ends without a written agreement: an oral agreement, recorded by the mediator
(《人民调解法》第28条, effective the day it is reached, 第30条), or failure (调解不成, 第26条:
end the mediation and tell the parties they may go to arbitration, an administrative body or the
court)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.errors import Problems
from gongfa.core.i18n import stored_text
from gongfa.mediation import rules
from gongfa.mediation.choices import AgreementForm, AgreementStatus, DocumentKind, Outcome
from gongfa.mediation.models import Agreement, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.agreement import (
    LIVE_STATUSES,
    add_generated_document,
    parse_amount,
    require_status,
    schedule_return_visit,
    text,
)
from gongfa.mediation.services.common import lock_for, setting, step
from gongfa.mediation.services.consent import ROUTES_ARTICLE, add_routes_notice, routes_for

WRITTEN_REQUIRED_MESSAGE = _("有给付或履行义务的，应当制作书面调解协议。")


def _parties_text(case: MediationCase) -> str:
    return "；".join(f"{stored_text(party.get_side_display())}：{party.name}" for party in case.parties.all())


def record_oral_agreement(
    *,
    actor: User,
    case: MediationCase,
    content: str | None,
    amount: object = None,
    has_performance_obligation: bool = False,
) -> Agreement:
    """The parties settled without a written agreement and the mediator records what they agreed
    (口头协议, 第28条); it takes effect today (第30条). Refused when the region requires a written
    agreement for any payment or performance obligation (setting WRITTEN_WHEN_PERFORMANCE,
    Mediation Provisions 第34条 ◐, default on) and there is one."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        require_status(locked, "make_agreement_effective")
        problems = Problems()
        terms = text(content, problems, field="content", label=gettext("口头协议的内容"))
        value = parse_amount(amount, problems)
        obliged = bool(has_performance_obligation) or bool(value)
        if obliged and setting(locked, rules.WRITTEN_WHEN_PERFORMANCE.key):
            problems.add(None, WRITTEN_REQUIRED_MESSAGE, code="written_agreement_required")
        live = locked.agreements.filter(status__in=LIVE_STATUSES).first()
        if live is not None:
            problems.add(
                None,
                gettext("本案已有一份{get_status_display}的书面调解协议，请按书面协议办理。").format(
                    get_status_display=live.get_status_display()
                ),
                code="agreement_exists",
            )
        problems.raise_if_any()
        today = timezone.localdate()
        agreement = Agreement.objects.create(
            case=locked,
            form=AgreementForm.ORAL,
            status=AgreementStatus.EFFECTIVE,
            parties_text=_parties_text(locked),
            facts_and_responsibility=locked.facts or locked.summary,
            terms=terms,
            amount=value,
            drafted_by=actor,
            effective_on=today,
        )
        locked.outcome = Outcome.ORAL_AGREEMENT
        locked.ended_at = timezone.now()
        locked.agreement_effective_on = today
        locked.agreement_amount = value
        add_generated_document(locked, DocumentKind.ORAL_AGREEMENT_RECORD, "口头协议登记表", actor)
        visit = schedule_return_visit(locked, today)
        step(
            locked,
            "make_agreement_effective",
            actor=actor,
            data={"agreement": agreement.pk, "form": AgreementForm.ORAL, "return_visit": visit.pk},
            fields=("outcome", "ended_at", "agreement_effective_on", "agreement_amount"),
        )
    return agreement


def record_failure(*, actor: User, case: MediationCase, reason: str | None) -> MediationCase:
    """调解不成 (第26条): the mediation ends, the parties are told the other routes (the routes
    notice goes on file), and any unsigned draft agreement is voided."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        require_status(locked, "fail")
        problems = Problems()
        why = text(reason, problems, field="reason", label=gettext("调解不成的原因"), max_chars=2000)
        problems.raise_if_any()
        locked.agreements.filter(status__in=(AgreementStatus.DRAFT, AgreementStatus.FINALISED)).update(
            status=AgreementStatus.VOID
        )
        locked.outcome = Outcome.FAILED
        locked.ended_at = timezone.now()
        step(
            locked,
            "fail",
            actor=actor,
            reason=why,
            data={"routes": list(routes_for(locked)), "article": ROUTES_ARTICLE},
            fields=("outcome", "ended_at"),
        )
        add_routes_notice(locked, actor=actor, title=gettext("终止调解告知书（调解不成，告知其他途径）"))
    return locked
