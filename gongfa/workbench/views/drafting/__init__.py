"""Document drafting (文书代书) on the workbench: staff draft for a citizen at a window or in a
village room, from the citizen's work order (prefilled), and lawyers review handed-over drafts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.choices import STAFF_ROLES
from gongfa.core.access import Audience, door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.drafting import pages
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.drafting.services import finish_review, library, start_interview
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.selectors import visible_to as legalaid_visible_to
from gongfa.network.choices import PointTier
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.selectors import visible_to as visible_orders
from gongfa.workorders.services.intake import staff_point

WORKBENCH = pages.Surface("workbench", "workbench/base.html")
DRAFTERS = tuple(STAFF_ROLES)


def _order(request: HttpRequest, number: str) -> WorkOrder | None:
    if not number:
        return None
    order = visible_orders(request.user).filter(tracking_number=number.strip()).select_related("region", "requester")
    found = order.first()
    if found is None:
        raise Http404(gettext("找不到该工单"))
    return found


def _case(request: HttpRequest, number: str) -> LegalAidApplication | None:
    """A legal-aid case the person may see, by its case number (法援案件编号), or None."""
    if not number:
        return None
    found = (
        legalaid_visible_to(pages.acting_user(request))
        .filter(number=number.strip())
        .select_related("region", "applicant")
        .first()
    )
    if found is None:
        raise Http404(gettext("找不到该法律援助案件"))
    return found


@door(Audience.STAFF, roles=DRAFTERS)
@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """代书: choose the document (for the order named in ?order=, prefilled from it), and the drafts
    of this person and their point, with the drafts handed to them for review."""
    order = _order(request, request.GET.get("order", ""))
    case = _case(request, request.GET.get("case", ""))
    drafts = list(
        Interview.objects.visible_to(request.user)
        .exclude(status=InterviewStatus.DISCARDED)
        .select_related("template", "work_order", "review_order")
        .order_by("-updated_at")[:100]
    )
    return render(
        request,
        "drafting/workbench_choose.html",
        {
            "base_template": WORKBENCH.base_template,
            "surface": WORKBENCH,
            "definitions": library(),
            "order": order,
            "case": case,
            "drafts": drafts,
        },
    )


@door(Audience.STAFF, roles=DRAFTERS)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    order = _order(request, request.POST.get("order", ""))
    case = _case(request, request.POST.get("case", ""))
    point = staff_point(pages.acting_user(request))
    channel = Channel.VILLAGE_ROOM if point is not None and point.tier == PointTier.ROOM else Channel.WINDOW
    try:
        interview = start_interview(
            code=request.POST.get("template", ""),
            actor=pages.acting_user(request),
            channel=channel,
            work_order=order,
            legal_aid_application=case,
            point=point,
            region=getattr(point, "region", None) or getattr(order, "region", None) or getattr(case, "region", None),
        )
    except DomainError as exc:
        messages.error(request, exc.problems[0].message if exc.problems else gettext("无法开始。"))
        return redirect("workbench:drafting_choose")
    return redirect(WORKBENCH.url("step", interview.reference, interview.current_step))


@door(Audience.STAFF, roles=DRAFTERS, hidden=True)
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    return pages.step_page(request, WORKBENCH, reference, key)


@door(Audience.STAFF, roles=DRAFTERS, hidden=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, reference: str) -> HttpResponse:
    return pages.review_page(request, WORKBENCH, reference)


@door(Audience.STAFF, roles=DRAFTERS, hidden=True)
@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return pages.detail_page(request, WORKBENCH, reference)


@door(Audience.STAFF, roles=DRAFTERS, hidden=True)
@require_POST
def action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action == "finish_review":
        interview = pages.interview_for(request, reference)
        try:
            finish_review(interview=interview, actor=pages.acting_user(request), note=request.POST.get("note", ""))
        except NotPermitted as exc:
            raise Http404(str(exc)) from None
        except DomainError as exc:
            messages.error(request, "；".join(problem.message for problem in exc.problems))
        else:
            messages.success(request, gettext("审核已完成。"))
        return redirect(WORKBENCH.url("detail", interview.reference))
    return pages.action_page(request, WORKBENCH, reference, action)


@door(Audience.STAFF, roles=DRAFTERS, hidden=True)
@require_GET
def download(request: HttpRequest, reference: str, version: int, fmt: str) -> HttpResponse:
    return pages.download(request, WORKBENCH, reference, version, fmt)


urlpatterns = [
    path("", choose, name="drafting_choose"),
    path("start/", start, name="drafting_start"),
    path("<uuid:reference>/", detail, name="drafting_detail"),
    path("<uuid:reference>/review/", review, name="drafting_review"),
    path("<uuid:reference>/do/<str:action>/", action, name="drafting_action"),
    path("<uuid:reference>/v<int:version>.<str:fmt>", download, name="drafting_download"),
    path("<uuid:reference>/<str:key>/", step, name="drafting_step"),
]
