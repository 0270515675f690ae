"""The legal-aid case page of the workbench: the eligibility proposal, the record, and one form per
action allowed now (the ACTIONS table of actions.py).

Each action posts to /workbench/legal-aid/<number>/<action>/; a refusal (DomainError) is shown in
the error summary with status 400 and changes nothing. When the form's own checks fail, the action's
`check` (the service's validation, writing nothing) still runs, so every problem shows at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.legalaid.actions import LABELS, allowed_actions, roles_of
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.selectors import visible_to
from gongfa.legalaid.services.review import missing_items, open_supplement
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.legalaid.actions import ACTIONS


def _case_for(request: HttpRequest, number: str) -> LegalAidApplication:
    application = (
        visible_to(staff(request))
        .select_related("agency__region", "region", "provider", "provider_agency", "work_order", "decided_by")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404(gettext("找不到该案件"))
    return application


def _context(
    request: HttpRequest, application: LegalAidApplication, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    allowed = allowed_actions(application, roles_of(staff(request), application))
    actions = []
    for name in allowed:
        spec = ACTIONS.get(name)
        if spec is None:
            continue  # the applicant's and the API's steps
        form = bound[1] if bound is not None and bound[0] == name else spec.make_form(None, None, application)
        actions.append((spec, form))
    supplement = open_supplement(application)
    events = _events(application)
    from gongfa.legalaid.services.visits import closing_checklist

    closing = closing_checklist(application) if application.status in ("closing_review", "closed") else None
    return {
        "application": application,
        "actions": actions,
        "proposal": application.proposal,
        "supplement": supplement,
        "still_missing": missing_items(application, supplement) if supplement else [],
        "materials": application.materials.select_related("uploaded_by"),
        "notices": application.notices.all(),
        "updates": application.progress_updates.select_related("author"),
        "objections": application.objections.all(),
        "events": events,
        "today": timezone.localdate(),
        "form": bound[1] if bound is not None else None,
        "closing": closing,
        "reviews": application.quality_reviews.select_related("reviewer"),
        "visits": application.return_visits.select_related("visitor"),
        "priority_labels": application.special_group_list,
    }


def _events(application: LegalAidApplication) -> list[tuple[str, Any]]:
    """The case's audit events, each with the plain label of what happened."""
    from django.contrib.contenttypes.models import ContentType

    from gongfa.audit.models import Event

    events = (
        Event.objects.filter(
            subject_type=ContentType.objects.get_for_model(LegalAidApplication), subject_id=str(application.pk)
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return [(str(LABELS.get(e.verb.rsplit(".", 1)[-1], e.verb)), e) for e in events]


@staff_required
@require_GET
def case(request: HttpRequest, number: str) -> HttpResponse:
    application = _case_for(request, number)
    return render(request, "workbench/legalaid/case.html", _context(request, application))


@staff_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    application = _case_for(request, number)
    form = spec.make_form(request.POST, request.FILES, application)
    if form.is_valid():
        try:
            result = spec.run(user, application, form)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, result if isinstance(result, str) else spec.done)
            return redirect("workbench:legal_aid_case", number=number)
    elif spec.check is not None:
        check = spec.check
        check_as_well(form, lambda: check(user, application, form.cleaned_data))
    application.refresh_from_db()
    return render(
        request, "workbench/legalaid/case.html", _context(request, application, (spec.name, form)), status=400
    )
