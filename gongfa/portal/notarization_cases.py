"""我的公证 on the portal: a citizen's own notarization cases (the account that applied), each with
its status, matter, clock (the due date), the supplement request to act on, and the certificate
number once issued. Rating uses the work order's rating (the case's order is closed when it ends)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.accounts.models import User
from gongfa.appointments.selectors.notarization import cases_of, clock_of
from gongfa.core.access import Audience, door


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@door(Audience.CITIZEN)
@require_GET
def cases(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(case, clock_of(case, today)) for case in cases_of(_citizen(request))[:100]]
    return render(request, "portal/notarization_cases/list.html", {"rows": rows})


@door(Audience.CITIZEN, hidden=True)
@require_GET
def case(request: HttpRequest, number: str) -> HttpResponse:
    found = cases_of(_citizen(request)).select_related("work_order").filter(number=number).first()
    if found is None:
        raise Http404(gettext("找不到该公证案件"))
    return render(
        request,
        "portal/notarization_cases/case.html",
        {"case": found, "clock": clock_of(found, timezone.localdate()), "order": found.work_order},
    )


urlpatterns = [
    path("", cases, name="notarization_cases"),
    path("<str:number>/", case, name="notarization_case"),
]
