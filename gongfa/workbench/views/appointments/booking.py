"""预约管理 on the workbench (notarization booking):

- the day view: an office's bookings of one day (default today) with filters by resource and
  status, phones masked, and 到场 / 爽约 per booking, in a constant number of queries;
- a booking's page (the facts and the material list, to read out on the phone);
- 代约 (booking on a citizen's behalf) by 12348 hotline agents, window staff and the office's own
  staff: office, matter and mode first (GET), then the slot and the citizen's details in one form;
  the channel follows the role (hotline or window);
- 预约时段设置: the office's resources with their weekly slots (add / delete) and its closures
  (add / remove), through the schedule services.

Who may see an office's bookings and change its schedule is the selectors' (office_bookings,
manageable_offices): anyone else gets 404."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingChannel, BookingMode, BookingStatus
from gongfa.appointments.models import BookableResource, Booking, Closure, OfficeMatter, SlotTemplate
from gongfa.appointments.selectors.booking import available_slots, manageable_offices, office_bookings
from gongfa.appointments.services.booking import (
    add_closure,
    book_slot,
    check_in_booking,
    delete_slot_template,
    record_no_show,
    remove_closure,
    save_slot_template,
)
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.http import safe_next
from gongfa.network.models import Agency
from gongfa.portal.notarization_forms import (
    SLOT_FIELDS,
    change_refusal,
    find_slot,
    modes_for,
    notary_offices,
    office_matter,
    office_matters,
    place_of,
)
from gongfa.workbench.booking_forms import ChooseForm, ClosureForm, DayForm, OnBehalfForm, TemplateForm
from gongfa.workbench.views.common import staff

# The office's own staff, and those over it.
MANAGERS = (Role.NOTARY_CLERK, Role.NOTARY, Role.SUPERVISOR, Role.ADMINISTRATOR)
# Who books on a citizen's behalf (代约).
ON_BEHALF = (Role.HOTLINE_AGENT, Role.WINDOW_STAFF, *MANAGERS)
manager_door = door(Audience.STAFF, roles=MANAGERS)
on_behalf_door = door(Audience.STAFF, roles=ON_BEHALF)


def _offices(user: User) -> list[Agency]:
    return list(manageable_offices(user).select_related("region"))


def _office(offices: list[Agency], value: str | None) -> Agency | None:
    """The office asked for, among those the person may manage (404 for any other); the first one
    by default; None when they manage none."""
    if value:
        found = next((o for o in offices if str(o.pk) == value), None)
        if found is None:
            raise Http404(gettext("找不到该公证处"))
        return found
    return offices[0] if offices else None


def _booking(request: HttpRequest, number: str) -> Booking:
    found = (
        office_bookings(staff(request))
        .select_related("office__region", "resource__point", "matter__parent", "booked_by")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise Http404(gettext("找不到该预约"))
    return found


# --- the day view -------------------------------------------------------------------------------


@manager_door
@require_GET
def day_view(request: HttpRequest) -> HttpResponse:
    """预约管理: the bookings of one office on one day, in slot order."""
    user = staff(request)
    offices = _offices(user)
    office = _office(offices, request.GET.get("office"))
    resources = list(BookableResource.objects.filter(office=office).order_by("kind", "name")) if office else []
    form = DayForm(request.GET or None, offices=offices, resources=resources)
    today = timezone.localdate()
    day = today
    rows: list[Booking] = []
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"] or today
    if office is not None and not form.errors:
        bookings = office_bookings(user, office, day).select_related("resource__point")
        resource = form.cleaned_data.get("resource") if form.is_bound else ""
        status = form.cleaned_data.get("status") if form.is_bound else ""
        if resource:
            bookings = bookings.filter(resource_id=int(resource))
        if status:
            bookings = bookings.filter(status=status)
        rows = list(bookings[:500])
    query = urlencode({"office": office.pk if office else "", "day": day.isoformat()})
    return render(
        request,
        "workbench/appointments/booking/day.html",
        {
            "form": form,
            "office": office,
            "offices": offices,
            "day": day,
            "today": today,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "rows": rows,
            "here": f"{request.path}?{request.GET.urlencode() or query}",
            "counts": _counts(rows),
        },
        status=page_status(form),
    )


def _counts(rows: list[Booking]) -> dict[str, int]:
    counts = dict.fromkeys(BookingStatus.values, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def _act(request: HttpRequest, number: str, run: Any, done: str) -> HttpResponse:
    user = staff(request)
    booking = _booking(request, number)
    back = safe_next(request, f"{reverse('workbench:bookings')}?office={booking.office_id}&day={booking.date}")
    try:
        run(actor=user, booking=booking)
    except DomainError as exc:
        messages.error(request, f"{booking.number}：{exc.message}")
    else:
        messages.success(request, done.format(number=booking.number, name=booking.masked_name))
    return redirect(back)


@manager_door
@require_POST
def check_in(request: HttpRequest, number: str) -> HttpResponse:
    """到场: the citizen came (check_in_booking); the work order waits for the notarization case."""
    return _act(request, number, check_in_booking, gettext("{number}（{name}）已签到。"))


@manager_door
@require_POST
def no_show(request: HttpRequest, number: str) -> HttpResponse:
    """爽约: the citizen did not come (record_no_show: only after the slot began)."""
    return _act(request, number, record_no_show, gettext("{number}（{name}）已记为爽约。"))


@on_behalf_door
@require_GET
def booking_page(request: HttpRequest, number: str) -> HttpResponse:
    """A booking's facts and its material list (to read out to the citizen), masked contact."""
    booking = _booking(request, number)
    materials = list(booking.matter.materials.order_by("sort_order", "pk")) if booking.matter else []
    return render(
        request,
        "workbench/appointments/booking/booking.html",
        {
            "booking": booking,
            "place": place_of(booking),
            "materials": materials,
            "refusal": change_refusal(booking),
        },
    )


# --- booking on behalf --------------------------------------------------------------------------


def _channel(user: User) -> str:
    return BookingChannel.HOTLINE if user.role == Role.HOTLINE_AGENT else BookingChannel.WINDOW


def _citizen_account(phone: str) -> User | None:
    """The citizen's own account with this phone, so the booking shows in their 我的预约."""
    if not phone:
        return None
    from gongfa.core.validators import normalize_phone

    return User.objects.with_phone(normalize_phone(phone)).filter(role=Role.CITIZEN, is_active=True).first()


def _on_behalf_context(request: HttpRequest) -> dict[str, Any]:
    params = request.GET
    offices = list(notary_offices())
    office = next((o for o in offices if str(o.pk) == params.get("office", "")), None)
    if office is None and len(offices) == 1:
        office = offices[0]
    rows: list[OfficeMatter] = office_matters(office) if office is not None else []
    row = office_matter(office, params.get("matter", "")) if office is not None else None
    modes = modes_for(office, row) if office is not None and row is not None else []
    mode = params.get("mode", "")
    if mode not in dict(modes):
        mode = modes[0][0] if len(modes) == 1 else ""
    choose = ChooseForm(
        {"office": str(office.pk) if office else "", "matter": row.matter.code if row else "", "mode": mode},
        offices=offices,
        rows=rows,
        modes=modes,
    )
    problems = []
    if params.get("office") and office is None:
        problems.append(("office", gettext("找不到该公证处，请重新选择。")))
    if params.get("matter") and office is not None and row is None:
        problems.append(("matter", gettext("该公证处不办理所选事项，请重新选择。")))
    if params.get("mode") and row is not None and not mode:
        problems.append(("mode", gettext("所选办理方式本事项不能使用，请重新选择。")))
    choose.is_valid()
    for field, message in problems:
        choose.add_error(field, message)
    slots = available_slots(office, mode=mode) if office is not None and row is not None and mode else []
    return {
        "choose": choose,
        "office": office,
        "row": row,
        "mode": mode,
        "slots": slots,
        "ready": office is not None and row is not None and bool(mode),
        "query": urlencode(
            {"office": office.pk if office else "", "matter": row.matter.code if row else "", "mode": mode}
        ),
    }


class _Rollback(Exception):
    pass


