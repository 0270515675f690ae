"""The pages of 话务与质检 (supervisors and administrators):

- 话单 (calls): the calls of one's regions, filtered by days, outcome and agent, with the KPIs of
  the filtered calls on top (answer rate, average talk time, sample rate), numbers masked,
  paginated, in a constant number of queries;
- 质检抽样 (sample): the calls to inspect for a region and period (5 %, deterministic);
- 质检 (inspect): the checklist form, every problem at once; the result page."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.network.models import Region, StaffPosting
from gongfa.network.scope import scope_for
from gongfa.workbench.views.calls.forms import CallFilterForm, InspectionForm, SampleForm
from gongfa.workbench.views.common import staff
from gongfa.workorders.models import CallRecord, QualityInspection
from gongfa.workorders.selectors_calls import (
    CallFilters,
    HotlineKpis,
    agents_in,
    calls_visible_to,
    filter_calls,
    hotline_kpis,
    with_list_relations,
)
from gongfa.workorders.services.quality import DEFAULT_SAMPLE_RATE, Period, active_checklist, inspect_call, sample_calls

PAGE_SIZE = 50
supervisors = door(Audience.SUPERVISOR)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def minutes(seconds: float | None) -> str:
    return "—" if seconds is None else gettext("{value:.1f} 分钟").format(value=seconds / 60)


def kpi_rows(kpis: HotlineKpis) -> list[tuple[str, str, str]]:
    """(label, value, note) of the KPI strip, formatted as % and minutes."""
    return [
        (
            gettext("接通率"),
            percent(kpis.answer_rate),
            gettext("接通 {answered} / 呼损 {abandoned}（目标 ≥95%）").format(
                answered=kpis.answered, abandoned=kpis.abandoned
            ),
        ),
        (
            gettext("平均通话时长"),
            minutes(kpis.average_talk_seconds),
            gettext("已接听 {answered} 个").format(answered=kpis.answered),
        ),
        (
            gettext("质检抽样率"),
            percent(kpis.sample_rate),
            gettext("已质检 {inspected} 个（目标 ≥5%）").format(inspected=kpis.inspected),
        ),
        (gettext("来电"), str(kpis.received), gettext("非值班时段留言 {messages} 个").format(messages=kpis.messages)),
    ]


def _default_days() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today.replace(day=1), today


@supervisors
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    """话单: the calls of one's regions, newest first; the KPIs of what the filters select."""
    user = staff(request)
    visible = calls_visible_to(user)
    start, end = _default_days()
    form = CallFilterForm(request.GET or None, agents=agents_in(visible), initial={"start": start, "end": end})
    filters = CallFilters(start=start, end=end)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = CallFilters(
            start=data["start"], end=data["end"], outcome=data["outcome"] or "", agent_id=data["agent"]
        )
    selected = filter_calls(visible, filters)
    kpis = hotline_kpis(selected)
    page = Paginator(with_list_relations(selected), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/calls/list.html",
        {"form": form, "page": page, "kpis": kpi_rows(kpis), "query": query.urlencode()},
        status=page_status(form),
    )


def _regions(request: HttpRequest) -> list[Region]:
    """The regions one may sample: the regions of a supervisor's postings; administrators: the
    regions that have calls' queues (their points' regions' provinces would be too wide)."""
    user = staff(request)
    if scope_for(user).sees_everything:
        codes = CallRecord.objects.order_by().values_list("region_code", flat=True).distinct()[:200]
        return list(Region.objects.filter(code__in=list(codes)).order_by("code"))
    postings = StaffPosting.objects.filter(user=user, is_active=True).select_related("point__region", "agency__region")
    found = {p.region.pk: p.region for p in postings if p.region is not None}
    return sorted(found.values(), key=lambda r: r.code)


@supervisors
@require_GET
def sample(request: HttpRequest) -> HttpResponse:
    """质检抽样: the calls of a region and period still to inspect to reach the 5 % sample."""
    regions = _regions(request)
    start, end = _default_days()
    initial = {"region": regions[0].code if regions else "", "start": start, "end": end}
    form = SampleForm(request.GET or None, regions=regions, initial=initial)
    calls: list[CallRecord] = []
    region = regions[0] if regions else None
    period = Period(start, end)
    if form.is_bound:
        if form.is_valid():
            region = next(r for r in regions if r.code == form.cleaned_data["region"])
            period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        else:
            region = None
    if region is not None:
        calls = sample_calls(region, period, DEFAULT_SAMPLE_RATE)
        in_period = filter_calls(calls_visible_to(staff(request)), CallFilters(start=period.start, end=period.end))
        kpis = kpi_rows(hotline_kpis(in_period.filter(region_code__range=region.subtree_bounds())))
    else:
        kpis = []
    return render(
        request,
        "workbench/calls/sample.html",
        {"form": form, "calls": calls, "region": region, "period": period, "kpis": kpis, "rate": DEFAULT_SAMPLE_RATE},
        status=page_status(form),
    )


def _call(request: HttpRequest, pk: int) -> CallRecord:
    call = calls_visible_to(staff(request)).select_related("agent", "queue", "order").filter(pk=pk).first()
    if call is None:
        raise Http404(gettext("找不到该话单"))
    return call


@supervisors
@require_http_methods(["GET", "POST"])
def inspect(request: HttpRequest, pk: int) -> HttpResponse:
    """质检: one score per checklist item; every problem at once (400), nothing saved."""
    call = _call(request, pk)
    if QualityInspection.objects.filter(call=call).exists():
        return redirect("workbench:calls_inspection", pk=call.pk)
    items = active_checklist()
    form = InspectionForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST":
        form.is_valid()
        try:
            inspect_call(call, staff(request), form.raw_scores(), request.POST.get("comment", ""))
        except DomainError as exc:
            _show(form, exc)
        else:
            return redirect("workbench:calls_inspection", pk=call.pk)
    return render(
        request,
        "workbench/calls/inspect.html",
        {"call": call, "form": form, "max_total": sum(i.max_points for i in items)},
        status=page_status(form),
    )


def _show(form: InspectionForm, exc: DomainError) -> None:
    """The service's problems on the form, each once (the form's own check may have said it)."""
    fields_faulted = {name for name in form.errors if name in form.fields}
    for problem in exc.problems:
        if problem.field in fields_faulted:
            continue
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)
    if not form.errors:  # pragma: no cover - a refusal always names something
        add_domain_error(form, exc)


@supervisors
@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """The inspection of a call: each item's score against its points, as the checklist then was."""
    call = _call(request, pk)
    found = QualityInspection.objects.select_related("inspector").filter(call=call).first()
    if found is None:
        raise Http404(gettext("该通话尚未质检"))
    rows = [(item, found.scores.get(item["code"])) for item in found.items]
    return render(request, "workbench/calls/inspection.html", {"call": call, "inspection": found, "rows": rows})


urlpatterns = [
    path("", call_list, name="calls_list"),
    path("quality/", sample, name="calls_sample"),
    path("<int:pk>/inspect/", inspect, name="calls_inspect"),
    path("<int:pk>/inspection/", inspection, name="calls_inspection"),
]
