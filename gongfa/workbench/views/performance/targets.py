"""目标任务 (performance): the targets a supervisor sees (their region subtree), a form to set one,
and a target's page with its parts, progress lights, schedule, the split form and the schedule
forms. The rules are performance.services.targets'; a refusal shows every problem at once with
status 400 and changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well, page_status
from gongfa.network.models import Region
from gongfa.performance import selectors_targets as selectors
from gongfa.performance.choices import MilestonePeriod, SplitMethod, TrafficLight
from gongfa.performance.models import Indicator, Target
from gongfa.performance.services import targets as services
from gongfa.workbench.performance_forms.targets import ScheduleForm, SetTargetForm, SplitForm, TargetFilterForm
from gongfa.workbench.views.common import staff, supervisor_required

PAGE_SIZE = 100
# The lights reuse the clock tags' colours; the words beside them carry the meaning.
LIGHT_CLASS = {
    TrafficLight.GREEN: "tag--sla-on_time",
    TrafficLight.AMBER: "tag--sla-near_due",
    TrafficLight.RED: "tag--sla-overdue",
    TrafficLight.NONE: "tag--sla-paused",
}


def _indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, i.name) for i in selectors.target_indicators()]


def _show(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{services.fmt(value)}{unit}"


@supervisor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = TargetFilterForm(request.GET or None, indicators=_indicator_choices())
    year: int | None = None
    indicator = ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data.get("year")
        indicator = form.cleaned_data.get("indicator") or ""
    page = Paginator(selectors.target_list(user, year=year, indicator=indicator), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "target": target,
            "value": _show(target.value, target.indicator.get_unit_display()),
            "parent": target.parent,
            "parent_value": None
            if target.parent is None
            else _show(target.parent.value, target.indicator.get_unit_display()),
        }
        for target in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/performance/targets/list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "can_enter": selectors.entry_regions(user).exists(),
        },
        status=page_status(form),
    )


def _indicator(code: str | None) -> Indicator | None:
    return selectors.target_indicators().filter(code=code).first() if code else None


def _region(code: str | None) -> Region | None:
    return Region.objects.filter(code=code).first() if code else None


@supervisor_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Set a target (下达目标); the same indicator, region and year again changes its value."""
    user = staff(request)
    regions = [(r.code, f"{r.name}（{r.get_level_display()}）") for r in selectors.entry_regions(user)]
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    for key in ("indicator", "region", "year"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = SetTargetForm(request.POST or None, indicators=_indicator_choices(), regions=regions, initial=initial)
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        values: dict[str, Any] = {
            "actor": user,
            "indicator": _indicator(data.get("indicator")),
            "region": _region(data.get("region")),
            "year": data.get("year"),
            "value": data.get("value"),
            "source_document": data.get("source_document") or "",
            "note": data.get("note") or "",
        }
        if not valid:
            check_as_well(form, lambda: services.check_target(**values))
        else:
            try:
                target = services.set_target(**values)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    gettext("已下达{name}{year}年“{name2}”目标。").format(
                        name=target.region.name, year=target.year, name2=target.indicator.name
                    ),
                )
                return redirect("workbench:perf_target", pk=target.pk)
    return render(
        request,
        "workbench/performance/targets/new.html",
        {"form": form, "has_regions": bool(regions)},
        status=page_status(form),
    )


def _split_initial(target: Target, parts: list[Target]) -> dict[str, Any]:
    initial: dict[str, Any] = {"method": parts[0].split_method if parts else SplitMethod.TYPED}
    for part in parts:
        weighted = part.split_method == SplitMethod.WEIGHTED and part.weight is not None
        initial[f"part_{part.region.code}"] = services.fmt(part.weight if weighted else part.value)  # type: ignore[arg-type]
    return initial


def _schedule_initial(schedule: services.Schedule, period: str) -> dict[str, str]:
    if schedule.origin == "linear" or schedule.period != period:
        return {}
    return {f"share_{index}": services.fmt(share) for index, share in enumerate(schedule.shares, start=1)}


def _progress_row(item: services.Progress, unit: str) -> dict[str, Any]:
    return {
        "target": item.target,
        "value": _show(item.target.value, unit),
        "actual": _show(item.actual, unit),
        "due": _show(item.due, unit),
        "ratio": _show(item.ratio, "%"),
        "light": item.light,
        "light_label": item.light_label,
        "light_class": LIGHT_CLASS[TrafficLight(item.light)],
        "note": item.note,
    }


