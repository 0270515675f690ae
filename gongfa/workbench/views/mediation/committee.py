"""Committee pages (调委会): the coverage view of a region (coverage.py: places without a committee,
committees without a full-time mediator or with a make-up against 第9条, mediators without
insurance), the committees with their members and composition problems, the mediators with their
grades, and each mediator's grading evidence (grading.py) with the award actions: propose, publicise,
grant, reject, withdraw (services/grading.py decides who may take each)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.mediation import coverage as coverage_of
from gongfa.mediation import grading
from gongfa.mediation.choices import GradeAwardStatus, MediatorGrade
from gongfa.mediation.models import Committee, GradeAward, Mediator
from gongfa.mediation.services import grading as grading_service
from gongfa.mediation.services.organisation import composition_problems
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region, StaffPosting
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workbench.mediation_forms import committee as f
from gongfa.workbench.views.common import staff, staff_required, supervisor_required


def visible_committees(user: User) -> QuerySet[Committee]:
    """The committees a person may look at: their own (a posting at its agency), for a supervisor
    or the staff of a justice bureau those of their region subtree; everything for an
    administrator."""
    scope = scope_for(user)
    committees = Committee.objects.select_related("agency__region")
    if scope.sees_everything:
        return committees
    condition = Q(agency_id__in=scope.agency_ids)
    if scope.kind == ScopeKind.SUPERVISOR:
        condition |= scope.region_q("agency__region__code")
    # The staff of a justice bureau oversee the committees of the bureau's region (第5条).
    bureaus = Agency.objects.filter(pk__in=scope.agency_ids, kind=AgencyKind.JUSTICE_BUREAU, is_active=True)
    for bureau in bureaus.select_related("region") if scope.agency_ids else ():
        condition |= Q(agency__region__code__range=bureau.region.subtree_bounds())
    return committees.filter(condition)


def _committee(request: HttpRequest, pk: int) -> Committee:
    committee = visible_committees(staff(request)).filter(pk=pk).first()
    if committee is None:
        raise Http404(gettext("找不到该调委会"))
    return committee


def _mediator(request: HttpRequest, pk: int) -> Mediator:
    user = staff(request)
    mediator = (
        Mediator.objects.filter(pk=pk)
        .filter(Q(committee__in=visible_committees(user)) | Q(user=user))
        .select_related("user", "committee__agency__region")
        .first()
    )
    if mediator is None:
        raise Http404(gettext("找不到该调解员"))
    return mediator


def _regions(user: User) -> list[Region]:
    """The regions whose coverage this supervisor may see: those of their postings."""
    if scope_for(user).sees_everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    postings = StaffPosting.objects.filter(user=user, is_active=True).select_related("point__region", "agency__region")
    found: dict[int, Region] = {}
    for posting in postings:
        region = None
        if posting.point is not None:
            region = posting.point.region
        elif posting.agency is not None:
            region = posting.agency.region
        if region is not None:
            found[region.pk] = region
    return sorted(found.values(), key=lambda r: r.code)


@supervisor_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """The coverage view (组织网络覆盖) of a region the supervisor oversees."""
    user = staff(request)
    regions = _regions(user)
    scope = scope_for(user)
    wanted = request.GET.get("region", "")
    region: Region | None = regions[0] if regions else None
    problem = ""
    if wanted:
        chosen = Region.objects.filter(code=wanted).first()
        if chosen is None or not scope.covers_region(chosen):
            problem = gettext("所选地区不存在或不在您的督办范围内。")
        else:
            region = chosen
    view = coverage_of.coverage(region) if region is not None and not problem else None
    return render(
        request,
        "workbench/mediation/coverage.html",
        {"region": region, "regions": regions, "coverage": view, "problem": problem},
        status=400 if problem else 200,
    )


@staff_required
@require_GET
def committees(request: HttpRequest) -> HttpResponse:
    rows = visible_committees(staff(request)).order_by("agency__region__code", "pk")[:500]
    return render(request, "workbench/mediation/committees.html", {"committees": rows})


@staff_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    return render(
        request,
        "workbench/mediation/committee.html",
        {
            "committee": committee,
            "members": list(committee.members.order_by("-is_active", "role", "pk")),
            "problems": composition_problems(committee),
            "mediators": list(committee.mediators.select_related("user").order_by("-is_active", "pk")),
        },
    )


def _forms(mediator: Mediator, bound: tuple[str, forms.Form] | None = None) -> dict[str, forms.Form]:
    made: dict[str, forms.Form] = {
        "propose": f.ProposeGradeForm(initial={"grade": grading.next_grade(mediator.grade) or ""}),
        "withdraw": f.GradeReasonForm(),
        "publicise": f.PubliciseForm(),
        "reject": f.GradeReasonForm(),
    }
    if bound is not None:
        made[bound[0]] = bound[1]
    return made


def _grading_context(
    mediator: Mediator, bound: tuple[str, forms.Form] | None = None, award: int | None = None
) -> dict[str, Any]:
    evidence = grading.grading_evidence(mediator)
    target = grading.next_grade(mediator.grade)
    region = mediator.committee.agency.region
    limits = grading.thresholds(target, region) if target else {}
    return {
        "mediator": mediator,
        "evidence": evidence,
        "target": MediatorGrade(target).label if target else "",
        "limits": limits,
        "unmet": grading.unmet(evidence, target, limits) if target else [],
        "awards": list(mediator.grade_awards.select_related("granting_region").order_by("-proposed_at", "-pk")),
        "forms": _forms(mediator, bound),
        "bound_award": award,
        "form": bound[1] if bound is not None else None,
        "open_statuses": (GradeAwardStatus.PROPOSED, GradeAwardStatus.PUBLICISED),
    }


@staff_required
@require_GET
def mediator_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The mediator's grading evidence (评定依据) against the next grade's thresholds, the awards."""
    mediator = _mediator(request, pk)
    return render(request, "workbench/mediation/mediator.html", _grading_context(mediator))


