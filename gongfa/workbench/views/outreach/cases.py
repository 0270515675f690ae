"""典型案例 on the workbench (/workbench/outreach/cases/…):

- the list: the cases one nominated and those of the regions one manages, filtered by status, in a
  constant number of queries;
- 推荐典型案例: a closed case one can see (legal aid, mediation, consultation), with the latest
  closed cases of each source offered;
- the case page: the text with the personal data still in it (kind, field, position) and the
  suggested replacements, the text form (保存草稿 / 完成脱敏), and the review steps the status
  allows (提交审核, 审核发布, 退回修改, 撤回). A refused action comes back on the page with every
  problem at once (status 400) and nothing changed.

Who may see and act is the selectors' and services' (gongfa.outreach); anyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.i18n import Label
from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.selectors import cases as sel
from gongfa.outreach.services import cases as svc
from gongfa.outreach.states import TYPICAL_CASE
from gongfa.workbench.outreach_forms import cases as f
from gongfa.workbench.views.common import staff

PAGE_SIZE = 30
S = TypicalCaseStatus
cases_door = door(Audience.STAFF)


# ---------------------------------------------------------------------------------------------
# The list


@cases_door
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """典型案例: the cases one nominated or manages, newest first."""
    user = staff(request)
    form = f.FilterForm(request.GET or None)
    queryset = sel.with_row_relations(sel.workbench_cases(user))
    status = request.GET.get("status", "")
    if status in S.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-nominated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/outreach/cases/list.html",
        {"form": form, "page": page, "status": status if status in S.values else "", "topics": sel.topic_names()},
    )


# ---------------------------------------------------------------------------------------------
# Nominating


@cases_door
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    """推荐典型案例: the source and number of a closed case, and the topic."""
    user = staff(request)
    topics = sel.topic_names()
    initial = {k: request.GET[k] for k in ("source", "number") if k in request.GET}
    form = f.NominateForm(request.POST if request.method == "POST" else None, topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = svc.nominate_case(actor=user, source=data["source"], number=data["number"], topic=data["topic"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已推荐典型案例 {number}，请先完成脱敏。").format(number=case.number))
            return redirect("workbench:outreach_cases_case", number=case.number)
    candidates = sel.candidates(user)
    return render(
        request,
        "workbench/outreach/cases/nominate.html",
        {
            "form": form,
            # (source, [(case, its number)]): the number field differs by source (tracking_number for a
            # consultation), so the view reads it rather than the template guessing.
            "candidates": [
                (TypicalCaseSource(source), [(row, getattr(row, sel.number_field(source))) for row in rows])
                for source, rows in candidates.items()
            ],
        },
        status=page_status(form),
    )


# ---------------------------------------------------------------------------------------------
# The case page and its actions


@dataclass(frozen=True)
class ActionSpec:
    label: Label
    form: type[forms.Form]
    run: Callable[[User, TypicalCase, dict[str, Any]], TypicalCase]
    done: Label
    danger: bool = False


def _texts(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k, "") for k in ("title", "facts", "handling", "significance", "topic", "citations")}


ACTIONS: dict[str, ActionSpec] = {
    "save": ActionSpec(
        _("保存草稿"), f.TextForm, lambda u, c, d: svc.edit_case(actor=u, case=c, **_texts(d)), _("已保存草稿。")
    ),
    "deidentify": ActionSpec(
        _("保存并完成脱敏"),
        f.TextForm,
        lambda u, c, d: svc.deidentify_case(actor=u, case=c, **_texts(d)),
        _("已完成脱敏。"),
    ),
    "replace": ActionSpec(
        _("套用建议替换"),
        f.EmptyForm,
        lambda u, c, d: svc.apply_proposals(actor=u, case=c),
        _("已套用建议替换，请核对全文。"),
    ),
    "submit": ActionSpec(
        _("提交审核"), f.EmptyForm, lambda u, c, d: svc.submit_case(actor=u, case=c), _("已提交审核。")
    ),
    "publish": ActionSpec(
        _("审核发布"), f.PublishForm, lambda u, c, d: svc.publish_case(actor=u, case=c, note=d["note"]), _("已发布。")
    ),
    "return": ActionSpec(
        _("退回修改"),
        f.ReasonForm,
        lambda u, c, d: svc.return_case(actor=u, case=c, reason=d["reason"]),
        _("已退回修改。"),
        danger=True,
    ),
    "withdraw": ActionSpec(
        _("撤回"),
        f.ReasonForm,
        lambda u, c, d: svc.withdraw_case(actor=u, case=c, reason=d["reason"]),
        _("已撤回。"),
        danger=True,
    ),
}
TEXT_ACTIONS = ("save", "deidentify")


def _case(request: HttpRequest, number: str) -> TypicalCase:
    found = sel.case_for(staff(request), number)
    if found is None:
        raise Http404(gettext("找不到该典型案例"))
    return found


def _allowed(case: TypicalCase, user: User) -> list[str]:
    """The actions shown to `user` (the services check again)."""
    editor = sel.is_editor(user, case.region)
    may_edit = sel.may_edit(user, case)
    names = []
    if case.status in svc.EDITABLE and may_edit:
        names += ["replace", "save", "deidentify"]
    if case.status == S.DEIDENTIFIED and may_edit:
        names.append("submit")
    if case.status == S.IN_REVIEW and editor:
        if case.nominated_by_id != user.pk:
            names.append("publish")
        names.append("return")
    withdrawable = {t.action for t in TYPICAL_CASE.allowed_actions(case.status)}
    own = case.nominated_by_id == user.pk and case.status != S.PUBLISHED
    if "withdraw" in withdrawable and (editor or own):
        names.append("withdraw")
    return names


def _make_form(name: str, case: TypicalCase, data: Any = None) -> forms.Form:
    spec = ACTIONS[name]
    if spec.form is f.TextForm:
        initial = {field: getattr(case, field) for field in svc.TEXT_FIELDS}
        initial.update(topic=case.topic, citations="\n".join(case.citations or []))
        return f.TextForm(data, topics=sel.topic_names(), initial=initial, prefix="text")
    return spec.form(data, prefix=name)


def _render_case(request: HttpRequest, case: TypicalCase, failed: tuple[str, forms.Form] | None = None) -> HttpResponse:
    user = staff(request)
    names = _allowed(case, user)
    text_form = None
    if any(n in TEXT_ACTIONS for n in names):
        text_form = failed[1] if failed is not None and failed[0] in TEXT_ACTIONS else _make_form("save", case)
    actions = []
    for name in names:
        if name in TEXT_ACTIONS:
            continue
        form = failed[1] if failed is not None and failed[0] == name else _make_form(name, case)
        actions.append({"name": name, "spec": ACTIONS[name], "form": form})
    labels = {f"outreach.typicalcase.{t.action}": t.label for t in TYPICAL_CASE.transitions}
    labels.update(
        {
            "outreach.typicalcase.nominate": gettext("推荐"),
            "outreach.typicalcase.edit": gettext("保存草稿"),
            "outreach.typicalcase.apply_replacements": gettext("套用建议替换"),
        }
    )
    events = [
        (event, labels.get(event.verb, event.verb))
        for event in Event.objects.filter(
            subject_type=ContentType.objects.get_for_model(TypicalCase), subject_id=str(case.pk)
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    ]
    editable = case.status in svc.EDITABLE
    return render(
        request,
        "workbench/outreach/cases/case.html",
        {
            "case": case,
            "source_number": getattr(svc.source_of(case), sel.number_field(case.source), ""),
            "topic_name": sel.topic_names().get(case.topic, case.topic),
            "findings": svc.findings_for(case) if case.status != S.WITHDRAWN else [],
            "field_labels": svc.FIELD_LABELS,
            "proposals": svc.proposals_for(case) if editable else [],
            "text_form": text_form,
            "actions": actions,
            "form": failed[1] if failed is not None else None,
            "failed": failed[0] if failed is not None else "",
            "events": events,
            "own_nomination": case.nominated_by_id == user.pk,
            "is_editor": sel.is_editor(user, case.region),
        },
        status=400 if failed is not None else 200,
    )


@cases_door
@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    return _render_case(request, _case(request, number))


@cases_door
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(gettext("没有该操作"))
    user = staff(request)
    case = _case(request, number)
    form = _make_form(action, case, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action].run(user, case, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{case.number}：{ACTIONS[action].done}")
            return redirect("workbench:outreach_cases_case", number=case.number)
    return _render_case(request, case, (action, form))


urlpatterns = [
    path("", case_list, name="outreach_cases_list"),
    path("nominate/", nominate, name="outreach_cases_nominate"),
    path("<str:number>/", case_page, name="outreach_cases_case"),
    path("<str:number>/<slug:action>/", case_action, name="outreach_cases_action"),
]
