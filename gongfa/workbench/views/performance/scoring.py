"""示范点评分 (performance): the points of the supervisor's regions with their latest inspection,
a point's page (its profile and inspections), the profile form, a new inspection, and the
inspection's page where evaluators fill the items the data cannot answer and finalise it.

The rules are performance.services.scoring's; a refusal shows every problem at once beside its
field with status 400 and changes nothing. Points and inspections outside the user's regions are
404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.core.forms import add_domain_error, check_as_well, page_status
from gongfa.network.choices import PointTier
from gongfa.network.models import Agency, ServicePoint
from gongfa.performance import selectors_scoring as selectors
from gongfa.performance.choices import InspectionStatus
from gongfa.performance.models import ItemScore, PointProfile, ScoringItem, SiteInspection
from gongfa.performance.scoring_rules import SIGNAGE_CHECKS
from gongfa.performance.services import scoring as services
from gongfa.workbench.performance_forms.scoring import FinaliseForm, InspectionForm, ProfileForm, ScoresForm
from gongfa.workbench.views.common import staff, supervisor_required

PAGE_SIZE = 100


def _point(request: HttpRequest, pk: int) -> ServicePoint:
    point = selectors.point_for(staff(request), pk)
    if point is None:
        raise Http404(gettext("找不到该服务平台"))
    return point


def _inspection(request: HttpRequest, pk: int) -> SiteInspection:
    inspection = selectors.inspection_for(staff(request), pk)
    if inspection is None:
        raise Http404(gettext("找不到该检查评分"))
    return inspection


def _on_form_fields(error: DomainError) -> DomainError:
    """The service names an item "scores.<code>" / "notes.<code>"; the form's inputs are
    "score_<code>" / "note_<code>"."""
    renamed = []
    for problem in error.problems:
        field = problem.field or ""
        for prefix, name in (("scores.", "score_"), ("notes.", "note_")):
            if field.startswith(prefix):
                field = name + field.removeprefix(prefix)
        renamed.append(Problem(field or None, problem.message, problem.code))
    return ValidationFailed(renamed)


@supervisor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    tier = request.GET.get("tier", "")
    if tier not in PointTier.values:
        tier = ""
    page = Paginator(selectors.points_for(staff(request), tier=tier), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/performance/scoring/sites.html",
        {"title": gettext("示范点评分"), "page": page, "tier": tier, "tiers": PointTier.choices},
    )


def _agencies(point: ServicePoint) -> Any:
    """Agencies that may be stationed at the point: in its region's subtree or its ancestors."""
    low, high = point.region.subtree_bounds()
    in_reach = Q(region__code__range=(low, high)) | Q(region__code__in=point.region.ancestor_codes())
    return Agency.objects.filter(in_reach, is_active=True).select_related("region")


def _profile(point: ServicePoint) -> PointProfile | None:
    return PointProfile.objects.filter(point=point).prefetch_related("stationed_agencies").first()


