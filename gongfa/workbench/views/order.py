"""The order page (工单详情): every detail, the whole timeline, and one form per action allowed now.

Each action posts to its own URL (/workbench/orders/<no>/<action>/). The view checks the form's
shape and calls the service; a refusal (DomainError) is shown in the error summary with status 400
and changes nothing; success redirects back with a message. When the form's own checks fail, the
service's checks (the order's state, the action's `check`) still run on what was clean, so every
problem shows in the same round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongfa.accounts.models import User
from gongfa.audit.services import record_personal_data_access
from gongfa.core.errors import DomainError, InvalidTransition, Problems, ValidationFailed
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.core.http import client_ip
from gongfa.core.i18n import Label
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.drafting.selectors import drafts_of_order
from gongfa.workbench.forms import (
    CallbackForm,
    CloseForm,
    ConvertForm,
    EmptyForm,
    FeedbackForm,
    OtherOrderForm,
    ReasonForm,
    ReclassifyForm,
    RevealForm,
    TargetForm,
    TaskForm,
)
from gongfa.workbench.target_picker import narrow_targets
from gongfa.workbench.views import order_desk
from gongfa.workbench.views.common import order_for, staff, staff_required
from gongfa.workbench.views.hotline.redirect import redirect_form
from gongfa.workbench.views.order_desk import answer_form, run_answer_kwargs
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, CallbackOutcome, ResultCode, SupervisionStatus, TaskStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.dispatch import dispatch_targets_for
from gongfa.workorders.services.duplicates import possible_duplicates
from gongfa.workorders.services.handling import CASE_KINDS
from gongfa.workorders.timeline import CITIZEN_READS_REASON, order_timeline

PRIMARY_ACTIONS = {"accept", "answer", "close", "callback", "resume", "feedback", "dispatch"}
FormFactory = Callable[[Any, WorkOrder], forms.Form]
Runner = Callable[[User, WorkOrder, Any], str]
# The service's checks on what the form could clean, run when the form's own checks failed so the
# page shows every problem in one round (core.forms.check_as_well); they write nothing.
Checker = Callable[[User, WorkOrder, dict[str, Any]], object]


@dataclass(frozen=True)
class OrderAction:
    name: str
    label: Label
    button: Label
    make_form: FormFactory
    run: Runner
    transition: str | None = None  # the transition-table action; None: any open order
    help: Label = ""
    needs_case_kinds: bool = False
    check: Checker | None = None

    @property
    def primary(self) -> bool:
        """Shown open on the page; the others are folded (details) until used."""
        return self.name in PRIMARY_ACTIONS

    def form(self, data: Any, order: WorkOrder) -> forms.Form:
        return self.make_form(data, order)

    def available(self, order: WorkOrder, allowed: set[str]) -> bool:
        if self.needs_case_kinds and not CASE_KINDS:
            return False
        if self.transition is not None:
            return self.transition in allowed
        return order.is_open


def _auto_id(name: str) -> str:
    return f"id_{name}_%s"


def _simple(form_class: type[forms.Form], name: str, **labels: Label) -> FormFactory:
    def make(data: Any, order: WorkOrder) -> forms.Form:
        form = form_class(data, auto_id=_auto_id(name))
        for field, label in labels.items():
            form.fields[field].label = label
        return form

    return make


def _target(name: str, reason_label: Label) -> FormFactory:
    def make(data: Any, order: WorkOrder) -> forms.Form:
        # The places grouped by tier and region; the page narrows them by the picker's search
        # (workbench.target_picker.narrow_targets in detail_context).
        form = TargetForm(
            data,
            auto_id=_auto_id(name),
            targets=dispatch_targets_for(None, order.region),
            region_code=order.region_code,
        )
        form.fields["reason"].label = reason_label
        return form

    return make


def _citizen_reads_reason(make_form: FormFactory) -> FormFactory:
    """The reason field tells staff that the citizen reads it (workorders.timeline.REASON_SHOWN)."""

    def make(data: Any, order: WorkOrder) -> forms.Form:
        form = make_form(data, order)
        form.fields["reason"].help_text = CITIZEN_READS_REASON
        return form

    return make


def _convert(data: Any, order: WorkOrder) -> forms.Form:
    return ConvertForm(data, auto_id=_auto_id("convert"), kinds=[(k.code, k.label) for k in CASE_KINDS.values()])


def _other(name: str, label: Label, with_reason: bool) -> FormFactory:
    def make(data: Any, order: WorkOrder) -> forms.Form:
        form = OtherOrderForm(data, auto_id=_auto_id(name))
        form.fields["other"].label = label
        if with_reason:
            form.fields["reason"].label = gettext("合并原因")
        else:
            form.fields.pop("reason")
        return form

    return make


def _other_order(user: User, number: str) -> WorkOrder:
    try:
        return selectors.get_visible(user, number, selectors.Action.ACT)
    except WorkOrder.DoesNotExist:
        raise DomainError(
            gettext("找不到工单 {number}，或您无权处理它。").format(number=number), field="other"
        ) from None


def _run_accept(user: User, order: WorkOrder, form: Any) -> str:
    services.accept_work_order(order=order, actor=user)
    return gettext("已受理工单 {tracking_number}。").format(tracking_number=order.tracking_number)


def _run_callback(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    record = services.log_callback(order=order, actor=user, outcome=data["outcome"], notes=data.get("notes") or "")
    return gettext("已登记回拨：{get_outcome_display}。").format(get_outcome_display=record.get_outcome_display())


def _run_answer(user: User, order: WorkOrder, form: Any) -> str:
    close_with = form.close_with
    services.answer_work_order(
        order=order, actor=user, answer=form.cleaned_data["answer"], close_with=close_with, **run_answer_kwargs(form)
    )
    closed = gettext("并办结") if close_with else ""
    return gettext("已答复{closed}工单 {tracking_number}，系统将短信通知群众。").format(
        closed=closed, tracking_number=order.tracking_number
    )


def _run_close(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.close_work_order(order=order, actor=user, result_code=data.get("result_code") or "")
    return gettext("工单 {tracking_number} 已办结。").format(tracking_number=order.tracking_number)


def _run_pause(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.pause_clock(order=order, actor=user, reason=data.get("reason") or "")
    return gettext("已暂停计时，等待群众补充。")


def _run_resume(user: User, order: WorkOrder, form: Any) -> str:
    services.resume_clock(order=order, actor=user)
    return gettext("已恢复计时，办理时限已顺延。")


def _run_transfer(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    changed = services.transfer_work_order(
        order=order, actor=user, place=data["place"], person=data.get("person"), reason=data.get("reason") or ""
    )
    return gettext("已转办至{owner_place_name}。").format(owner_place_name=changed.owner_place_name)


def _run_dispatch(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    changed = services.dispatch_work_order(
        order=order, actor=user, place=data["place"], person=data.get("person"), reason=data.get("reason") or ""
    )
    return gettext("已派单至{owner_place_name}。").format(owner_place_name=changed.owner_place_name)


def _run_return(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    changed = services.return_work_order(order=order, actor=user, reason=data.get("reason") or "")
    return gettext("已退回{owner_place_name}，等待重新分派。").format(owner_place_name=changed.owner_place_name)


def _run_transfer_out(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.transfer_out(order=order, actor=user, reason=data.get("reason") or "")
    return gettext("已转外部门办理，收到反馈后请登记。")


def _run_feedback(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.record_feedback(order=order, actor=user, feedback=data.get("feedback") or "")
    return gettext("已登记外部门反馈。")


def _run_convert(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.convert_to_case(order=order, actor=user, kind=data.get("kind") or "")
    return gettext("已转为案件办理。")


def _run_reopen(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.reopen_work_order(order=order, actor=user, reason=data.get("reason") or "")
    return gettext("工单 {tracking_number} 已重新办理。").format(tracking_number=order.tracking_number)


def _check_merge(user: User, order: WorkOrder, data: dict[str, Any]) -> WorkOrder | None:
    """The target order (found and visible) and the service's checks, every problem at once; the
    service's "into" is the form's "other". Returns the target (None: the form refused the number)."""
    problems = Problems()
    target = None
    if data.get("other"):
        with problems.check():
            target = _other_order(user, data["other"])
    try:
        services.check_merge(order=order, into=target, reason=data.get("reason") or "")
    except DomainError as exc:
        if type(exc) not in (DomainError, ValidationFailed):
            raise
        for problem in exc.problems:
            problems.add("other" if problem.field == "into" else problem.field, problem.message, code=problem.code)
    problems.raise_if_any()
    return target


def _run_merge(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    target = _check_merge(user, order, data)
    assert target is not None  # the form requires the number; one not found is refused above
    services.merge_work_order(order=order, into=target, actor=user, reason=data.get("reason") or "")
    return gettext("已合并到工单 {tracking_number}。").format(tracking_number=target.tracking_number)


def _run_link(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    target = _other_order(user, data["other"])
    services.link_work_orders(child=order, parent=target, actor=user)
    return gettext("已关联到工单 {tracking_number}。").format(tracking_number=target.tracking_number)


def _run_reclassify(user: User, order: WorkOrder, form: Any) -> str:
    data = form.cleaned_data
    services.reclassify_work_order(order=order, actor=user, topic=data["topic"])
    return gettext("已改为“{name}”类别。").format(name=data["topic"].name)


def _check_answer(user: User, order: WorkOrder, data: dict[str, Any]) -> object:
    close_with = data.get("result_code") or "" if data.get("close_now") else ""
    return services.check_answer(answer=data.get("answer") or "", close_with=close_with)


def _check_reason(label: Label) -> Checker:
    def check(user: User, order: WorkOrder, data: dict[str, Any]) -> object:
        return services.check_reason(data.get("reason") or "", str(label))

    return check


def _check_hand_over(action: str) -> Checker:
    def check(user: User, order: WorkOrder, data: dict[str, Any]) -> None:
        services.check_hand_over(
            order=order,
            action=action,
            place=data.get("place"),
            person=data.get("person"),
            reason=data.get("reason") or "",
        )

    return check


ACTIONS: dict[str, OrderAction] = {
    action.name: action
    for action in [
        OrderAction(
            "accept", gettext_lazy("受理"), gettext_lazy("受理"), _simple(EmptyForm, "accept"), _run_accept, "accept"
        ),
        OrderAction(
            "callback",
            gettext_lazy("登记回拨"),
            gettext_lazy("登记回拨"),
            _simple(CallbackForm, "callback"),
            _run_callback,
            check=lambda u, o, d: services.check_callback(outcome=d.get("outcome") or "", notes=d.get("notes") or ""),
        ),
        OrderAction(
            "answer",
            gettext_lazy("答复群众"),
            gettext_lazy("提交答复"),
            answer_form,
            _run_answer,
            "answer",
            check=_check_answer,
        ),
        OrderAction(
            "close",
            gettext_lazy("办结"),
            gettext_lazy("办结"),
            _simple(CloseForm, "close"),
            _run_close,
            "close",
            check=lambda u, o, d: services.check_close(result_code=d.get("result_code") or ""),
        ),
        OrderAction(
            "pause",
            gettext_lazy("暂停计时"),
            gettext_lazy("暂停计时"),
            _simple(ReasonForm, "pause", reason=gettext_lazy("暂停原因")),
            _run_pause,
            "pause",
            help=gettext_lazy("等待群众补充材料或作出决定时暂停，时限相应顺延。"),
            check=_check_reason(gettext_lazy("暂停计时")),
        ),
        OrderAction(
            "resume",
            gettext_lazy("恢复计时"),
            gettext_lazy("恢复计时"),
            _simple(EmptyForm, "resume"),
            _run_resume,
            "resume",
        ),
        OrderAction(
            "transfer",
            gettext_lazy("转办"),
            gettext_lazy("转办"),
            _citizen_reads_reason(_target("transfer", gettext_lazy("转办原因"))),
            _run_transfer,
            "transfer",
            check=_check_hand_over("transfer"),
        ),
        OrderAction(
            "dispatch",
            gettext_lazy("人工派单"),
            gettext_lazy("派单"),
            _target("dispatch", gettext_lazy("派单原因")),
            _run_dispatch,
            "dispatch",
            check=_check_hand_over("dispatch"),
        ),
        OrderAction(
            "return",
            gettext_lazy("退回"),
            gettext_lazy("退回"),
            _simple(ReasonForm, "return", reason=gettext_lazy("退回原因")),
            _run_return,
            "return",
            help=gettext_lazy("不属于本单位办理的，退回派单中心重新分派。"),
            check=_check_reason(gettext_lazy("退回")),
        ),
        OrderAction(
            "transfer_out",
            gettext_lazy("转外部门（12345）"),
            gettext_lazy("转外部门"),
            _citizen_reads_reason(_simple(ReasonForm, "transfer_out", reason=gettext_lazy("转外部门原因"))),
            _run_transfer_out,
            "transfer_out",
            help=gettext_lazy("不属于公共法律服务范围的事项，转12345或其他部门办理。"),
            check=_check_reason(gettext_lazy("转外部门")),
        ),
        OrderAction(
            "feedback",
            gettext_lazy("登记外部门反馈"),
            gettext_lazy("登记反馈"),
            _simple(FeedbackForm, "feedback"),
            _run_feedback,
            "feedback",
        ),
        OrderAction(
            "convert",
            gettext_lazy("转为案件"),
            gettext_lazy("转为案件"),
            _convert,
            _run_convert,
            "convert",
            needs_case_kinds=True,
        ),
        OrderAction(
            "reopen",
            gettext_lazy("重新办理"),
            gettext_lazy("重新办理"),
            _simple(ReasonForm, "reopen", reason=gettext_lazy("重新办理原因")),
            _run_reopen,
            "reopen",
            check=_check_reason(gettext_lazy("重新办理")),
        ),
        OrderAction(
            "merge",
            gettext_lazy("合并到其他工单"),
            gettext_lazy("合并"),
            _other("merge", gettext_lazy("合并到工单编号"), True),
            _run_merge,
            "merge",
            check=_check_merge,
        ),
        OrderAction(
            "link",
            gettext_lazy("关联其他工单"),
            gettext_lazy("关联"),
            _other("link", gettext_lazy("关联到工单编号"), False),
            _run_link,
        ),
        OrderAction(
            "reclassify",
            gettext_lazy("重新分类"),
            gettext_lazy("保存类别"),
            _simple(ReclassifyForm, "reclassify"),
            _run_reclassify,
        ),
        # Shown only where they apply (order_desk.desk_context): 12345 orders; the order's supervisors.
        OrderAction(
            "progress",
            gettext_lazy("登记办理进展（回传12345）"),
            gettext_lazy("登记进展"),
            order_desk.progress_form,
            order_desk.run_progress,
            help=gettext_lazy("办理进展将回传12345平台。"),
        ),
        OrderAction(
            "supervise",
            gettext_lazy("发起督办"),
            gettext_lazy("发起督办"),
            order_desk.supervise_form,
            order_desk.run_supervise,
            help=gettext_lazy("督办通知发给承办人及其所在服务点，工单答复后自动解除。"),
            check=order_desk.check_supervise,
        ),
    ]
}


def attach_task_forms(
    items: list[Any], kind: str, bound: tuple[str, int, TaskForm] | None, label: str, back: str = "order"
) -> None:
    """Give each open return visit / rectification its completion form (the bound one if it failed)."""
    for item in items:
        if bound is not None and bound[0] == kind and bound[1] == item.pk:
            item.form = bound[2]
        else:
            item.form = TaskForm(auto_id=f"id_{kind}{item.pk}_%s", initial={"back": back})
        item.form.fields["text"].label = label


def detail_context(
    request: HttpRequest,
    order: WorkOrder,
    *,
    bound: tuple[str, forms.Form] | None = None,
    task: tuple[str, int, TaskForm] | None = None,
    revealed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user = staff(request)
    can_act = selectors.visible_to(user, selectors.Action.ACT).filter(pk=order.pk).exists()
    allowed = {t.action for t in WORK_ORDER_TRANSITIONS.allowed_actions(order.status)}
    actions = []
    if can_act:
        for spec in ACTIONS.values():
            if spec.available(order, allowed):
                form = bound[1] if bound is not None and bound[0] == spec.name else spec.form(None, order)
                actions.append((spec, form))
    narrow_targets(request, user, order, [form for _, form in actions])
    duplicates = possible_duplicates(order, viewer=user)
    visits = list(order.return_visits.select_related("assignee", "done_by"))
    open_visits = [v for v in visits if v.status == TaskStatus.OPEN and (v.assignee_id == user.pk or can_act)]
    attach_task_forms(open_visits, "visit", task, gettext("回访情况"))
    rectifications = list(order.rectifications.select_related("responsible_user", "responsible_point"))
    open_rectifications = [r for r in rectifications if r.status == TaskStatus.OPEN and can_act]
    attach_task_forms(open_rectifications, "rectification", task, gettext("整改措施"))
    error_form = bound[1] if bound is not None else (task[2] if task is not None else None)
    return {
        "order": order,
        "form": error_form,
        "can_act": can_act,
        "actions": actions,
        "timeline": order_timeline(order),
        "duplicates": duplicates,
        "callbacks": list(order.callbacks.select_related("called_by")),
        "case_links": list(order.case_links.select_related("case_type")),
        "drafts": drafts_of_order(order),
        "notices": list(order.notices.select_related("supervisor", "region")),
        "open_notice_status": SupervisionStatus.OPEN,
        "visits": visits,
        "open_visit_ids": {v.pk for v in open_visits},
        "rectifications": rectifications,
        "open_rectification_ids": {r.pk for r in open_rectifications},
        "contact_name": mask_name(order.contact_name),
        "contact_phone": mask_phone(order.contact_phone),
        "contact_id_number": mask_id_number(order.contact_id_number) if order.contact_id_number else "",
        "revealed": revealed,
        "first_owner_user": order.first_owner_user,
        "first_owner_point": order.first_owner_point,
        "deadlines": [
            (gettext("受理时限"), order.accept_due, order.accepted_at),
            (gettext("首次联系时限"), order.contact_due, order.first_contact_at),
            (gettext("办结时限"), order.resolve_due, order.answered_at),
        ],
        "result_labels": dict(ResultCode.choices),
        "outcome_labels": dict(CallbackOutcome.choices),
        # 改派 for the agent who registered the order, until it is accepted (views/hotline/redirect.py)
        "redirect_form": redirect_form(request, order, user),
        # The hotline desk's parts: answer templates, 回传12345, 发起督办 (views/order_desk.py)
        **order_desk.desk_context(request, order, user, actions),
    }


SAME_AS = {"place_code": "place"}  # a bad region code is the place's fault too: one complaint, not two


def _service_checks(spec: OrderAction, user: User, order: WorkOrder, data: dict[str, Any]) -> None:
    """What the service would refuse besides the form's faults: the order's state (the transition
    table) and the action's own checks, every problem at once; writes nothing."""
    problems = Problems()
    if spec.transition is not None:
        try:
            WORK_ORDER_TRANSITIONS.get(order.status, spec.transition)
        except InvalidTransition as exc:  # not collected by problems.check(): a refusal of its own kind
            problems.add_error(exc)
    if spec.check is not None:
        with problems.check():
            spec.check(user, order, data)
    problems.raise_if_any()