@on_behalf_door
@require_http_methods(["GET", "POST"])
def book_on_behalf(request: HttpRequest) -> HttpResponse:
    """代约公证: the same steps as the portal in one page. Every problem at once; nothing kept until
    the booking is made. The booking is linked to the citizen's account when the phone has one."""
    user = staff(request)
    context = _on_behalf_context(request)
    home_visit = context["mode"] == BookingMode.HOME_VISIT
    form = OnBehalfForm(
        request.POST if request.method == "POST" else None, slots=context["slots"], home_visit=home_visit
    )
    status = page_status(context["choose"])
    if request.method == "POST" and context["ready"]:
        form.is_valid()
        slot = find_slot(context["slots"], form.cleaned_data.get("slot") or "")
        if slot is None and "slot" not in form.errors:
            form.add_error("slot", gettext("请选择一个空闲时段。"))
        kwargs = form.service_kwargs()
        taken = False  # the slot went between the page and the press (409)
        try:
            with transaction.atomic():
                booking = book_slot(
                    actor=user,
                    office=context["office"],
                    resource=BookableResource.objects.get(pk=slot.resource_id) if slot else _any_resource(context),
                    matter=context["row"].matter,
                    date=slot.date if slot else timezone.localdate() + datetime.timedelta(days=1),
                    starts_at=slot.starts_at if slot else datetime.time(9),
                    user=_citizen_account(kwargs.get("phone", "")),
                    channel=_channel(user),
                    name=kwargs.get("name", ""),
                    phone=kwargs.get("phone", ""),
                    id_number=kwargs.get("id_number", ""),
                    address=kwargs.get("address", ""),
                    special_group=kwargs.get("special_group", ""),
                    note=kwargs.get("note", ""),
                )
                if form.errors:
                    raise _Rollback
        except _Rollback:
            pass
        except DomainError as exc:
            if slot is not None and any(p.code == "slot_taken" for p in exc.problems):
                taken = True
            # Without a slot chosen its own problem is already on the form: the service's
            # complaints about the stand-in slot are dropped.
            _slot_problems_to_slot(form, exc, skip_slot=slot is None)
        else:
            messages.success(
                request,
                gettext("已代约：预约号 {number}，{date:%m月%d日} {starts_at:%H:%M}。请告知群众所需材料。").format(
                    number=booking.number, date=booking.date, starts_at=booking.starts_at
                ),
            )
            return redirect("workbench:booking", number=booking.number)
        status = 409 if taken else page_status(form)
    elif request.method == "POST":
        form.is_valid()
        form.add_error(None, gettext("请先选择公证处、公证事项和办理方式，再选时段。"))
        status = 400
    context.update(form=form, channel_label=BookingChannel(_channel(user)).label)
    return render(request, "workbench/appointments/booking/book.html", context, status=status)


def _any_resource(context: dict[str, Any]) -> BookableResource:
    """With no slot chosen, the service is still asked about everything else (with a resource of
    the mode), so the page shows every problem at once; its slot complaints are dropped."""
    from gongfa.portal.notarization_forms import KINDS_OF_MODE

    found = BookableResource.objects.filter(office=context["office"], kind__in=KINDS_OF_MODE[context["mode"]]).first()
    if found is None:
        raise Http404(gettext("没有可预约的资源"))
    return found


def _slot_problems_to_slot(form: forms.Form, error: DomainError, *, skip_slot: bool = False) -> None:
    """The service's problems on the form; those about the date, time or resource go to the slot."""
    for problem in error.problems:
        about_slot = problem.field in SLOT_FIELDS or problem.code == "slot_taken"
        if about_slot and skip_slot:
            continue
        field = "slot" if about_slot else problem.field
        field = field if field in form.fields else None
        if problem.message not in form.errors.get(field or "__all__", []):
            form.add_error(field, problem.message)


# --- the schedule -------------------------------------------------------------------------------


def _schedule_context(office: Agency, offices: list[Agency], **bound: forms.Form) -> dict[str, Any]:
    resources = list(BookableResource.objects.filter(office=office).select_related("point").order_by("kind", "name"))
    templates = list(
        SlotTemplate.objects.filter(resource__office=office).order_by("resource_id", "weekday", "starts_at")
    )
    by_resource: dict[int, list[SlotTemplate]] = {}
    for template in templates:
        by_resource.setdefault(template.resource_id, []).append(template)
    today = timezone.localdate()
    closures = list(
        Closure.objects.filter(office=office, ends_on__gte=today).select_related("resource").order_by("starts_on")
    )
    return {
        "office": office,
        "offices": offices,
        "resources": [(r, by_resource.get(r.pk, [])) for r in resources],
        "closures": closures,
        "template_form": bound.get("template_form") or TemplateForm(office=office),
        "closure_form": bound.get("closure_form") or ClosureForm(office=office),
        "form": bound.get("template_form") or bound.get("closure_form"),
    }


