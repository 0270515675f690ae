"""Legal-aid intake in the workbench: an application recorded on the applicant's behalf, a notice
of 通知辩护/代理 from a court, procuratorate or police, and a draft opened from a work order."""

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
from gongfa.legalaid import services
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.workbench import legalaid_forms as f
from gongfa.workbench.views.common import staff, staff_required


def _region_choices(user: User) -> Any:
    from gongfa.workbench import options

    county = options.home_county(user)
    choices = options.intake_region_choices(county)
    return (
        [(county.code, gettext("{name}（县级）").format(name=county.name)), *choices] if county is not None else choices
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_application(request: HttpRequest) -> HttpResponse:
    """代为录入 / 口头申请 / 转交申请: staff record an application on the applicant's behalf."""
    from gongfa.legalaid.selectors import matters_for
    from gongfa.network.models import Region
    from gongfa.portal.legalaid_forms import matter_choices
    from gongfa.workbench import options

    user = staff(request)
    county = options.home_county(user)
    matters = matters_for(county) if county is not None else []
    form = f.StaffApplicationForm(request.POST or None, regions=_region_choices(user), matters=matter_choices(matters))
    if request.method == "POST" and form.is_valid():
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
        try:
            if region is None:
                raise DomainError(gettext("请选择申请人所在地。"), field="region")
            application = services.receive_application(
                actor=user,
                region=region,
                data=form.data_for_service(),
                intake_channel=form.cleaned_data["intake_channel"],
                forwarded_by=form.cleaned_data["forwarded_by"],
                requested_at=form.cleaned_data["requested_at"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已受理，编号 {number}，审查期限 {review_due:%Y-%m-%d}。").format(
                    number=application.number, review_due=application.review_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    elif request.method == "POST":
        data = form.cleaned_data
        region = Region.objects.filter(code=data["region"]).first() if data.get("region") else None
        check_as_well(
            form,
            lambda: services.check_application(
                region=region,
                data=form.data_for_service(),
                intake_channel=data.get("intake_channel") or "",
                forwarded_by=data.get("forwarded_by") or "",
                requested_at=data.get("requested_at"),
            ),
        )
    return render(
        request,
        "workbench/legalaid/new.html",
        {"form": form, "title": gettext("登记法律援助申请")},
        status=400 if form.errors else 200,
    )


def _notice_input(data: dict[str, Any]) -> Any:
    return services.NoticeInput(
        organ=data.get("organ") or "",
        organ_name=data.get("organ_name") or "",
        organ_phone=data.get("organ_phone") or "",
        defendant_name=data.get("defendant_name") or "",
        id_number=data.get("id_number") or "",
        grounds=tuple(data.get("grounds") or ()),
        facts=data.get("facts") or "",
        has_defender=bool(data.get("has_defender")),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_notice(request: HttpRequest) -> HttpResponse:
    """登记通知辩护/代理: a notice from a court, procuratorate or police (assign within 3 days)."""
    from gongfa.network.models import Region

    user = staff(request)
    form = f.NoticeForm(request.POST or None, regions=_region_choices(user))
    if request.method == "POST" and not form.is_valid():
        data = form.cleaned_data
        region = Region.objects.filter(code=data["region"]).first() if data.get("region") else None
        check_as_well(form, lambda: services.check_notice(region=region, notice=_notice_input(data)))
    elif request.method == "POST":
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
        try:
            if region is None:
                raise DomainError(gettext("请选择办案机关所在地。"), field="region")
            application = services.receive_notice(actor=user, region=region, notice=_notice_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            assert application.assign_due is not None
            messages.success(
                request,
                gettext("已登记，编号 {number}，请于 {assign_due:%Y-%m-%d} 前指派。").format(
                    number=application.number, assign_due=application.assign_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    return render(
        request,
        "workbench/legalaid/new.html",
        {"form": form, "title": gettext("登记通知辩护/代理")},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def complete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft opened from a work order (转为案件 → 法律援助申请): staff complete and receive it."""
    from gongfa.legalaid.selectors import matters_for
    from gongfa.portal.legalaid_forms import matter_choices

    user = staff(request)
    draft = (
        visible_to(user, Action.REVIEW)
        .select_related("region", "work_order")
        .filter(pk=pk, status=ApplicationStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise Http404(gettext("找不到该申请草稿"))
    initial = {
        "intake_channel": "window",
        "region": draft.region.code,
        "applicant_name": draft.applicant_name,
        "facts": draft.facts,
    }
    form = f.StaffApplicationForm(
        request.POST or None,
        regions=_region_choices(user),
        matters=matter_choices(matters_for(draft.region)),
        initial=initial,
    )
    show_masked(form, "id_number", draft.id_number, "id_number")
    show_masked(form, "phone", draft.phone, "phone")
    del form.fields["forwarded_by"], form.fields["requested_at"], form.fields["intake_channel"], form.fields["region"]
    if request.method == "POST" and form.is_valid():
        try:
            application = services.receive_draft(application=draft, actor=user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            assert application.review_due is not None
            messages.success(
                request,
                gettext("已受理，编号 {number}，审查期限 {review_due:%Y-%m-%d}。").format(
                    number=application.number, review_due=application.review_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    title = (
        gettext("受理法律援助申请（来自工单 {tracking_number}）").format(
            tracking_number=draft.work_order.tracking_number
        )
        if draft.work_order
        else gettext("受理法律援助申请")
    )
    return render(
        request, "workbench/legalaid/new.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )
