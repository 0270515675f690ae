"""Staff pages (工作台). Views validate input and call selectors and services; nothing else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.audit.services import record_personal_data_access
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workbench.forms import AnswerForm, QueueFilterForm, RevealForm
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:staff_login"))
        if not isinstance(user, User) or not user.is_platform_staff:
            raise PermissionDenied("仅限工作人员使用")
        return view(request, *args, **kwargs)

    return wrapper


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = QueueFilterForm(request.GET or {"status": WorkOrderStatus.NEW})
    status = form.cleaned_data["status"] if form.is_valid() else WorkOrderStatus.NEW
    base = selectors.visible_to(user, selectors.Action.ANSWER)
    counts = dict(base.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    orders = list(selectors.queue_for(user, status=status or None)[:200])
    context = {
        "form": form,
        "orders": orders,
        "counts": [(value, label, counts.get(value, 0)) for value, label in WorkOrderStatus.choices],
        "total": sum(counts.values()),
        "status": status,
        "no_posting": scope_for(user).kind == ScopeKind.NOBODY,
    }
    template = "workbench/partials/queue_table.html" if request.htmx else "workbench/queue.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _order_for(request: HttpRequest, tracking_number: str) -> WorkOrder:
    try:
        return selectors.get_visible(_staff(request), tracking_number, selectors.Action.VIEW)
    except WorkOrder.DoesNotExist:
        raise Http404("找不到该工单") from None


def _detail_context(request: HttpRequest, order: WorkOrder, form: AnswerForm | None) -> dict[str, Any]:
    user = _staff(request)
    can_answer = (
        order.status == WorkOrderStatus.NEW
        and selectors.visible_to(user, selectors.Action.ANSWER).filter(pk=order.pk).exists()
    )
    events = (
        Event.objects.filter(subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return {
        "order": order,
        "form": form or (AnswerForm() if can_answer else None),
        "can_answer": can_answer,
        "events": events,
        "status_labels": dict(WorkOrderStatus.choices),
    }


@staff_required
@require_GET
def order_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = _order_for(request, tracking_number)
    return render(request, "workbench/order_detail.html", _detail_context(request, order, None))


@staff_required
@require_POST
def answer_order(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = _order_for(request, tracking_number)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_work_order(order=order, actor=_staff(request), answer=form.cleaned_data["answer"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已答复工单 {order.tracking_number}，系统将短信通知群众。")
            return redirect("workbench:order_detail", tracking_number=order.tracking_number)
    return render(request, "workbench/order_detail.html", _detail_context(request, order, form), status=400)


@staff_required
@require_http_methods(["POST"])
def reveal_requester(request: HttpRequest, tracking_number: str) -> HttpResponse:
    """Show the requester's full phone or ID number; the viewing itself is recorded (invariant)."""
    order = _order_for(request, tracking_number)
    form = RevealForm(request.POST)
    if not form.is_valid() or order.requester is None:
        raise Http404("无可查看的信息")
    field = form.cleaned_data["field"]
    value = getattr(order.requester, field)
    if value:
        record_personal_data_access(
            actor=_staff(request),
            person=order.requester,
            field=field,
            purpose=form.cleaned_data["purpose"] or "办理工单",
            context=f"workorder:{order.tracking_number}",
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    context = {"order": order, "field": field, "value": value}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workbench/partials/revealed.html", context)
    detail = _detail_context(request, order, None)
    detail["revealed"] = context
    return render(request, "workbench/order_detail.html", detail)
