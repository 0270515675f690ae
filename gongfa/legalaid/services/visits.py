"""Return visits to recipients (回访受援人, 《法律援助法》第59条) and what the closing review
(结案审查, 第50、52、59条) still lacks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.errors import DomainError, Problems
from gongfa.legalaid.choices import PROVIDER_DOCUMENT_KINDS, ApplicationStatus, MaterialKind
from gongfa.legalaid.models import LegalAidApplication, Material, ReturnVisit
from gongfa.legalaid.selectors import Action
from gongfa.legalaid.services.common import CHANNEL, lock_for

VISIT_STATUSES = (ApplicationStatus.CLOSING_REVIEW, ApplicationStatus.CLOSED)
MAX_TEXT = 2000
_TRUE = {"1", "true", "on", "yes", "是", "满意"}
_FALSE = {"0", "false", "off", "no", "否", "不满意"}


def _satisfied(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise DomainError(gettext("请选择受援人是否满意。"), code="required", field="satisfied")


def _text(value: str | None, *, field: str, label: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(
            gettext("{label}不能超过 {MAX_TEXT} 个字（现在 {len} 个字）。").format(
                label=label, MAX_TEXT=MAX_TEXT, len=len(text)
            ),
            code="too_long",
            field=field,
        )
    return text


def _visited_at(value: datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if not isinstance(value, datetime.datetime):
        raise DomainError(gettext("回访时间格式不正确。"), code="invalid_time", field="visited_at")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise DomainError(gettext("回访时间不能晚于现在。"), code="future_time", field="visited_at")
    return value


def check_return_visit(
    *,
    method: str,
    satisfied: bool | str | None,
    visited_at: datetime.datetime | None = None,
    opinion: str = "",
    issues: str = "",
) -> tuple[bool, datetime.datetime, str, str]:
    """A return visit's fields, every bad one at once; writes nothing. Returns whether the
    recipient is satisfied, when, the opinion and the issues as stored."""
    problems = Problems()
    if method not in ReturnVisit.Method.values:
        problems.add("method", gettext("请选择回访方式。"), code="invalid_method")
    is_satisfied: bool | None = None
    when = timezone.now()
    opinion_text = issues_text = ""
    with problems.check():
        is_satisfied = _satisfied(satisfied)
    with problems.check():
        when = _visited_at(visited_at)
    with problems.check():
        opinion_text = _text(opinion, field="opinion", label=gettext("受援人意见"))
    with problems.check():
        issues_text = _text(issues, field="issues", label=gettext("反映的问题"))
    if is_satisfied is False and not issues_text and not problems.has("issues"):
        problems.add("issues", gettext("受援人不满意的，请记录其反映的问题。"), code="required")
    problems.raise_if_any()
    assert is_satisfied is not None
    return is_satisfied, when, opinion_text, issues_text


def record_return_visit(
    *,
    application: LegalAidApplication,
    actor: User,
    method: str,
    satisfied: bool | str,
    visited_at: datetime.datetime | None = None,
    opinion: str = "",
    issues: str = "",
) -> ReturnVisit:
    """回访受援人 (第59条): the agency's staff record a visit to the recipient of a case at the
    closing review or closed; not before the closing report, and not by the case's own provider.
    A dissatisfied recipient's issues must be written down (they feed the quality review)."""
    is_satisfied, when, opinion_text, issues_text = check_return_visit(
        method=method, satisfied=satisfied, visited_at=visited_at, opinion=opinion, issues=issues
    )
    with transaction.atomic():
        locked = lock_for(actor, application, Action.REVIEW)
        if locked.status not in VISIT_STATUSES:
            raise DomainError(gettext("只有结案审查中或已结案的案件才能回访受援人。"), code="not_closing")
        if locked.provider_id == actor.pk:
            raise DomainError(gettext("承办人员不能回访本人承办的案件。"), code="conflict_of_interest")
        if locked.closing_report_at is not None and when < locked.closing_report_at:
            raise DomainError(
                gettext("回访时间不能早于提交结案材料的时间。"), code="before_closing_report", field="visited_at"
            )
        visit = ReturnVisit.objects.create(
            application=locked,
            visitor=actor,
            visited_at=when,
            method=method,
            satisfied=is_satisfied,
            opinion=opinion_text,
            issues=issues_text,
        )
        record_event(
            locked,
            "legalaid.return_visit",
            actor=actor,
            channel=CHANNEL,
            data={"visit": visit.pk, "method": method, "satisfied": is_satisfied},
            region=locked.region,
        )
    return visit


@dataclass(frozen=True)
class ClosingItem:
    code: str  # report, documents, subsidy, return_visit
    label: str
    done: bool
    detail: str
    article: str


@dataclass(frozen=True)
class ClosingChecklist:
    items: tuple[ClosingItem, ...]

    @property
    def missing(self) -> list[ClosingItem]:
        return [item for item in self.items if not item.done]

    @property
    def complete(self) -> bool:
        return not self.missing


def closing_checklist(application: LegalAidApplication) -> ClosingChecklist:
    """What the closing review (结案审查) has and still lacks: the closing report and the copies of
    the legal documents (第50条), the subsidy (第52条, entered when the case is closed) and the
    return visit (第59条). Two queries."""
    documents = Material.objects.filter(application=application)
    if application.provider_id is not None:
        documents = documents.filter(uploaded_by_id=application.provider_id)
    if application.assigned_at is not None:
        documents = documents.filter(uploaded_at__gte=application.assigned_at)
    kinds = list(documents.values_list("kind", flat=True))  # one query: the count and the kinds
    document_count = len(kinds)
    provider_kinds = [str(MaterialKind(kind).label) for kind in PROVIDER_DOCUMENT_KINDS if kind in kinds]
    last_visit = ReturnVisit.objects.filter(application=application).order_by("-visited_at", "-pk").first()
    report_at = application.closing_report_at
    items = (
        ClosingItem(
            "report",
            gettext("结案报告"),
            bool(application.closing_report),
            gettext("已于 {localtime:%Y-%m-%d} 提交").format(localtime=timezone.localtime(report_at))
            if application.closing_report and report_at
            else gettext("承办人员尚未提交结案报告"),
            gettext("《法律援助法》第50条"),
        ),
        ClosingItem(
            "documents",
            gettext("法律文书副本等结案材料"),
            document_count > 0,
            (
                gettext("已上传 {document_count} 份").format(document_count=document_count)
                + (f"（{'、'.join(provider_kinds)}）" if provider_kinds else "")
            )
            if document_count
            else gettext("承办人员尚未上传法律文书副本（判决书、裁定书、调解书、起诉状、答辩状、代理词等）"),
            gettext("《法律援助法》第50条"),
        ),
        ClosingItem(
            "subsidy",
            gettext("办案补贴"),
            application.subsidy_amount is not None,
            gettext("已核定 {subsidy_amount} 元").format(subsidy_amount=application.subsidy_amount)
            if application.subsidy_amount is not None
            else gettext("结案时核定办案补贴"),
            gettext("《法律援助法》第52条"),
        ),
        ClosingItem(
            "return_visit",
            gettext("回访受援人"),
            last_visit is not None,
            (
                gettext("已于 {localtime:%Y-%m-%d} {get_method_display}，受援人{value}").format(
                    localtime=timezone.localtime(last_visit.visited_at),
                    get_method_display=last_visit.get_method_display(),
                    value=gettext("满意") if last_visit.satisfied else gettext("不满意"),
                )
            )
            if last_visit is not None
            else gettext("尚未回访受援人"),
            gettext("《法律援助法》第59条"),
        ),
    )
    return ClosingChecklist(items=items)
