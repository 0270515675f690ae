"""Following the agreement up (《人民调解法》第31–32条): the committee supervises performance and
urges it (监督、督促履行); a return visit (回访, Mediation Provisions ◐) records performance and
satisfaction. Performed: the case is done. Not (fully) performed: the party is urged and another
visit is scheduled; if they still refuse, the other party is told to sue or apply for enforcement
(第32条). A case handed over by the police, a court or a department is reported back to the
sender (委托移送调解的反馈)."""

from __future__ import annotations

import datetime
import functools

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import Problems
from gongfa.mediation import rules
from gongfa.mediation.choices import (
    REFERRED_SOURCES,
    CaseStatus,
    DocumentKind,
    Outcome,
    Performance,
    ReturnVisitStatus,
    Satisfaction,
)
from gongfa.mediation.models import MediationCase, ReturnVisit
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.agreement import (
    add_generated_document,
    optional_text,
    require_status,
    schedule_return_visit,
    text,
)
from gongfa.mediation.services.common import acting_via, lock_for, setting, step
from gongfa.mediation.services.common import note as case_note
from gongfa.mediation.tasks import text_confirmation_reminder

_UNPERFORMED = (Performance.NOT_PERFORMED, Performance.PARTLY)


def record_return_visit(
    *,
    actor: User,
    visit: ReturnVisit,
    performance: str,
    satisfaction: str,
    note: str | None = "",
) -> ReturnVisit:
    """Record a return visit (回访记录). PERFORMED ends the follow-up (record_performance);
    NOT_PERFORMED or PARTLY urges performance (record_nonperformance, 第31条第2款) and schedules
    the next visit; NOT_DUE schedules the next visit after the performance deadline."""
    with transaction.atomic():
        locked_case = lock_for(actor, visit.case, Action.HANDLE)
        locked = ReturnVisit.objects.select_for_update().get(pk=visit.pk)
        problems = Problems()
        if locked.status != ReturnVisitStatus.DUE:
            problems.add(None, gettext("该回访已经记录过。"), code="already_done")
        if performance not in Performance.values:
            problems.add("performance", gettext("请选择履行情况。"), code="invalid_performance")
        if satisfaction not in Satisfaction.values:
            problems.add("satisfaction", gettext("请选择当事人的满意程度。"), code="invalid_satisfaction")
        remark = optional_text(note, problems, field="note", label=gettext("回访记录"), max_chars=2000)
        if performance in _UNPERFORMED and not remark:
            problems.add(
                "note", gettext("未履行或部分履行的，请在回访记录中写明未履行的内容和督促情况。"), code="required"
            )
        action = _action_for(locked_case, performance)
        if action is not None:
            require_status(locked_case, action)
        elif locked_case.status not in (
            CaseStatus.AGREEMENT_EFFECTIVE,
            CaseStatus.JC_FILED,
            CaseStatus.JC_CONFIRMED,
            CaseStatus.NONPERFORMANCE,
        ):
            problems.add(
                None,
                gettext("案件当前状态为“{get_status_display}”，不需要回访。").format(
                    get_status_display=locked_case.get_status_display()
                ),
                code="not_followed",
            )
        problems.raise_if_any()
        locked.status = ReturnVisitStatus.DONE
        locked.done_at = timezone.now()
        locked.visitor = actor
        locked.performance = performance
        locked.satisfaction = satisfaction
        locked.note = remark
        locked.save(update_fields=["status", "done_at", "visitor", "performance", "satisfaction", "note"])
        add_generated_document(locked_case, DocumentKind.RETURN_VISIT, f"回访记录（{locked.done_at:%Y-%m-%d}）", actor)
        data: dict[str, object] = {"visit": locked.pk, "performance": performance, "satisfaction": satisfaction}
        if performance != Performance.PERFORMED:
            data["next_visit"] = _next_visit(locked_case, performance).pk
        if action is None:
            case_note(locked_case, "return_visit_recorded", actor=actor, data=data)
        else:
            step(locked_case, action, actor=actor, data=data)
    return locked


def _action_for(case: MediationCase, performance: str) -> str | None:
    if performance == Performance.PERFORMED:
        return "record_performance"
    if performance in _UNPERFORMED and case.status != CaseStatus.NONPERFORMANCE:
        return "record_nonperformance"
    return None  # not yet due, or still not performed while being urged: no status change


def _next_visit(case: MediationCase, performance: str) -> ReturnVisit:
    today = timezone.localdate()
    after: datetime.date = today
    if performance == Performance.NOT_DUE:
        deadline = case.agreements.filter(effective_on__isnull=False).order_by("-effective_on", "-pk").first()
        if deadline is not None and deadline.performance_deadline and deadline.performance_deadline > today:
            after = deadline.performance_deadline
    return schedule_return_visit(case, after)


