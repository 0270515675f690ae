"""The public-good pages (公益法律服务, /workbench/outreach/public-good/…):

- 公益法律服务积分表 (managers: supervisors, administrators, window staff): the region's people and
  firms for a year with hours, cases, points, band and whether the yearly minimum is met; filter by
  firm and band; ?format=xlsx downloads it (names only, never a phone or ID number);
- a person's archive (the person, or a manager of their region) with the breakdown per source and
  刷新 (managers: the person's automatic records synced now);
- 我的公益服务 (the signed-in person's own archive) and 申报公益服务 (a manual entry with evidence);
- 待认定 (managers): pending manual entries of their region, and the entry's page with 认定/不予认定.

People are addressed by their user pk, never by phone or ID number. A refusal shows every problem
at once (400) and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.dbrouting import replica_view
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.outreach.selectors import publicgood as sel
from gongfa.outreach.selectors.access import MANAGER_ROLES
from gongfa.outreach.services import publicgood as svc
from gongfa.performance.xlsx import Table, workbook_from_tables, xlsx_response
from gongfa.workbench.outreach_forms import publicgood as f
from gongfa.workbench.views.common import staff

staff_door = door(Audience.STAFF)
manager_door = door(Audience.STAFF, roles=MANAGER_ROLES)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else sel.default_year()


def _years() -> list[int]:
    current = sel.default_year()
    return list(range(current, current - 5, -1))


# ---------------------------------------------------------------------------------------------
# The table


def _xlsx(table: sel.YearTable) -> HttpResponse:
    people = Table(
        title=gettext("人员公益服务积分"),
        columns=[
            gettext("姓名"),
            gettext("角色"),
            gettext("执业机构"),
            gettext("服务时长（小时）"),
            gettext("法律援助案件"),
            gettext("积分"),
            gettext("等次"),
            gettext("达到年度最低要求"),
        ],
        rows=[
            [
                r.name,
                r.role,
                r.agency_name,
                r.score.hours,
                r.score.cases,
                r.score.total,
                r.score.band,
                gettext("是") if r.score.minimum_met else gettext("否"),
            ]
            for r in table.people
        ],
        caption=gettext("{year}年度").format(year=table.year),
        notes=[gettext("积分规则：{scheme}").format(scheme=table.scheme.name if table.scheme else gettext("未设置"))],
    )
    firms = Table(
        title=gettext("机构公益服务积分"),
        columns=[
            gettext("执业机构"),
            gettext("人数"),
            gettext("服务时长（小时）"),
            gettext("法律援助案件"),
            gettext("人均积分"),
            gettext("等次"),
            gettext("达到最低要求人数"),
        ],
        rows=[
            [r.name, r.members, r.hours, r.cases, r.average_points, r.band, r.members_meeting_minimum]
            for r in table.firms
        ],
        caption=gettext("{year}年度").format(year=table.year),
    )
    return xlsx_response(
        gettext("公益法律服务积分_{year}.xlsx").format(year=table.year), workbook_from_tables([people, firms])
    )


@manager_door
@require_GET
@replica_view
def table_page(request: HttpRequest) -> HttpResponse:
    """公益法律服务积分表: a constant number of queries whatever the number of people."""
    user = staff(request)
    year = _year(request)
    probe = sel.year_table(user, year)  # the filter offers its firms and bands
    form = f.TableFilterForm(request.GET or None, agencies=probe.agencies, bands=probe.bands)
    agency_id = band = None
    if form.is_bound and form.is_valid():
        agency_id = form.cleaned_data.get("agency")
        band = form.cleaned_data.get("band") or ""
    table = sel.narrowed(probe, agency_id=agency_id, band=band or "")
    if request.GET.get("format") == "xlsx":
        return _xlsx(table)
    return render(
        request,
        "workbench/outreach/publicgood/table.html",
        {"table": table, "form": form, "year": year, "years": _years(), "query": request.GET.urlencode()},
        status=page_status(form),
    )


# ---------------------------------------------------------------------------------------------
# Archives


def _person(request: HttpRequest, pk: int) -> User:
    person = User.objects.filter(pk=pk).first()
    if person is None or not sel.may_view_archive(staff(request), person):
        raise Http404(gettext("找不到该人员的公益服务档案"))
    return person


def _archive(request: HttpRequest, person: User, *, own: bool) -> HttpResponse:
    user = staff(request)
    year = _year(request)
    return render(
        request,
        "workbench/outreach/publicgood/archive.html",
        {
            "archive": sel.archive(person, year),
            "own": own,
            "may_refresh": not own and sel.may_decide(user, person),
            "may_declare": own and svc.may_declare(user),
            "year": year,
            "years": _years(),
        },
    )


@staff_door
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的公益服务."""
    return _archive(request, staff(request), own=True)


