"""Booking events that tell the office's staff something (公证预约通知订阅项).

Found by the notifications app's autodiscovery; the subscription table decides what is sent (the
default rules are in appointments.subscriptions.booking). The citizen's own texts — the confirmation
with the material list, the reschedule and cancellation notes, the day-before reminder — go to the
booking's phone (the citizen may have no account) through appointments.tasks.text_booking, queued
after commit with a dedupe key, as mediation texts parties without an account.

- a booking cancelled or rescheduled → the staff posted at the office (the slot is free again, or
  moved), in the workbench only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.appointments.models import Booking
from gongfa.audit.models import Event
from gongfa.network.models import StaffPosting
from gongfa.notifications.registry import register_event_kind, register_resolver

CANCEL_VERB = "appointments.booking.cancel"
RESCHEDULE_VERB = "appointments.booking.reschedule"
BOOKING_PLACEHOLDERS = ("number", "office", "resource", "when", "matter")


def _booking(event: Event) -> Booking | None:
    if not str(event.subject_id).isdigit():
        return None
    return Booking.objects.select_related("office", "resource", "matter").filter(pk=int(event.subject_id)).first()


def booking_context(event: Event) -> dict[str, str]:
    booking = _booking(event)
    if booking is None:
        return {}
    return {
        "number": booking.number,
        "office": booking.office.name,
        "resource": booking.resource.name,
        "when": f"{booking.date:%m月%d日} {booking.starts_at:%H:%M}",
        "matter": booking.matter.name if booking.matter else "",
    }


def office_staff(event: Event) -> Iterable[User | None]:
    """The active staff posted at the booking's office."""
    booking = _booking(event)
    if booking is None:
        return []
    postings = StaffPosting.objects.filter(agency_id=booking.office_id, is_active=True, user__is_active=True)
    return list(User.objects.filter(pk__in=postings.values("user_id")).order_by("pk"))


register_event_kind(CANCEL_VERB, _("公证预约已取消"), context=booking_context, placeholders=BOOKING_PLACEHOLDERS)
register_event_kind(RESCHEDULE_VERB, _("公证预约已改约"), context=booking_context, placeholders=BOOKING_PLACEHOLDERS)
register_resolver("appointments.booking_office_staff", _("预约所在公证处的工作人员"), office_staff)
