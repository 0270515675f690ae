"""The mediator's list (我的调解案件), the committee's queue (调委会案件), the case page and its
actions: consent, acceptance, mediators, handling. The forms post to
/workbench/mediation/cases/<number>/<action>/; a refusal re-renders the case page with every problem
at once (status 400) and changes nothing. GET on an action's URL shows that one form on its own page
(phone-first: one thing to do per screen)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.core.forms import add_domain_error, page_status
from gongfa.mediation.choices import (
    INTAKE_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    ConsentDecision,
    DocumentKind,
    IntakeChannel,
    PartySide,
)
from gongfa.mediation.documents import missing_documents
from gongfa.mediation.events import event_label
from gongfa.mediation.invitations import answer_due, invitation_token
from gongfa.mediation.models import Committee, DisputeCategory, MediationCase
from gongfa.mediation.selectors import Action, CasePaginator, committees_of, mediating, visible_to
from gongfa.mediation.services import intake
from gongfa.network.models import Region
from gongfa.workbench.mediation_forms import cases as f
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.mediation.common import (
    ACTIONS,
    CaseAction,
    case_for,
    choice_id,
    dry_run,
    in_work_order,
    invite_url,
    rights,
)

PAGE_SIZE = 20
S = CaseStatus


# ---------------------------------------------------------------------------------------------
# Lists


def _filters(request: HttpRequest) -> f.QueueFilterForm:
    categories = [(c.code, c.name) for c in DisputeCategory.objects.filter(is_active=True)]
    form = f.QueueFilterForm(request.GET or None, statuses=CaseStatus.choices, categories=categories)
    form.is_valid()
    return form


def _filtered(queryset: QuerySet[MediationCase], form: f.QueueFilterForm) -> QuerySet[MediationCase]:
    data = form.cleaned_data if form.is_bound and not form.errors else {}
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    else:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if data.get("category"):
        queryset = queryset.filter(category__code=data["category"])
    return queryset


def _listed(queryset: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    """What a row of _case_rows.html and its clock read, and nothing more (a case has some forty
    columns; loading them all was a fifth of the lists' Python, issue #13)."""
    return queryset.select_related("category", "committee__agency").only(
        "number",
        "status",
        "escalation_risk",
        "summary",
        "due_on",
        "extended_until",
        "category__name",
        "committee__agency__name",
    )


def _page(queryset: QuerySet[MediationCase], number: Any) -> Any:
    return CasePaginator(queryset, PAGE_SIZE).get_page(number)


def _clock(case: MediationCase, today: datetime.date) -> dict[str, Any] | None:
    """The one-month clock of a case in mediation: days left, or days overdue."""
    limit = case.extended_until or case.due_on
    if limit is None or case.status not in OPEN_STATUSES:
        return None
    days = (limit - today).days
    return {
        "limit": limit,
        "days_left": days,
        "overdue": days < 0,
        "overdue_days": -days,
        "extended": bool(case.extended_until),
    }


def my_cases(user: User) -> QuerySet[MediationCase]:
    """Open cases where the user is a current mediator, the nearest deadline first."""
    return mediating(user)


def committee_cases(user: User) -> QuerySet[MediationCase]:
    """The cases of the user's committees (or region, for supervisors), intake first."""
    return visible_to(user, Action.MANAGE).annotate(
        intake=Case(When(status__in=INTAKE_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def _case_url() -> Callable[[str], str]:
    """The case page's address for a number, as {% url 'workbench:mediation_case' number %} gives it:
    one reverse() for the list and the number quoted as reverse() quotes it (a reverse() a row cost
    a third of the list's rendering, issue #13); a number the route would refuse still goes through
    reverse() (and fails there)."""
    marker = "0"
    prefix, _, suffix = reverse("workbench:mediation_case", args=[marker]).rpartition(marker)

    def url(number: str) -> str:
        if not number or "/" in number:
            return reverse("workbench:mediation_case", args=[number])
        return prefix + quote(number, safe=RFC3986_SUBDELIMS + "/~:@") + suffix

    return url


def _rows(page: Any, today: datetime.date) -> list[dict[str, Any]]:
    url = _case_url()
    labels = dict(CaseStatus.choices)
    return [
        {"case": c, "clock": _clock(c, today), "url": url(c.number), "status": labels.get(c.status, c.status)}
        for c in page.object_list
    ]


def _without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """我的调解案件 and 调委会案件: filters by status and category, paginated, a constant number of
    queries whatever the number of cases."""
    user = staff(request)
    today = timezone.localdate()
    filters = _filters(request)
    # The limit in force: the extension if any, else the month (MediationCase.limit_on).
    deadline = Coalesce("extended_until", "due_on").asc(nulls_last=True)
    mine_qs = _listed(_filtered(my_cases(user), filters)).order_by(deadline, "registered_at", "pk")
    mine = _page(mine_qs, request.GET.get("page"))
    manages = user.is_supervisor or user.is_administrator or bool(committees_of(user))
    queue = None
    if manages:
        queue_qs = _listed(_filtered(committee_cases(user), filters)).order_by(
            "intake", deadline, "registered_at", "pk"
        )
        queue = _page(queue_qs, request.GET.get("cpage"))
    return render(
        request,
        "workbench/mediation/index.html",
        {
            "filters": filters,
            "form": filters,
            "mine": mine,
            "mine_rows": _rows(mine, today),
            "queue": queue,
            "queue_rows": _rows(queue, today) if queue is not None else [],
            "query_mine": _without(request, "page"),
            "query_queue": _without(request, "cpage"),
            "today": today,
        },
        status=page_status(filters),
    )


# ---------------------------------------------------------------------------------------------
# The case page


def _events(case: MediationCase) -> list[tuple[str, Event]]:
    """The case's audit events (the timeline), each with the plain label of what happened."""
    events = (
        Event.objects.filter(subject_type=ContentType.objects.get_for_model(MediationCase), subject_id=str(case.pk))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return [(event_label(e.verb), e) for e in events]


def _offered_actions(
    user: User, case: MediationCase, bound: tuple[str, forms.Form] | None = None
) -> list[tuple[CaseAction, forms.Form]]:
    handle, manage = rights(user, case)
    shown = []
    for action in in_work_order():
        if not handle or (action.manage and not manage) or not action.offered(case):
            continue
        form = bound[1] if bound is not None and bound[0] == action.name else action.make_form(None, None, case)
        shown.append((action, own_ids(action, form)))
    if bound is not None and bound[0] not in {a.name for a, _ in shown}:
        shown.insert(0, (ACTIONS[bound[0]], bound[1]))
    return shown


def missing_labels(case: MediationCase) -> list[str]:
    """The documents closing still needs (the back cover is generated when it closes, 第27条)."""
    return [str(DocumentKind(k).label) for k in missing_documents(case) if k != DocumentKind.BACK_COVER]


def own_ids(action: CaseAction, form: forms.Form) -> forms.Form:
    """Each action's fields get their own ids (the case page shows many forms; a label and the error
    summary's link must reach the right field)."""
    form.auto_id = f"id_{action.name}_%s"
    return form


def _invitations(request: HttpRequest, case: MediationCase) -> list[dict[str, Any]]:
    if case.status != S.CONSENT_PENDING:
        return []
    pending = case.consents.filter(decision=ConsentDecision.PENDING).select_related("party")
    return [{"party": c.party, "url": invite_url(request, invitation_token(c)), "due": answer_due(c)} for c in pending]


def context(request: HttpRequest, case: MediationCase, bound: tuple[str, forms.Form] | None = None) -> dict[str, Any]:
    from gongfa.workbench.views.mediation.agreement import agreement_panel

    user = staff(request)
    today = timezone.localdate()
    documents = sorted(
        case.documents.select_related("added_by"),
        key=lambda d: (
            [k.value for k in DocumentKind].index(d.kind) if d.kind in DocumentKind.values else 99,
            d.added_at,
        ),
    )
    return {
        "case": case,
        "parties": list(case.parties.order_by("side", "pk")),
        "consents": list(case.consents.select_related("party")),
        "case_mediators": list(case.mediators.select_related("mediator__user")),
        "sessions": list(case.sessions.all()),
        "escalations": list(case.escalations.all()),
        "consultations": list(case.consultations.all()),
        "confirmations": list(case.confirmations.all()),
        "visits": list(case.return_visits.select_related("visitor")),
        "documents": documents,
        "missing": missing_labels(case) if not case.is_open else [],
        "events": _events(case),
        "actions": _offered_actions(user, case, bound),
        "invitations": _invitations(request, case),
        "agreement": agreement_panel(request, case),
        "clock": _clock(case, today),
        "today": today,
        "form": bound[1] if bound is not None else None,
        "applicant_side": PartySide.APPLICANT,
    }


@staff_required
@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for(request, number)
    return render(request, "workbench/mediation/case.html", context(request, case))


@staff_required
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action of the case page: GET shows its form alone (phone-first), POST runs it."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    case = case_for(request, number)
    if request.method == "GET":
        form = own_ids(spec, spec.make_form(None, None, case))
        return render(
            request,
            "workbench/mediation/action.html",
            {"case": case, "spec": spec, "action_form": form, "missing": missing_labels(case)},
        )
    form = own_ids(spec, spec.make_form(request.POST, request.FILES, case))
    if form.is_valid():
        try:
            done = spec.run(user, case, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:mediation_case", number=case.number)
    else:
        cleaned = dict(getattr(form, "cleaned_data", {}))
        dry_run(form, lambda: spec.run(user, case, cleaned))
    case.refresh_from_db()
    if request.POST.get("_page") == "action":
        return render(
            request,
            "workbench/mediation/action.html",
            {"case": case, "spec": spec, "action_form": form, "form": form, "missing": missing_labels(case)},
            status=400,
        )
    return render(request, "workbench/mediation/case.html", context(request, case, (spec.name, form)), status=400)


def _committee_choices(user: User) -> list[tuple[int, str]]:
    from gongfa.workbench.views.mediation.committee import visible_committees

    if user.is_supervisor or user.is_administrator:
        committees = list(visible_committees(user).filter(agency__is_active=True).order_by("agency__region__code"))
    else:
        committees = [c for c in committees_of(user) if c.agency.is_active]
    return [(c.pk, c.agency.name) for c in committees]


def _register_form(request: HttpRequest, user: User) -> f.RegisterForm:
    return f.RegisterForm(
        request.POST if request.method == "POST" else None,
        committees=_committee_choices(user),
        categories=[(c.pk, c.name) for c in DisputeCategory.objects.filter(is_active=True)],
        channels=[(value, label) for value, label in IntakeChannel.choices if value != IntakeChannel.PORTAL],
    )


def _party_input(data: dict[str, Any], side: str) -> dict[str, Any]:
    return {key: data.get(f"{side}_{key}") or "" for key in ("name", "id_number", "phone", "address")}


PARTY_FIELDS = {"applicants": "applicant", "respondents": "respondent"}


def _register(user: User, data: dict[str, Any], committees: set[int]) -> MediationCase:
    committee_id = choice_id(data.get("committee"))
    committee = (
        Committee.objects.select_related("agency__region").filter(pk=committee_id).first()
        if committee_id in committees
        else None
    )
    if committee is None:
        raise DomainError(gettext("请选择受理调委会。"), code="required", field="committee")
    code = (data.get("region_code") or "").strip()
    category_id = choice_id(data.get("category"))
    try:
        return intake.register_case(
            actor=user,
            committee=committee,
            region=Region.objects.filter(code=code).first() if code else None,
            category=DisputeCategory.objects.filter(pk=category_id).first() if category_id else None,
            source=data.get("source") or "",
            application_form=data.get("application_form") or "",
            intake_channel=data.get("intake_channel") or "",
            summary=data.get("summary") or "",
            facts=data.get("facts") or "",
            claims=data.get("claims") or "",
            applicants=[_party_input(data, "applicant")],
            respondents=[_party_input(data, "respondent")],
            sender_name=data.get("sender_name") or "",
            sender_reference=data.get("sender_reference") or "",
            amount_in_dispute=data.get("amount_in_dispute") or None,
        )
    except DomainError as exc:
        # "applicants.0.name" is this form's applicant_name; "region" its region_code.
        problems = []
        for problem in exc.problems:
            field = problem.field
            if field and "." in field:
                head, _, tail = field.partition(".")
                field = f"{PARTY_FIELDS.get(head, head)}_{tail.rsplit('.', 1)[-1]}" if head in PARTY_FIELDS else head
            elif field == "region":
                field = "region_code"
            elif field in PARTY_FIELDS:
                field = f"{PARTY_FIELDS[field]}_name"
            problems.append(Problem(field, problem.message, problem.code))
        raise ValidationFailed(problems) from exc


@staff_required
@require_http_methods(["GET", "POST"])
def new_case(request: HttpRequest) -> HttpResponse:
    """登记调解案件: the committee's staff (or a supervisor over it) register a dispute brought to
    them; every problem named at once (400), nothing written."""
    user = staff(request)
    form = _register_form(request, user)
    committees = {pk for pk, _ in _committee_choices(user)}
    if request.method == "POST":
        if form.is_valid():
            try:
                case = _register(user, form.cleaned_data, committees)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已登记调解案件 {number}。").format(number=case.number))
                return redirect("workbench:mediation_case", number=case.number)
        else:
            cleaned = dict(getattr(form, "cleaned_data", {}))
            dry_run(form, lambda: _register(user, cleaned, committees))
    return render(
        request,
        "workbench/mediation/register.html",
        {"form": form, "has_committee": bool(committees)},
        status=page_status(form),
    )


urlpatterns = [
    path("", index, name="mediation"),
    path("new/", new_case, name="mediation_register"),
    path("cases/<str:number>/", case_page, name="mediation_case"),
    path("cases/<str:number>/<slug:action>/", case_action, name="mediation_action"),
]
