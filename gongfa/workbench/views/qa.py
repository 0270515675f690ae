"""The Q&A lookup panel of the hotline console and window (智能问答), and demand analysis
(需求研判): every question asked through any channel, counted by channel, topic and county, with
the ones the Q&A answered poorly as their own column."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongfa.core.choices import Channel
from gongfa.core.dbrouting import replica_view
from gongfa.knowledge import qa as qa_service
from gongfa.network.scope import scope_for
from gongfa.workbench.forms import DemandPeriodForm, QaPanelForm
from gongfa.workbench.views.common import staff, staff_required, supervisor_required
from gongfa.workorders.services.intake import staff_point

DEMAND_DEFAULT_DAYS = 30


@staff_required
@require_POST
def qa_panel(request: HttpRequest) -> HttpResponse:
    """Answer the caller's question for the agent. HTMX gets the panel alone; without JavaScript
    the answer comes on a page of its own."""
    user = staff(request)
    form = QaPanelForm(request.POST, prefix="qa")
    answer = None
    if form.is_valid():
        channel = Channel.HOTLINE if request.POST.get("channel") == Channel.HOTLINE else Channel.WORKBENCH
        # The caller's place is not known yet; the desk's region is the best guess for demand analysis.
        point = staff_point(user)
        region = point.region if point is not None else None
        answer = qa_service.ask(form.cleaned_data["question"], channel=channel, user=user, region=region)
    template = "workbench/partials/qa_panel.html" if request.htmx else "workbench/qa.html"  # type: ignore[attr-defined]
    return render(request, template, {"qa_form": form, "answer": answer}, status=200 if form.is_valid() else 400)


@supervisor_required
@require_GET
@replica_view
def qa_demand(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = DemandPeriodForm(request.GET or None)
    today = timezone.localdate()
    end = today
    start = today - datetime.timedelta(days=DEMAND_DEFAULT_DAYS - 1)
    if form.is_bound and form.is_valid():
        end = form.cleaned_data.get("end") or end
        start = form.cleaned_data.get("start") or min(start, end)
    scope = scope_for(user)
    region_filter = None if scope.sees_everything else scope.region_q("region__code")
    summary = qa_service.demand_summary(start, end, region_filter)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "topics": summary.topics,
        "regions": summary.regions,
        "channels": summary.channels,
        "low_total": summary.low,
        "total": summary.total,
        "threshold": round(settings.QA_LOW_CONFIDENCE * 100),
    }
    return render(request, "workbench/qa_demand.html", context, status=400 if form.errors else 200)