def refer_nonperformance(*, actor: User, case: MediationCase, reason: str | None) -> MediationCase:
    """A party still does not perform after being urged: the other party is told to sue over the
    agreement (第32条) or, once confirmed, to apply for enforcement (《民事诉讼法》第206条)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        require_status(locked, "refer_nonperformance")
        problems = Problems()
        why = text(reason, problems, field="reason", label=gettext("告知起诉或申请执行的情况"), max_chars=2000)
        problems.raise_if_any()
        locked.return_visits.filter(status=ReturnVisitStatus.DUE).delete()
        step(locked, "refer_nonperformance", actor=actor, reason=why)
    return locked


def send_referral_feedback(*, actor: User, case: MediationCase, content: str | None) -> MediationCase:
    """Report the result to the police station, court or department that handed the dispute over
    (委托移送调解反馈; due within setting REFERRAL_FEEDBACK_DAYS ◐), once the mediation has ended."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        problems = Problems()
        if locked.source not in REFERRED_SOURCES:
            problems.add(None, gettext("该案件不是公安、法院或政府部门移送的案件，无需反馈。"), code="not_referred")
        elif locked.feedback_sent_at is not None:
            problems.add(
                None,
                gettext("已于{localtime:%Y-%m-%d}向移送单位反馈。").format(
                    localtime=timezone.localtime(locked.feedback_sent_at)
                ),
                code="already_sent",
            )
        if locked.outcome == Outcome.NONE:
            problems.add(None, gettext("调解尚未结束，结束后再向移送单位反馈结果。"), code="not_ended")
        body = text(content, problems, field="content", label=gettext("反馈内容"), max_chars=2000)
        problems.raise_if_any()
        locked.feedback_sent_at = timezone.now()
        locked.save(update_fields=["feedback_sent_at"])
        case_note(
            locked,
            "referral_feedback_sent",
            actor=actor,
            data={"sender": locked.sender_name, "reference": locked.sender_reference, "content": body},
        )
    return locked


# ------------------------------------------------------------------- the daily sweeps (tasks.py)

CONFIRMATION_REMINDER = "confirmation_reminder"
RETURN_VISIT_DUE = "return_visit_due"
# Cases whose performance is followed: a due visit is worth telling the mediator about.
FOLLOWED_STATUSES = (
    CaseStatus.AGREEMENT_EFFECTIVE,
    CaseStatus.JC_FILED,
    CaseStatus.JC_CONFIRMED,
    CaseStatus.NONPERFORMANCE,
)


def _already_noted(case: MediationCase, verb: str, key: str) -> bool:
    return Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(MediationCase),
        subject_id=str(case.pk),
        verb=f"mediation.mediationcase.{verb}",
        data__notify_key=key,
    ).exists()


def remind_confirmation_windows(*, today: datetime.date | None = None) -> int:
    """第33条: the joint application must reach the court within the window. For each written
    agreement in force whose window ends within setting CONFIRMATION_REMINDER_DAYS and for which
    nobody has applied, record one reminder event (the subscription table tells the parties and
    the mediator). Once per case and window: the case row is locked and the event looked for
    first, so a second run, a retry or a concurrent run adds nothing."""
    today = today or timezone.localdate()
    latest = today + datetime.timedelta(days=int(rules.CONFIRMATION_REMINDER_DAYS.maximum or 29))
    candidates = MediationCase.objects.filter(
        status=CaseStatus.AGREEMENT_EFFECTIVE,
        outcome=Outcome.WRITTEN_AGREEMENT,
        confirmation_window_ends_on__gte=today,
        confirmation_window_ends_on__lte=latest,
    ).select_related("committee__agency__region")
    reminded = 0
    for case in candidates.order_by("confirmation_window_ends_on", "pk").iterator(chunk_size=500):
        ends = case.confirmation_window_ends_on
        assert ends is not None
        if (ends - today).days > int(setting(case, rules.CONFIRMATION_REMINDER_DAYS.key, today)):
            continue
        key = f"med-jc:{case.pk}:{ends:%Y%m%d}"
        with transaction.atomic(), acting_via(Channel.SYSTEM):
            locked = (
                MediationCase.objects.select_for_update()
                .filter(pk=case.pk, status=CaseStatus.AGREEMENT_EFFECTIVE, confirmation_window_ends_on=ends)
                .first()
            )
            if locked is None or _already_noted(locked, CONFIRMATION_REMINDER, key):
                continue
            case_note(
                locked,
                CONFIRMATION_REMINDER,
                actor=None,
                data={"window_ends_on": ends.isoformat(), "days_left": (ends - today).days, "notify_key": key},
            )
            transaction.on_commit(functools.partial(text_confirmation_reminder.delay, locked.pk, key))
            reminded += 1
    return reminded


def flag_due_return_visits(*, today: datetime.date | None = None) -> int:
    """Each return visit due by today on a case still followed gets one event (the subscription
    table tells the case's mediators). Once per visit, under the case's row lock: safe to rerun."""
    today = today or timezone.localdate()
    due = ReturnVisit.objects.filter(
        status=ReturnVisitStatus.DUE, due_on__lte=today, case__status__in=FOLLOWED_STATUSES
    ).order_by("due_on", "pk")
    flagged = 0
    for visit in due.iterator(chunk_size=500):
        key = f"med-visit:{visit.pk}"
        with transaction.atomic(), acting_via(Channel.SYSTEM):
            locked = MediationCase.objects.select_for_update().filter(pk=visit.case_id).first()
            if locked is None or locked.status not in FOLLOWED_STATUSES:
                continue
            if not ReturnVisit.objects.filter(pk=visit.pk, status=ReturnVisitStatus.DUE).exists():
                continue
            if _already_noted(locked, RETURN_VISIT_DUE, key):
                continue
            case_note(
                locked,
                RETURN_VISIT_DUE,
                actor=None,
                data={"visit": visit.pk, "due_on": visit.due_on.isoformat(), "notify_key": key},
            )
            flagged += 1
    return flagged


__all__ = [
    "flag_due_return_visits",
    "record_return_visit",
    "refer_nonperformance",
    "remind_confirmation_windows",
    "send_referral_feedback",
]
