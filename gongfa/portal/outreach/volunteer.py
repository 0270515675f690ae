"""Citizen page of outreach: 志愿者报名 (/outreach/volunteer/). A signed-in citizen registers as a
legal-service volunteer (《法治宣传教育法》第47条) in a county or township, with their skills and
availability; the registration waits for the region's approval (workbench 志愿者与专家). The page
also lists the person's own registrations and their status. Every problem is shown at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.masking import mask_phone
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.models import Volunteer
from gongfa.outreach.services.volunteers import register_volunteer
from gongfa.workbench.outreach_forms.volunteers import VolunteerForm
from gongfa.workorders.models import Topic

REGION_LIMIT = 1000


class _Rollback(Exception):
    pass


def _submit(form: forms.Form, run: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the service with what the form cleaned; with the form's own errors the service is still
    asked (and rolled back), so every problem shows at once. None when refused."""
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


def _regions() -> list[tuple[str, str]]:
    """Counties and townships (a volunteer serves one of them), indented by level."""
    rows = (
        Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWNSHIP))
        .order_by("code")
        .only("code", "name", "level")[:REGION_LIMIT]
    )
    return [(r.code, f"{'　' * (r.level - RegionLevel.COUNTY)}{r.name}") for r in rows]


@door(Audience.CITIZEN)
@require_http_methods(["GET", "POST"])
def volunteer(request: HttpRequest) -> HttpResponse:
    """志愿者报名, and the person's registrations."""
    user = request.user
    assert isinstance(user, User)
    data = request.POST if request.method == "POST" else None
    form = VolunteerForm(
        data,
        initial={"name": user.real_name, "phone": user.phone},
        regions=_regions(),
        skills=list(Topic.objects.filter(is_active=True).values_list("code", "name")),
    )
    if request.method == "POST":
        made = _submit(
            form,
            lambda d: register_volunteer(
                actor=None,
                user=user,
                channel=Channel.PORTAL,
                name=d.get("name") or "",
                phone=d.get("phone") or "",
                kind=d.get("kind") or "",
                organisation=d.get("organisation") or "",
                region=Region.objects.filter(code=d.get("region") or "").first() if d.get("region") else None,
                skills=d.get("skills") or [],
                availability=d.get("availability") or "",
            ),
        )
        if made is not None:
            messages.success(request, gettext("报名已提交，司法行政部门审核后会与您联系。"))
            return redirect("portal:outreach_volunteer")
    mine = [
        {"v": v, "phone": mask_phone(v.phone)}
        for v in Volunteer.objects.filter(user=user).select_related("region").order_by("-created_at")[:20]
    ]
    return render(request, "portal/outreach/volunteer.html", {"form": form, "mine": mine}, status=page_status(form))


urlpatterns = [
    path("", volunteer, name="outreach_volunteer"),
]
