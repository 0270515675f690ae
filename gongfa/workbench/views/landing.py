"""Landing pages (首页) by role: /workbench/ sends each person to the page that starts with their
own work (the navigation registry says which page is whose), and the pages that exist only as
landing pages: the supervisor's overview and the lawyer's cases."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongfa.core.navigation import landing_url
from gongfa.legalaid.queue import queue_counts
from gongfa.legalaid.selectors import cases_of_provider
from gongfa.workbench.views.common import staff, staff_required, supervisor_required
from gongfa.workorders import selectors
from gongfa.workorders.choices import OPEN_STATUSES, SlaState


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The workbench root: the signed-in person's landing page (the queue when none is declared)."""
    return redirect(landing_url(staff(request)) or reverse("workbench:queue"))


@supervisor_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The supervisor's overview (概览): counters over their region, a fixed number of queries."""
    user = staff(request)
    orders = selectors.visible_to(user, selectors.Action.ACT)
    by_status = selectors.status_counts(orders.filter(status__in=OPEN_STATUSES))
    by_sla = selectors.sla_counts(orders)
    legal_aid = queue_counts(user, timezone.localdate())
    queue = reverse("workbench:queue")
    return render(
        request,
        "workbench/landing/overview.html",
        {
            "open_total": sum(by_status.values()),
            "overdue": by_sla.get(SlaState.OVERDUE, 0),
            "near_due": by_sla.get(SlaState.NEAR_DUE, 0),
            "supervised": selectors.unresolved_notices(user).count(),
            "legal_aid": legal_aid,
            "queue_url": queue,
            "overdue_url": f"{queue}?sla={SlaState.OVERDUE}",
            "near_due_url": f"{queue}?sla={SlaState.NEAR_DUE}",
        },
    )


@staff_required
@require_GET
def my_legal_aid(request: HttpRequest) -> HttpResponse:
    """A lawyer's legal-aid cases (我承办的案件), the next deadline first."""
    return render(
        request,
        "workbench/landing/my_legal_aid.html",
        {"cases": cases_of_provider(staff(request)), "today": timezone.localdate()},
    )
