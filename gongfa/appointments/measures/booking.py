"""What notarization booking counts in performance management (公证预约计量).

Fact source "appointments.booking": each booking contributes, with its dimensions: the office's
region, agency and point, the notary of the resource (when the resource is a notary), service
"notarization", the booking channel (as a core Channel) and the topic = the matter's code.

Flows (件 unless stated):
- bk.booked: every booking made, on the local day it was made (created_at); by mode
  bk.booked_<mode> (at_office, home_visit, agency_point, video): mode is not a filter dimension of
  performance, so each mode is its own measure (as mediation does for its case sources);
- bk.lead_days (日): the days from the day it was made to the day of its (current) slot, on the
  day it was made; the average lead time is bk.lead_days ÷ bk.booked;
- bk.cancelled: cancellations, on the day cancelled;
- bk.attended: bookings the citizen came to (checked in), on the day of the slot;
- bk.no_shows: no-shows (爽约), on the day of the slot. The no-show rate is
  bk.no_shows ÷ (bk.attended + bk.no_shows): both on the slot's day, so a month's rate is over
  that month's appointments.

Indicators (data/indicators.json, loaded by appointments.reports): bookings made, the no-show rate
and the average lead time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import BookingChannel, BookingMode, BookingStatus, ResourceKind
from gongfa.appointments.models import Booking, NotarialMatter
from gongfa.core.choices import Channel
from gongfa.performance.registry import (
    Contribution,
    FactSource,
    Measure,
    register_measures,
    register_source,
    register_topic_labels,
)

SOURCE = "appointments.booking"
SERVICE = "notarization"
APP = "appointments"
CHANNELS: dict[str, str] = {
    BookingChannel.PORTAL: Channel.PORTAL,
    BookingChannel.HOTLINE: Channel.HOTLINE,
    BookingChannel.WINDOW: Channel.WINDOW,
    BookingChannel.API: Channel.API,
}

MEASURES = [
    Measure("bk.booked", _("公证预约数"), description=_("预约成功的件数，按预约日（下单日）")),
    *[
        Measure(
            f"bk.booked_{mode.value}",
            format_lazy(_("公证预约数：{label}"), label=mode.label),
            description=_("按办理方式，按预约日"),
        )
        for mode in BookingMode
    ],
    Measure(
        "bk.lead_days", _("预约提前天数合计"), unit=_("日"), description=_("自预约日至预约时段所在日的天数，按预约日")
    ),
    Measure("bk.cancelled", _("取消预约数"), description=_("按取消日")),
    Measure("bk.attended", _("按约到场数"), description=_("已签到的预约，按预约时段所在日")),
    Measure("bk.no_shows", _("爽约数"), description=_("未到场的预约，按预约时段所在日")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)
BOOKING_MEASURES = tuple(m.code for m in MEASURES)


def contributions(booking: Booking) -> Iterator[Contribution]:
    """The booking's contributions now (the same function serves the incremental path and rebuild)."""
    office = booking.office
    resource = booking.resource
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=office.region.code,
        point_id=office.point_id or 0,
        person_id=(resource.notary_id or 0) if resource.kind == ResourceKind.NOTARY else 0,
        agency_id=office.pk,
        service=SERVICE,
        channel=CHANNELS.get(booking.channel, ""),
        topic=booking.matter.code if booking.matter is not None else "",
    )

    def fact(measure: str, day: datetime.date, value: int = 1) -> Contribution:
        return base._replace(measure=measure, day=day, value=value)

    made = timezone.localdate(booking.created_at)
    yield fact("bk.booked", made)
    yield fact(f"bk.booked_{booking.mode}", made)
    lead = (booking.date - made).days
    if lead > 0:
        yield fact("bk.lead_days", made, lead)
    if booking.status == BookingStatus.CANCELLED and booking.cancelled_at is not None:
        yield fact("bk.cancelled", timezone.localdate(booking.cancelled_at))
    elif booking.status == BookingStatus.ATTENDED:
        yield fact("bk.attended", booking.date)
    elif booking.status == BookingStatus.NO_SHOW:
        yield fact("bk.no_shows", booking.date)


def queryset() -> QuerySet[Booking]:
    return Booking.objects.select_related("office__region", "resource", "matter").only(
        "pk",
        "status",
        "mode",
        "channel",
        "date",
        "created_at",
        "cancelled_at",
        "office__id",
        "office__point_id",
        "office__region__code",
        "resource__kind",
        "resource__notary_id",
        "matter__code",
    )


register_source(
    FactSource(
        name=SOURCE,
        model=Booking,
        contribute=contributions,
        queryset=queryset,
        created_field="created_at",
        app=APP,
        measures=BOOKING_MEASURES,
    )
)


def matter_names() -> dict[str, str]:
    """The notarial matters' names: a booking's facts carry its matter in the topic dimension."""
    return dict(NotarialMatter.objects.values_list("code", "name"))


register_topic_labels(matter_names)
