"""Workbench pages of volunteers, the expert pool and training (志愿者与专家, /workbench/outreach/
volunteers/…; 《法治宣传教育法》第46、47条), for the managers of a region (outreach.selectors.access):

- 志愿者: the list (status filter, 在岗 = served in the last 12 months, phones masked), the
  registration form, a volunteer's page with approve / reject / suspend / reinstate and 登记服务;
- 专家库: the list, add / edit, 出库 / 重新入库;
- 专家会诊: mediation's pending expert consultations in the region, each with the experts its
  dispute category suggests, to record a call; 专家咨询记录: the calls, to record the opinion;
- a work order's expert calls (anyone on staff who can see the order);
- 业务培训: the year's courses with their person-hours, and the course form.

Records of regions a person does not manage answer 404. A refusal shows every problem at once
(400) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.masking import mask_phone
from gongfa.mediation.models import ExpertConsultation
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.choices import VolunteerStatus
from gongfa.outreach.models import Expert, ExpertCall, Volunteer
from gongfa.outreach.selectors import volunteers as sel
from gongfa.outreach.selectors.access import MANAGER_ROLES, managed_region_q
from gongfa.outreach.services import volunteers as svc
from gongfa.outreach.states import VOLUNTEER
from gongfa.workbench.outreach_forms import volunteers as f
from gongfa.workbench.views.common import order_for, staff
from gongfa.workorders.models import Topic

PAGE_SIZE = 50
REGION_LIMIT = 1000
TEMPLATES = "workbench/outreach/volunteers/"
manager_door = door(Audience.STAFF, roles=MANAGER_ROLES)
staff_door = door(Audience.STAFF)


class _Rollback(Exception):
    pass


def _submit(form: forms.Form, run: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the service with what the form cleaned. With the form's own errors the service is still
    asked (and rolled back), so the page shows every problem at once. None when refused."""
    valid = form.is_valid()
    data = dict(getattr(form, "cleaned_data", {}))
    try:
        with transaction.atomic():
            result = run(data)
            if not valid:
                raise _Rollback
    except _Rollback:
        return None
    except DomainError as exc:
        add_domain_error(form, exc, skip_faulted=True)
        return None
    return result


def _region_choices(user: User) -> list[tuple[str, str]]:
    """County-level and lower regions the user manages (indented by level)."""
    regions = Region.objects.filter(managed_region_q(user, "code"), level__gte=RegionLevel.COUNTY)
    rows = regions.order_by("code").only("code", "name", "level")[:REGION_LIMIT]
    return [(r.code, f"{'　' * (r.level - RegionLevel.COUNTY)}{r.name}") for r in rows]


def _region(code: Any) -> Region | None:
    return Region.objects.filter(code=str(code)).first() if code else None


def _topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.filter(is_active=True).values_list("code", "name"))


