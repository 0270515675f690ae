"""The case page's handling actions (调解过程): start with the rights notice, session records
(phone-first), extension, escalation reports and their resolution, expert consultation, termination
at a party's request, failure. They join the case page's registry; their URLs are the case page's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import URLPattern
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.mediation.choices import HANDLING_STATUSES, OPEN_STATUSES, ConsultationStatus
from gongfa.mediation.models import MediationCase
from gongfa.mediation.services import handling, outcome
from gongfa.workbench.mediation_forms import cases as f
from gongfa.workbench.views.mediation.common import CaseAction, by_table, choice_id, register, simple
from gongfa.workbench.views.mediation.intake import party_choices


def _run_start(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    handling.start_mediation(actor=user, case=case)
    return gettext("已告知权利义务，开始调解；一个月的调解期限开始计算。")


def _run_session(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    upload = data.get("attachment")
    attachments = [(data.get("attachment_kind") or "", upload)] if upload else []
    handling.record_session(
        actor=user,
        case=case,
        held_at=data.get("held_at"),
        mode=data.get("mode") or "",
        place=data.get("place") or "",
        video_link=data.get("video_link") or "",
        attendees=data.get("attendees") or "",
        record=data.get("record") or "",
        is_public=bool(data.get("is_public")),
        attachments=attachments,
    )
    return gettext("调解记录已保存。")


def _run_extend(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    done = handling.extend_limit(
        actor=user,
        case=case,
        until=data.get("until"),
        reason=data.get("reason") or "",
        consent_of_all=bool(data.get("consent_of_all")),
    )
    return (
        gettext("调解期限已延长至 {extended_until:%Y-%m-%d}。").format(extended_until=done.extended_until)
        if done.extended_until
        else gettext("调解期限已延长。")
    )


def _run_escalation(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    handling.report_escalation(
        actor=user,
        case=case,
        risk=data.get("risk") or "",
        description=data.get("description") or "",
        people=data.get("people") or 0,
    )
    return gettext("已报告激化风险。")


def _open_reports(case: MediationCase) -> list[tuple[int, str]]:
    return [
        (r.pk, f"{r.get_risk_display()}（{r.reported_at:%Y-%m-%d}）")
        for r in case.escalations.filter(resolved_at__isnull=True)
    ]


def _resolve_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.ResolveEscalationForm(data, reports=_open_reports(case))


def _run_resolve(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("report"))
    report = None if pk is None else case.escalations.filter(pk=pk).first()
    if report is None:
        raise DomainError(gettext("请选择风险报告。"), code="required", field="report")
    handling.resolve_escalation(
        actor=user,
        case=case,
        report=report,
        prevented_criminal=bool(data.get("prevented_criminal")),
        prevented_group_petition=bool(data.get("prevented_group_petition")),
        criminal_people=data.get("criminal_people") or 0,
        group_petition_people=data.get("group_petition_people") or 0,
    )
    return gettext("已记录风险化解。")


def _has_open_report(case: MediationCase) -> bool:
    return case.status in OPEN_STATUSES and case.escalations.filter(resolved_at__isnull=True).exists()


def _run_consult(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    handling.request_consultation(
        actor=user, case=case, question=data.get("question") or "", experts=data.get("experts") or ""
    )
    return gettext("已申请专家会诊。")


def _requested(case: MediationCase) -> list[tuple[int, str]]:
    return [
        (c.pk, f"{c.requested_at:%Y-%m-%d} {c.question[:20]}")
        for c in case.consultations.filter(status=ConsultationStatus.REQUESTED)
    ]


def _answer_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.AnswerConsultationForm(data, consultations=_requested(case))


def _run_answer(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("consultation"))
    consultation = None if pk is None else case.consultations.filter(pk=pk).first()
    if consultation is None:
        raise DomainError(gettext("请选择会诊申请。"), code="required", field="consultation")
    handling.answer_consultation(
        actor=user, consultation=consultation, experts=data.get("experts") or "", opinion=data.get("opinion") or ""
    )
    return gettext("已记录会诊意见。")


def _has_request(case: MediationCase) -> bool:
    return case.consultations.filter(status=ConsultationStatus.REQUESTED).exists()


def _terminate_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.TerminateForm(data, parties=party_choices(case))


def _run_terminate(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("party"))
    party = None if pk is None else case.parties.filter(pk=pk).first()
    handling.terminate_by_party(actor=user, case=case, party=party, reason=data.get("reason") or "")
    return gettext("已按当事人要求终止调解，并告知其他救济途径。")


def _run_fail(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    outcome.record_failure(actor=user, case=case, reason=data.get("reason"))
    return gettext("调解不成，已终止调解并告知当事人其他救济途径。")


def _handling(case: MediationCase) -> bool:
    return case.status in HANDLING_STATUSES


register(
    CaseAction(
        "start_mediation",
        _("告知权利义务，开始调解"),
        simple(f.EmptyForm),
        _run_start,
        by_table("start_mediation"),
        hint=_("生成权利义务告知书，一个月调解期限从今天起算。"),
    ),
    CaseAction(
        "record_session",
        _("记录调解过程"),
        simple(f.SessionForm),
        _run_session,
        by_table("record_session"),
        multipart=True,
    ),
    CaseAction("extend", _("延长调解期限"), simple(f.ExtendForm), _run_extend, by_table("extend")),
    CaseAction(
        "report_escalation",
        _("报告激化风险"),
        simple(f.EscalationForm),
        _run_escalation,
        _handling,
        hint=_("可能激化的，应当采取预防措施，必要时报告（第25条）。"),
    ),
    CaseAction("resolve_escalation", _("记录风险化解"), _resolve_form, _run_resolve, _has_open_report),
    CaseAction(
        "request_consultation",
        _("申请专家会诊"),
        simple(f.ConsultationForm),
        _run_consult,
        by_table("request_consultation"),
    ),
    CaseAction("answer_consultation", _("记录会诊意见"), _answer_form, _run_answer, _has_request),
    CaseAction(
        "terminate_by_party", _("当事人要求终止调解"), _terminate_form, _run_terminate, by_table("terminate_by_party")
    ),
    CaseAction("fail", _("调解不成，终止调解"), simple(f.ReasonForm), _run_fail, by_table("fail")),
    stage=20,
)

urlpatterns: list[URLPattern] = []  # its forms post to the case page's action URL