@staff_door
@require_GET
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return _archive(request, person, own=person.pk == staff(request).pk)


@manager_door
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """刷新: the person's automatic records synced now (that year)."""
    person = _person(request, pk)
    year = _year(request)
    try:
        result = svc.refresh_person(actor=staff(request), person=person, year=year)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已刷新 {year} 年度的自动记录：{result}。").format(year=year, result=result))
    return redirect(f"{reverse('workbench:outreach_publicgood_person', args=[person.pk])}?year={year}")


# ---------------------------------------------------------------------------------------------
# Manual entries


@staff_door
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest) -> HttpResponse:
    """申报公益服务 (for oneself)."""
    user = staff(request)
    allowed = svc.may_declare(user)
    form = f.EntryForm(request.POST or None, request.FILES or None) if request.method == "POST" else f.EntryForm()
    if request.method == "POST" and allowed:
        form.is_valid()
        data: dict[str, Any] = dict(getattr(form, "cleaned_data", {}))
        try:
            record = svc.submit_entry(
                actor=user,
                occurred_on=data.get("occurred_on"),
                hours=data.get("hours") if "hours" not in form.errors else request.POST.get("hours"),
                description=data.get("description") or "",
                evidence=request.FILES.get("evidence"),
            )
        except DomainError as exc:
            add_domain_error(form, exc, skip_faulted=True)
        else:
            if not form.errors:
                messages.success(request, gettext("已提交申报，待辖区管理人员认定。"))
                return redirect(f"{_mine_url()}?year={record.occurred_on.year}")
    return render(
        request,
        "workbench/outreach/publicgood/declare.html",
        {"form": form, "allowed": allowed},
        status=page_status(form) if allowed else (403 if request.method == "POST" else 200),
    )


def _mine_url() -> str:
    return reverse("workbench:outreach_publicgood_mine")


@manager_door
@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    """待认定: the region's pending manual entries, oldest first (three queries)."""
    rows = list(sel.pending_entries(staff(request))[:200])
    return render(request, "workbench/outreach/publicgood/pending.html", {"rows": rows})


def _record(request: HttpRequest, pk: int) -> Any:
    record = sel.visible_record(staff(request), pk)
    if record is None:
        raise Http404(gettext("找不到该公益服务记录"))
    return record


@staff_door
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry; a manager of the person's region (not the author) decides it here."""
    user = staff(request)
    record = _record(request, pk)
    may_decide = record.status == "pending" and record.source == "manual" and sel.may_decide(user, record.person)
    self_entry = user.pk in (record.person_id, record.submitted_by_id)
    form = f.DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        decision = form.cleaned_data.get("decision") if hasattr(form, "cleaned_data") else None
        reason = request.POST.get("reason") or ""
        if decision:
            try:
                if decision == "approve":
                    svc.approve_entry(actor=user, record=record, note=reason)
                    done = gettext("已认定。")
                else:
                    svc.reject_entry(actor=user, record=record, reason=reason)
                    done = gettext("已不予认定，申报人会看到理由。")
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, done)
                return redirect("workbench:outreach_publicgood_pending")
    return render(
        request,
        "workbench/outreach/publicgood/record.html",
        {"record": record, "form": form, "may_decide": may_decide, "self_entry": self_entry},
        status=page_status(form),
    )


@staff_door
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    record = _record(request, pk)
    if not record.evidence:
        raise Http404(gettext("该记录没有证明材料"))
    extension = record.evidence.name.rsplit(".", 1)[-1]
    return FileResponse(
        record.evidence.open("rb"),
        as_attachment=record.evidence_content_type == "application/pdf",
        filename=gettext("证明材料-{number}.{extension}").format(number=record.pk, extension=extension),
        content_type=record.evidence_content_type or None,
    )


urlpatterns = [
    path("", table_page, name="outreach_publicgood_table"),
    path("mine/", mine, name="outreach_publicgood_mine"),
    path("declare/", declare, name="outreach_publicgood_declare"),
    path("pending/", pending, name="outreach_publicgood_pending"),
    path("people/<int:pk>/", person_page, name="outreach_publicgood_person"),
    path("people/<int:pk>/refresh/", refresh, name="outreach_publicgood_refresh"),
    path("records/<int:pk>/", record_page, name="outreach_publicgood_record"),
    path("records/<int:pk>/evidence/", evidence, name="outreach_publicgood_evidence"),
]
