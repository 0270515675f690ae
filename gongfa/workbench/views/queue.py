"""The staff queue (待办队列): filters, counters, pages of 50, bulk actions for supervisors."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workbench import options
from gongfa.workbench.forms import OPEN_FILTER, BulkActionForm, QueueFilterForm
from gongfa.workbench.views.common import can_supervise, staff, staff_required
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import OPEN_STATUSES, SlaState, SupervisionStatus, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.supervision import open_notices_for

PAGE_SIZE = 50
FILTER_FIELDS = ("q", "status", "sla", "topic", "channel", "point", "person", "group")


def _filter_form(request: HttpRequest, user: User) -> tuple[QueueFilterForm, selectors.QueueFilters, bool]:
    """The bound filter form, the filters it gives (invalid values dropped) and whether any was."""
    data = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if name in request.GET:
            data[name] = request.GET[name]
    if "status" not in data:
        data["status"] = OPEN_FILTER  # default: everything still open
    kwargs = {
        "topics": options.topic_choices(),
        "points": options.scoped_point_choices(user),
        "people": options.scoped_person_choices(user),
    }
    form = QueueFilterForm(data, **kwargs)
    dropped = False
    if not form.is_valid():
        dropped = True
        for name in list(form.errors):
            data[name] = OPEN_FILTER if name == "status" else ""
        form = QueueFilterForm(data, **kwargs)
        form.is_valid()
    clean = form.cleaned_data
    filters = selectors.QueueFilters(
        status=clean.get("status") or "",
        sla=clean.get("sla") or "",
        topic=clean.get("topic"),
        channel=clean.get("channel") or "",
        point=clean.get("point"),
        person=clean.get("person"),
        special_group=clean.get("group") or 0,
        query=(clean.get("q") or "").strip(),
    )
    return form, filters, dropped


def _link(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


def _known_total(filters: selectors.QueueFilters, by_status: dict[str, int], by_sla: dict[str, int]) -> int | None:
    """The number of rows in the list when the counters already give it (the usual views: all open
    orders, one open status, overdue or near due), so the page needs no COUNT(*) of its own."""
    if filters.sla and filters.status in {"", OPEN_FILTER} and filters.sla in by_sla:
        return by_sla[filters.sla]
    if filters.sla:
        return None
    if filters.status == OPEN_FILTER:
        return sum(by_status.values())
    if filters.status in OPEN_STATUSES:
        return by_status.get(filters.status, 0)
    return None


def _queue_context(request: HttpRequest, bulk_form: BulkActionForm | None = None) -> dict[str, Any]:
    user = staff(request)
    form, filters, dropped = _filter_form(request, user)
    # Counters: the other filters apply, status and SLA state do not (they are what is counted).
    counted = selectors.apply_filters(
        selectors.visible_to(user, selectors.Action.ACT), dataclasses.replace(filters, status="", sla="")
    )
    by_status = selectors.status_counts(counted.filter(status__in=OPEN_STATUSES))
    by_sla = selectors.sla_counts(counted)
    # Page through ids only, then load the page's 50 rows with what they show.
    paginator = Paginator(selectors.ids_of(selectors.queue_for(user, filters)), PAGE_SIZE)
    known = _known_total(filters, by_status, by_sla)
    if known is not None:
        paginator.count = known  # the counters already counted it: skip COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    orders = selectors.rows_of(list(page.object_list))
    supervisor = can_supervise(user)
    if supervisor and bulk_form is None:
        bulk_form = BulkActionForm(places=options.scoped_target_place_choices(user))
    return {
        "form": bulk_form if bulk_form is not None and bulk_form.errors else None,  # for the error summary
        "filter_form": form,
        "filters": filters,
        "dropped": dropped,
        "page": page,
        "orders": orders,
        "status_counts": [
            (value, label, by_status.get(value, 0), _link(request, status=value))
            for value, label in WorkOrderStatus.choices
            if value in OPEN_STATUSES
        ],
        "open_total": sum(by_status.values()),
        "open_link": _link(request, status=OPEN_FILTER),
        "overdue": by_sla.get(SlaState.OVERDUE, 0),
        "near_due": by_sla.get(SlaState.NEAR_DUE, 0),
        "overdue_link": _link(request, sla=SlaState.OVERDUE),
        "near_due_link": _link(request, sla=SlaState.NEAR_DUE),
        "bulk_form": bulk_form if supervisor else None,
        "no_posting": scope_for(user).kind == ScopeKind.NOBODY,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _bulk(request)
    context = _queue_context(request)
    template = "workbench/partials/queue_results.html" if request.htmx else "workbench/queue.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _bulk(request: HttpRequest) -> HttpResponse:
    """Bulk action on the ticked orders: the service is called for each order; successes and
    refusals are reported one by one. Invalid input re-shows the queue with the error summary."""
    user = staff(request)
    if not can_supervise(user):
        raise PermissionDenied(gettext("批量操作仅限督办主管使用"))
    form = BulkActionForm(request.POST, places=options.scoped_target_place_choices(user))
    if not form.is_valid():
        return render(request, "workbench/queue.html", _queue_context(request, form), status=400)
    data = form.cleaned_data
    action = data["action"]
    done: list[str] = []
    refused: list[str] = []
    notices = open_notices_for(user) if action == "acknowledge" else []
    for number in dict.fromkeys(data["orders"]):
        try:
            order = selectors.get_visible(user, number, selectors.Action.ACT)
        except WorkOrder.DoesNotExist:
            refused.append(gettext("{number}：找不到该工单，或您无权处理。").format(number=number))
            continue
        try:
            if action == "dispatch":
                services.dispatch_work_order(
                    order=order, actor=user, place=data["place"], reason=data.get("reason") or ""
                )
            elif action == "transfer":
                services.transfer_work_order(
                    order=order, actor=user, place=data["place"], reason=data.get("reason") or ""
                )
            else:
                mine = [n for n in notices if n.order_id == order.pk and n.status == SupervisionStatus.OPEN]
                if not mine:
                    raise DomainError(gettext("没有发给您的待签收督办通知。"))
                for notice in mine:
                    services.acknowledge_notice(notice=notice, actor=user)
        except DomainError as exc:
            refused.append(f"{number}：{exc.message}")
        else:
            done.append(number)
    label = dict(form.fields["action"].choices)[action]  # type: ignore[attr-defined]
    if done:
        messages.success(
            request, gettext("{label}成功 {len} 件：{join}").format(label=label, len=len(done), join="、".join(done))
        )
    for line in refused:
        messages.error(request, gettext("{label}未成功 {line}").format(label=label, line=line))
    return redirect(request.get_full_path())
