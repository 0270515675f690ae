"""The legal-aid reviewer queue with its clocks, counters and filters (and the provider's own
cases), and the supervisors' figures (受理率、审查用时、指派用时、结案用时、满意度、质量指数)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.legalaid.choices import ApplicationStatus, ProposalOutcome
from gongfa.legalaid.selectors import Action, cases_of_provider, visible_to
from gongfa.network.scope import scope_for
from gongfa.workbench.views.common import staff, staff_required, supervisor_required


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer queue (green channel first, then the nearest clock) with its counters and
    filters, and the provider's own cases. A constant number of queries per page."""
    from gongfa.legalaid.queue import CLOCK_CHOICES, STATUS_CHOICES, QueueFilters, queue_counts, queue_page

    user = staff(request)
    filters = QueueFilters.from_params(request.GET)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    today = timezone.localdate()
    page = queue_page(user, filters, page=number, today=today)
    mine = cases_of_provider(user)
    return render(
        request,
        "workbench/legalaid/queue.html",
        {
            "page": page,
            "counts": queue_counts(user, today),
            "filters": filters,
            "filter_errors": filters.errors,
            "status_choices": STATUS_CHOICES,
            "clock_choices": CLOCK_CHOICES,
            "proposal_choices": ProposalOutcome.choices,
            "mine": mine,
            "today": today,
            "drafts": list(
                visible_to(user, Action.REVIEW)
                .filter(status=ApplicationStatus.DRAFT, work_order__isnull=False)
                .select_related("work_order")
                .order_by("-created_at")[:50]
            ),
            "query": _without_page(request),
        },
    )


# ---------------------------------------------------------------------------------------------
# Supervisors: the figures supervisors answer for (受理率、审查用时、指派用时、结案用时、满意度、质量指数)

STATS_DEFAULT_DAYS = 90


def _satisfied_min_rating(scope: Any, on: datetime.date) -> int:
    """满意率's definition for the supervisor's region (the first of their postings)."""
    from gongfa.network.models import Region
    from gongfa.network.selectors import region_setting
    from gongfa.workorders.measures import SATISFIED_MIN_RATING

    codes = [low for low, _high in scope.region_ranges]
    region = Region.objects.filter(code__in=codes).order_by("level", "code").first() if codes else None
    return int(region_setting(region, SATISFIED_MIN_RATING.key, on))


@supervisor_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    import datetime

    from gongfa.legalaid.reports import display_days, display_rate, display_score, legal_aid_stats
    from gongfa.legalaid.services.quality import quality_index
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.workbench.forms import DemandPeriodForm

    user = staff(request)
    form = DemandPeriodForm(request.GET or None)
    end = timezone.localdate()
    start = end - datetime.timedelta(days=STATS_DEFAULT_DAYS - 1)
    if form.is_bound and form.is_valid():
        end = form.cleaned_data.get("end") or end
        start = form.cleaned_data.get("start") or min(start, end)
    scope = scope_for(user)
    figures = legal_aid_stats(user, start, end, satisfied_min_rating=_satisfied_min_rating(scope, end))
    agencies = None
    if not scope.sees_everything:
        agencies = list(Agency.objects.filter(kind=AgencyKind.LEGAL_AID_CENTRE).filter(scope.region_q("region__code")))
    quality = quality_index(start=start, end=end, agencies=agencies)
    by_provider = {row.id: row for row in quality.providers}
    providers = [(p, by_provider.get(p.provider_id)) for p in figures.providers]
    context = {
        "form": form,
        "start": start,
        "end": end,
        "stats": figures,
        "providers": providers,
        "quality": quality,
        "rate": display_rate,
        "days": display_days,
        "score": display_score,
        "kpis": [
            (gettext("收到申请"), str(figures.applications_received)),
            (gettext("受理率（留在本机构审查 ÷ 收到申请）"), display_rate(figures.acceptance_rate)),
            (gettext("给予援助率（给予 ÷ 作出决定）"), display_rate(figures.grant_rate)),
            (gettext("平均审查用时"), display_days(figures.review_days_mean)),
            (gettext("七日内作出决定"), display_rate(figures.decided_within_limit_share)),
            (gettext("决定给予至指派平均用时"), display_days(figures.grant_to_assignment_days_mean)),
            (gettext("三日内指派"), display_rate(figures.assigned_within_limit_share)),
            (gettext("指派至结案平均用时"), display_days(figures.assignment_to_close_days_mean)),
            (gettext("满意率"), display_rate(figures.satisfaction_rate)),
            (gettext("满意度均分（1–5）"), display_score(figures.satisfaction)),
        ],
    }
    return render(request, "workbench/legalaid/stats.html", context, status=400 if form.errors else 200)
