"""Citizen pages for legal aid (法律援助网上申请): the guided application (saved and resumable),
the case's progress, supplements, notices and the objection. Views validate and call services."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.choices import special_groups_of
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well, page_status
from gongfa.core.http import client_ip
from gongfa.legalaid import services
from gongfa.legalaid.choices import ApplicationStatus, MatterCondition
from gongfa.legalaid.eligibility import MatterRule
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, Material
from gongfa.legalaid.public_status import for_applicant
from gongfa.legalaid.selectors import matters_for, visible_to
from gongfa.legalaid.services.materials import open_material
from gongfa.legalaid.services.review import missing_items, open_supplement
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.portal.legalaid_forms import ConditionsForm, FactsForm, IncomeForm, MaterialForm, ObjectionForm, StartForm
from gongfa.portal.views import _county_for, _last_village

STEP_TITLES = {
    "facts": _("基本情况"),
    "conditions": _("申请条件"),
    "income": _("经济状况"),
    "materials": _("上传材料"),
    "confirm": _("确认提交"),
}


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own(request: HttpRequest, pk: int) -> LegalAidApplication:
    application = (
        LegalAidApplication.objects.select_related("agency", "region", "work_order", "provider", "provider_agency")
        .filter(pk=pk, applicant=_citizen(request))
        .first()
    )
    if application is None:
        raise Http404(gettext("找不到该申请"))
    return application


def _draft(request: HttpRequest, pk: int) -> LegalAidApplication:
    application = _own(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        raise Http404(gettext("申请已提交"))
    return application


def _matter(application: LegalAidApplication) -> MatterRule:
    matter = next((m for m in matters_for(application.region) if m.code == application.matter_code), None)
    if matter is None:
        raise Http404(gettext("申请事项已不在目录中"))
    return matter


def steps_for(application: LegalAidApplication, matter: MatterRule) -> list[str]:
    """The steps this application needs: the income questions only for a means-tested matter
    without an exempt group (第32条 matters and 第42条 groups skip them)."""
    steps = ["facts", "conditions"]
    if matter.condition == MatterCondition.MEANS_TESTED and not application.exempt_group:
        steps.append("income")
    return [*steps, "materials", "confirm"]


@door(Audience.PUBLIC)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What legal aid is, and (signed in) the citizen's own applications."""
    user = request.user
    rows: list[LegalAidApplication] = []
    if isinstance(user, User):
        if not user.is_citizen:
            return redirect("workbench:legal_aid_queue")
        applications = (
            LegalAidApplication.objects.filter(applicant=user).select_related("agency").order_by("-created_at")[:50]
        )
        rows = list(applications)  # each status in words: legalaid/public_status.py, in the template
    return render(request, "portal/legalaid/home.html", {"rows": rows})


