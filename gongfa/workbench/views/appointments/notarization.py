"""公证案件 on the workbench (/workbench/notary/…):

- the queue: the office's open cases with their clocks (overdue, due today, due soon, paused, N
  working days left), nearest deadline first, filtered by status, matter, notary or "mine", in a
  constant number of queries;
- 登记公证申请: the office, then a booking of today (its details prefill the form) or a walk-in's
  matter, then the applicant and the material checklist (all missing materials told at once);
- the case page: facts (personal data masked), the materials (✓ / 承诺 / ✗), the clock, the
  timeline of events, and every action the status allows as a small form. A refused action comes
  back on the case page with every problem at once (status 400) and nothing changed.

Who may see and act is the selectors' (visible_cases with Action.ACT): anyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingStatus, NotarizationStatus
from gongfa.appointments.models import Booking, NotarialMatter, NotarizationCase, OfficeMatter
from gongfa.appointments.selectors import notarization as sel
from gongfa.appointments.services import notarization as svc
from gongfa.appointments.states import NOTARIZATION
from gongfa.audit.models import Event
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.i18n import Label
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.workbench import notarization_forms as f
from gongfa.workbench.views.common import staff

PAGE_SIZE = 30
WORKERS = (Role.NOTARY, Role.NOTARY_CLERK, Role.SUPERVISOR, Role.ADMINISTRATOR)
notary_door = door(Audience.STAFF, roles=WORKERS)
S = NotarizationStatus


# ---------------------------------------------------------------------------------------------
# The queue


@notary_door
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """公证案件: the office's cases with their clocks."""
    user = staff(request)
    offices = sel.offices_of(user)
    notaries = [n for office in offices for n in sel.notaries_of(office)]
    form = f.QueueFilterForm(request.GET or None, matters=sel.matters_for_filter(), notaries=notaries)
    filters = sel.QueueFilters.from_params(request.GET)
    cases = sel.with_row_relations(sel.queue(user, filters))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "workbench/appointments/notarization/queue.html",
        {
            "form": form,
            "filter_errors": filters.errors,
            "page": page,
            "rows": sel.queue_rows(page.object_list, today),
            "counts": sel.queue_counts(user, today),
            "may_register": bool(offices) or user.role in (Role.SUPERVISOR, Role.ADMINISTRATOR),
        },
    )


# ---------------------------------------------------------------------------------------------
# Registering an application


def _registering_offices(user: User) -> list[Agency]:
    offices = sel.offices_of(user)
    if offices or user.role not in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return offices
    return [
        office
        for office in Agency.objects.filter(kind=AgencyKind.NOTARY_OFFICE, is_active=True).order_by("name")[:200]
        if svc.may_act_at(user, office)
    ]


def _todays_bookings(office: Agency) -> list[Booking]:
    today = timezone.localdate()
    return list(
        Booking.objects.filter(office=office, date=today, status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED))
        .exclude(notarization_case__isnull=False)
        .select_related("matter")
        .order_by("starts_at")
    )


def _handled_matters(office: Agency) -> list[NotarialMatter]:
    ids = OfficeMatter.objects.filter(office=office, is_active=True).values("matter_id")
    return list(
        NotarialMatter.objects.filter(pk__in=ids, is_active=True).select_related("parent").order_by("sort_order")
    )