@staff_required
@require_GET
def order_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = order_for(request, tracking_number)
    return render(request, "workbench/order_detail.html", detail_context(request, order))


@staff_required
@require_POST
def order_action(request: HttpRequest, tracking_number: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("没有这个操作"))
    order = order_for(request, tracking_number)
    form = spec.form(request.POST, order)
    if form.is_multipart():  # the answer's file
        form.files = request.FILES
    if form.is_valid():
        try:
            message = spec.run(staff(request), order, form)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("workbench:order_detail", tracking_number=order.tracking_number)
    else:
        check_as_well(form, lambda: _service_checks(spec, staff(request), order, form.cleaned_data), same_as=SAME_AS)
    order = order_for(request, tracking_number)  # as it is now (nothing changed)
    context = detail_context(request, order, bound=(spec.name, form))
    return render(request, "workbench/order_detail.html", context, status=400)


@staff_required
@require_POST
def reveal_requester(request: HttpRequest, tracking_number: str) -> HttpResponse:
    """Show the requester's full phone or ID number; the viewing itself is recorded (invariant)."""
    order = order_for(request, tracking_number)
    form = RevealForm(request.POST)
    if not form.is_valid():
        raise Http404(gettext("无可查看的信息"))
    field = form.cleaned_data["field"]
    if field == "phone":
        # The order's contact number: the caller's own for anonymous callers, else the account's.
        value = order.contact_phone or (order.requester.phone if order.requester else "")
    elif order.requester is not None:
        value = order.requester.id_number
    else:
        raise Http404(gettext("无可查看的信息"))
    if value:
        record_personal_data_access(
            actor=staff(request),
            person=order.requester,
            field=field,
            purpose=form.cleaned_data["purpose"] or gettext("办理工单"),
            context=f"workorder:{order.tracking_number}",
            ip_address=client_ip(request),
        )
    revealed = {"field": field, "value": value}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workbench/partials/revealed.html", {"order": order, **revealed})
    return render(request, "workbench/order_detail.html", detail_context(request, order, revealed=revealed))
