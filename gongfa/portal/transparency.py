"""服务数据公开 (the public transparency page): the public indicators per county, for anyone.

No login, GET only, no personal data: region names and figures (gongfa.performance.public, cached).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongfa.core.access import Audience, door
from gongfa.core.dbrouting import replica_view
from gongfa.performance.charts import echarts_url
from gongfa.performance.public import public_figures


@door(Audience.PUBLIC)
@require_GET
@replica_view
def transparency(request: HttpRequest) -> HttpResponse:
    figures = public_figures(timezone.localdate())
    context = {
        "figures": figures,
        "charts": [figures.chart] if figures is not None and figures.chart is not None else [],
        "echarts_url": echarts_url(),
    }
    # The figures are cached (performance.public); the page itself is not, as it carries the
    # CSRF token of the header's forms.
    return render(request, "portal/transparency.html", context)
