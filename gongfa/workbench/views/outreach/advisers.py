"""Workbench pages of village legal advisers' work (村(居)法律顾问工作), phone-first.

- 记录工作 (outreach_advisers_log): choose the kind of work (?kind=, plain links: no script
  needed), then one form with the village (only those the adviser serves), the date, what was
  done, the kind's own fields and photos. A huge audience asks for an explicit confirmation.
- 我的工作台账 (outreach_advisers_my_ledger, ?month=YYYY-MM): the month's entries grouped by
  village with the totals per kind, and its xlsx (outreach_advisers_my_ledger_export).
- 法律顾问台账 (outreach_advisers_ledger, ?advisor=<user id> or ?village=<region code>, ?month=):
  any adviser's or village's month in a supervisor's regions, and its xlsx
  (outreach_advisers_ledger_export).
- A log entry's photo or material (outreach_advisers_attachment, <pk>): the adviser's own, or in a
  region the person manages; 404 for anyone else.
- 法律顾问履职 (outreach_advisers_coverage, ?region=<code>): villages without an adviser, silent
  villages, poverty villages without an adviser, with counts and rates (a constant number of
  queries).

Every staff member may open the adviser's pages (someone with no appointment is told so); the
supervisor's pages are for supervisors and administrators, narrowed to the regions they manage.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.core.dbrouting import replica_view
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.core.masking import mask_name, mask_phone
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.selectors import advisers as sel
from gongfa.outreach.selectors.access import can_manage, managed_region_q
from gongfa.outreach.services.advisers import check_log, record_log
from gongfa.performance.xlsx import DATE, Cell, Table, workbook_from_tables, xlsx_response
from gongfa.workbench.outreach_forms.advisers import LogForm, parse_month
from gongfa.workbench.views.common import staff, staff_required, supervisor_required

LOG_TEMPLATE = "workbench/outreach/advisers/log.html"


@staff_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    """记录工作: the kind first (?kind=), then its form."""
    user = staff(request)
    villages = sel.served_villages(user)
    kinds = sel.active_kinds()
    context: dict[str, Any] = {"villages": villages, "kinds": kinds, "kind": None, "form": None}
    if not villages:
        return render(request, LOG_TEMPLATE, context)
    code = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    kind = sel.kind_by_code(code or "")
    if kind is None:
        context["problem"] = gettext("所选工作类型不存在，请重新选择。") if code else ""
        return render(request, LOG_TEMPLATE, context, status=400 if code else 200)
    cases = list(sel.linkable_cases(user)[: sel.LINKABLE_CASES]) if kind.wants("mediation_case") else []
    context["kind"] = kind
    if request.method != "POST":
        context["form"] = LogForm(kind=kind, villages=villages, cases=cases)
        return render(request, LOG_TEMPLATE, context)
    form = LogForm(request.POST, request.FILES, kind=kind, villages=villages, cases=cases)
    if form.is_valid():
        try:
            entry, created = record_log(user, form.entry())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    gettext("已登记：{occurred_on:%m月%d日} {name} {name2}。").format(
                        occurred_on=entry.occurred_on, name=entry.village.name, name2=kind.name
                    ),
                )
            else:
                messages.info(request, gettext("这条记录已保存过（重复提交），没有重复登记。"))
            month = f"{entry.occurred_on:%Y-%m}"
            return redirect(f"{reverse('workbench:outreach_advisers_my_ledger')}?month={month}")
    else:
        check_as_well(form, lambda: check_log(user, form.entry()))
    context["form"] = form
    context["show_confirm"] = form.asks_for_audience and (
        "audience" in form.errors or bool(request.POST.get("confirm_audience"))
    )
    return render(request, LOG_TEMPLATE, context, status=400)


def _month(request: HttpRequest) -> tuple[int, int, str]:
    return parse_month(request.GET.get("month"))


@staff_required
@require_GET
def my_ledger(request: HttpRequest) -> HttpResponse:
    """我的工作台账: one month of the adviser's own entries, grouped by village."""
    user = staff(request)
    year, month, problem = _month(request)
    book = sel.ledger(year, month, advisor=user)
    return render(
        request,
        "workbench/outreach/advisers/ledger.html",
        {
            "ledger": book,
            "problem": problem,
            "month_value": f"{year}-{month:02d}",
            "mine": True,
            "is_advisor": sel.is_advisor(user),
            "export_url": reverse("workbench:outreach_advisers_my_ledger_export"),
        },
        status=400 if problem else 200,
    )


