"""绩效考评 (performance): the schemes, the runs of one's regions, a new run, a run's ranked results
with each subject's breakdown, the typed scores (自评、第三方评估), recomputing and finalising.

Views validate and call gongfa.performance.services.evaluation; a refusal is shown in the error
summary with status 400 and changes nothing. Runs are visible along the supervisor's region
subtree (404 otherwise). Every page runs a fixed number of queries whatever the number of runs,
subjects or items."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well, page_status
from gongfa.performance.choices import EvaluationRunStatus
from gongfa.performance.models import EvaluationInput, EvaluationItem, EvaluationRun, EvaluationScheme
from gongfa.performance.services import evaluation as services
from gongfa.workbench.performance_forms.evaluation import NewRunForm, ScoresForm
from gongfa.workbench.views.common import staff, supervisor_required

RUNS_SHOWN = 100
TEMPLATES = "workbench/performance/evaluation"


def _run_for(request: HttpRequest, pk: int) -> EvaluationRun:
    run = services.runs_visible_to(staff(request)).filter(pk=pk).first()
    if run is None:
        raise Http404(gettext("找不到该考评"))
    return run


@supervisor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    runs = list(
        services.runs_visible_to(staff(request))
        .annotate(subjects=Count("results"))
        .order_by("-created_at", "-pk")[:RUNS_SHOWN]
    )
    return render(request, f"{TEMPLATES}/index.html", {"runs": runs, "limit": RUNS_SHOWN})


@supervisor_required
@require_GET
def schemes(request: HttpRequest) -> HttpResponse:
    found = EvaluationScheme.objects.order_by("-is_active", "name").prefetch_related(
        Prefetch("items", queryset=EvaluationItem.objects.select_related("indicator").order_by("order"))
    )
    return render(request, f"{TEMPLATES}/schemes.html", {"schemes": found})


@supervisor_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = NewRunForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = services.run_evaluation(
                    user, data["scheme"], data["region"], data["period_start"], data["period_end"], title=data["title"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, gettext("已发起考评，共 {count} 个考评对象。").format(count=run.results.count())
                )
                return redirect("workbench:perf_evaluation", pk=run.pk)
        else:
            data = form.cleaned_data
            check_as_well(
                form,
                lambda: services.check_new_run(
                    actor=user,
                    scheme=data.get("scheme"),
                    region=data.get("region"),
                    start=data.get("period_start"),
                    end=data.get("period_end"),
                    title=data.get("title") or "",
                ),
            )
    return render(request, f"{TEMPLATES}/new.html", {"form": form}, status=page_status(form))


@supervisor_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    results = list(run.results.order_by("rank", "subject_name", "subject_id"))
    items = list(run.scheme.items.order_by("order"))
    context = {
        "run": run,
        "results": results,
        "items": items,
        "is_draft": run.status == EvaluationRunStatus.DRAFT,
        "has_typed": any(item.component in services.TYPED for item in items),
    }
    return render(request, f"{TEMPLATES}/run.html", context)


@supervisor_required
@require_http_methods(["GET", "POST"])
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    run = _run_for(request, pk)
    items = services.typed_items(run)
    subjects = services.subjects_of(run.scheme.subject_kind, run.region, run.scheme.items.all())
    current = {
        (item_id, subject_id): score
        for item_id, subject_id, score in EvaluationInput.objects.filter(run=run).values_list(
            "item_id", "subject_id", "score"
        )
    }
    form = ScoresForm(request.POST or None, items=items, subjects=subjects, current=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.enter_scores(user, run, form.scores())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, gettext("已保存 {changed} 项得分，考评结果已重新计算。").format(changed=changed)
                )
                return redirect("workbench:perf_evaluation", pk=run.pk)
        else:
            check_as_well(form, lambda: services.check_scores(run, form.cleaned_data))
    context = {"run": run, "form": form, "items": items, "is_draft": run.status == EvaluationRunStatus.DRAFT}
    return render(request, f"{TEMPLATES}/scores.html", context, status=page_status(form))


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = staff(request)
    run = _run_for(request, pk)
    try:
        if action == "finalise":
            services.finalise_run(user, run)
            messages.success(request, gettext("考评已定稿，结果不再变动。"))
        else:
            services.recompute_run(user, run)
            messages.success(request, gettext("已按最新数据重新计算。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workbench:perf_evaluation", pk=run.pk)


@supervisor_required
@require_POST
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "recompute")


@supervisor_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "finalise")


urlpatterns = [
    path("evaluation/", index, name="perf_evaluations"),
    path("evaluation/schemes/", schemes, name="perf_evaluation_schemes"),
    path("evaluation/new/", new, name="perf_evaluation_new"),
    path("evaluation/<int:pk>/", detail, name="perf_evaluation"),
    path("evaluation/<int:pk>/scores/", scores, name="perf_evaluation_scores"),
    path("evaluation/<int:pk>/recompute/", recompute, name="perf_evaluation_recompute"),
    path("evaluation/<int:pk>/finalise/", finalise, name="perf_evaluation_finalise"),
]
