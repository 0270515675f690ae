"""Duty lawyers (值班律师, rules.md §5.4): the help logs, a new request, and one log's help,
closing and forwarded application."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.fields import show_masked
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.workbench import legalaid_forms as f
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.legalaid.intake import _region_choices

# ---------------------------------------------------------------------------------------------
# Duty lawyers (值班律师, rules.md §5.4)


def _duty_lawyer_choices(user: User) -> list[tuple[int, str]]:
    from gongfa.legalaid.models import ProviderProfile
    from gongfa.workbench import options

    county = options.home_county(user)
    profiles = ProviderProfile.objects.filter(accepts_legal_aid=True, user__is_active=True).select_related(
        "user", "agency"
    )
    if county is not None:
        low, high = county.subtree_bounds()
        profiles = profiles.filter(agency__region__code__range=(low, high))
    return [(p.user_id, f"{p.user.display_name}（{p.agency.name}）") for p in profiles.order_by("agency__name", "pk")]


@staff_required
@require_http_methods(["GET", "POST"])
def duty_logs(request: HttpRequest) -> HttpResponse:
    """值班律师法律帮助登记: the list, and a new request (the legal aid centre's staff or the lawyer)."""
    from gongfa.legalaid.selectors import legal_aid_centre_for
    from gongfa.legalaid.services.duty import check_duty_request, log_duty_request, visible_duty_logs
    from gongfa.workbench import options

    user = staff(request)
    form = f.DutyLogForm(request.POST or None, lawyers=_duty_lawyer_choices(user))
    if request.method == "POST" and not form.is_valid():
        data = form.cleaned_data
        lawyer = User.objects.filter(pk=data["duty_lawyer"]).first() if data.get("duty_lawyer") else None
        check_as_well(
            form,
            lambda: check_duty_request(
                duty_lawyer=lawyer,
                station=data.get("station") or "",
                person_name=data.get("person_name") or "",
                requested_at=data.get("requested_at"),
                id_number=data.get("id_number") or "",
                notes=data.get("notes") or "",
            ),
        )
    elif request.method == "POST":
        data = form.cleaned_data
        county = options.home_county(user)
        agency = legal_aid_centre_for(county) if county is not None else None
        lawyer = User.objects.filter(pk=data["duty_lawyer"]).first() if data["duty_lawyer"] else None
        try:
            if agency is None:
                raise DomainError(gettext("找不到您所在地的法律援助机构。"), code="no_agency")
            log = log_duty_request(
                actor=user,
                agency=agency,
                station=data["station"],
                duty_lawyer=lawyer,
                person_name=data["person_name"],
                requested_at=data["requested_at"],
                id_number=data["id_number"],
                notes=data["notes"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已登记。"))
            return redirect("workbench:legal_aid_duty_log", pk=log.pk)
    logs = visible_duty_logs(user).select_related("duty_lawyer", "agency").order_by("-requested_at", "-pk")[:100]
    return render(
        request,
        "workbench/legalaid/duty_logs.html",
        {"form": form, "logs": list(logs)},
        status=400 if form.errors else 200,
    )


def _duty_log_for(request: HttpRequest, pk: int) -> Any:
    from gongfa.legalaid.services.duty import visible_duty_logs

    log = visible_duty_logs(staff(request)).select_related("duty_lawyer", "agency__region").filter(pk=pk).first()
    if log is None:
        raise Http404(gettext("找不到该登记"))
    return log


@staff_required
@require_http_methods(["GET", "POST"])
def duty_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One help log: record the help given, close it, or forward an application (24 h, 第39条)."""
    from gongfa.legalaid.services.duty import DUTY_HELP, close_duty_log, forward_application, record_help
    from gongfa.network.models import Region

    user = staff(request)
    log = _duty_log_for(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    help_form = f.DutyHelpForm(request.POST if action == "help" else None)
    close_form = f.ReasonForm(request.POST if action == "close" else None)
    from gongfa.legalaid.selectors import matters_for
    from gongfa.portal.legalaid_forms import matter_choices

    forward_form = f.DutyForwardForm(
        request.POST if action == "forward" else None,
        regions=_region_choices(user),
        matters=matter_choices(matters_for(log.agency.region)),
        initial={"applicant_name": log.person_name, "matter_code": "criminal_defence"},
    )
    show_masked(forward_form, "id_number", log.id_number, "id_number")
    bound = {"help": help_form, "close": close_form, "forward": forward_form}.get(action)
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if action == "help":
                record_help(
                    log=log, actor=user, kinds=data["kinds"], notes=data["notes"], plea_presence=data["plea_presence"]
                )
                message = gettext("帮助情况已记录。")
            elif action == "close":
                close_duty_log(log=log, actor=user, notes=data["reason"])
                message = gettext("已办结。")
            else:
                region = Region.objects.filter(code=data["region"]).first()
                if region is None:
                    raise DomainError(gettext("请选择申请人所在地。"), field="region")
                forwarded = forward_application(
                    log=log,
                    actor=user,
                    region=region,
                    data=bound.data_for_service(),  # type: ignore[attr-defined]
                )
                message = gettext("已转交法律援助申请 {number}。").format(number=forwarded.number)
        except DomainError as exc:
            add_domain_error(bound, exc)
        else:
            messages.success(request, message)
            return redirect("workbench:legal_aid_duty_log", pk=log.pk)
    allowed = {t.action for t in DUTY_HELP.allowed_actions(log.status)}
    return render(
        request,
        "workbench/legalaid/duty_log.html",
        {
            "log": log,
            "help_form": help_form,
            "close_form": close_form,
            "forward_form": forward_form,
            "allowed": allowed,
            "form": bound,
        },
        status=400 if bound is not None and bound.errors else 200,
    )
