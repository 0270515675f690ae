"""绩效看板 (performance dashboard): the overview of a region in the supervisor's subtree.

GET only. ?region=<code> opens a region of the user's subtree (404 otherwise, so nobody learns
what lies outside it); the filters are the period (whole months), a comparison, a service and a
channel; ?format=xlsx downloads the page's tables. A refused filter shows every problem in the
error summary (400) and nothing computed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.accounts.models import User
from gongfa.core.dbrouting import replica_view
from gongfa.network.models import Region, StaffPosting
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.performance import dashboard as board
from gongfa.performance.charts import echarts_url
from gongfa.performance.xlsx import workbook_from_tables, xlsx_response
from gongfa.workbench.performance_forms.dashboard import DashboardFilterForm
from gongfa.workbench.views.common import staff, supervisor_required


def home_region(user: User) -> Region | None:
    """The region a user's dashboard opens on: the highest region among a supervisor's postings,
    the top of the tree for an administrator."""
    scope = scope_for(user)
    if scope.kind == ScopeKind.ADMINISTRATOR:
        return Region.objects.filter(parent__isnull=True).order_by("code").first()
    if scope.kind != ScopeKind.SUPERVISOR:
        return None
    postings = StaffPosting.objects.filter(user=user, is_active=True).select_related("point__region", "agency__region")
    regions = [p.region for p in postings if p.place is not None]
    return min(regions, key=lambda region: (region.level, region.code), default=None)


def region_for(request: HttpRequest) -> Region:
    """The region asked for (?region=) if the user's subtree holds it, else their own; 404 when
    neither can be shown."""
    user = staff(request)
    code = request.GET.get("region", "").strip()
    if not code:
        region = home_region(user)
    else:
        region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) == 12 else None
        if region is not None and not scope_for(user).covers_region(region):
            region = None
    if region is None:
        raise Http404(gettext("找不到该地区，或不在您的管辖范围内"))
    return region


def _trail(user: User, region: Region) -> list[Region]:
    """The region's ancestors the user may open (for the breadcrumb), province first."""
    scope = scope_for(user)
    return [r for r in region.ancestors().order_by("level") if scope.covers_region(r)]


@supervisor_required
@require_GET
@replica_view
def index(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    region = region_for(request)
    services = board.service_names()
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("start") and not data.get("end"):  # the default period, shown in the inputs
        default = board.default_period(today)
        data["start"], data["end"] = f"{default.start:%Y-%m}", f"{default.end:%Y-%m}"
    form = DashboardFilterForm(data, services=list(services.items()), today=today)
    context: dict[str, object] = {"form": form, "region": region, "trail": _trail(user, region)}
    if not form.is_valid():
        return render(request, "workbench/performance/dashboard/index.html", context, status=400)
    dashboard = board.build(
        region,
        form.period,
        comparison=form.cleaned_data.get("comparison") or "",
        page=form.page_filters,
        services=services,
    )
    if request.GET.get("format") == "xlsx":
        filename = gettext("绩效看板_{name}_{start:%Y%m}-{end:%Y%m}.xlsx").format(
            name=region.name, start=form.period.start, end=form.period.end
        )
        return xlsx_response(filename, workbook_from_tables(dashboard.tables()))
    query = request.GET.copy()
    query.pop("region", None)
    query.pop("format", None)
    context.update(
        dashboard=dashboard,
        charts=[
            {"id": f"chart-{s.key}", "title": s.title, **s.chart} for s in dashboard.sections if s.chart is not None
        ],
        echarts_url=echarts_url(),
        filters_query=query.urlencode(),
    )
    return render(request, "workbench/performance/dashboard/index.html", context)


urlpatterns = [
    path("dashboard/", index, name="perf_dashboard"),
]
