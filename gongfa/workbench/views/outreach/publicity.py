"""普法计划与活动 on the workbench (/workbench/outreach/publicity/…), for supervisors,
administrators and window staff, each over the regions they manage (outreach.selectors.access):

- events: the list (constant queries), 登记普法活动, the event page with its actions (登记举办情况,
  效果评估, 归档, 取消, photos and materials, the satisfaction survey's QR code, link and summary);
- plans: the list with held events and audience, 制定年度计划, the plan page with its progress
  against the targets per campaign and 添加主题宣传活动;
- prompts (普法提示): the list, 发出普法提示, the prompt page with 登记整改反馈;
- culture sites (法治文化阵地): the list with the townships' coverage, add, edit, deactivate;
- schools: the list with the vice-principal appointment rate and the schools without one, add,
  the school page with its vice-principals (appoint, end).

Views validate and call the services; a refusal comes back on the page with every problem (400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import segno
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.i18n import Label
from gongfa.network.models import Region, ServicePoint, StaffPosting
from gongfa.outreach.choices import AccessibleFormat, AudienceGroup
from gongfa.outreach.models import (
    CultureSite,
    PlanCampaign,
    PublicityEvent,
    PublicityPlan,
    School,
    VicePrincipal,
)
from gongfa.outreach.selectors import publicity as sel
from gongfa.outreach.selectors.access import managed_region_q
from gongfa.outreach.services import publicity as svc
from gongfa.outreach.services import publicity_prompts as prompts_svc
from gongfa.outreach.services import publicity_sites as sites
from gongfa.outreach.states import EVENT
from gongfa.workbench.outreach_forms import publicity as f
from gongfa.workbench.views.common import staff

PAGE_SIZE = 30
MANAGERS = (Role.SUPERVISOR, Role.ADMINISTRATOR, Role.WINDOW_STAFF)
publicity_door = door(Audience.STAFF, roles=MANAGERS)
T = "workbench/outreach/publicity/"
M = TypeVar("M", bound=Model)


def _pick(queryset: QuerySet[M], value: Any) -> M | None:
    """The row named by a form's select (None when empty or not a number)."""
    raw = str(value or "").strip()
    return queryset.filter(pk=int(raw)).first() if raw.isdigit() else None


def _region(value: Any) -> Region | None:
    return _pick(Region.objects.all(), value)


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, back: str, submit: str, files: bool = False
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "submit": submit, "files": files}
    return render(request, T + "form.html", context, status=page_status(form))


