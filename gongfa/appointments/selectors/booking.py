"""Reads of booking (预约): the free slots of an office, a citizen's own bookings and the bookings
staff see.

A slot is one start of a resource's active weekly template on a day inside the booking window
(from tomorrow, `rules.BOOKING_WINDOW_DAYS` days long), on a working day of the calendar
(gongfa.workdays: official holidays out, make-up working days in), outside the office's closures
(office-wide or that resource's), and not held by a booking in SLOT_HOLDING_STATUSES.

Cost: the free slots of an office over any window take a constant number of queries (the window
setting, the templates with their resources, the closures, the held slots, and the calendar's
holiday rows by year), never one per day or per slot.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import MODE_OF_RESOURCE, SLOT_HOLDING_STATUSES, ResourceKind
from gongfa.appointments.models import BookableResource, Booking, Closure, SlotTemplate
from gongfa.network.models import Agency, Region
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import _CalendarView


@dataclass(frozen=True)
class Slot:
    """One free (or, in slot checks, candidate) appointment: a resource, a day and a start."""

    resource_id: int
    resource_name: str
    resource_kind: str
    mode: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time

    @property
    def key(self) -> str:
        """A stable identifier for forms and the API: resource-YYYYMMDD-HHMM."""
        return f"{self.resource_id}-{self.date:%Y%m%d}-{self.starts_at:%H%M}"


def window_days(region: Region | None, on: datetime.date | None = None) -> int:
    """How many days ahead a slot may be booked in `region` (region setting, default 30)."""
    return int(region_setting(region, rules.BOOKING_WINDOW_DAYS.key, on))


def booking_window(
    region: Region | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last bookable days: from tomorrow, `BOOKING_WINDOW_DAYS` days in all."""
    today = today or timezone.localdate()
    days = window_days(region, today)
    return today + datetime.timedelta(days=1), today + datetime.timedelta(days=days)


