"""改派: the agent who registered a call sends it elsewhere while nobody has accepted it yet
(a mis-routed call used to leave them with "不由您承办，不能办理")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.workbench.intake_forms import RedirectForm
from gongfa.workbench.target_picker import QUERY
from gongfa.workbench.views.common import order_for, staff, staff_required
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.dispatch import (
    can_redirect,
    check_redirect,
    dispatch_targets_for,
    redirect_registered_order,
)


def redirect_form(request: HttpRequest, order: WorkOrder, user: User, data: Any = None) -> RedirectForm | None:
    """The 改派 form for the order page, when `user` registered the order and nobody accepted it."""
    if not can_redirect(order, user):
        return None
    query = (request.GET.get(QUERY) or "").strip()[:50]
    return RedirectForm(
        data,
        auto_id="id_redirect_%s",
        targets=dispatch_targets_for(user, order.region, query),
        query=query,
        region_code=order.region_code,
    )


@staff_required
@require_POST
def order_redirect(request: HttpRequest, tracking_number: str) -> HttpResponse:
    from gongfa.workbench.views.order import detail_context

    user = staff(request)
    order = order_for(request, tracking_number)
    form = redirect_form(request, order, user, request.POST)
    if form is None:
        messages.error(request, gettext("工单已被受理或不是您登记的，不能改派；如需调整请联系承办单位转办。"))
        return redirect("workbench:order_detail", tracking_number=order.tracking_number)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = redirect_registered_order(
                order, user, data.get("place"), data.get("reason") or "", person=data.get("person")
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            who = f"（{changed.owner_user.display_name}）" if changed.owner_user else ""
            messages.success(
                request,
                gettext("已改派至{owner_place_name}{who}。").format(owner_place_name=changed.owner_place_name, who=who),
            )
            return redirect("workbench:order_detail", tracking_number=order.tracking_number)
    else:
        data = form.cleaned_data
        check_as_well(
            form,
            lambda: check_redirect(
                order=order,
                by=user,
                place=data.get("place"),
                person=data.get("person"),
                reason=data.get("reason") or "",
            ),
        )
    order = order_for(request, tracking_number)
    context = detail_context(request, order)
    context.update(form=form, redirect_form=form)
    return render(request, "workbench/order_detail.html", context, status=400)