def _run(form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the service on a valid form; a refusal goes on the form (None returned)."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None


# ---------------------------------------------------------------------------------------------
# Events


@publicity_door
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """普法活动: the events of the regions one manages, newest first."""
    user = staff(request)
    form = f.EventFilterForm(request.GET or None)
    status, year = "", None
    if form.is_bound and form.is_valid():
        status, year = form.cleaned_data["status"], form.cleaned_data["year"]
    page = Paginator(sel.event_rows(user, status, year), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, T + "events.html", {"form": form, "page": page})


def _event_form(user: User, data: Any = None) -> f.EventForm:
    regions = sel.managed_regions(user)
    points = list(ServicePoint.objects.filter(managed_region_q(user, "region__code"), is_active=True)[:500])
    speakers = list(
        User.objects.filter(
            pk__in=StaffPosting.objects.filter(managed_region_q(user, "point__region__code"), is_active=True).values(
                "user_id"
            ),
            is_active=True,
        ).order_by("real_name", "pk")[:300]
    )
    plans = list(sel.managed_plans(user).order_by("-year")[:50])
    campaigns = list(PlanCampaign.objects.filter(plan__in=plans).select_related("plan"))
    return f.EventForm(data, regions=regions, points=points, speakers=speakers, plans=plans, campaigns=campaigns)


@publicity_door
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    """登记普法活动."""
    user = staff(request)
    form = _event_form(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        event = _run(
            form,
            lambda d: svc.plan_event(
                actor=user,
                event_type=d["event_type"],
                theme=d["theme"],
                held_on=d["held_on"],
                organiser=d["organiser"],
                region=_region(d["region"]),
                point=_pick(ServicePoint.objects.select_related("region"), d["point"]),
                place=d["place"],
                speakers=list(User.objects.filter(pk__in=[int(p) for p in d["speakers"]])),
                other_speakers=d["other_speakers"],
                plan=_pick(PublicityPlan.objects.select_related("region"), d["plan"]),
                campaign=_pick(PlanCampaign.objects.select_related("plan__region"), d["campaign"]),
                survey_enabled=d["survey_enabled"],
            ),
        )
        if event is not None:
            messages.success(request, gettext("已登记普法活动 {number}。").format(number=event.number))
            return redirect("workbench:outreach_publicity_event", number=event.number)
    return _form_page(
        request,
        form,
        title=gettext("登记普法活动"),
        back=reverse("workbench:outreach_publicity_events"),
        submit=gettext("登记活动"),
    )


ACTIONS: dict[str, tuple[Label, type[forms.Form], Callable[[User, PublicityEvent, dict[str, Any]], Any]]] = {
    "hold": (
        gettext_lazy("登记举办情况"),
        f.HoldForm,
        lambda u, e, d: svc.hold_event(
            actor=u,
            event=e,
            held_on=d["held_on"],
            audience_size=d["audience_size"],
            audience_groups=d["audience_groups"],
            accessible_formats=d["accessible_formats"],
            materials_distributed=d["materials_distributed"],
            consultations_on_site=d["consultations_on_site"],
            hours=d["hours"],
            confirm_audience=d["confirm_audience"],
        ),
    ),
    "evaluate": (
        gettext_lazy("效果评估"),
        f.EvaluateForm,
        lambda u, e, d: svc.evaluate_event(actor=u, event=e, evaluation=d["evaluation"], score=d["score"]),
    ),
    "archive": (gettext_lazy("归档"), f.EmptyForm, lambda u, e, d: svc.archive_event(actor=u, event=e)),
    "cancel": (
        gettext_lazy("取消活动"),
        f.CancelForm,
        lambda u, e, d: svc.cancel_event(actor=u, event=e, reason=d["reason"]),
    ),
}


def _event(request: HttpRequest, number: str) -> PublicityEvent:
    found = (
        sel.managed_events(staff(request))
        .select_related("region", "point", "plan", "campaign", "created_by")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise Http404(gettext("找不到该普法活动"))
    return found


def _render_event(
    request: HttpRequest, event: PublicityEvent, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    names = [t.action for t in EVENT.allowed_actions(event.status) if t.action in ACTIONS]
    actions = []
    for name in names:
        label, form_class, _ = ACTIONS[name]
        form = failed[1] if failed and failed[0] == name else form_class(prefix=name)
        if name == "hold" and not form.is_bound:
            form.initial = {"held_on": event.held_on}
        actions.append({"name": name, "label": label, "form": form, "danger": name == "cancel"})
    attach_form = failed[1] if failed and failed[0] == "attach" else f.AttachmentForm(prefix="attach")
    survey_url = request.build_absolute_uri(reverse("portal:outreach_survey", args=[event.survey_token]))
    context = {
        "event": event,
        "speakers": list(event.speakers.all()),
        "groups": [AudienceGroup(g).label for g in event.audience_groups if g in AudienceGroup.values],
        "formats": [AccessibleFormat(x).label for x in event.accessible_formats if x in AccessibleFormat.values],
        "actions": actions,
        "attachments": list(event.attachments.all()),
        "attach_form": attach_form if event.status != "cancelled" else None,
        "survey": sel.survey_summary(event),
        "survey_url": survey_url,
        "survey_qr": segno.make(survey_url, error="m").svg_inline(scale=4, title=gettext("满意度调查二维码")),
        "survey_form": f.SurveyForm(prefix="survey", initial={"enabled": not event.survey_enabled}),
        "failed": failed[0] if failed else "",
        "form": failed[1] if failed else None,
    }
    return render(request, T + "event.html", context, status=400 if failed else 200)


@publicity_door
@require_GET
def event_page(request: HttpRequest, number: str) -> HttpResponse:
    return _render_event(request, _event(request, number))


@publicity_door
@require_POST
def event_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action on the event (hold, evaluate, archive, cancel, attach, survey)."""
    user = staff(request)
    event = _event(request, number)
    form: forms.Form
    if action == "attach":
        form = f.AttachmentForm(request.POST, request.FILES, prefix="attach")
        done = _run(form, lambda d: svc.add_attachment(actor=user, event=event, upload=d["file"], caption=d["caption"]))
        message = gettext("已上传。")
    elif action == "survey":
        form = f.SurveyForm(request.POST, prefix="survey")
        done = _run(form, lambda d: svc.set_survey(actor=user, event=event, enabled=d["enabled"]))
        message = gettext("已更新满意度调查。")
    elif action in ACTIONS:
        label, form_class, call = ACTIONS[action]
        form = form_class(request.POST, prefix=action)
        done = _run(form, lambda d: call(user, event, d))
        message = gettext("{label}：已完成。").format(label=label)
    else:
        raise Http404(gettext("没有该操作"))
    if done is not None:
        messages.success(request, f"{event.number}：{message}")
        return redirect("workbench:outreach_publicity_event", number=event.number)
    event.refresh_from_db()
    return _render_event(request, event, (action, form))


# ---------------------------------------------------------------------------------------------
# Plans and campaigns


@publicity_door
@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    """年度普法计划 with held events and audience against the targets."""
    page = Paginator(sel.plan_rows(staff(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, T + "plans.html", {"page": page})


@publicity_door
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    """制定年度普法计划."""
    user = staff(request)
    form = f.PlanForm(request.POST or None, regions=sel.managed_regions(user, lowest=4))
    if request.method == "POST":
        plan = _run(
            form,
            lambda d: svc.create_plan(
                actor=user,
                region=_region(d["region"]),
                year=d["year"],
                title=d["title"],
                target_events=d["target_events"],
                target_audience=d["target_audience"],
                target_constitution_talks=d["target_constitution_talks"],
                notes=d["notes"],
            ),
        )
        if plan is not None:
            messages.success(request, gettext("已制定 {plan}。").format(plan=plan))
            return redirect("workbench:outreach_publicity_plan", pk=plan.pk)
    back = reverse("workbench:outreach_publicity_plans")
    return _form_page(request, form, title=gettext("制定年度普法计划"), back=back, submit=gettext("保存计划"))


def _plan(request: HttpRequest, pk: int) -> PublicityPlan:
    found = sel.managed_plans(staff(request)).select_related("region").filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("找不到该年度计划"))
    return found


@publicity_door
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's progress against its targets, per campaign; 添加主题宣传活动 (POST)."""
    user = staff(request)
    plan = _plan(request, pk)
    form = f.CampaignForm(request.POST or None)
    if request.method == "POST":
        campaign = _run(
            form,
            lambda d: svc.add_campaign(
                actor=user,
                plan=plan,
                theme=d["theme"],
                title=d["title"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                target_events=d["target_events"],
                target_audience=d["target_audience"],
            ),
        )
        if campaign is not None:
            messages.success(request, gettext("已添加主题宣传活动：{campaign}。").format(campaign=campaign))
            return redirect("workbench:outreach_publicity_plan", pk=plan.pk)
    context = {"plan": plan, "progress": sel.plan_progress(plan), "form": form}
    return render(request, T + "plan.html", context, status=page_status(form))


# ---------------------------------------------------------------------------------------------
# Prompts


@publicity_door
@require_GET
def prompts(request: HttpRequest) -> HttpResponse:
    """普法提示: issued, overdue and closed prompts."""
    rows = sel.managed_prompts(staff(request)).select_related("region").order_by("-issued_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, T + "prompts.html", {"page": page})


@publicity_door
@require_http_methods(["GET", "POST"])
def prompt_new(request: HttpRequest) -> HttpResponse:
    """发出普法提示."""
    user = staff(request)
    form = f.PromptForm(request.POST or None, regions=sel.managed_regions(user, lowest=4))
    if request.method == "POST":
        prompt = _run(
            form,
            lambda d: prompts_svc.issue_prompt(
                actor=user,
                region=_region(d["region"]),
                department=d["department"],
                laws=d["laws"],
                issue=d["issue"],
                issued_on=d["issued_on"],
                feedback_due=d["feedback_due"],
            ),
        )
        if prompt is not None:
            messages.success(request, gettext("已发出普法提示 {number}。").format(number=prompt.number))
            return redirect("workbench:outreach_publicity_prompt", number=prompt.number)
    back = reverse("workbench:outreach_publicity_prompts")
    return _form_page(request, form, title=gettext("发出普法提示"), back=back, submit=gettext("发出提示"))


@publicity_door
@require_http_methods(["GET", "POST"])
def prompt_page(request: HttpRequest, number: str) -> HttpResponse:
    """The prompt; 登记整改反馈 (POST) closes it."""
    user = staff(request)
    prompt = sel.managed_prompts(user).select_related("region", "issued_by").filter(number=number).first()
    if prompt is None:
        raise Http404(gettext("找不到该普法提示"))
    form = f.FeedbackForm(request.POST or None)
    if request.method == "POST":
        done = _run(
            form,
            lambda d: prompts_svc.record_prompt_feedback(
                actor=user, prompt=prompt, feedback=d["feedback"], feedback_on=d["feedback_on"]
            ),
        )
        if done is not None:
            messages.success(request, gettext("{number}：已登记整改反馈，提示办结。").format(number=prompt.number))
            return redirect("workbench:outreach_publicity_prompt", number=prompt.number)
    context = {"prompt": prompt, "form": form if prompt.status != "closed" else None}
    return render(request, T + "prompt.html", context, status=page_status(form))


# ---------------------------------------------------------------------------------------------
# Culture sites


@publicity_door
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    """法治文化阵地 and the townships' coverage of the widest region one manages."""
    user = staff(request)
    rows = sel.managed_sites(user).select_related("region").order_by("region__code", "name")
    page = Paginator(rows, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    top = sel.top_region(user)
    coverage = sel.site_coverage(top) if top is not None else None
    return render(request, T + "sites.html", {"page": page, "coverage": coverage})


def _site(request: HttpRequest, pk: int) -> CultureSite:
    found = sel.managed_sites(staff(request)).select_related("region").filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("找不到该阵地"))
    return found


@publicity_door
@require_http_methods(["GET", "POST"])
def site_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """添加 (no pk) or 修改 a culture site."""
    user = staff(request)
    site = _site(request, pk) if pk is not None else None
    initial: dict[str, Any] = {"is_listed": True}
    if site is not None:
        initial = {
            "region": str(site.region_id),
            "name": site.name,
            "kind": site.kind,
            "address": site.address,
            "latitude": site.latitude,
            "longitude": site.longitude,
            "opened_on": site.opened_on,
            "is_listed": site.is_listed,
        }
    form = f.SiteForm(request.POST or None, initial=initial, regions=sel.managed_regions(user))
    if request.method == "POST":
        saved = _run(
            form,
            lambda d: sites.save_site(
                actor=user,
                site=site,
                region=_region(d["region"]),
                name=d["name"],
                kind=d["kind"],
                address=d["address"],
                latitude=d["latitude"],
                longitude=d["longitude"],
                opened_on=d["opened_on"],
                is_listed=d["is_listed"],
            ),
        )
        if saved is not None:
            messages.success(request, gettext("已保存阵地：{name}。").format(name=saved.name))
            return redirect("workbench:outreach_publicity_sites")
    title = gettext("修改法治文化阵地") if site is not None else gettext("添加法治文化阵地")
    return _form_page(
        request, form, title=title, back=reverse("workbench:outreach_publicity_sites"), submit=gettext("保存")
    )


@publicity_door
@require_POST
def site_active(request: HttpRequest, pk: int) -> HttpResponse:
    """停用 / 恢复 a site (POST active=0|1)."""
    site = _site(request, pk)
    active = request.POST.get("active") == "1"
    sites.set_site_active(actor=staff(request), site=site, active=active)
    messages.success(
        request,
        gettext("{name}：{value}。").format(name=site.name, value=gettext("已恢复") if active else gettext("已停用")),
    )
    return redirect("workbench:outreach_publicity_sites")


# ---------------------------------------------------------------------------------------------
# Schools and vice-principals


@publicity_door
@require_GET
def school_list(request: HttpRequest) -> HttpResponse:
    """学校与法治副校长: the appointment rate and the schools without one."""
    user = staff(request)
    page = Paginator(sel.school_rows(user), PAGE_SIZE * 2).get_page(request.GET.get("page"))
    top = sel.top_region(user)
    rate = sel.school_appointment(top) if top is not None else None
    return render(request, T + "schools.html", {"page": page, "rate": rate})


@publicity_door
@require_http_methods(["GET", "POST"])
def school_new(request: HttpRequest) -> HttpResponse:
    """登记学校."""
    user = staff(request)
    form = f.SchoolForm(request.POST or None, regions=sel.managed_regions(user))
    if request.method == "POST":
        school = _run(
            form,
            lambda d: sites.add_school(actor=user, region=_region(d["region"]), name=d["name"], level=d["level"]),
        )
        if school is not None:
            messages.success(request, gettext("已登记学校：{name}。").format(name=school.name))
            return redirect("workbench:outreach_publicity_school", pk=school.pk)
    back = reverse("workbench:outreach_publicity_schools")
    return _form_page(request, form, title=gettext("登记学校"), back=back, submit=gettext("登记"))


def _school(request: HttpRequest, pk: int) -> School:
    found = sel.managed_schools(staff(request)).select_related("region").filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("找不到该学校"))
    return found


@publicity_door
@require_http_methods(["GET", "POST"])
def school_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's vice-principals; 聘任法治副校长 (POST)."""
    user = staff(request)
    school = _school(request, pk)
    form = f.VicePrincipalForm(request.POST or None)
    if request.method == "POST":
        vp = _run(
            form,
            lambda d: sites.appoint_vice_principal(
                actor=user,
                school=school,
                name=d["name"],
                employer=d["employer"],
                organisation=d["organisation"],
                appointed_on=d["appointed_on"],
            ),
        )
        if vp is not None:
            messages.success(request, gettext("已聘任法治副校长：{name}。").format(name=vp.name))
            return redirect("workbench:outreach_publicity_school", pk=school.pk)
    context = {
        "school": school,
        "vps": list(school.vice_principals.order_by("-is_active", "-appointed_on")),
        "form": form,
        "end_form": f.EndVicePrincipalForm(),
    }
    return render(request, T + "school.html", context, status=page_status(form))


@publicity_door
@require_POST
def school_active(request: HttpRequest, pk: int) -> HttpResponse:
    """停办 / 恢复 a school (POST active=0|1)."""
    school = _school(request, pk)
    active = request.POST.get("active") == "1"
    sites.set_school_active(actor=staff(request), school=school, active=active)
    messages.success(
        request,
        gettext("{name}：{value}。").format(
            name=school.name, value=gettext("已恢复") if active else gettext("已标记停办")
        ),
    )
    return redirect("workbench:outreach_publicity_school", pk=school.pk)


@publicity_door
@require_POST
def vice_principal_end(request: HttpRequest, pk: int) -> HttpResponse:
    """届满或解聘 a vice-principal (pk: the appointment)."""
    user = staff(request)
    vp = (
        VicePrincipal.objects.filter(managed_region_q(user, "school__region__code"), pk=pk)
        .select_related("school__region")
        .first()
    )
    if vp is None:
        raise Http404(gettext("找不到该法治副校长"))
    form = f.EndVicePrincipalForm(request.POST)
    if _run(form, lambda d: sites.end_vice_principal(actor=user, vice_principal=vp, ended_on=d["ended_on"])):
        messages.success(request, gettext("{name}：已离任。").format(name=vp.name))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("workbench:outreach_publicity_school", pk=vp.school_id)


urlpatterns = [
    path("", events, name="outreach_publicity_events"),
    path("events/new/", event_new, name="outreach_publicity_event_new"),
    path("events/<str:number>/", event_page, name="outreach_publicity_event"),
    path("events/<str:number>/<slug:action>/", event_action, name="outreach_publicity_event_action"),
    path("plans/", plans, name="outreach_publicity_plans"),
    path("plans/new/", plan_new, name="outreach_publicity_plan_new"),
    path("plans/<int:pk>/", plan_page, name="outreach_publicity_plan"),
    path("prompts/", prompts, name="outreach_publicity_prompts"),
    path("prompts/new/", prompt_new, name="outreach_publicity_prompt_new"),
    path("prompts/<str:number>/", prompt_page, name="outreach_publicity_prompt"),
    path("sites/", site_list, name="outreach_publicity_sites"),
    path("sites/new/", site_form, name="outreach_publicity_site_new"),
    path("sites/<int:pk>/edit/", site_form, name="outreach_publicity_site_edit"),
    path("sites/<int:pk>/active/", site_active, name="outreach_publicity_site_active"),
    path("schools/", school_list, name="outreach_publicity_schools"),
    path("schools/new/", school_new, name="outreach_publicity_school_new"),
    path("schools/<int:pk>/", school_page, name="outreach_publicity_school"),
    path("schools/<int:pk>/active/", school_active, name="outreach_publicity_school_active"),
    path("vice-principals/<int:pk>/end/", vice_principal_end, name="outreach_publicity_vp_end"),
]