@supervisor_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    try:
        target = selectors.target_for(user, pk)
    except Target.DoesNotExist:
        raise Http404(gettext("找不到该目标")) from None
    indicator = target.indicator
    rate = indicator.is_rate
    can_manage = services.may_manage(user, target.region)
    children = list(Region.objects.filter(parent=target.region).order_by("code"))
    parts = list(target.parts.select_related("region").order_by("region__code"))
    schedule = services.schedule_of(target)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    split_form = SplitForm(
        request.POST if action == "split" else None,
        children=children,
        rate=rate,
        initial=_split_initial(target, parts),
    )
    quarter_form = ScheduleForm(
        request.POST if action == "schedule_quarter" else None,
        period=MilestonePeriod.QUARTER,
        initial=_schedule_initial(schedule, MilestonePeriod.QUARTER),
    )
    month_form = ScheduleForm(
        request.POST if action == "schedule_month" else None,
        period=MilestonePeriod.MONTH,
        initial=_schedule_initial(schedule, MilestonePeriod.MONTH),
    )
    bound: forms.Form | None = {
        "split": split_form,
        "schedule_quarter": quarter_form,
        "schedule_month": month_form,
    }.get(action)
    if action == "clear_split":
        try:
            removed = services.clear_split(actor=user, target=target)
        except DomainError as exc:
            add_domain_error(split_form, exc)
            bound = split_form
        else:
            messages.success(request, gettext("已清除分解（{removed} 个下级目标）。").format(removed=removed))
            return redirect("workbench:perf_target", pk=target.pk)
    elif bound is split_form:
        valid = split_form.is_valid()
        method = split_form.cleaned_data.get("method") or ""
        if not valid:
            check_as_well(
                split_form,
                lambda: services.check_split(actor=user, target=target, parts=split_form.parts(), method=method),
            )
        else:
            try:
                made = services.split_target(actor=user, target=target, parts=split_form.parts(), method=method)
            except DomainError as exc:
                add_domain_error(split_form, exc)
            else:
                messages.success(request, gettext("已分解到 {len} 个下级区划。").format(len=len(made)))
                return redirect("workbench:perf_target", pk=target.pk)
    elif isinstance(bound, ScheduleForm):
        schedule_form = bound
        valid = schedule_form.is_valid()
        if not valid:
            check_as_well(
                schedule_form,
                lambda: services.check_schedule(
                    actor=user, target=target, period=schedule_form.period, shares=schedule_form.shares()
                ),
            )
        else:
            try:
                services.set_schedule(
                    actor=user, target=target, period=schedule_form.period, shares=schedule_form.shares()
                )
            except DomainError as exc:
                add_domain_error(schedule_form, exc)
            else:
                messages.success(request, gettext("进度安排已保存。"))
                return redirect("workbench:perf_target", pk=target.pk)
    elif action:
        raise Http404(gettext("没有这个操作"))

    on = timezone.localdate()
    unit = indicator.get_unit_display()
    own = services.progress(target, on, schedule=schedule)
    part_rows = [_progress_row(item, unit) for item in services.progress_of_parts(target, on)]
    parts_total = sum((part.value for part in parts), Decimal(0))
    context = {
        "form": bound,
        "target": target,
        "indicator": indicator,
        "rate": rate,
        "unit": unit,
        "parent": target.parent,
        "parent_value": None if target.parent is None else _show(target.parent.value, unit),
        "value": _show(target.value, unit),
        "own": _progress_row(own, unit),
        "on": on,
        "due_share": services.fmt(own.due_share),
        "part_rows": part_rows,
        "parts_total": _show(parts_total, unit) if parts else None,
        "parts_mismatch": bool(parts) and not rate and parts_total != target.value,
        "schedule": schedule,
        "steps": [
            {
                "label": step.label,
                "ends": step.ends,
                "share": services.fmt(step.share),
                "cumulative": services.fmt(step.cumulative),
            }
            for step in schedule.steps(target.year)
        ],
        "can_manage": can_manage,
        "can_edit_value": can_manage and target.parent_id is None and target.region.level in services.ENTRY_LEVELS,
        "children": children,
        "split_form": split_form,
        "quarter_form": quarter_form,
        "month_form": month_form,
    }
    return render(request, "workbench/performance/targets/detail.html", context, status=page_status(bound))


urlpatterns = [
    path("targets/", index, name="perf_targets"),
    path("targets/new/", new, name="perf_target_new"),
    path("targets/<int:pk>/", detail, name="perf_target"),
]
