"""月报与通报 (performance): the monthly reports of my region and the regions beneath, the report
page (cells, typed inputs, warnings, submit / return / accept), bulletins, and the downloads.

Rules are performance.services.reports'; a refusal is shown in the error summary with status 400
and changes nothing. The lists run a constant number of queries whatever their length."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.dbrouting import replica_view
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well, page_status
from gongfa.network.models import Region, StaffPosting
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.performance import pdf, report_files
from gongfa.performance.choices import REPORT_TRANSITIONS, ReportStatus, RowKind
from gongfa.performance.models import Bulletin, Indicator, MonthlyReport, ReportTemplate
from gongfa.performance.periods import add_months, month_start
from gongfa.performance.services import reports as services
from gongfa.performance.xlsx import xlsx_response
from gongfa.workbench.performance_forms import reports as f
from gongfa.workbench.views.common import staff, supervisor_required

LIST_LIMIT = 200
EVENT_LABELS = {
    "performance.monthlyreport.generate": _("生成"),
    "performance.monthlyreport.edit": _("填写"),
    "performance.monthlyreport.submit": _("报送"),
    "performance.monthlyreport.return": _("退回修改"),
    "performance.monthlyreport.accept": _("审核通过"),
    services.LATE_VERB: _("催报"),
}


def _posting_regions(user: User) -> list[Region]:
    """The regions the user is posted in (as a supervisor), nearest the top first."""
    postings = StaffPosting.objects.filter(user=user, is_active=True, role=user.role).select_related(
        "point__region", "agency__region"
    )
    regions = {p.region.pk: p.region for p in postings if p.place is not None}
    return sorted(regions.values(), key=lambda region: (region.level, region.code))


def _templates_for(regions: list[Region]) -> list[ReportTemplate]:
    levels = {region.level for region in regions}
    return list(ReportTemplate.objects.filter(is_active=True, reporting_level__in=levels).order_by("code"))


def _generate_form(user: User, data: Any = None) -> tuple[f.GenerateForm | None, list[Region]]:
    regions = _posting_regions(user)
    templates = _templates_for(regions)
    if not templates:
        return None, regions
    return f.GenerateForm(data, templates=[(t.code, t.name) for t in templates]), regions


def _index_context(request: HttpRequest, form: f.GenerateForm | None = None) -> dict[str, Any]:
    user = staff(request)
    today = timezone.localdate()
    reports = list(services.visible_reports(user).order_by("-month", "region__code", "template__code")[:LIST_LIMIT])
    rows = [(report, services.days_late(report, today)) for report in reports]
    if form is None:
        form, _regions = _generate_form(user)
    bulletins = list(services.visible_bulletins(user).order_by("-issued_at")[:50])
    last_month = add_months(month_start(today), -1)
    return {
        "expected": services.expected_reports(user, last_month, today=today),
        "last_month": last_month,
        "rows": rows,
        "generate_form": form,
        "form": form if form is not None and form.is_bound else None,
        "bulletins": bulletins,
        "today": today,
        "limit": LIST_LIMIT,
    }


@supervisor_required
@require_GET
@replica_view
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workbench/performance/reports/index.html", _index_context(request))


@supervisor_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form, regions = _generate_form(user, request.POST)
    if form is None:
        raise Http404(gettext("您所在的区划没有需要填报的月报"))
    template = region = None
    if form.is_valid():
        template = ReportTemplate.objects.filter(code=form.cleaned_data["template"]).first()
        region = next((r for r in regions if template is not None and r.level == template.reporting_level), None)
        try:
            if template is None or region is None:
                raise DomainError(gettext("请选择本级需要填报的报表。"), field="template")
            report = services.generate_report(user, template, region, form.cleaned_data["month"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, gettext("已生成{month:%Y年%m月}月报，请核对并填写手工栏目。").format(month=report.month)
            )
            return redirect("workbench:perf_report", pk=report.pk)
    else:
        data = form.cleaned_data
        template = ReportTemplate.objects.filter(code=data.get("template") or "").first()
        region = next((r for r in regions if template is not None and r.level == template.reporting_level), None)
        month = data.get("month")
        if template is not None and region is not None and month is not None:
            check_as_well(form, lambda: services.check_generate(user, template, region, month))
    return render(request, "workbench/performance/reports/index.html", _index_context(request, form), status=400)


# ---------------------------------------------------------------------------------------------
# One report


def _report_for(request: HttpRequest, pk: int) -> MonthlyReport:
    report = services.visible_reports(staff(request)).select_related("region__parent").filter(pk=pk).first()
    if report is None:
        raise Http404(gettext("找不到该月报"))
    return report


def _events(report: MonthlyReport) -> list[tuple[str, Event]]:
    events = (
        Event.objects.filter(subject_type=ContentType.objects.get_for_model(MonthlyReport), subject_id=str(report.pk))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return [(str(EVENT_LABELS.get(event.verb, event.verb)), event) for event in events]


def _report_context(
    request: HttpRequest,
    report: MonthlyReport,
    *,
    cells_form: f.CellsForm | None = None,
    return_form: f.ReturnForm | None = None,
    failed: Any = None,
) -> dict[str, Any]:
    user = staff(request)
    cells = services.report_cells(report)
    rows = [cell.row for cell in cells]
    reporter = services.posted_in(user, report.region)
    editable = reporter and report.status in services.EDITABLE
    decider = not reporter and services.is_level_above(user, report.region)
    if cells_form is None and editable:
        initial = {
            cell.row.code: (cell.text if cell.row.value_type == "text" else report_files.plain(cell.value))
            for cell in cells
            if cell.row.kind == RowKind.TYPED
        }
        cells_form = f.CellsForm(rows=rows, initial_values=initial)
    return {
        "report": report,
        "lines": report_files.report_lines(report, cells),
        "warnings": services.check_report(report, cells),
        "missing": services.missing_required(report, cells),
        "cells_form": cells_form if editable else None,
        "can_submit": editable and REPORT_TRANSITIONS.can(report.status, "submit"),
        "can_decide": decider and report.status == ReportStatus.SUBMITTED,
        "return_form": return_form or f.ReturnForm(),
        "days_late": services.days_late(report),
        "events": _events(report),
        "form": failed,
    }


@supervisor_required
@require_GET
@replica_view
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    return render(request, "workbench/performance/reports/report.html", _report_context(request, report))


@supervisor_required
@require_POST
def save_cells(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    report = _report_for(request, pk)
    rows = list(report.template.rows.all())
    form = f.CellsForm(request.POST, rows=rows, initial_values={})
    if form.is_valid():
        try:
            services.save_typed_cells(user, report, form.values())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect("workbench:perf_report", pk=report.pk)
    else:
        check_as_well(form, lambda: services.check_typed_cells(report, form.values()))
    return render(
        request,
        "workbench/performance/reports/report.html",
        _report_context(request, report, cells_form=form, failed=form),
        status=400,
    )


@supervisor_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """submit / return / accept."""
    if action not in ("submit", "return", "accept"):
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    report = _report_for(request, pk)
    form: f.NoInputForm | f.ReturnForm
    form = f.ReturnForm(request.POST) if action == "return" else f.NoInputForm(request.POST)
    if form.is_valid():
        try:
            if action == "submit":
                services.submit_report(user, report)
                done = gettext("已报送上一级审核。")
            elif action == "return":
                services.return_report(user, report, form.cleaned_data["reason"])
                done = gettext("已退回修改。")
            else:
                services.accept_report(user, report)
                done = gettext("已审核通过。")
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:perf_report", pk=report.pk)
    report.refresh_from_db()
    return render(
        request,
        "workbench/performance/reports/report.html",
        _report_context(request, report, return_form=form if isinstance(form, f.ReturnForm) else None, failed=form),
        status=page_status(form),
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


def _report_name(report: MonthlyReport) -> str:
    return gettext("{name}{month:%Y年%m月}{name2}").format(
        name=report.region.name, month=report.month, name2=report.template.name
    )


@supervisor_required
@require_GET
@replica_view
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    content = report_files.report_xlsx(report, services.report_cells(report))
    return xlsx_response(f"{_report_name(report)}.xlsx", content)


@supervisor_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    content = pdf.report_pdf(report, services.report_cells(report))
    return _download(content, f"{_report_name(report)}.pdf", "application/pdf")


# ---------------------------------------------------------------------------------------------
# Bulletins


def _bulletin_regions(user: User) -> list[Region]:
    if scope_for(user).kind == ScopeKind.ADMINISTRATOR:
        return list(Region.objects.filter(level__lte=3).order_by("code")[:300])
    return [region for region in _posting_regions(user) if region.level < 5]


def _bulletin_form(user: User, data: Any = None) -> f.BulletinForm:
    regions = _bulletin_regions(user)
    indicators = Indicator.objects.filter(is_active=True).order_by("sort_order", "code")
    return f.BulletinForm(
        data,
        regions=[(region.code, region.name) for region in regions],
        indicators=[(indicator.code, indicator.name) for indicator in indicators],
    )


@supervisor_required
@require_http_methods(["GET", "POST"])
def new_bulletin(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = _bulletin_form(user, request.POST or None)
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        region = Region.objects.filter(code=data.get("region") or "").first()
        if valid:
            try:
                if region is None:
                    raise DomainError(gettext("请选择通报单位。"), field="region")
                bulletin = services.issue_bulletin(
                    user, region, data["start"], data["end"], data["indicators"], title=data.get("title") or ""
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("通报已制发。"))
                return redirect("workbench:perf_bulletin", pk=bulletin.pk)
        else:
            check_as_well(
                form,
                lambda: services.check_bulletin(
                    user,
                    region,
                    data.get("start"),
                    data.get("end"),
                    data.get("indicators") or [],
                    data.get("title") or "",
                ),
            )
    return render(request, "workbench/performance/reports/bulletin_new.html", {"form": form}, status=page_status(form))


def _bulletin_for(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = services.visible_bulletins(staff(request)).filter(pk=pk).first()
    if bulletin is None:
        raise Http404(gettext("找不到该通报"))
    return bulletin


@supervisor_required
@require_GET
@replica_view
def bulletin_page(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_for(request, pk)
    rows = bulletin.rows or []
    headers = [{"name": c["name"], "unit": c.get("unit", "")} for c in rows[0]["cells"]] if rows else []
    return render(
        request, "workbench/performance/reports/bulletin.html", {"bulletin": bulletin, "rows": rows, "headers": headers}
    )


@supervisor_required
@require_GET
@replica_view
def bulletin_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_for(request, pk)
    return xlsx_response(f"{bulletin.title}.xlsx", report_files.bulletin_xlsx(bulletin))


@supervisor_required
@require_GET
def bulletin_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_for(request, pk)
    return _download(pdf.bulletin_pdf(bulletin), f"{bulletin.title}.pdf", "application/pdf")


urlpatterns = [
    path("reports/", index, name="perf_reports"),
    path("reports/generate/", generate, name="perf_report_generate"),
    path("reports/<int:pk>/", report_page, name="perf_report"),
    path("reports/<int:pk>/cells/", save_cells, name="perf_report_cells"),
    path("reports/<int:pk>/xlsx/", report_xlsx, name="perf_report_xlsx"),
    path("reports/<int:pk>/pdf/", report_pdf, name="perf_report_pdf"),
    path("reports/<int:pk>/<str:action>/", act, name="perf_report_action"),
    path("bulletins/new/", new_bulletin, name="perf_bulletin_new"),
    path("bulletins/<int:pk>/", bulletin_page, name="perf_bulletin"),
    path("bulletins/<int:pk>/xlsx/", bulletin_xlsx, name="perf_bulletin_xlsx"),
    path("bulletins/<int:pk>/pdf/", bulletin_pdf, name="perf_bulletin_pdf"),
]