def _templates(
    office: Agency, resource: BookableResource | None, first: datetime.date, last: datetime.date
) -> list[SlotTemplate]:
    queryset = (
        SlotTemplate.objects.filter(resource__office=office, resource__is_active=True, is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .select_related("resource")
        .order_by("starts_at", "resource__kind", "resource__name", "pk")
    )
    if resource is not None:
        queryset = queryset.filter(resource=resource)
    return list(queryset)


def _closed_days(
    office: Agency, first: datetime.date, last: datetime.date
) -> tuple[set[datetime.date], dict[int, set[datetime.date]]]:
    """Office-wide closed days and each resource's own closed days, inside [first, last] (one query)."""
    office_wide: set[datetime.date] = set()
    per_resource: dict[int, set[datetime.date]] = defaultdict(set)
    rows = Closure.objects.filter(office=office, starts_on__lte=last, ends_on__gte=first).values_list(
        "resource_id", "starts_on", "ends_on"
    )
    for resource_id, starts_on, ends_on in rows:
        day = max(starts_on, first)
        while day <= min(ends_on, last):
            (office_wide if resource_id is None else per_resource[resource_id]).add(day)
            day += datetime.timedelta(days=1)
    return office_wide, per_resource


def _held(office: Agency, first: datetime.date, last: datetime.date) -> set[tuple[int, datetime.date, datetime.time]]:
    return set(
        Booking.objects.filter(office=office, date__range=(first, last), status__in=SLOT_HOLDING_STATUSES).values_list(
            "resource_id", "date", "starts_at"
        )
    )


def _applies(template: SlotTemplate, day: datetime.date) -> bool:
    if template.weekday != day.weekday():
        return False
    if template.valid_from is not None and day < template.valid_from:
        return False
    return template.valid_until is None or day <= template.valid_until


def _mode_of(resource: BookableResource) -> str:
    return str(MODE_OF_RESOURCE[ResourceKind(resource.kind)])


def available_slots(
    office: Agency,
    *,
    mode: str | None = None,
    resource: BookableResource | None = None,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[Slot]:
    """The office's free slots inside the booking window (narrowed by first/last, a mode or one
    resource), closures and non-working days excluded, ordered by date, time and resource."""
    window_first, window_last = booking_window(office.region, today)
    first = max(first or window_first, window_first)
    last = min(last or window_last, window_last)
    if first > last:
        return []
    templates = _templates(office, resource, first, last)
    if mode:
        templates = [t for t in templates if _mode_of(t.resource) == mode]
    if not templates:
        return []
    office_closed, resource_closed = _closed_days(office, first, last)
    held = _held(office, first, last)
    calendar = _CalendarView()
    calendar.preload(first, last)
    slots: list[Slot] = []
    day = first
    while day <= last:
        if day not in office_closed and calendar.is_working_day(day):
            for template in templates:
                if not _applies(template, day) or day in resource_closed.get(template.resource_id, ()):
                    continue
                if (template.resource_id, day, template.starts_at) in held:
                    continue
                slots.append(
                    Slot(
                        resource_id=template.resource_id,
                        resource_name=template.resource.name,
                        resource_kind=template.resource.kind,
                        mode=_mode_of(template.resource),
                        date=day,
                        starts_at=template.starts_at,
                        ends_at=template.ends_at,
                    )
                )
        day += datetime.timedelta(days=1)
    return slots


def next_free_slots(office: Agency, *, limit: int = 3, today: datetime.date | None = None) -> list[Slot]:
    """The office's first `limit` free slots (the directory's 最近可约时段)."""
    return available_slots(office, today=today)[:limit]


def template_for(resource: BookableResource, day: datetime.date, starts_at: datetime.time) -> SlotTemplate | None:
    """The resource's active template that offers `starts_at` on `day`, if any (one query)."""
    for template in SlotTemplate.objects.filter(
        resource=resource, is_active=True, weekday=day.weekday(), starts_at=starts_at
    ):
        if _applies(template, day):
            return template
    return None


def closure_on(office: Agency, resource: BookableResource | None, day: datetime.date) -> Closure | None:
    """The closure (office-wide, or of this resource) that covers `day`, if any (one query)."""
    condition = Q(resource__isnull=True)
    if resource is not None:
        condition |= Q(resource=resource)
    return Closure.objects.filter(condition, office=office, starts_on__lte=day, ends_on__gte=day).first()


def bookings_of(user: User) -> QuerySet[Booking]:
    """A citizen's own bookings, newest slot first."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return (
        Booking.objects.filter(user=user)
        .select_related("office", "resource", "matter")
        .order_by("-date", "-starts_at", "-pk")
    )


def staff_bookings_q(user: User) -> Q | None:
    """The condition for the bookings a staff member may see and act on (None: none at all): the
    offices of their postings, the region subtrees they supervise, everything for administrators,
    and the bookings they made for someone (12348 hotline, window)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return Q()
    if not scope.is_staff:
        return None
    condition = Q(booked_by=user)
    if scope.agency_ids:
        condition |= Q(office_id__in=scope.agency_ids)
    if scope.kind == ScopeKind.SUPERVISOR and scope.region_ranges:
        condition |= scope.region_q("office__region__code")
    return condition


def office_bookings(user: User, office: Agency | None = None, day: datetime.date | None = None) -> QuerySet[Booking]:
    """The bookings a staff member may see (staff scope), of one office and one day if given,
    ordered by slot."""
    condition = staff_bookings_q(user)
    if condition is None:
        return Booking.objects.none()
    queryset = Booking.objects.filter(condition)
    if office is not None:
        queryset = queryset.filter(office=office)
    if day is not None:
        queryset = queryset.filter(date=day)
    return queryset.select_related("office", "resource", "matter").order_by("date", "starts_at", "resource__name", "pk")


def may_manage_office(user: User | None, office: Agency) -> bool:
    """Whether `user` may change the office's schedule and act on its bookings as staff: posted
    at the office, a supervisor over its region, or an administrator."""
    if user is None:
        return False
    scope = scope_for(user)
    if scope.sees_everything:
        return True
    if not scope.is_staff:
        return False
    if office.pk in scope.agency_ids:
        return True
    return scope.kind == ScopeKind.SUPERVISOR and scope.covers_region(office.region)


def manageable_offices(user: User) -> QuerySet[Agency]:
    """The notary offices whose schedule `user` may change."""
    from gongfa.network.choices import AgencyKind

    scope = scope_for(user)
    offices = Agency.objects.filter(kind=AgencyKind.NOTARY_OFFICE, is_active=True)
    if scope.sees_everything:
        return offices.order_by("name")
    if not scope.is_staff:
        return Agency.objects.none()
    condition = Q(pk__in=scope.agency_ids)
    if scope.kind == ScopeKind.SUPERVISOR and scope.region_ranges:
        condition |= scope.region_q("region__code")
    return offices.filter(condition).order_by("name")


def booking_by_number(number: str) -> Booking | None:
    return (
        Booking.objects.select_related("office__region", "resource", "matter", "work_order")
        .filter(number=number)
        .first()
    )