@door(Audience.SIGNED_IN)  # staff are sent to the workbench
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    if not user.is_citizen:
        return redirect("workbench:legal_aid_queue")
    county, counties, county_error = _county_for(request)
    if county is None:
        return render(request, "portal/choose_county.html", {"counties": counties, "county_error": county_error})
    matters = matters_for(county)
    form = StartForm(request.POST or None, county=county, matters=matters)
    if request.method == "POST" and form.is_valid():
        village = Region.objects.filter(code=form.cleaned_data["village"]).first()
        try:
            if village is None:
                raise DomainError(gettext("找不到该村(社区)，请重新选择。"), field="village")
            draft = services.save_draft(
                applicant=user, region=village, data={"matter_code": form.cleaned_data["matter_code"]}
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("portal:legal_aid_step", pk=draft.pk, step="facts")
    elif request.method == "GET":
        home = home_village(user, county)
        if home is not None:
            form.initial["village"] = home
    context = {"form": form, "county": county, "counties": counties}
    return render(request, "portal/legalaid/start.html", context, status=page_status(form))


def home_village(user: User, county: Region) -> str | None:
    """The village to preselect (the citizen may change it): where the citizen's last legal-aid
    application was made, else where their last request came from (the place their profile of
    requests points to), when it lies in the county shown."""
    last = (
        LegalAidApplication.objects.filter(applicant=user)
        .select_related("region")
        .order_by("-created_at", "-pk")
        .first()
    )
    region = last.region if last is not None else _last_village(user)
    if region is None or region.level != RegionLevel.VILLAGE or not region.code.startswith(county.prefix):
        return None
    return region.code


def _step_form(step: str, application: LegalAidApplication, matter: MatterRule, data: Any = None) -> Any:
    if step == "facts":
        return FactsForm(
            data,
            initial={
                "applicant_name": application.applicant_name,
                "id_number": application.id_number,
                "phone": application.phone,
                "opponent_name": application.opponent_name,
                "facts": application.facts,
                "applicant_capacity": application.applicant_capacity,
                "agent_name": application.agent_name,
                "agent_relation": application.agent_relation,
                "agent_id_number": application.agent_id_number,
                "agent_phone": application.agent_phone,
            },
        )
    if step == "conditions":
        return ConditionsForm(
            data,
            matter=matter,
            initial={
                "has_agent": "yes" if application.has_agent else "no",
                "retrial_started": "yes" if application.retrial_started else "no",
                "other_reasons": application.other_reasons,
                "exempt_group": application.exempt_group,
                "special_groups": [group.value for group in special_groups_of(application.special_groups)],
                "home_visit_requested": application.home_visit_requested,
            },
        )
    if step == "income":
        return IncomeForm(
            data,
            matter=matter,
            initial={
                "household_size": application.household_size,
                "household_monthly_income": application.household_monthly_income,
                "applicant_monthly_income": application.applicant_monthly_income,
                "opponent_co_resident": application.opponent_co_resident,
                "verification": application.verification or "statement",
            },
        )
    return None


def _cleaned_for_draft(step: str, cleaned: dict[str, Any]) -> dict[str, Any]:
    data = dict(cleaned)
    for flag in ("has_agent", "retrial_started"):
        if flag in data:
            data[flag] = data[flag] == "yes"
    if step == "conditions" and "exempt_group" not in data:
        data["exempt_group"] = ""
    return data


@door(Audience.CITIZEN, hidden=True)
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _citizen(request)
    application = _draft(request, pk)
    matter = _matter(application)
    steps = steps_for(application, matter)
    if step not in steps:
        raise Http404(gettext("没有这一步"))
    form = _step_form(step, application, matter, request.POST if request.method == "POST" else None)
    proposal = None
    if request.method == "POST":
        if step == "confirm":
            try:
                received = services.submit_application(application=application, actor=user)
            except DomainError as exc:
                for problem in exc.problems:  # every missing item at once, not one per submit
                    messages.error(request, problem.message)
                return redirect("portal:legal_aid_step", pk=application.pk, step=_step_of_field(exc.field, steps))
            messages.success(
                request,
                gettext("申请已提交，编号 {number}。法律援助中心会在七日内审查决定。").format(number=received.number),
            )
            return redirect("portal:legal_aid_case", pk=received.pk)
        if form is not None and form.is_valid():
            try:
                application = services.save_draft(
                    applicant=user,
                    region=application.region,
                    data=_cleaned_for_draft(step, form.cleaned_data),
                    draft=application,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                steps = steps_for(application, matter)
                return redirect("portal:legal_aid_step", pk=application.pk, step=steps[steps.index(step) + 1])
        elif form is not None:
            cleaned = _cleaned_for_draft(step, form.cleaned_data)
            check_as_well(form, lambda: services.check_fields(application.region, cleaned))
    if step == "confirm":
        try:
            # the reviewer's notes (an unverified standard, its source) are not the applicant's to read
            proposal = for_applicant(services.refresh_proposal(application, save=False))
        except DomainError as exc:
            messages.error(request, exc.message)
    context = _step_context(application, matter, step, form=form, proposal=proposal)
    return render(
        request, "portal/legalaid/step.html", context, status=400 if form is not None and form.errors else 200
    )


def _step_context(
    application: LegalAidApplication,
    matter: MatterRule,
    step: str,
    *,
    form: Any = None,
    material_form: MaterialForm | None = None,
    proposal: Any = None,
) -> dict[str, Any]:
    steps = steps_for(application, matter)
    index = steps.index(step)
    return {
        "application": application,
        "matter": matter,
        "step": step,
        "step_title": STEP_TITLES[step],
        "steps": [(s, STEP_TITLES[s]) for s in steps],
        "step_number": index + 1,
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if step != "confirm" else None,
        "form": form,
        "material_form": material_form or (MaterialForm() if step == "materials" else None),
        "materials": application.materials.all() if step in ("materials", "confirm") else [],
        "proposal": proposal,
    }


def _step_of_field(field: str | None, steps: list[str]) -> str:
    owners = {
        "phone": "facts",
        "facts": "facts",
        "opponent_name": "facts",
        "applicant_name": "facts",
        "id_number": "facts",
        "applicant_capacity": "facts",
        "agent_name": "facts",
        "agent_relation": "facts",
        "agent_id_number": "facts",
        "agent_phone": "facts",
        "household_size": "income",
        "household_monthly_income": "income",
    }
    wanted = owners.get(field or "", "confirm")
    return wanted if wanted in steps else "confirm"


@door(Audience.CITIZEN, hidden=True)
@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    if application.status == ApplicationStatus.DRAFT:
        matter = _matter(application)
        return redirect("portal:legal_aid_step", pk=application.pk, step=steps_for(application, matter)[0])
    return render(request, "portal/legalaid/case.html", _case_context(application))


def _case_context(application: LegalAidApplication, **extra: Any) -> dict[str, Any]:
    supplement = open_supplement(application)
    return {
        "application": application,
        "supplement": supplement,
        "still_missing": missing_items(application, supplement) if supplement else [],
        "material_form": MaterialForm(),
        "objection_form": ObjectionForm(),
        "materials": application.materials.all(),
        "notices": application.notices.all(),
        "updates": application.progress_updates.filter(visible_to_applicant=True),
        "can_object": application.status in (ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED),
        "can_withdraw": application.status
        in (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.SUPPLEMENT_REQUESTED),
        **extra,
    }


@door(Audience.CITIZEN, hidden=True)
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _citizen(request)
    application = _own(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    back = request.POST.get("back", "")
    if form.is_valid():
        try:
            services.add_material(
                application=application, actor=user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("材料已上传。"))
            if back in STEP_TITLES and application.status == ApplicationStatus.DRAFT:
                return redirect("portal:legal_aid_step", pk=application.pk, step=back)
            return redirect("portal:legal_aid_case", pk=application.pk)
    if application.status == ApplicationStatus.DRAFT:
        context = _step_context(application, _matter(application), "materials", material_form=form)
        return render(request, "portal/legalaid/step.html", context, status=400)
    return render(request, "portal/legalaid/case.html", _case_context(application, material_form=form), status=400)


@door(Audience.CITIZEN, hidden=True)
@require_POST
def supplied(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        services.receive_supplement(application=application, actor=_citizen(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("材料已补齐，审查继续进行。"))
    return redirect("portal:legal_aid_case", pk=application.pk)


@door(Audience.CITIZEN, hidden=True)
@require_POST
def object_to_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.lodge_objection(
                application=application, actor=_citizen(request), reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("异议已提交，司法局会在五日内审查。"))
            return redirect("portal:legal_aid_case", pk=application.pk)
    return render(request, "portal/legalaid/case.html", _case_context(application, objection_form=form), status=400)


@door(Audience.CITIZEN, hidden=True)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        services.withdraw(application=application, actor=_citizen(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("申请已撤回。"))
    return redirect("portal:legal_aid_case", pk=application.pk)


def _may_read(user: User, application: LegalAidApplication) -> bool:
    if user.is_citizen:
        return application.applicant_id == user.pk
    return visible_to(user).filter(pk=application.pk).exists()


@door(Audience.SIGNED_IN)  # the applicant, or staff who may see the case
@require_GET
def notice_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    """A notice as PDF, for the applicant and the staff who may see the case."""
    from gongfa.legalaid.pdf import notice_pdf as render_pdf

    notice = LegalAidNotice.objects.select_related("application").filter(pk=notice_id).first()
    if notice is None or not _may_read(_citizen(request), notice.application):
        raise Http404(gettext("找不到该文书"))
    response = HttpResponse(render_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response


@door(Audience.SIGNED_IN)  # the applicant, or staff who may see the case
@require_GET
def material_file(request: HttpRequest, material_id: int) -> FileResponse:
    material = Material.objects.select_related("application").filter(pk=material_id).first()
    if material is None or not _may_read(_citizen(request), material.application):
        raise Http404(gettext("找不到该材料"))
    suffix = material.file.name.rsplit(".", 1)[-1]
    content = open_material(material, actor=_citizen(request), ip=client_ip(request))  # decrypted if stored so
    return FileResponse(
        io.BytesIO(content),
        content_type=material.content_type,
        as_attachment=True,
        filename=f"material-{material.pk}.{suffix}",
    )
