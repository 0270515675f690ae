"""月报与通报 (performance)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from gongfa.workbench.views.common import supervisor_required


@supervisor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workbench/performance/placeholder.html", {"title": "月报与通报"})


urlpatterns = [
    path("reports/", index, name="perf_reports"),
]
