"""The citizen's drafting pages, under /drafting/ (the pages themselves: gongfa.drafting.pages)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.core.access import Audience, door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.drafting import pages
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.drafting.services import library, start_interview

PORTAL = pages.Surface("portal", "portal/base.html")


@door(Audience.PUBLIC)
@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """选择要写的文书: every template, what it is for, and (signed in) the citizen's own drafts."""
    mine = []
    if request.user.is_authenticated and request.user.role == "citizen":
        mine = list(
            Interview.objects.visible_to(request.user)
            .exclude(status=InterviewStatus.DISCARDED)
            .select_related("template")
            .order_by("-updated_at")[:50]
        )
    return render(
        request,
        "drafting/choose.html",
        {"base_template": PORTAL.base_template, "surface": PORTAL, "definitions": library(), "mine": mine},
    )


@door(Audience.CITIZEN)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    try:
        interview = start_interview(
            code=request.POST.get("template", ""), actor=pages.acting_user(request), channel=Channel.PORTAL
        )
    except DomainError as exc:
        from django.contrib import messages

        messages.error(request, exc.problems[0].message if exc.problems else gettext("无法开始。"))
        return redirect("portal:drafting_choose")
    return redirect(PORTAL.url("step", interview.reference, interview.current_step))


@door(Audience.CITIZEN, hidden=True)
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    return pages.step_page(request, PORTAL, reference, key)


@door(Audience.CITIZEN, hidden=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, reference: str) -> HttpResponse:
    return pages.review_page(request, PORTAL, reference)


@door(Audience.CITIZEN, hidden=True)
@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return pages.detail_page(request, PORTAL, reference)


@door(Audience.CITIZEN, hidden=True)
@require_POST
def action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    return pages.action_page(request, PORTAL, reference, action)


@door(Audience.CITIZEN, hidden=True)
@require_GET
def download(request: HttpRequest, reference: str, version: int, fmt: str) -> HttpResponse:
    return pages.download(request, PORTAL, reference, version, fmt)