@manager_door
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    """预约时段设置: resources, weekly slots, closures of one office the person manages."""
    offices = _offices(staff(request))
    office = _office(offices, request.GET.get("office"))
    if office is None:
        raise Http404(gettext("您没有可管理的公证处"))
    return render(request, "workbench/appointments/booking/schedule.html", _schedule_context(office, offices))


def _schedule_office(request: HttpRequest, pk: int) -> tuple[Agency, list[Agency]]:
    offices = _offices(staff(request))
    office = _office(offices, str(pk))
    assert office is not None
    return office, offices


def _back(office: Agency) -> HttpResponse:
    return redirect(f"{reverse('workbench:booking_schedule')}?office={office.pk}")


@manager_door
@require_POST
def add_template(request: HttpRequest, office_pk: int) -> HttpResponse:
    office, offices = _schedule_office(request, office_pk)
    form = TemplateForm(request.POST, office=office)
    form.is_valid()
    data = form.cleaned_data
    if not form.errors and data.get("resource") is None:
        form.add_error("resource", gettext("请选择预约资源。"))
    if not form.errors:
        try:
            save_slot_template(
                actor=staff(request),
                resource=data["resource"],
                weekday=-1 if data.get("weekday") is None else int(data["weekday"]),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                valid_from=data.get("valid_from"),
                valid_until=data.get("valid_until"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已添加每周时段。"))
            return _back(office)
    context = _schedule_context(office, offices, template_form=form)
    return render(request, "workbench/appointments/booking/schedule.html", context, status=400)


@manager_door
@require_POST
def delete_template(request: HttpRequest, office_pk: int, pk: int) -> HttpResponse:
    office, _ = _schedule_office(request, office_pk)
    template = SlotTemplate.objects.filter(pk=pk, resource__office=office).select_related("resource__office").first()
    if template is None:
        raise Http404(gettext("找不到该时段"))
    try:
        delete_slot_template(actor=staff(request), template=template)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已删除该每周时段；已有的预约不受影响。"))
    return _back(office)


@manager_door
@require_POST
def add_closure_view(request: HttpRequest, office_pk: int) -> HttpResponse:
    office, offices = _schedule_office(request, office_pk)
    form = ClosureForm(request.POST, office=office)
    form.is_valid()
    data = form.cleaned_data
    if not form.errors:
        try:
            add_closure(
                actor=staff(request),
                office=office,
                resource=data.get("resource"),
                starts_on=data.get("starts_on"),
                ends_on=data.get("ends_on"),
                reason=data.get("reason", ""),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已设置停办日，这些日期不再接受预约。"))
            return _back(office)
    context = _schedule_context(office, offices, closure_form=form)
    return render(request, "workbench/appointments/booking/schedule.html", context, status=400)


@manager_door
@require_POST
def remove_closure_view(request: HttpRequest, office_pk: int, pk: int) -> HttpResponse:
    office, _ = _schedule_office(request, office_pk)
    closure = Closure.objects.filter(pk=pk, office=office).select_related("office__region").first()
    if closure is None:
        raise Http404(gettext("找不到该停办日"))
    try:
        remove_closure(actor=staff(request), closure=closure)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已取消停办，这些日期重新接受预约。"))
    return _back(office)


urlpatterns = [
    path("", day_view, name="bookings"),
    path("new/", book_on_behalf, name="booking_new"),
    path("schedule/", schedule, name="booking_schedule"),
    path("schedule/<int:office_pk>/templates/", add_template, name="booking_template_add"),
    path("schedule/<int:office_pk>/templates/<int:pk>/delete/", delete_template, name="booking_template_delete"),
    path("schedule/<int:office_pk>/closures/", add_closure_view, name="booking_closure_add"),
    path("schedule/<int:office_pk>/closures/<int:pk>/delete/", remove_closure_view, name="booking_closure_remove"),
    path("<str:number>/", booking_page, name="booking"),
    path("<str:number>/check-in/", check_in, name="booking_check_in"),
    path("<str:number>/no-show/", no_show, name="booking_no_show"),
]
