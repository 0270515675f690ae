"""我的预约 (the citizen's notarization bookings): the list (upcoming first), each booking's page with
the material list told all at once (一次性告知) and a print layout, rescheduling to another free
slot and cancelling with a reason, both refused after the cut-off (the page says why). A citizen
sees only their own bookings (bookings_of); anyone else's number is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import BookableResource, Booking, MatterMaterial, OfficeMatter
from gongfa.appointments.selectors.booking import available_slots, bookings_of
from gongfa.appointments.services.booking import cancel_booking, reschedule_booking
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.portal.notarization.booking import slot_taken
from gongfa.portal.notarization_forms import (
    SLOT_FIELDS,
    CancelForm,
    SlotForm,
    change_limits,
    change_refusal,
    find_slot,
    parse_slot_key,
    place_of,
    slot_days,
)


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _mine(user: User) -> QuerySet[Booking]:
    return bookings_of(user).select_related("office__region", "resource__point", "matter__parent")


def _booking(request: HttpRequest, number: str) -> Booking:
    found = _mine(_citizen(request)).filter(number=number).first()
    if found is None:
        raise Http404(gettext("找不到该预约"))
    return found


@door(Audience.CITIZEN)
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    """我的预约: upcoming bookings first (soonest first), then the past ones (latest first)."""
    user = _citizen(request)
    today = timezone.localdate()
    rows = list(
        _mine(user)
        .annotate(
            past=Case(
                When(status=BookingStatus.BOOKED, date__gte=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("past", "date", "starts_at", "pk")[:100]
    )
    upcoming = [b for b in rows if b.past == 0]
    past = sorted((b for b in rows if b.past == 1), key=lambda b: (b.date, b.starts_at), reverse=True)
    now = timezone.now()
    limits: dict[int, tuple[int, int]] = {}  # the settings once per office, not per booking
    for booking in upcoming:
        if booking.office_id not in limits:
            limits[booking.office_id] = change_limits(booking.office.region)
    shown = [
        (
            b,
            change_refusal(b, now=now, limits=limits[b.office_id]),
            change_refusal(b, now=now, reschedule=True, limits=limits[b.office_id]),
        )
        for b in upcoming
    ]
    return render(
        request,
        "portal/notarization/my_bookings.html",
        {
            "upcoming": shown,
            "past": past,
        },
    )


def _detail_context(booking: Booking) -> dict[str, Any]:
    limits = change_limits(booking.office.region)
    materials: list[MatterMaterial] = []
    days = None
    if booking.matter is not None:
        materials = list(booking.matter.materials.order_by("sort_order", "pk"))
        own = OfficeMatter.objects.filter(office=booking.office_id, matter=booking.matter).first()
        days = own.working_days if own is not None else booking.matter.working_days
    return {
        "booking": booking,
        "place": place_of(booking),
        "materials": materials,
        "working_days": days,
        "cancel_refusal": change_refusal(booking, limits=limits),
        "reschedule_refusal": change_refusal(booking, reschedule=True, limits=limits),
    }


@door(Audience.CITIZEN, hidden=True)
@require_GET
def booking_page(request: HttpRequest, number: str) -> HttpResponse:
    """预约成功 / 预约详情: number, date and time, place, and every material to bring."""
    booking = _booking(request, number)
    return render(request, "portal/notarization/booking.html", _detail_context(booking))


@door(Audience.CITIZEN, hidden=True)
@require_GET
def booking_print(request: HttpRequest, number: str) -> HttpResponse:
    """The same facts on a bare page to print (no menus): 预约凭证和材料清单."""
    booking = _booking(request, number)
    return render(request, "portal/notarization/booking_print.html", _detail_context(booking))


@door(Audience.CITIZEN, hidden=True)
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, number: str) -> HttpResponse:
    """改约: another free slot in the same mode (any room or notary of that mode). After the
    cut-off the page says why and offers nothing."""
    user = _citizen(request)
    booking = _booking(request, number)
    refusal = change_refusal(booking, reschedule=True)
    slots = available_slots(booking.office, mode=booking.mode) if not refusal else []
    form = SlotForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not refusal and form.is_valid():
        slot = find_slot(slots, form.cleaned_data["slot"])
        choice = parse_slot_key(form.cleaned_data["slot"])
        resource = (
            BookableResource.objects.filter(pk=choice.resource_id, office=booking.office).first()
            if choice is not None
            else None
        )
        if slot is None or resource is None or choice is None:
            form.add_error("slot", gettext("该时段已被预约或不在可预约的日期内，请重新选择。"))
        else:
            try:
                reschedule_booking(
                    actor=user, booking=booking, resource=resource, date=choice.date, starts_at=choice.starts_at
                )
            except DomainError as exc:
                if slot_taken(exc):
                    form.add_error("slot", gettext("您选的时段刚刚已被预约，请重新选择一个空闲时段。"))
                    status = 409
                else:
                    for problem in exc.problems:  # the date, time or resource: the slot chosen
                        form.add_error("slot" if problem.field in SLOT_FIELDS else None, problem.message)
                slots = available_slots(booking.office, mode=booking.mode)
            else:
                messages.success(request, gettext("已改约。新的预约时间见下方，原时段已释放。"))
                return redirect("portal:notarization_booking", number=booking.number)
    if request.method == "POST" and refusal:
        form.is_valid()
        form.add_error(None, refusal)
    days = slot_days(slots)
    wanted = request.GET.get("day", "")
    day = next((d for d in days if d.date.isoformat() == wanted), days[0] if days else None)
    status = page_status(form) if status == 200 else status
    return render(
        request,
        "portal/notarization/reschedule.html",
        {"booking": booking, "form": form, "refusal": refusal, "days": days, "day": day},
        status=status,
    )


@door(Audience.CITIZEN, hidden=True)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    """取消预约 with a reason （选填）; refused after the cut-off with the reason why."""
    user = _citizen(request)
    booking = _booking(request, number)
    refusal = change_refusal(booking)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid() and not refusal:
            try:
                cancel_booking(actor=user, booking=booking, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("预约 {number} 已取消。").format(number=booking.number))
                return redirect("portal:notarization_my_bookings")
        elif refusal:
            form.add_error(None, refusal)
    return render(
        request,
        "portal/notarization/cancel.html",
        {"booking": booking, "form": form, "refusal": refusal, "place": place_of(booking)},
        status=page_status(form),
    )


__all__ = ["booking_page", "booking_print", "cancel", "my_bookings", "reschedule"]