@staff_required
@require_POST
def mediator_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Propose the next grade, or withdraw the current one (services/grading.py checks who)."""
    if action not in {"propose", "withdraw"}:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    mediator = _mediator(request, pk)
    form: forms.Form = f.ProposeGradeForm(request.POST) if action == "propose" else f.GradeReasonForm(request.POST)
    if form.is_valid():
        try:
            if action == "propose":
                award = grading_service.propose_grade(actor=user, mediator=mediator, grade=form.cleaned_data["grade"])
                done = gettext("已提出评定{get_grade_display}，请安排公示。").format(
                    get_grade_display=award.get_grade_display()
                )
            else:
                grading_service.withdraw_grade(actor=user, mediator=mediator, reason=form.cleaned_data["reason"])
                done = gettext("已撤销等级。")
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:mediation_mediator", pk=mediator.pk)
    mediator.refresh_from_db()
    return render(
        request,
        "workbench/mediation/mediator.html",
        _grading_context(mediator, (action, form)),
        status=page_status(form),
    )


@staff_required
@require_http_methods(["POST"])
def award_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Publicise, grant or reject a proposed grade."""
    if action not in {"publicise", "grant", "reject"}:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    award = GradeAward.objects.filter(pk=pk).select_related("mediator").first()
    if award is None:
        raise Http404(gettext("找不到该等级评定"))
    mediator = _mediator(request, award.mediator_id)
    form: forms.Form
    if action == "publicise":
        form = f.PubliciseForm(request.POST)
    elif action == "reject":
        form = f.GradeReasonForm(request.POST)
    else:
        form = f.GradeReasonForm(request.POST)  # nothing to fill in; the reason is not used
    if form.is_valid():
        try:
            if action == "publicise":
                grading_service.publicise(actor=user, award=award, starts_on=form.cleaned_data.get("starts_on"))
                done = gettext("已开始公示。")
            elif action == "grant":
                grading_service.grant(actor=user, award=award)
                done = gettext("已授予等级。")
            else:
                grading_service.reject(actor=user, award=award, reason=form.cleaned_data.get("reason") or "")
                done = gettext("已决定不予授予。")
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:mediation_mediator", pk=mediator.pk)
    mediator.refresh_from_db()
    bound_name = "publicise" if action == "publicise" else "reject"
    context = _grading_context(mediator, (bound_name, form), award.pk)
    return render(
        request, "workbench/mediation/mediator.html", context, status=page_status(form) if form.errors else 400
    )


urlpatterns = [
    path("coverage/", coverage, name="mediation_coverage"),
    path("committees/", committees, name="mediation_committees"),
    path("committees/<int:pk>/", committee_detail, name="mediation_committee"),
    path("mediators/<int:pk>/", mediator_page, name="mediation_mediator"),
    path("mediators/<int:pk>/<slug:action>/", mediator_action, name="mediation_mediator_action"),
    path("awards/<int:pk>/<slug:action>/", award_action, name="mediation_award_action"),
]