@notary_door
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """登记公证申请: choose (GET), then fill in (POST to the same URL with the choice)."""
    user = staff(request)
    offices = _registering_offices(user)
    if not offices:
        raise Http404(gettext("您没有可登记申请的公证处"))
    params = request.POST if request.method == "POST" else request.GET
    office = next((o for o in offices if str(o.pk) == params.get("office")), offices[0])
    bookings = _todays_bookings(office)
    matters = _handled_matters(office)
    start = f.StartForm(params or None, offices=offices, bookings=bookings, matters=matters)
    booking = next((b for b in bookings if b.number == params.get("booking")), None)
    matter = next((m for m in matters if str(m.pk) == params.get("matter")), None)
    if matter is None and booking is not None and booking.matter is not None:
        matter = next((m for m in matters if m.pk == booking.matter_id), None)
    form: f.ApplyForm | None = None
    if matter is not None:
        materials = list(matter.materials.order_by("sort_order", "pk"))
        initial = {}
        if booking is not None:
            initial = {"applicant_name": booking.name, "applicant_phone": booking.phone}
        form = f.ApplyForm(request.POST if request.method == "POST" else None, materials=materials, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                case = svc.apply_for_notarization(
                    actor=user,
                    office=office,
                    matter=matter,
                    booking=booking,
                    applicant_name=data["applicant_name"],
                    applicant_phone=data["applicant_phone"],
                    applicant_id_number=data["applicant_id_number"],
                    agent_name=data["agent_name"],
                    purpose=data["purpose"],
                    destination=data["destination"],
                    materials_provided=form.ids("materials_provided"),
                    materials_by_commitment=form.ids("materials_by_commitment"),
                    user=booking.user if booking is not None else None,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已登记公证申请 {number}。").format(number=case.number))
                return redirect("workbench:notary_case", number=case.number)
    return render(
        request,
        "workbench/appointments/notarization/apply.html",
        {
            "start": start,
            "form": form,
            "office": office,
            "booking": booking,
            "matter": matter,
        },
        status=page_status(form),
    )


# ---------------------------------------------------------------------------------------------
# The case page and its actions


@dataclass(frozen=True)
class ActionSpec:
    label: Label
    form: type[forms.Form]
    run: Callable[[User, NotarizationCase, dict[str, Any]], NotarizationCase]
    done: Label
    danger: bool = False


def _user(pk: Any) -> User | None:
    return User.objects.filter(pk=pk).first() if pk and str(pk).isdigit() else None


def _office(pk: Any) -> Agency | None:
    return Agency.objects.filter(pk=pk).first() if pk and str(pk).isdigit() else None


ACTIONS: dict[str, ActionSpec] = {
    "accept": ActionSpec(
        _("受理"),
        f.AcceptForm,
        lambda u, c, d: svc.accept_case(
            actor=u,
            case=c,
            notary=_user(d["notary"]),
            legal_meaning_notice_signed=d["legal_meaning_notice_signed"],
            national_system_entered=d["national_system_entered"],
            fee_waiver=d["fee_waiver"],
            fee_waived_yuan=d["fee_waived_yuan"],
        ),
        _("已受理，开始计时。"),
    ),
    "decline": ActionSpec(
        _("不予受理"),
        f.DeclineForm,
        lambda u, c, d: svc.decline_case(
            actor=u,
            case=c,
            ground=d["ground"],
            reason=d["reason"],
            competent_office=_office(d["competent_office"]),
            competent_office_name=d["competent_office_name"],
        ),
        _("已决定不予受理。"),
        danger=True,
    ),
    "recuse": ActionSpec(
        _("公证员回避并更换"),
        f.RecuseForm,
        lambda u, c, d: svc.recuse_notary(actor=u, case=c, reason=d["reason"], replacement=_user(d["replacement"])),
        _("已更换承办公证员。"),
    ),
    "request_supplement": ActionSpec(
        _("通知补充材料（暂停计时）"),
        f.SupplementForm,
        lambda u, c, d: svc.request_supplement(actor=u, case=c, request=d["request"]),
        _("已通知补充材料，计时暂停。"),
    ),
    "receive_supplement": ActionSpec(
        _("补充材料已收齐（恢复计时）"),
        f.EmptyForm,
        lambda u, c, d: svc.receive_supplement(actor=u, case=c),
        _("补充材料已收齐，恢复计时。"),
    ),
    "start_verification": ActionSpec(
        _("开始核实（暂停计时）"),
        f.VerificationForm,
        lambda u, c, d: svc.start_verification(actor=u, case=c, note=d["note"], remote=d["remote"]),
        _("已开始核实，计时暂停。"),
    ),
    "finish_verification": ActionSpec(
        _("核实完毕（恢复计时）"),
        f.EmptyForm,
        lambda u, c, d: svc.finish_verification(actor=u, case=c),
        _("核实完毕，恢复计时。"),
    ),
    "issue": ActionSpec(
        _("出具公证书"),
        f.IssueForm,
        lambda u, c, d: svc.issue_certificate(
            actor=u, case=c, certificate_number=d["certificate_number"], issued_on=d["issued_on"]
        ),
        _("已记录出证。"),
    ),
    "refuse": ActionSpec(
        _("不予办理"),
        f.RefuseForm,
        lambda u, c, d: svc.refuse_case(
            actor=u, case=c, ground=d["ground"], decision_note=d["decision_note"], refund_note=d["refund_note"]
        ),
        _("已决定不予办理。"),
        danger=True,
    ),
    "terminate": ActionSpec(
        _("终止公证"),
        f.TerminateForm,
        lambda u, c, d: svc.terminate_case(
            actor=u, case=c, ground=d["ground"], reason=d["reason"], refund_note=d["refund_note"]
        ),
        _("已终止公证。"),
        danger=True,
    ),
    "archive": ActionSpec(_("归档"), f.EmptyForm, lambda u, c, d: svc.archive_case(actor=u, case=c), _("已归档。")),
    "request_review": ActionSpec(
        _("登记复查申请"),
        f.ReviewForm,
        lambda u, c, d: svc.request_review(
            actor=u,
            case=c,
            requester=d["requester"],
            reason=d["reason"],
            requested_on=d["requested_on"],
            known_on=d["known_on"],
        ),
        _("已登记复查申请。"),
    ),
    "decide_review": ActionSpec(
        _("作出复查决定"),
        f.DecideReviewForm,
        lambda u, c, d: svc.decide_review(actor=u, case=c, outcome=d["outcome"], note=d["note"]),
        _("已作出复查决定。"),
    ),
}


def _case(request: HttpRequest, number: str) -> NotarizationCase:
    found = (
        sel.visible_cases(staff(request), sel.Action.ACT)
        .select_related("office__region", "matter__parent", "notary", "booking", "competent_office", "work_order")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise Http404(gettext("找不到该公证案件"))
    return found


def _make_form(name: str, case: NotarizationCase, data: Any = None) -> forms.Form:
    spec = ACTIONS[name]
    kwargs: dict[str, Any] = {"prefix": name}
    if spec.form in (f.AcceptForm, f.RecuseForm):
        kwargs["notaries"] = [n for n in sel.notaries_of(case.office) if n.pk != case.notary_id or name == "accept"]
    if spec.form is f.DeclineForm:
        kwargs["offices"] = list(
            Agency.objects.filter(kind=AgencyKind.NOTARY_OFFICE, is_active=True).exclude(pk=case.office_id)[:200]
        )
    return spec.form(data, **kwargs)


def _allowed(case: NotarizationCase, user: User) -> list[str]:
    names = [t.action for t in NOTARIZATION.allowed_actions(case.status) if t.action in ACTIONS]
    if case.notary_id != user.pk:
        names = [n for n in names if n != "issue"]
    return names


def _render_case(
    request: HttpRequest, case: NotarizationCase, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    user = staff(request)
    names = _allowed(case, user)
    action_forms = []
    for name in names:
        form = failed[1] if failed is not None and failed[0] == name else _make_form(name, case)
        action_forms.append({"name": name, "spec": ACTIONS[name], "form": form})
    labels = {f"appointments.notarizationcase.{t.action}": t.label for t in NOTARIZATION.transitions}
    labels["appointments.notarizationcase.apply"] = gettext("登记申请")
    events = [
        (event, labels.get(event.verb, event.verb))
        for event in Event.objects.filter(
            subject_type=ContentType.objects.get_for_model(NotarizationCase), subject_id=str(case.pk)
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    ]
    today = timezone.localdate()
    return render(
        request,
        "workbench/appointments/notarization/case.html",
        {
            "case": case,
            "clock": sel.clock_of(case, today),
            "materials": case.materials,
            "actions": action_forms,
            "form": failed[1] if failed is not None else None,
            "failed": failed[0] if failed is not None else "",
            "events": events,
            "recused": list(case.recused_notaries.all()),
            "is_notary": case.notary_id == user.pk,
        },
        status=400 if failed is not None else 200,
    )


@notary_door
@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    return _render_case(request, _case(request, number))


@notary_door
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(gettext("没有该操作"))
    user = staff(request)
    case = _case(request, number)
    form = _make_form(action, case, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action].run(user, case, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{case.number}：{ACTIONS[action].done}")
            return redirect("workbench:notary_case", number=case.number)
    return _render_case(request, case, (action, form))


urlpatterns = [
    path("", queue, name="notary_queue"),
    path("apply/", apply, name="notary_apply"),
    path("<str:number>/", case_page, name="notary_case"),
    path("<str:number>/<slug:action>/", case_action, name="notary_action"),
]


def case_url(case: NotarizationCase) -> str:
    return reverse("workbench:notary_case", args=[case.number])
