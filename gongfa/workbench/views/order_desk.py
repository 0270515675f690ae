"""The order page's hotline-desk parts (issue #16): the answer form with the answer templates of the
order's topic and a file, reporting progress back to 12345 (登记办理进展), a supervisor's own
supervision (发起督办), and what the page shows of them (回传12345, the answer's file).

Registered into the order page's ACTIONS (gongfa.workbench.views.order) at import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.forms import Form
from gongfa.workbench.forms import AnswerForm
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import AnswerTemplate, WorkOrder
from gongfa.workorders.services.answers import templates_for
from gongfa.workorders.services.external import report_progress, reports_back
from gongfa.workorders.services.supervision import issue_supervision, supervising_region

# The no-JavaScript way to use a template: the page is asked again with this parameter, and the
# answer form comes back filled with the template's text.
TEMPLATE_PARAM = "answer_template"


def answer_form(data: Any, order: WorkOrder) -> forms.Form:
    return AnswerForm(data, auto_id="id_answer_%s", templates=templates_for(order))


def run_answer_kwargs(form: Any) -> dict[str, Any]:
    """What the answer form adds to answer_work_order: the template and the uploaded file."""
    pk = form.cleaned_data.get("template")
    template = form.templates.get(pk) if pk else None
    return {"template": template, "attachment": form.cleaned_data.get("attachment")}


class ProgressForm(Form):
    mark_optional = False
    progress = forms.CharField(
        label=_("办理进展"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将回传12345平台，请写明已做的工作和下一步安排，不写群众的个人信息。"),
    )


class SuperviseForm(Form):
    mark_optional = False
    reason = forms.CharField(label=_("督办事由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_at = forms.DateTimeField(
        label=_("办理期限"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


def progress_form(data: Any, order: WorkOrder) -> forms.Form:
    return ProgressForm(data, auto_id="id_progress_%s")


def supervise_form(data: Any, order: WorkOrder) -> forms.Form:
    return SuperviseForm(data, auto_id="id_supervise_%s")


def run_progress(user: User, order: WorkOrder, form: Any) -> str:
    report_progress(order=order, actor=user, text=form.cleaned_data.get("progress") or "")
    return gettext("已登记办理进展，系统将回传12345平台。")


def run_supervise(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    notice = issue_supervision(order=order, supervisor=user, reason=data.get("reason") or "", due_at=data.get("due_at"))
    return gettext("已对工单 {tracking_number} 发起督办，期限 {localtime:%Y-%m-%d %H:%M}。").format(
        tracking_number=order.tracking_number, localtime=timezone.localtime(notice.due_at)
    )


def check_supervise(user: User, order: WorkOrder, data: dict[str, Any]) -> object:
    from gongfa.workorders.services.supervision import check_supervision

    return check_supervision(order=order, supervisor=user, reason=data.get("reason") or "", due_at=data.get("due_at"))


def progress_available(order: WorkOrder) -> bool:
    return reports_back(order) and order.is_open and order.status != WorkOrderStatus.ANSWERED


def desk_context(request: HttpRequest, order: WorkOrder, user: User, actions: list[Any]) -> dict[str, Any]:
    """The page's desk parts; also trims the actions this person or order cannot use and fills
    the answer form from a chosen template (?answer_template=<id>)."""
    keep = []
    for spec, form in actions:
        if spec.name == "progress" and not progress_available(order):
            continue
        if spec.name == "supervise" and supervising_region(user, order) is None:
            continue
        keep.append((spec, form))
    actions[:] = keep
    answer = next((form for spec, form in actions if spec.name == "answer"), None)
    chosen: AnswerTemplate | None = None
    if isinstance(answer, AnswerForm):
        wanted = request.GET.get(TEMPLATE_PARAM, "")
        chosen = answer.templates.get(int(wanted)) if wanted.isdigit() else None
        if chosen is not None and not answer.is_bound:
            answer.initial.update(answer=chosen.body, template=chosen.pk)
    return {
        "external_updates": list(order.external_updates.all()) if reports_back(order) else [],
        "answer_templates": list(answer.templates.values()) if isinstance(answer, AnswerForm) else [],
        "chosen_template": chosen,
        "template_param": TEMPLATE_PARAM,
    }