def _pk(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- volunteers ---------------------------------------------------------------------------------


@manager_door
@require_GET
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """志愿者: the region's registrations, newest first; ?status= and ?active=1 (在岗)."""
    user = staff(request)
    status = request.GET.get("status", "")
    status = status if status in VolunteerStatus.values else ""
    active = request.GET.get("active") == "1"
    queryset = sel.active_volunteers(user) if active else sel.managed_volunteers(user)
    if status:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(_topic_choices())
    rows = [
        {"v": v, "phone": mask_phone(v.phone), "skills": [labels.get(code, code) for code in v.skills]}
        for v in page.object_list
    ]
    query = f"status={status}&active={'1' if active else ''}&"
    return render(
        request,
        TEMPLATES + "list.html",
        {
            "rows": rows,
            "page": page,
            "query": query,
            "status": status,
            "active": active,
            "statuses": VolunteerStatus.choices,
            "counts": sel.volunteer_counts(user),
            "since": sel.active_since(),
        },
    )


@manager_door
@require_http_methods(["GET", "POST"])
def volunteer_new(request: HttpRequest) -> HttpResponse:
    """志愿者登记 (by staff); the registration waits for approval."""
    user = staff(request)
    form = f.VolunteerForm(
        request.POST if request.method == "POST" else None, regions=_region_choices(user), skills=_topic_choices()
    )
    if request.method == "POST":
        volunteer = _submit(
            form,
            lambda d: svc.register_volunteer(
                actor=user,
                name=d.get("name") or "",
                phone=d.get("phone") or "",
                kind=d.get("kind") or "",
                organisation=d.get("organisation") or "",
                region=_region(d.get("region")),
                skills=d.get("skills") or [],
                availability=d.get("availability") or "",
            ),
        )
        if volunteer is not None:
            messages.success(request, gettext("已登记志愿者{name}，待审核。").format(name=volunteer.name))
            return redirect("workbench:outreach_volunteers_detail", pk=volunteer.pk)
    return render(request, TEMPLATES + "volunteer_new.html", {"form": form}, status=page_status(form))


def _volunteer(request: HttpRequest, pk: int) -> Volunteer:
    found = sel.volunteer_for(staff(request), pk)
    if found is None:
        raise Http404(gettext("找不到该志愿者"))
    return found


def _volunteer_page(
    request: HttpRequest, volunteer: Volunteer, *, decision: forms.Form | None = None, service: forms.Form | None = None
) -> HttpResponse:
    labels = dict(_topic_choices())
    actions = VOLUNTEER.allowed_actions(volunteer.status)
    return render(
        request,
        TEMPLATES + "volunteer.html",
        {
            "v": volunteer,
            "phone": mask_phone(volunteer.phone),
            "skills": [labels.get(code, code) for code in volunteer.skills],
            "actions": actions,
            "decision_form": decision or f.DecisionForm(auto_id="id_decision_%s"),
            "service_form": service or f.ServiceForm(auto_id="id_service_%s"),
            "form": decision or service,
            "active": volunteer.status == VolunteerStatus.APPROVED
            and volunteer.last_active_on is not None
            and volunteer.last_active_on >= sel.active_since(),
        },
        status=page_status(decision, service),
    )


@manager_door
@require_GET
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_page(request, _volunteer(request, pk))


@manager_door
@require_POST
def volunteer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """审核通过 / 审核不通过 / 暂停服务 / 恢复服务 (the button's action)."""
    user = staff(request)
    volunteer = _volunteer(request, pk)
    form = f.DecisionForm(request.POST, auto_id="id_decision_%s")
    done = _submit(
        form,
        lambda d: svc.decide_volunteer(
            actor=user, volunteer=volunteer, action=d.get("action") or "", reason=d.get("reason") or ""
        ),
    )
    if done is None:
        return _volunteer_page(request, volunteer, decision=form)
    messages.success(
        request,
        gettext("志愿者{name}：{get_status_display}。").format(
            name=done.name, get_status_display=done.get_status_display()
        ),
    )
    return redirect("workbench:outreach_volunteers_detail", pk=done.pk)


@manager_door
@require_POST
def volunteer_service(request: HttpRequest, pk: int) -> HttpResponse:
    """登记服务: the volunteer served on a date (keeps them 在岗 for 12 months)."""
    user = staff(request)
    volunteer = _volunteer(request, pk)
    form = f.ServiceForm(request.POST, auto_id="id_service_%s")
    done = _submit(
        form,
        lambda d: svc.record_service(
            actor=user, volunteer=volunteer, served_on=d.get("served_on"), note=d.get("note") or ""
        ),
    )
    if done is None:
        return _volunteer_page(request, volunteer, service=form)
    messages.success(request, gettext("已登记{name}的服务。").format(name=done.name))
    return redirect("workbench:outreach_volunteers_detail", pk=done.pk)


# --- the expert pool ----------------------------------------------------------------------------


@manager_door
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    """专家库: the region's experts (in the pool first), with their fields."""
    user = staff(request)
    field = request.GET.get("field", "")
    labels = sel.field_labels()
    experts = sel.managed_experts(user).order_by("-is_active", "region__code", "name", "pk")
    rows = [
        {"e": e, "fields": [labels.get(code, code) for code in e.fields]}
        for e in experts[:1000]
        if not field or field in e.fields
    ]
    return render(
        request,
        TEMPLATES + "experts.html",
        {"rows": rows, "field": field, "fields": list(labels.items())},
    )


def _expert(request: HttpRequest, pk: int) -> Expert:
    found = sel.expert_for(staff(request), pk)
    if found is None:
        raise Http404(gettext("找不到该专家"))
    return found


def _expert_form(user: User, expert: Expert | None, data: Any = None) -> f.ExpertForm:
    initial = {}
    if expert is not None:
        initial = {
            "name": expert.name,
            "title": expert.title,
            "organisation": expert.organisation,
            "region": expert.region.code,
            "fields": list(expert.fields),
        }
    return f.ExpertForm(data, initial=initial, regions=_region_choices(user), field_options=sel.field_choices())


def _save_expert(request: HttpRequest, expert: Expert | None) -> HttpResponse:
    user = staff(request)
    form = _expert_form(user, expert, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = _submit(
            form,
            lambda d: svc.save_expert(
                actor=user,
                expert=expert,
                name=d.get("name") or "",
                title=d.get("title") or "",
                organisation=d.get("organisation") or "",
                fields=d.get("fields") or [],
                region=_region(d.get("region")),
            ),
        )
        if saved is not None:
            messages.success(request, gettext("已保存专家{name}。").format(name=saved.name))
            return redirect("workbench:outreach_volunteers_experts")
    context = {"form": form, "edit_form": form, "expert": expert, "reason_form": f.ReasonForm(auto_id="id_reason_%s")}
    return render(request, TEMPLATES + "expert_form.html", context, status=page_status(form))


@manager_door
@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    """专家入库."""
    return _save_expert(request, None)


@manager_door
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改专家信息 (and, on the same page, 出库 / 重新入库)."""
    return _save_expert(request, _expert(request, pk))


@manager_door
@require_POST
def expert_active(request: HttpRequest, pk: int) -> HttpResponse:
    """出库 (with a reason) / 重新入库 (?active=1)."""
    user = staff(request)
    expert = _expert(request, pk)
    active = request.POST.get("active") == "1"
    form = f.ReasonForm(request.POST, auto_id="id_reason_%s")
    done = _submit(
        form, lambda d: svc.set_expert_active(actor=user, expert=expert, active=active, reason=d.get("reason") or "")
    )
    if done is None:
        context = {"form": form, "edit_form": _expert_form(user, expert), "expert": expert, "reason_form": form}
        return render(request, TEMPLATES + "expert_form.html", context, status=400)
    messages.success(
        request,
        gettext("专家{name}已{value}。").format(
            name=done.name, value=gettext("重新入库") if active else gettext("出库")
        ),
    )
    return redirect("workbench:outreach_volunteers_experts")


# --- expert calls -------------------------------------------------------------------------------


def _expert_choices(fields: list[str], region: Region | None) -> list[tuple[str, str]]:
    labels = sel.field_labels()
    ranked = sel.suggest_experts(fields, region, limit=sel.POOL_LIMIT)
    choices = []
    for s in ranked:
        mark = "★ " if s.matched else ""
        areas = "、".join(labels.get(code, code) for code in s.expert.fields[:4])
        choices.append(
            (str(s.expert.pk), f"{mark}{s.expert.name}（{s.expert.organisation}；{areas}；{s.expert.region.name}）")
        )
    return choices


def _chosen_expert(data: dict[str, Any]) -> Expert | None:
    pk = _pk(data.get("expert"))
    return Expert.objects.filter(pk=pk).first() if pk is not None else None


@manager_door
@require_GET
def consultations(request: HttpRequest) -> HttpResponse:
    """专家会诊: mediation's pending expert consultations in the region, with suggested experts."""
    user = staff(request)
    pending = list(sel.pending_consultations(user)[:100])
    pool = sel.expert_pool() if pending else []
    rows = []
    for consultation in pending:
        case = consultation.case
        suggestions = sel.suggest_experts([case.category.code], case.region, limit=3, pool=pool)
        rows.append({"c": consultation, "case": case, "suggestions": suggestions})
    return render(request, TEMPLATES + "consultations.html", {"rows": rows})


def _consultation(request: HttpRequest, pk: int) -> ExpertConsultation:
    found = sel.consultation_for(staff(request), pk)
    if found is None:
        raise Http404(gettext("找不到该专家会诊申请"))
    return found


@manager_door
@require_http_methods(["GET", "POST"])
def consultation_call(request: HttpRequest, pk: int) -> HttpResponse:
    """为专家会诊请专家: pick an expert (dispute category first, nearest region) and record the call."""
    user = staff(request)
    consultation = _consultation(request, pk)
    case = consultation.case
    form = f.CallForm(
        request.POST if request.method == "POST" else None,
        initial={"purpose": consultation.question},
        experts=_expert_choices([case.category.code], case.region),
    )
    if request.method == "POST":
        call = _submit(
            form,
            lambda d: svc.call_expert(
                actor=user, expert=_chosen_expert(d), purpose=d.get("purpose") or "", consultation=consultation
            ),
        )
        if call is not None:
            messages.success(
                request, gettext("已请专家{name}会诊，专家意见回复后请在咨询记录中登记。").format(name=call.expert.name)
            )
            return redirect("workbench:outreach_volunteers_calls")
    context = {"form": form, "c": consultation, "case": case, "calls": list(consultation.expert_calls.all())}
    return render(request, TEMPLATES + "consultation_call.html", context, status=page_status(form))


@staff_door
@require_http_methods(["GET", "POST"])
def order_call(request: HttpRequest, tracking_number: str) -> HttpResponse:
    """工单请专家: staff who can see the order call an expert (its topic first) and see its calls."""
    user = staff(request)
    order = order_for(request, tracking_number)
    fields = [order.topic.code] if order.topic else []
    form = f.CallForm(request.POST if request.method == "POST" else None, experts=_expert_choices(fields, order.region))
    if request.method == "POST":
        call = _submit(
            form,
            lambda d: svc.call_expert(
                actor=user, expert=_chosen_expert(d), purpose=d.get("purpose") or "", work_order=order
            ),
        )
        if call is not None:
            messages.success(
                request,
                gettext("已就工单 {tracking_number} 请专家{name}咨询。").format(
                    tracking_number=order.tracking_number, name=call.expert.name
                ),
            )
            return redirect("workbench:outreach_volunteers_order_call", tracking_number=order.tracking_number)
    context = {"form": form, "order": order, "calls": sel.calls_on_order(order.pk)}
    return render(request, TEMPLATES + "order_call.html", context, status=page_status(form))


@staff_door
@require_GET
def calls(request: HttpRequest) -> HttpResponse:
    """专家咨询记录: calls the person made or that concern regions they manage; ?open=1 waiting."""
    user = staff(request)
    queryset = sel.calls_seen_by(user)
    waiting = request.GET.get("open") == "1"
    if waiting:
        queryset = queryset.filter(answered_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        TEMPLATES + "calls.html",
        {"page": page, "rows": list(page.object_list), "waiting": waiting, "query": f"open={'1' if waiting else ''}&"},
    )


def _call(request: HttpRequest, pk: int) -> ExpertCall:
    found = sel.call_for(staff(request), pk)
    if found is None:
        raise Http404(gettext("找不到该咨询记录"))
    return found


@staff_door
@require_http_methods(["GET", "POST"])
def call_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """登记专家意见 on one call."""
    user = staff(request)
    call = _call(request, pk)
    form = f.OpinionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = _submit(
            form,
            lambda d: svc.record_expert_opinion(
                actor=user, call=call, outcome=d.get("outcome") or "", answered_on=d.get("answered_on")
            ),
        )
        if done is not None:
            messages.success(request, gettext("已登记专家{name}的意见。").format(name=call.expert.name))
            return redirect("workbench:outreach_volunteers_calls")
    return render(request, TEMPLATES + "call_opinion.html", {"form": form, "call": call}, status=page_status(form))


# --- training -----------------------------------------------------------------------------------


@manager_door
@require_GET
def trainings(request: HttpRequest) -> HttpResponse:
    """业务培训: the year's courses (default this year) with the year's total person-hours."""
    user = staff(request)
    year = _pk(request.GET.get("year")) or timezone.localdate().year
    years = sel.training_years(user)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    courses = list(sel.managed_trainings(user, year))
    rows = [
        {"c": c, "people": getattr(c, "attendee_count", 0) + c.other_attendees, "hours": sel.person_hours(c)}
        for c in courses
    ]
    return render(
        request,
        TEMPLATES + "trainings.html",
        {"rows": rows, "year": year, "years": years, "totals": sel.training_totals(courses)},
    )


@manager_door
@require_http_methods(["GET", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    """业务培训登记 (第46条): held already, hours > 0, attendees from the platform's staff."""
    user = staff(request)
    candidates = list(sel.attendee_candidates(user)[: sel.ATTENDEE_LIMIT])
    people = [(str(p.pk), p.real_name or p.username) for p in candidates]
    form = f.TrainingForm(
        request.POST if request.method == "POST" else None, regions=_region_choices(user), people=people
    )
    if request.method == "POST":
        by_pk = {str(p.pk): p for p in candidates}

        def run(d: dict[str, Any]) -> Any:
            chosen = [by_pk[pk] for pk in d.get("attendees") or [] if pk in by_pk]
            return svc.record_training(
                actor=user,
                title=d.get("title") or "",
                organiser=d.get("organiser") or "",
                region=_region(d.get("region")),
                held_on=d.get("held_on"),
                hours=d.get("hours"),
                attendees=chosen,
                other_attendees=d.get("other_attendees"),
            )

        course = _submit(form, run)
        if course is not None:
            messages.success(request, gettext("已登记培训“{title}”。").format(title=course.title))
            return redirect(f"{reverse('workbench:outreach_volunteers_trainings')}?year={course.held_on.year}")
    return render(request, TEMPLATES + "training_new.html", {"form": form}, status=page_status(form))


urlpatterns = [
    path("", volunteer_list, name="outreach_volunteers"),
    path("new/", volunteer_new, name="outreach_volunteers_new"),
    path("<int:pk>/", volunteer_detail, name="outreach_volunteers_detail"),
    path("<int:pk>/decide/", volunteer_decide, name="outreach_volunteers_decide"),
    path("<int:pk>/service/", volunteer_service, name="outreach_volunteers_service"),
    path("experts/", expert_list, name="outreach_volunteers_experts"),
    path("experts/new/", expert_new, name="outreach_volunteers_expert_new"),
    path("experts/<int:pk>/", expert_edit, name="outreach_volunteers_expert_edit"),
    path("experts/<int:pk>/active/", expert_active, name="outreach_volunteers_expert_active"),
    path("consultations/", consultations, name="outreach_volunteers_consultations"),
    path("consultations/<int:pk>/call/", consultation_call, name="outreach_volunteers_consultation_call"),
    path("orders/<str:tracking_number>/experts/", order_call, name="outreach_volunteers_order_call"),
    path("calls/", calls, name="outreach_volunteers_calls"),
    path("calls/<int:pk>/opinion/", call_opinion, name="outreach_volunteers_call_opinion"),
    path("trainings/", trainings, name="outreach_volunteers_trainings"),
    path("trainings/new/", training_new, name="outreach_volunteers_training_new"),
]
