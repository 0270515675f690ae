"""The supervision view (督办): overdue and near-due orders in scope, my supervision notices, my
return visits and the rectifications in scope; and the small task forms posted from here and from
the order page (acknowledge a notice, complete a return visit or a rectification)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error
from gongfa.core.http import safe_next
from gongfa.workbench.forms import TaskForm
from gongfa.workbench.views.common import can_supervise, staff, staff_required, supervisor_required
from gongfa.workbench.views.order import attach_task_forms, detail_context
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import SlaState, SupervisionKind, SupervisionStatus
from gongfa.workorders.models import Rectification, ReturnVisit, SupervisionNotice, WorkOrder
from gongfa.workorders.services.supervision import open_notices_for

LIST_LIMIT = 50


def _supervision_context(request: HttpRequest, task: tuple[str, int, TaskForm] | None = None) -> dict[str, Any]:
    user = staff(request)
    base = selectors.visible_to(user, selectors.Action.ACT)
    counts = selectors.sla_counts(base)

    def slice_of(state: str) -> list[WorkOrder]:
        return list(selectors.with_list_relations(base.sla_state(state)).order_by("resolve_due", "pk")[:LIST_LIMIT])

    visits = selectors.open_return_visits_for(user)
    rectifications = selectors.open_rectifications_for(user)
    attach_task_forms(visits, "visit", task, gettext("回访情况"), back="supervision")
    attach_task_forms(rectifications, "rectification", task, gettext("整改措施"), back="supervision")
    return {
        "form": task[2] if task is not None else None,
        "overdue_count": counts.get(SlaState.OVERDUE, 0),
        "near_due_count": counts.get(SlaState.NEAR_DUE, 0),
        "overdue": slice_of(SlaState.OVERDUE),
        "near_due": slice_of(SlaState.NEAR_DUE),
        "list_limit": LIST_LIMIT,
        "notices": open_notices_for(user),
        "manual_notices": _manual_notices(base),
        "visits": visits,
        "rectifications": rectifications,
    }


def _manual_notices(base: Any) -> list[SupervisionNotice]:
    """Live notices supervisors issued themselves (督办人发起) on orders in scope, soonest due first."""
    return list(
        SupervisionNotice.objects.filter(kind=SupervisionKind.MANUAL, order__in=base.values("pk"))
        .exclude(status=SupervisionStatus.RESOLVED)
        .select_related("order__owner_point", "order__owner_agency", "order__owner_user", "supervisor", "region")
        .order_by("due_at", "pk")[:LIST_LIMIT]
    )


@supervisor_required
@require_GET
def supervision(request: HttpRequest) -> HttpResponse:
    return render(request, "workbench/supervision.html", _supervision_context(request))


def _finish(request: HttpRequest, order: WorkOrder, kind: str, pk: int, form: TaskForm, ok: str) -> HttpResponse:
    """After a task form: redirect on success; on a refusal re-show the page it came from (400)."""
    back = form.cleaned_data.get("back") if hasattr(form, "cleaned_data") else ""
    if not form.errors:
        messages.success(request, ok)
        if back == "supervision" and can_supervise(staff(request)):
            return redirect("workbench:supervision")
        return redirect("workbench:order_detail", tracking_number=order.tracking_number)
    try:
        fresh = selectors.get_visible(staff(request), order.tracking_number)
    except WorkOrder.DoesNotExist:
        fresh = None
    if fresh is None or (back == "supervision" and can_supervise(staff(request))):
        return render(
            request, "workbench/supervision.html", _supervision_context(request, (kind, pk, form)), status=400
        )
    context = detail_context(request, fresh, task=(kind, pk, form))
    return render(request, "workbench/order_detail.html", context, status=400)


def _task_order(request: HttpRequest, order: WorkOrder, assignee_id: int | None) -> None:
    """A task is the user's when assigned to them or on an order they may act on; else 404."""
    user = staff(request)
    if assignee_id == user.pk:
        return
    if not selectors.visible_to(user, selectors.Action.ACT).filter(pk=order.pk).exists():
        raise Http404(gettext("找不到该任务"))


@staff_required
@require_POST
def complete_visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = ReturnVisit.objects.select_related("order").filter(pk=pk).first()
    if visit is None:
        raise Http404(gettext("找不到该回访任务"))
    _task_order(request, visit.order, visit.assignee_id)
    form = TaskForm(request.POST, auto_id=f"id_visit{pk}_%s")
    form.fields["text"].label = gettext("回访情况")
    if form.is_valid():
        try:
            services.complete_return_visit(visit=visit, actor=staff(request), outcome=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
    return _finish(
        request,
        visit.order,
        "visit",
        pk,
        form,
        gettext("已完成工单 {tracking_number} 的回访。").format(tracking_number=visit.order.tracking_number),
    )


@staff_required
@require_POST
def complete_rectification(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = Rectification.objects.select_related("order").filter(pk=pk).first()
    if rectification is None:
        raise Http404(gettext("找不到该整改记录"))
    if rectification.order is None:
        return _complete_site_rectification(request, rectification)
    _task_order(request, rectification.order, None)
    form = TaskForm(request.POST, auto_id=f"id_rectification{pk}_%s")
    form.fields["text"].label = gettext("整改措施")
    if form.is_valid():
        try:
            services.complete_rectification(
                rectification=rectification, actor=staff(request), measures=form.cleaned_data["text"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
    order = rectification.order
    return _finish(
        request,
        order,
        "rectification",
        pk,
        form,
        gettext("已登记工单 {tracking_number} 的整改措施。").format(tracking_number=order.tracking_number),
    )


def _complete_site_rectification(request: HttpRequest, rectification: Rectification) -> HttpResponse:
    """A rectification without an order (a site inspection's): back to the supervision page."""
    user = staff(request)
    if not Rectification.objects.filter(selectors.rectification_condition(user), pk=rectification.pk).exists():
        raise Http404(gettext("找不到该任务"))
    pk = rectification.pk
    form = TaskForm(request.POST, auto_id=f"id_rectification{pk}_%s")
    form.fields["text"].label = gettext("整改措施")
    if form.is_valid():
        try:
            services.complete_rectification(rectification=rectification, actor=user, measures=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
    if not form.errors:
        messages.success(request, gettext("已登记“{issue}”的整改措施。").format(issue=rectification.issue))
        return redirect("workbench:supervision" if can_supervise(user) else "workbench:home")
    return render(
        request, "workbench/supervision.html", _supervision_context(request, ("rectification", pk, form)), status=400
    )


@staff_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    notice = SupervisionNotice.objects.select_related("order").filter(pk=pk).first()
    if notice is None or (notice.supervisor_id != user.pk and not user.is_administrator):
        raise Http404(gettext("找不到该督办通知"))
    try:
        services.acknowledge_notice(notice=notice, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            gettext("已签收工单 {tracking_number} 的督办通知。").format(tracking_number=notice.order.tracking_number),
        )
    default = (
        reverse("workbench:supervision")
        if can_supervise(user)
        else reverse("workbench:order_detail", args=[notice.order.tracking_number])
    )
    return redirect(safe_next(request, default=default))
