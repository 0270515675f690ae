"""What the notarization case counts in performance management (公证计量).

Fact source "appointments.notarization": each case contributes, on the local day each thing happened,
with its dimensions: the office's region, agency and point, the notary (person), service
"notarization", the channel it came through (a booking's channel, else the window) and the topic =
the matter's code (NotarialMatter.code: "by matter" is the topic dimension).

Flows (件 unless stated):
- notar.applied: applications registered, on applied_at;
- notar.accepted: accepted (受理), on accepted_at;
- notar.not_accepted: not accepted (不予受理), on the day it ended;
- notar.issued: certificates issued, on issued_on; notar.issued_on_time: those issued not later than
  the case's own due date (its matter's or office's limit, moved by the pauses: 《公证法》第30条);
- notar.refused: refused (不予办理, 第31条), on the day it ended, and notar.refused_<ground> for each
  RefusalGround (the ground is not a dimension: one measure per ground);
- notar.terminated: terminated (终止公证), on the day it ended;
- notar.fee_waived: cases accepted with a fee reduction or waiver, and notar.fee_waived_legal_aid those
  of legal-aid recipients (第34条; 《法律援助法》第53条), on the acceptance day; notar.fee_waived_yuan:
  the amount waived in whole yuan (rounded half up), on the same day.

Indicators (data/indicators.json, loaded by appointments.reports): the on-time rate
(notar.issued_on_time ÷ notar.issued) and the counts above.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import BookingChannel, FeeWaiver, NotarizationStatus, RefusalGround
from gongfa.appointments.models import NotarialMatter, NotarizationCase
from gongfa.core.choices import Channel
from gongfa.performance.registry import Contribution, FactSource, Measure, register_measures, register_source
from gongfa.performance.registry import register_topic_labels as _register_topic_labels

if TYPE_CHECKING:
    from gongfa.audit.models import Event

SOURCE = "appointments.notarization"
SERVICE = "notarization"
APP = "appointments"
S = NotarizationStatus

CHANNELS: dict[str, str] = {
    BookingChannel.PORTAL: Channel.PORTAL,
    BookingChannel.HOTLINE: Channel.HOTLINE,
    BookingChannel.WINDOW: Channel.WINDOW,
    BookingChannel.API: Channel.API,
}

MEASURES = [
    Measure("notar.applied", _("公证申请登记数"), description=_("按申请日")),
    Measure("notar.accepted", _("公证受理数"), description=_("按受理日")),
    Measure("notar.not_accepted", _("公证不予受理数"), description=_("按决定日")),
    Measure("notar.issued", _("出具公证书数"), description=_("按出证日")),
    Measure(
        "notar.issued_on_time",
        _("按期出具公证书数"),
        description=_("出证日不晚于本案出证期限（事项或本处承诺时限，扣除补充材料、核实期间），按出证日"),
    ),
    Measure("notar.refused", _("不予办理数（《公证法》第31条）"), description=_("按决定日")),
    *(
        Measure(
            f"notar.refused_{ground.value}",
            format_lazy(_("不予办理：{label}"), label=ground.label),
            description=_("按决定日"),
        )
        for ground in RefusalGround
    ),
    Measure("notar.terminated", _("终止公证数"), description=_("按决定日")),
    Measure("notar.fee_waived", _("减免公证费件数"), description=_("按受理日")),
    Measure("notar.fee_waived_legal_aid", _("法律援助受援人免收公证费件数"), description=_("按受理日")),
    Measure("notar.fee_waived_yuan", _("减免公证费金额"), unit=_("元"), description=_("按受理日，元（四舍五入）")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)
CASE_MEASURES = tuple(m.code for m in MEASURES)


def _yuan(amount: Decimal | None) -> int:
    return int((amount or Decimal("0")).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def contributions(case: NotarizationCase) -> Iterator[Contribution]:
    """The case's contributions now (the same function serves the incremental path and rebuild)."""
    office = case.office
    channel = CHANNELS.get(case.booking.channel, Channel.WINDOW) if case.booking is not None else Channel.WINDOW
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=office.region.code,
        point_id=office.point_id or 0,
        person_id=case.notary_id or 0,
        agency_id=office.pk,
        service=SERVICE,
        channel=channel,
        topic=case.matter.code,
    )

    def fact(measure: str, day: datetime.date, value: int = 1) -> Contribution:
        return base._replace(measure=measure, day=day, value=value)

    yield fact("notar.applied", timezone.localdate(case.applied_at))
    if case.accepted_at is not None:
        accepted = timezone.localdate(case.accepted_at)
        yield fact("notar.accepted", accepted)
        if case.fee_waiver:
            yield fact("notar.fee_waived", accepted)
            if case.fee_waiver == FeeWaiver.LEGAL_AID_RECIPIENT:
                yield fact("notar.fee_waived_legal_aid", accepted)
            amount = _yuan(case.fee_waived_yuan)
            if amount:
                yield fact("notar.fee_waived_yuan", accepted, amount)
    if case.issued_on is not None:
        yield fact("notar.issued", case.issued_on)
        if case.due_on is None or case.issued_on <= case.due_on:
            yield fact("notar.issued_on_time", case.issued_on)
    ended = timezone.localdate(case.ended_at) if case.ended_at is not None else None
    if ended is None:
        return
    if case.status == S.NOT_ACCEPTED:
        yield fact("notar.not_accepted", ended)
    elif case.status == S.REFUSED:
        yield fact("notar.refused", ended)
        if case.refusal_ground:
            yield fact(f"notar.refused_{case.refusal_ground}", ended)
    elif case.status == S.TERMINATED:
        yield fact("notar.terminated", ended)


def cases_of_event(event: Event) -> Iterable[int]:
    if event.subject_type.model_class() is NotarizationCase and str(event.subject_id).isdigit():
        return [int(event.subject_id)]
    return []


def queryset() -> QuerySet[NotarizationCase]:
    return NotarizationCase.objects.select_related("office__region", "matter", "booking").only(
        "pk",
        "status",
        "office__region__code",
        "office__point_id",
        "office_id",
        "matter__code",
        "booking__channel",
        "notary_id",
        "applied_at",
        "accepted_at",
        "ended_at",
        "issued_on",
        "due_on",
        "refusal_ground",
        "fee_waiver",
        "fee_waived_yuan",
    )


def matter_names() -> dict[str, str]:
    return dict(NotarialMatter.objects.values_list("code", "name"))


register_source(
    FactSource(
        name=SOURCE,
        model=NotarizationCase,
        contribute=contributions,
        queryset=queryset,
        subjects_of_event=cases_of_event,
        created_field="applied_at",
        app=APP,
        measures=CASE_MEASURES,
    )
)
_register_topic_labels(matter_names)
