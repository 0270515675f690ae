"""Search-as-you-type for "派给…" / 转办 / 派单 / 改派: the places matching what was typed, grouped
by tier and region, as the radio list fragment the picker swaps in (htmx). Without JavaScript the
pickers' 筛选 button reloads their page with the same list filtered."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongfa.network.models import Region
from gongfa.workbench.intake_forms import AUTO_DISPATCH
from gongfa.workbench.target_picker import QUERY, options_context
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workorders.services.dispatch import dispatch_targets_for

NAMES = {"place", "dispatch_to"}
WIDGET_ID = re.compile(r"^id_[a-z_]{1,40}$")
VALUE = re.compile(r"^(point|agency):\d{1,12}$")


@staff_required
@require_GET
def target_search(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name") or "place"
    widget_id = request.GET.get("id") or "id_place"
    if name not in NAMES or not WIDGET_ID.match(widget_id):
        name, widget_id = "place", "id_place"
    code = request.GET.get("region") or ""
    region = Region.objects.filter(code=code).first() if re.fullmatch(r"\d{12}", code) else None
    value = request.GET.get("value") or ""
    query = (request.GET.get(QUERY) or "").strip()[:50]
    targets = dispatch_targets_for(staff(request), region, query)
    context = options_context(
        targets,
        name=name,
        widget_id=widget_id,
        value=value if VALUE.match(value) else "",
        auto_label=str(AUTO_DISPATCH) if request.GET.get("auto") else "",
        query=query,
    )
    return render(request, "workbench/hotline/target_options.html", context)