def _export(book: sel.Ledger, title: str) -> HttpResponse:
    """The ledger as xlsx: one row per entry; the consultation's person and phone masked."""
    rows: list[list[Cell]] = []
    for entry in book.all_logs():
        order = entry.work_order
        rows.append(
            [
                entry.occurred_on,
                entry.village.name,
                entry.advisor.display_name,
                entry.kind.name,
                entry.summary,
                entry.topic,
                entry.days_in_village,
                entry.audience,
                "、".join(str(_group_label(g)) for g in entry.audience_groups),
                entry.questions_answered,
                entry.group_members,
                entry.document_title,
                entry.hours,
                order.tracking_number if order else "",
                mask_name(order.contact_name) if order else "",
                mask_phone(order.contact_phone) if order else "",
                entry.mediation_case.number if entry.mediation_case else "",
                len(entry.attachments.all()),
            ]
        )
    entries = Table(
        title=gettext("工作台账"),
        caption=title,
        columns=[
            gettext("日期"),
            gettext("村(社区)"),
            gettext("法律顾问"),
            gettext("工作类型"),
            gettext("工作内容"),
            gettext("主题"),
            gettext("驻村天数"),
            gettext("听众人数"),
            gettext("受众群体"),
            gettext("解答问题数"),
            gettext("群成员数"),
            gettext("文书名称"),
            gettext("服务时长（小时）"),
            gettext("工单编号"),
            gettext("咨询人"),
            gettext("咨询人电话"),
            gettext("关联调解案号"),
            gettext("照片与材料（个）"),
        ],
        rows=rows,
        formats={0: DATE},
        notes=[gettext("咨询人姓名和电话已脱敏。")],
    )
    totals = Table(
        title=gettext("分类汇总"),
        caption=title,
        columns=[
            gettext("工作类型"),
            gettext("条数"),
            gettext("服务时长（小时）"),
            gettext("听众人数"),
            gettext("驻村天数"),
        ],
        rows=[[t.kind.name, t.entries, t.hours, t.audience, t.days_in_village] for t in book.totals],
    )
    return xlsx_response(f"{title}.xlsx", workbook_from_tables([entries, totals]))


def _group_label(value: str) -> str:
    from gongfa.outreach.choices import AudienceGroup

    return str(dict(AudienceGroup.choices).get(value, value))


