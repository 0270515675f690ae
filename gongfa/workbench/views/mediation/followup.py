"""After the agreement and at the end (履行与结案): judicial confirmation (第33条) and the court's
ruling, return visits (第31条), non-performance referred (第32条), feedback to the sender of a referred
case, the file's documents and closing (第27条, with the missing documents named). Also the list of
return visits due on the person's cases."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.mediation import downloads
from gongfa.mediation.choices import (
    ENDED_STATUSES,
    REFERRED_SOURCES,
    CaseStatus,
    Outcome,
    ReturnVisitStatus,
)
from gongfa.mediation.models import MediationCase, ReturnVisit
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.services import closing, confirmation, followup
from gongfa.workbench.mediation_forms import cases as f
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.mediation.common import CaseAction, by_table, choice_id, register, simple


def _run_file(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    confirmation.file_confirmation(
        actor=user,
        case=case,
        court=data.get("court") or "",
        filed_on=data.get("filed_on") or "",
        joint=bool(data.get("joint")),
    )
    return gettext("已记录共同申请司法确认。")


def _run_decision(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    confirmation.record_court_decision(
        actor=user,
        case=case,
        decision=data.get("decision") or "",
        decided_on=data.get("decided_on") or "",
        court_reference=data.get("court_reference") or "",
        then=data.get("then") or "",
        reason=data.get("reason") or "",
    )
    return gettext("已记录法院裁定。")


def _due_visits(case: MediationCase) -> list[tuple[int, str]]:
    return [
        (v.pk, gettext("应回访日期 {due_on:%Y-%m-%d}").format(due_on=v.due_on))
        for v in case.return_visits.filter(status=ReturnVisitStatus.DUE)
    ]


def _visit_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.ReturnVisitForm(data, visits=_due_visits(case))


def _run_visit(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("visit"))
    visit = None if pk is None else case.return_visits.filter(pk=pk).first()
    if visit is None:
        raise DomainError(gettext("请选择回访。"), code="required", field="visit")
    followup.record_return_visit(
        actor=user,
        visit=visit,
        performance=data.get("performance") or "",
        satisfaction=data.get("satisfaction") or "",
        note=data.get("note") or "",
    )
    return gettext("回访已记录。")


def _has_due_visit(case: MediationCase) -> bool:
    return case.status != CaseStatus.CLOSED and case.return_visits.filter(status=ReturnVisitStatus.DUE).exists()


def _run_refer(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    followup.refer_nonperformance(actor=user, case=case, reason=data.get("reason"))
    return gettext("已告知当事人向人民法院起诉或申请强制执行。")


def _run_feedback(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    followup.send_referral_feedback(actor=user, case=case, content=data.get("content"))
    return gettext("已向移送单位反馈调解结果。")


def _owes_feedback(case: MediationCase) -> bool:
    return case.source in REFERRED_SOURCES and case.feedback_sent_at is None and case.outcome != Outcome.NONE


def _run_document(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    document = closing.add_document(
        actor=user, case=case, kind=data.get("kind") or "", title=data.get("title"), file=data.get("file")
    )
    return gettext("已添加卷宗材料：{title}。").format(title=document.title)


def _run_close(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    closing.close_case(actor=user, case=case)
    return gettext("已结案归档。")


register(
    CaseAction(
        "file_confirmation",
        _("记录申请司法确认"),
        simple(f.FileConfirmationForm),
        _run_file,
        by_table("file_confirmation"),
        hint=_("双方当事人自协议生效之日起三十日内共同向人民法院申请（第33条）。"),
    ),
    CaseAction(
        "court_decision", _("记录法院裁定"), simple(f.CourtDecisionForm), _run_decision, by_table("record_confirmation")
    ),
    CaseAction("return_visit", _("记录回访"), _visit_form, _run_visit, _has_due_visit),
    CaseAction(
        "refer_nonperformance",
        _("告知起诉或申请执行"),
        simple(f.ReasonForm),
        _run_refer,
        by_table("refer_nonperformance"),
    ),
    CaseAction("referral_feedback", _("向移送单位反馈"), simple(f.FeedbackForm), _run_feedback, _owes_feedback),
    stage=40,
)
register(
    CaseAction(
        "add_document",
        _("添加卷宗材料"),
        simple(f.DocumentForm),
        _run_document,
        lambda case: case.status != CaseStatus.CLOSED,
        multipart=True,
    ),
    stage=80,
)
register(
    CaseAction(
        "close", _("结案归档"), simple(f.EmptyForm), _run_close, lambda case: case.status in ENDED_STATUSES, manage=True
    ),
    stage=90,
)


@staff_required
@require_GET
def return_visits(request: HttpRequest) -> HttpResponse:
    """Return visits due on the cases the person handles, the earliest first."""
    user = staff(request)
    visits = (
        ReturnVisit.objects.filter(status=ReturnVisitStatus.DUE, case__in=visible_to(user, Action.HANDLE))
        .select_related("case__category")
        .order_by("due_on", "pk")
    )
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "workbench/mediation/return_visits.html", {"page": page, "today": timezone.localdate()})


@staff_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of the case file, for those who see the case (mediation.downloads: each opening is an
    audited event; identity documents and powers of attorney are stored encrypted)."""
    from gongfa.workbench.views.mediation.files import send

    try:
        return send(downloads.open_document(actor=staff(request), pk=pk))
    except downloads.NotFound as exc:
        raise Http404(exc.message) from None


urlpatterns = [
    path("return-visits/", return_visits, name="mediation_return_visits"),
    path("documents/<int:pk>/", document_file, name="mediation_document"),
]
