"""Notarization on the portal (公证): the published matter list with the materials told all at once
(一次性告知, "最多跑一次"), booking a slot (booking.py) and the citizen's own bookings (bookings.py).
URLs: matters here (portal/urls.py), the rest in urls.py under /notarization/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongfa.appointments.choices import FeeWaiver
from gongfa.appointments.selectors import public_matter_list
from gongfa.core.access import Audience, door


@door(Audience.PUBLIC)
@require_GET
def matters(request: HttpRequest) -> HttpResponse:
    """公证事项与所需材料: each matter's materials, time limit, whether it must be done in person,
    by video or at an agency point, and who pays less; each with its 预约办理 link."""
    return render(
        request,
        "portal/notarization/matters.html",
        {"groups": public_matter_list(), "waivers": dict(FeeWaiver.choices)},
    )
