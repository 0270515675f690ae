"""Judicial confirmation of the agreement (司法确认): both parties jointly apply to the court
within 30 days of the agreement taking effect (《人民调解法》第33条; 《民事诉讼法》第205条); the
court confirms it (enforceable) or rejects the application, after which the parties may mediate
again or sue (《民事诉讼法》第206条; 《人民调解法》第33条第2–3款)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import Problems
from gongfa.mediation.choices import AgreementStatus, CourtDecision, Outcome, ReturnVisitStatus
from gongfa.mediation.models import JudicialConfirmation, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.agreement import optional_text, parse_date, require_status, text
from gongfa.mediation.services.common import lock_for, step

REOPENED_FIELDS = ("outcome", "ended_at", "agreement_effective_on", "confirmation_window_ends_on", "agreement_amount")
THEN_CHOICES = {"remediate": "经双方同意重新调解", "refer": "告知向人民法院起诉"}


def file_confirmation(
    *, actor: User, case: MediationCase, court: str | None, filed_on: object, joint: bool = True
) -> JudicialConfirmation:
    """Record the parties' joint application to the court (第33条). Refused when it is not joint,
    after the window (confirmation_window_ends_on), for an oral agreement, or dated in the future."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        require_status(locked, "file_confirmation")
        problems = Problems()
        court_name = text(court, problems, field="court", label=gettext("受理法院"), max_chars=128)
        filed = parse_date(filed_on, problems, field="filed_on", label=gettext("申请日期"))
        if filed is None and not problems.has("filed_on"):
            problems.add("filed_on", gettext("请填写申请日期。"), code="required")
        if not joint:
            problems.add(
                "joint",
                gettext("司法确认须由双方当事人共同申请（《人民调解法》第33条），一方单独申请的不予登记。"),
                code="not_joint",
            )
        if locked.outcome != Outcome.WRITTEN_AGREEMENT:
            problems.add(None, gettext("口头协议不能申请司法确认，请先制作书面调解协议。"), code="not_written")
        if filed is not None:
            ends = locked.confirmation_window_ends_on
            if filed > timezone.localdate():
                problems.add("filed_on", gettext("申请日期不能晚于今天。"), code="in_the_future")
            elif locked.agreement_effective_on and filed < locked.agreement_effective_on:
                problems.add(
                    "filed_on",
                    gettext("申请日期不能早于协议生效日（{agreement_effective_on:%Y-%m-%d}）。").format(
                        agreement_effective_on=locked.agreement_effective_on
                    ),
                    code="before_effect",
                )
            elif ends is not None and filed > ends:
                problems.add(
                    "filed_on",
                    gettext(
                        "已超过申请司法确认的期限：应自协议生效之日起30日内（至{ends:%Y-%m-%d}）共同申请（《人民调解法》第33条）。"
                    ).format(ends=ends),
                    code="window_passed",
                )
        problems.raise_if_any()
        assert filed is not None
        confirmation = JudicialConfirmation.objects.create(
            case=locked, court=court_name, filed_on=filed, recorded_by=actor
        )
        step(
            locked,
            "file_confirmation",
            actor=actor,
            data={"confirmation": confirmation.pk, "court": court_name, "filed_on": filed.isoformat()},
        )
    return confirmation


def record_court_decision(
    *,
    actor: User,
    case: MediationCase,
    decision: str,
    decided_on: object,
    court_reference: str | None,
    then: str = "",
    reason: str | None = "",
) -> JudicialConfirmation:
    """The court's ruling (《民事诉讼法》第206条). Confirmed: the agreement is enforceable
    (JC_CONFIRMED). Rejected: with both parties' consent they mediate again (the old agreement is
    void, the case is back in mediation) or they are told to sue (REFERRED_TO_COURT)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        problems = Problems()
        confirmation = locked.confirmations.filter(decision=CourtDecision.PENDING).order_by("-filed_on", "-pk").first()
        if decision not in (CourtDecision.CONFIRMED, CourtDecision.REJECTED):
            problems.add(
                "decision", gettext("请选择法院的裁定结果（裁定协议有效或驳回申请）。"), code="invalid_decision"
            )
        action = "record_confirmation"
        why = ""
        if decision == CourtDecision.REJECTED:
            if then not in THEN_CHOICES:
                problems.add(
                    "then", gettext("驳回后请选择：经双方同意重新调解，或告知向人民法院起诉。"), code="invalid_then"
                )
            else:
                action = "remediate_after_rejection" if then == "remediate" else "refer_after_rejection"
            why = text(reason, problems, field="reason", label=gettext("法院驳回的理由"), max_chars=255)
        require_status(locked, action)
        reference = text(court_reference, problems, field="court_reference", label=gettext("法院案号"), max_chars=64)
        decided = parse_date(decided_on, problems, field="decided_on", label=gettext("裁定日期"))
        if decided is None and not problems.has("decided_on"):
            problems.add("decided_on", gettext("请填写裁定日期。"), code="required")
        elif decided is not None:
            if decided > timezone.localdate():
                problems.add("decided_on", gettext("裁定日期不能晚于今天。"), code="in_the_future")
            elif confirmation is not None and decided < confirmation.filed_on:
                problems.add(
                    "decided_on",
                    gettext("裁定日期不能早于申请日期（{filed_on:%Y-%m-%d}）。").format(filed_on=confirmation.filed_on),
                    code="too_early",
                )
        if confirmation is None:
            problems.add(None, gettext("没有待裁定的司法确认申请。"), code="no_application")
        problems.raise_if_any()
        assert confirmation is not None
        assert decided is not None
        confirmation.decision = decision
        confirmation.decided_on = decided
        confirmation.court_reference = reference
        confirmation.note = optional_text(why, Problems(), field="reason", label=gettext("说明"), max_chars=255)
        confirmation.save(update_fields=["decision", "decided_on", "court_reference", "note"])
        data = {"confirmation": confirmation.pk, "decision": decision, "court_reference": reference}
        fields: tuple[str, ...] = ()
        if action == "remediate_after_rejection":
            _reopen_for_mediation(locked)
            fields = REOPENED_FIELDS
        step(locked, action, actor=actor, reason=why, data=data, fields=fields)
    return confirmation


def _reopen_for_mediation(case: MediationCase) -> None:
    """The court rejected the agreement and the parties mediate again (第33条第3款): the old
    agreement is void, the outcome and the window are cleared, its pending return visits go."""
    case.agreements.filter(status=AgreementStatus.EFFECTIVE).update(status=AgreementStatus.VOID)
    case.return_visits.filter(status=ReturnVisitStatus.DUE).delete()
    case.outcome = Outcome.NONE
    case.ended_at = None
    case.agreement_effective_on = None
    case.confirmation_window_ends_on = None
    case.agreement_amount = None


__all__ = ["THEN_CHOICES", "file_confirmation", "record_court_decision"]
