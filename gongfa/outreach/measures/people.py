"""What public-good service, volunteers and typical cases count in performance management
(公益法律服务、志愿者与典型案例计量).

Fact source "outreach.publicgood" — each public-good record (公益法律服务记录) that is approved
(已认定: automatic records are approved at once; manual ones count from their approval), on the day
of the service (occurred_on), person = who served, agency = their practice (执业机构, 0 if none),
region = the practice's region (a record with no practice counts by person and nationally only):
- out.pg_records: approved records;
- out.pg_hours_tenths (0.1 小时): approved hours in tenths of an hour (facts are whole numbers;
  the indicator out_pg_hours scales them back by 0.1);
- out.pg_legal_aid_cases: legal-aid cases counted in approved records (the cases field).
Automatic records are written in bulk by the archive's sync with no event per record; the sync
marks every record it creates, changes or deletes (rollup.mark_changed), so the facts follow it.

Fact source "outreach.volunteer" — each volunteer (法律服务志愿者):
- out.volunteers (stock, 人): volunteers approved and not suspended now (status approved), from the
  day of the approval (decided_at; else the registration day). A suspension or a rejection removes
  the volunteer from the ledger when it happens: the figure of a past period is as refreshed, not
  as it was then;
- out.volunteers_active (stock, 人): of those, the ones who served within the last ACTIVE_DAYS days:
  +1 on the day of their last service (last_active_on, not before the approval) and −1
  ACTIVE_DAYS days later. Only the latest service day is kept, so an earlier stretch of activity
  is not counted again.

Fact source "outreach.typicalcase" — each typical case (典型案例) published and not withdrawn:
- out.typical_cases (件): on the local day it was published (published_at), topic = its field.
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

from gongfa.accounts.models import User
from gongfa.outreach.choices import RecordStatus, TypicalCaseStatus, VolunteerStatus
from gongfa.outreach.models import PublicGoodRecord, TypicalCase, Volunteer
from gongfa.performance.choices import MeasureKind
from gongfa.performance.registry import Contribution, FactSource, Measure, register_measures, register_source

if TYPE_CHECKING:
    from gongfa.audit.models import Event

APP = "outreach"
STOCK = MeasureKind.STOCK
ACTIVE_DAYS = 365

MEASURES = [
    Measure("out.pg_records", _("已认定公益法律服务记录数"), description=_("按服务日期")),
    Measure(
        "out.pg_hours_tenths",
        _("已认定公益法律服务时长（0.1小时）"),
        unit=_("0.1小时"),
        description=_("时长×10，按服务日期；可按人员、执业机构分解"),
    ),
    Measure(
        "out.pg_legal_aid_cases",
        _("计入公益服务的法律援助案件数"),
        description=_("已认定记录的法律援助案件数之和，按服务日期"),
    ),
    Measure(
        "out.volunteers",
        _("在册法律服务志愿者数"),
        unit=_("人"),
        kind=STOCK,
        description=_("审核通过且未暂停，自通过之日起"),
    ),
    Measure(
        "out.volunteers_active",
        _("活跃法律服务志愿者数"),
        unit=_("人"),
        kind=STOCK,
        description=format_lazy(_("在册且最近{ACTIVE_DAYS}日内有服务记录"), ACTIVE_DAYS=ACTIVE_DAYS),
    ),
    Measure("out.typical_cases", _("发布典型案例数"), description=_("已发布（未撤回），按发布日期")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)


def tenths(hours: Decimal | None) -> int:
    return int(((hours or Decimal(0)) * 10).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def record_contributions(record: PublicGoodRecord) -> Iterator[Contribution]:
    if record.status != RecordStatus.APPROVED:
        return
    base = Contribution(
        measure="out.pg_records", day=record.occurred_on, person_id=record.person_id, agency_id=record.agency_id or 0
    )
    if record.agency is not None:
        base = base._replace(region_code=record.agency.region.code)
    yield base
    hours = tenths(record.hours)
    if hours:
        yield base._replace(measure="out.pg_hours_tenths", value=hours)
    if record.cases:
        yield base._replace(measure="out.pg_legal_aid_cases", value=record.cases)


def records_of_event(event: Event) -> Iterable[int]:
    """A record submitted, approved or rejected (subject the record), or a person's archive synced
    on request (outreach.public_good.* on the person): all of that person's records."""
    model = event.subject_type.model_class()
    if model is PublicGoodRecord:
        return [int(event.subject_id)]
    if event.verb.startswith("outreach.public_good.") and model is User:
        return list(PublicGoodRecord.objects.filter(person_id=int(event.subject_id)).values_list("pk", flat=True))
    return []


def _records() -> QuerySet[PublicGoodRecord]:
    return PublicGoodRecord.objects.select_related("agency__region").only(
        "pk", "status", "occurred_on", "hours", "cases", "person_id", "agency__id", "agency__region__code"
    )


def volunteer_contributions(volunteer: Volunteer) -> Iterator[Contribution]:
    if volunteer.status != VolunteerStatus.APPROVED:
        return
    approved = timezone.localdate(volunteer.decided_at or volunteer.created_at)
    base = Contribution(measure="out.volunteers", day=approved, region_code=volunteer.region.code)
    yield base
    if volunteer.last_active_on is not None:
        start = max(approved, volunteer.last_active_on)
        end = volunteer.last_active_on + datetime.timedelta(days=ACTIVE_DAYS)
        if start < end:
            yield base._replace(measure="out.volunteers_active", day=start)
            yield base._replace(measure="out.volunteers_active", day=end, value=-1)


def _volunteers() -> QuerySet[Volunteer]:
    return Volunteer.objects.select_related("region").only(
        "pk", "status", "decided_at", "created_at", "last_active_on", "region__code"
    )


def case_contributions(case: TypicalCase) -> Iterator[Contribution]:
    if case.status == TypicalCaseStatus.PUBLISHED and case.published_at is not None:
        yield Contribution(
            "out.typical_cases", timezone.localdate(case.published_at), region_code=case.region.code, topic=case.topic
        )


def _cases() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.select_related("region").only("pk", "status", "published_at", "topic", "region__code")


register_source(
    FactSource(
        name="outreach.publicgood",
        model=PublicGoodRecord,
        contribute=record_contributions,
        queryset=_records,
        subjects_of_event=records_of_event,
        app=APP,
        measures=("out.pg_records", "out.pg_hours_tenths", "out.pg_legal_aid_cases"),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="outreach.volunteer",
        model=Volunteer,
        contribute=volunteer_contributions,
        queryset=_volunteers,
        created_field="created_at",
        app=APP,
        measures=("out.volunteers", "out.volunteers_active"),
    )
)
register_source(
    FactSource(
        name="outreach.typicalcase",
        model=TypicalCase,
        contribute=case_contributions,
        queryset=_cases,
        created_field="nominated_at",
        app=APP,
        measures=("out.typical_cases",),
    )
)
