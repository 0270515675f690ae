"""The case in service (承办): progress, termination (第48条), closing report (第50条), closing
review with the subsidy (第52条)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import Problems
from gongfa.core.i18n import stored_text
from gongfa.legalaid.choices import TerminationGround
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, ProgressUpdate
from gongfa.legalaid.services.common import issue_notice, lock_as_party, lock_for, require_text, setting, step
from gongfa.legalaid.services.orders import close_order_for
from gongfa.legalaid.services.review import _remedies
from gongfa.network.region_settings import LA_RETURN_VISIT_BEFORE_CLOSE


def add_progress(
    *, application: LegalAidApplication, actor: User, text: str, visible_to_applicant: bool = True
) -> ProgressUpdate:
    """办案进展 (第46条: keep the recipient informed)."""
    with transaction.atomic():
        locked = lock_as_party(actor, application, provider=True)
        body = check_progress(application=locked, text=text)
        update = ProgressUpdate.objects.create(
            application=locked, author=actor, text=body, visible_to_applicant=visible_to_applicant
        )
    return update


def check_progress(*, application: LegalAidApplication, text: str) -> str:
    """A progress record's text and whether the case is in service, both at once; writes nothing.
    Returns the text as stored."""
    problems = Problems()
    if application.status not in ("assigned", "in_service", "advance_aid"):
        problems.add(None, gettext("案件不在承办阶段，不能填写进展。"), code="not_in_service")
    body = ""
    with problems.check():
        body = require_text(text, field="text", label=gettext("办案进展"))
    problems.raise_if_any()
    return body


def check_terminate(*, application: LegalAidApplication, ground: str, reasons: str) -> str:
    """A termination's ground (one that applies to this case) and reasons, both at once; writes
    nothing. Returns the reasons as stored."""
    problems = Problems()
    if ground not in TerminationGround.values:
        problems.add("ground", gettext("请选择终止事由。"), code="invalid_ground")
    elif ground == TerminationGround.NO_LONGER_HARDSHIP and not application.means_tested:
        problems.add(
            "ground", gettext("该案件不以经济困难为条件，不能以经济状况变化为由终止。"), code="ground_not_applicable"
        )
    text = ""
    with problems.check():
        text = require_text(reasons, field="reasons", label=gettext("终止理由"))
    problems.raise_if_any()
    return text


def terminate(*, application: LegalAidApplication, actor: User, ground: str, reasons: str) -> LegalAidApplication:
    """终止法律援助 (第48条), by the agency's decision with reasons and the objection route.
    Ground 4 (finances changed) applies only to means-tested cases."""
    text = check_terminate(application=application, ground=ground, reasons=reasons)
    with transaction.atomic():
        locked = lock_for(actor, application)
        locked.termination_ground = ground
        step(locked, "terminate", actor=actor, reason=text, data={"ground": ground}, fields=("termination_ground",))
        close_order_for(locked)
        issue_notice(
            locked,
            LegalAidNotice.Kind.TERMINATION,
            {
                "ground": stored_text(TerminationGround(ground).label),
                "reasons": text,
                "organ": locked.notifying_organ_name,
                "basis": "《法律援助法》第四十八条",
                **_remedies(locked),
            },
            actor=actor,
        )
    return locked


def file_closing_report(*, application: LegalAidApplication, actor: User, report: str) -> LegalAidApplication:
    """提交结案材料 (第50条): the report and copies of the legal documents (at least one attached
    by the provider since the assignment)."""
    with transaction.atomic():
        locked = lock_as_party(actor, application, provider=True)
        text = check_closing_report(application=locked, actor=actor, report=report)
        locked.closing_report, locked.closing_report_at = text, timezone.now()
        step(locked, "file_closing_report", actor=actor, fields=("closing_report", "closing_report_at"))
    return locked


def check_closing_report(*, application: LegalAidApplication, actor: User, report: str) -> str:
    """The closing report's text and the provider's legal documents on file, both at once; writes
    nothing. Returns the report as stored."""
    problems = Problems()
    text = ""
    with problems.check():
        text = require_text(report, field="report", label=gettext("结案报告"), max_chars=5000)
    attached = application.materials.filter(uploaded_by=actor)
    if application.assigned_at is not None:
        attached = attached.filter(uploaded_at__gte=application.assigned_at)
    if not attached.exists():
        problems.add("file", gettext("请先上传法律文书副本等结案材料。"), code="no_closing_documents")
    problems.raise_if_any()
    return text


def return_closing_report(*, application: LegalAidApplication, actor: User, reason: str) -> LegalAidApplication:
    text = require_text(reason, field="reason", label=gettext("退回理由"), max_chars=500)
    with transaction.atomic():
        locked = lock_for(actor, application)
        step(locked, "return_closing_report", actor=actor, reason=text)
    return locked


def check_close(*, application: LegalAidApplication, subsidy_amount: str | Decimal | None = None) -> Decimal | None:
    """结案's subsidy and whether the file may be closed (report filed, return visit made), every
    problem at once; writes nothing. Returns the subsidy as stored."""
    problems = Problems()
    amount: Decimal | None = None
    if subsidy_amount not in (None, ""):
        try:
            amount = Decimal(str(subsidy_amount).strip())
        except InvalidOperation:
            problems.add("subsidy_amount", gettext("办案补贴应为金额。"), code="invalid_amount")
        else:
            if not amount.is_finite() or amount < 0:
                problems.add("subsidy_amount", gettext("办案补贴不能为负数。"), code="invalid_amount")
            else:
                amount = amount.quantize(Decimal("0.01"))
    if not application.closing_report:
        problems.add(None, gettext("尚未提交结案报告，不能结案。"), code="no_closing_report")
    # The return visit follows the report: without a report, asking for the visit too says nothing new.
    elif setting(application, LA_RETURN_VISIT_BEFORE_CLOSE.key) and not application.return_visits.exists():
        problems.add(None, gettext("结案前须回访受援人（《法律援助法》第五十九条）。"), code="return_visit_required")
    problems.raise_if_any()
    return amount


def close_case(
    *, application: LegalAidApplication, actor: User, subsidy_amount: str | Decimal | None = None
) -> LegalAidApplication:
    """结案 (第50、52条): the closing review accepts the file and records the subsidy."""
    with transaction.atomic():
        locked = lock_for(actor, application)
        amount = check_close(application=locked, subsidy_amount=subsidy_amount)
        locked.subsidy_amount, locked.closed_at = amount, timezone.now()
        step(
            locked,
            "close",
            actor=actor,
            data={"subsidy": None if amount is None else str(amount)},
            fields=("subsidy_amount", "closed_at"),
        )
        close_order_for(locked)
    return locked