@supervisor_required
@require_GET
def point_page(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    profile = _profile(point)
    signage = [(label, bool(profile and profile.signage.get(key))) for key, label in SIGNAGE_CHECKS]
    return render(
        request,
        "workbench/performance/scoring/point.html",
        {
            "title": point.name,
            "point": point,
            "profile": profile,
            "signage": signage,
            "inspections": list(selectors.inspections_of(point)[:50]),
            "may_score": services.may_score(staff(request), point),
        },
    )


@supervisor_required
@require_http_methods(["GET", "POST"])
def profile_page(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    agencies = _agencies(point).order_by("name")
    if request.method == "POST":
        form = ProfileForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_profile(
                    point=point,
                    actor=staff(request),
                    floor_area_m2=data["floor_area_m2"],
                    street_level=data["street_level"],
                    weekly_hours=data["weekly_hours"],
                    posts=data["posts"].splitlines(),
                    stationed_agencies=list(data["stationed_agencies"]),
                    signage=dict.fromkeys(data["signage"], True),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已保存{name}的建设情况。").format(name=point.name))
                return redirect("workbench:perf_site_point", pk=point.pk)
        else:
            data = form.cleaned_data
            check_as_well(
                form,
                lambda: services.check_profile(
                    point=point,
                    floor_area_m2=data.get("floor_area_m2"),
                    weekly_hours=data.get("weekly_hours"),
                    posts=(data.get("posts") or "").splitlines(),
                    stationed_agencies=list(data.get("stationed_agencies") or []),
                ),
            )
    else:
        form = ProfileForm(initial=ProfileForm.initial_of(_profile(point)), agencies=agencies)
    return render(
        request,
        "workbench/performance/scoring/profile.html",
        {"title": gettext("{name}建设情况").format(name=point.name), "point": point, "form": form},
        status=page_status(form),
    )


@supervisor_required
@require_http_methods(["GET", "POST"])
def new_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    if request.method == "POST":
        form = InspectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.create_inspection(point=point, actor=staff(request), **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已登记检查，系统计算的项目已自动评分。"))
                return redirect("workbench:perf_site_inspection", pk=inspection.pk)
        else:
            data = form.cleaned_data
            check_as_well(
                form,
                lambda: services.check_inspection(
                    point=point,
                    sheet=data.get("sheet"),
                    site_level=data.get("site_level", ""),
                    mode=data.get("mode", ""),
                    venue=data.get("venue", ""),
                    inspected_on=data.get("inspected_on"),
                    inspectors=data.get("inspectors", ""),
                ),
            )
    else:
        form = InspectionForm(initial={"inspected_on": timezone.localdate()})
    return render(
        request,
        "workbench/performance/scoring/inspection_new.html",
        {"title": gettext("{name}：新建检查评分").format(name=point.name), "point": point, "form": form},
        status=page_status(form),
    )


def _items(inspection: SiteInspection) -> list[ScoringItem]:
    return list(
        ScoringItem.objects.filter(category__sheet_id=inspection.sheet_id)
        .select_related("category")
        .order_by("category__order", "order")
    )


def _inspection_context(
    request: HttpRequest,
    inspection: SiteInspection,
    scores_form: ScoresForm | None = None,
    finalise_form: FinaliseForm | None = None,
) -> dict[str, Any]:
    items = _items(inspection)
    scores = {s.item_id: s for s in ItemScore.objects.filter(inspection=inspection).select_related("rectification")}
    if scores_form is None:
        initial: dict[str, Any] = {}
        for item in items:
            found = scores.get(item.pk)
            if found is not None and not item.computed_by:
                initial[f"score_{item.code}"] = str(found.score)
                initial[f"note_{item.code}"] = found.note
        scores_form = ScoresForm(initial=initial, items=items)
    fields = {
        item.code: (scores_form[f"score_{item.code}"], scores_form[f"note_{item.code}"]) for item in scores_form.items
    }
    categories: list[dict[str, Any]] = []
    for item in items:
        if not categories or categories[-1]["category"].pk != item.category_id:
            categories.append({"category": item.category, "rows": []})
        score = scores.get(item.pk)
        categories[-1]["rows"].append({"item": item, "score": score, "fields": fields.get(item.code)})
    draft = inspection.status == InspectionStatus.DRAFT
    return {
        "title": gettext("{name} {inspected_on:%Y-%m-%d} 检查评分").format(
            name=inspection.point.name, inspected_on=inspection.inspected_on
        ),
        "inspection": inspection,
        "categories": categories,
        "form": scores_form,
        "finalise_form": finalise_form or FinaliseForm(),
        "draft": draft,
        "may_score": draft and services.may_score(staff(request), inspection.point),
        "running_total": sum((s.score for s in scores.values()), start=0),
        "scored": len(scores),
        "item_count": len(items),
    }


@supervisor_required
@require_http_methods(["GET", "POST"])
def inspection_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if request.method == "GET":
        return render(
            request, "workbench/performance/scoring/inspection.html", _inspection_context(request, inspection)
        )
    form = ScoresForm(request.POST, items=_items(inspection))
    if form.is_valid():
        try:
            services.record_scores(
                inspection=inspection, actor=staff(request), scores=form.scores(), notes=form.notes()
            )
        except DomainError as exc:
            add_domain_error(form, _on_form_fields(exc) if type(exc) in (DomainError, ValidationFailed) else exc)
        else:
            messages.success(request, gettext("评分已保存。"))
            return redirect("workbench:perf_site_inspection", pk=inspection.pk)
    else:
        data = form.cleaned_data
        scores = {
            item.code: data.get(f"score_{item.code}") or "" for item in form.items if f"score_{item.code}" in data
        }
        notes = {item.code: data.get(f"note_{item.code}") or "" for item in form.items if f"note_{item.code}" in data}

        def check() -> object:
            try:
                return services.check_scores(inspection, scores, notes)
            except DomainError as exc:
                raise _on_form_fields(exc) from None

        check_as_well(form, check)
    return render(
        request,
        "workbench/performance/scoring/inspection.html",
        _inspection_context(request, inspection, scores_form=form),
        status=page_status(form),
    )


@supervisor_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = FinaliseForm(request.POST)
    if form.is_valid():
        try:
            done = services.finalise_inspection(
                inspection=inspection, actor=staff(request), rectification_due=form.cleaned_data["rectification_due"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            verdict = gettext("达标") if done.passed else gettext("未达标")
            opened = done.scores.filter(rectification__isnull=False).count()
            messages.success(
                request,
                gettext("已定稿：得分 {total}，分数线 {threshold}，{verdict}；生成整改 {opened} 项。").format(
                    total=done.total, threshold=done.threshold, verdict=verdict, opened=opened
                ),
            )
            return redirect("workbench:perf_site_inspection", pk=inspection.pk)
    return render(
        request,
        "workbench/performance/scoring/inspection.html",
        _inspection_context(request, inspection, finalise_form=form),
        status=400,
    )


urlpatterns = [
    path("scoring/", index, name="perf_sites"),
    path("scoring/points/<int:pk>/", point_page, name="perf_site_point"),
    path("scoring/points/<int:pk>/profile/", profile_page, name="perf_site_profile"),
    path("scoring/points/<int:pk>/inspections/new/", new_inspection, name="perf_site_inspection_new"),
    path("scoring/inspections/<int:pk>/", inspection_page, name="perf_site_inspection"),
    path("scoring/inspections/<int:pk>/finalise/", finalise, name="perf_site_finalise"),
]
