"""Objections (异议, 《法律援助法》第49条): against a refusal or a termination, to the justice
bureau that set up the agency, decided within 5 days: upheld, or the agency corrects."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, Objection
from gongfa.legalaid.services.common import due_after, issue_notice, lock_as_party, require_text, setting, step
from gongfa.legalaid.services.orders import close_order_for, reopen_order_for
from gongfa.legalaid.services.review import _remedies
from gongfa.network.region_settings import LA_OBJECTION_FILING_DAYS, LA_OBJECTION_REVIEW_DAYS
from gongfa.network.scope import ScopeKind, scope_for


def _decision_day(application: LegalAidApplication) -> datetime.datetime | None:
    if application.status == ApplicationStatus.TERMINATED:
        return (
            application.notices.filter(kind=LegalAidNotice.Kind.TERMINATION).values_list("issued_at", flat=True).last()
        )
    return application.decided_at


def lodge_objection(*, application: LegalAidApplication, actor: User, reason: str) -> Objection:
    """The applicant or recipient objects; the bureau's 5-day clock starts. A deadline for lodging
    applies only where the region sets one (la.objection_filing_days; the Law sets none)."""
    text = require_text(reason, field="reason", label=gettext("异议理由"))
    with transaction.atomic():
        locked = lock_as_party(actor, application)
        against = locked.status
        if against not in (ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED):
            raise DomainError(gettext("只能对不予法律援助或终止法律援助的决定提出异议。"), code="nothing_to_object")
        today = timezone.localdate()
        filing_days = setting(locked, LA_OBJECTION_FILING_DAYS.key)
        decided = _decision_day(locked)
        if filing_days and decided is not None:
            last, _ = due_after(locked.agency.region, timezone.localdate(decided), filing_days)
            if today > last:
                raise DomainError(
                    gettext("提出异议的期限已于{last:%Y年%m月%d日}届满。").format(last=last),
                    code="objection_too_late",
                    field="reason",
                )
        due, _ = due_after(locked.agency.region, today, setting(locked, LA_OBJECTION_REVIEW_DAYS.key))
        objection = Objection.objects.create(application=locked, against_status=against, reason=text, due=due)
        step(locked, "lodge_objection", actor=actor, channel=Channel.PORTAL, reason=text, data={"due": due.isoformat()})
    return objection


def _require_bureau(actor: User, application: LegalAidApplication) -> None:
    """The justice bureau decides: a supervisor whose region covers the agency, or an administrator."""
    scope = scope_for(actor)
    if scope.sees_everything:
        return
    if scope.kind == ScopeKind.SUPERVISOR and scope.covers_region(application.agency.region):
        return
    raise NotPermitted(gettext("异议由设立法律援助机构的司法行政部门审查。"))


def check_objection_decision(*, objection: Objection | None, decision: str) -> str:
    """The bureau's decision on an objection: one pending, and the written opinion, both at once;
    writes nothing. Returns the opinion as stored."""
    problems = Problems()
    if objection is None:
        problems.add(None, gettext("没有待审查的异议。"), code="no_objection")
    elif objection.outcome:
        problems.add(None, gettext("该异议已经审查。"), code="already_decided")
    text = ""
    with problems.check():
        text = require_text(decision, field="decision", label=gettext("审查意见"))
    problems.raise_if_any()
    return text


def decide_objection(*, objection: Objection, actor: User, uphold: bool, decision: str) -> Objection:
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update().select_related("application__agency__region").get(pk=objection.pk)
        )
        application = LegalAidApplication.objects.select_for_update().get(pk=locked.application_id)
        _require_bureau(actor, application)
        text = check_objection_decision(objection=locked, decision=decision)
        if uphold:
            action = "uphold_objection"
        elif locked.against_status == ApplicationStatus.REFUSED:
            action = "correct_refusal"
        else:
            action = "correct_termination"
        locked.outcome = Objection.Outcome.UPHELD if uphold else Objection.Outcome.CORRECTED
        locked.decision, locked.decided_at, locked.decided_by = text, timezone.now(), actor
        locked.save(update_fields=["outcome", "decision", "decided_at", "decided_by"])
        fields: tuple[str, ...] = ()
        if action == "correct_termination":
            application.termination_ground = ""
            fields = ("termination_ground",)
        step(application, action, actor=actor, reason=text, fields=fields)
        if uphold:
            close_order_for(application)  # already closed at the decision; a no-op then
        else:
            reopen_order_for(application)
        issue_notice(
            application,
            LegalAidNotice.Kind.OBJECTION,
            {
                "outcome": stored_text(locked.get_outcome_display()),
                "decision": text,
                "basis": "《法律援助法》第四十九条",
                **(_remedies(application) if uphold else {}),
            },
            actor=actor,
        )
    return locked