@staff_required
@require_GET
@replica_view
def my_ledger_export(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    year, month, problem = _month(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    book = sel.ledger(year, month, advisor=user)
    return _export(
        book,
        gettext("法律顾问工作台账-{display_name}-{year}年{month:02d}月").format(
            display_name=user.display_name, year=year, month=month
        ),
    )


def _supervised(request: HttpRequest) -> tuple[dict[str, Any], sel.Ledger | None, str]:
    """The supervisor's choice (adviser or village, month), the ledger, a title; problems in the
    context's "problems"."""
    user = staff(request)
    year, month, problem = _month(request)
    problems = [problem] if problem else []
    within = managed_region_q(user, "village__code")
    advisors = list(sel.manageable_advisors(user)[:500])
    advisor: User | None = None
    village: Region | None = None
    wanted_advisor = request.GET.get("advisor", "")
    wanted_village = request.GET.get("village", "")
    if wanted_advisor:
        advisor = next((a for a in advisors if str(a.pk) == wanted_advisor), None)
        if advisor is None:
            problems.append(gettext("所选法律顾问不存在，或不在您的督办范围内。"))
    if wanted_village:
        village = Region.objects.filter(code=wanted_village, level=RegionLevel.VILLAGE).first()
        if village is None or not can_manage(user, village):
            village = None
            problems.append(gettext("所选村(社区)不存在，或不在您的督办范围内。"))
    context: dict[str, Any] = {
        "advisors": advisors,
        "advisor": advisor,
        "village": village,
        "village_code": wanted_village,
        "problems": problems,
        "month_value": f"{year}-{month:02d}",
    }
    if problems or (advisor is None and village is None):
        return context, None, ""
    book = sel.ledger(year, month, advisor=advisor, village=village, within=within)
    who = "-".join(x for x in (advisor.display_name if advisor else "", village.name if village else "") if x)
    return (
        context,
        book,
        gettext("法律顾问工作台账-{who}-{year}年{month:02d}月").format(who=who, year=year, month=month),
    )


@supervisor_required
@require_GET
@replica_view
def ledger(request: HttpRequest) -> HttpResponse:
    """法律顾问台账: any adviser's or village's month in the supervisor's regions."""
    context, book, _title = _supervised(request)
    context.update(
        ledger=book,
        mine=False,
        export_url=reverse("workbench:outreach_advisers_ledger_export"),
        query=request.GET.urlencode(),
    )
    return render(
        request, "workbench/outreach/advisers/ledger.html", context, status=400 if context["problems"] else 200
    )


@supervisor_required
@require_GET
@replica_view
def ledger_export(request: HttpRequest) -> HttpResponse:
    context, book, title = _supervised(request)
    if book is None:
        message = "；".join(context["problems"]) or gettext("请选择法律顾问或村(社区)。")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return _export(book, title)


@supervisor_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """法律顾问履职: coverage and activity of the villages in the supervisor's regions."""
    user = staff(request)
    villages = sel.manageable_villages(user)
    regions = list(
        Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWNSHIP))
        .filter(managed_region_q(user, "code"))
        .order_by("code")[:500]
    )
    wanted = request.GET.get("region", "")
    region: Region | None = None
    problem = ""
    if wanted:
        region = Region.objects.filter(code=wanted).first()
        if region is None or not can_manage(user, region):
            region, problem = None, gettext("所选地区不存在，或不在您的督办范围内。")
        else:
            low, high = region.subtree_bounds()
            villages = villages.filter(code__range=(low, high))
    view = None if problem else sel.coverage(villages, region)
    return render(
        request,
        "workbench/outreach/advisers/coverage.html",
        {"coverage": view, "regions": regions, "region": region, "problem": problem, "wanted": wanted},
        status=400 if problem else 200,
    )


@staff_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo or material of a log entry (the adviser's own, or in a region the person manages)."""
    found = sel.visible_attachment(staff(request), pk)
    if found is None:
        raise Http404(gettext("找不到该文件"))
    with found.file.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type=found.content_type)
    extension = found.file.name.rsplit(".", 1)[-1] if "." in found.file.name else ""
    filename = (
        gettext("工作日志{log_id}-{pk}.{extension}").format(log_id=found.log_id, pk=found.pk, extension=extension)
        if extension
        else gettext("工作日志{log_id}-{pk}").format(log_id=found.log_id, pk=found.pk)
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename) or ""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("", log, name="outreach_advisers_log"),
    path("ledger/", my_ledger, name="outreach_advisers_my_ledger"),
    path("ledger/export/", my_ledger_export, name="outreach_advisers_my_ledger_export"),
    path("supervise/", ledger, name="outreach_advisers_ledger"),
    path("supervise/export/", ledger_export, name="outreach_advisers_ledger_export"),
    path("coverage/", coverage, name="outreach_advisers_coverage"),
    path("attachments/<int:pk>/", attachment, name="outreach_advisers_attachment"),
]
