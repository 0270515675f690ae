"""Where automatic public-good records come from (公益法律服务档案的自动来源): one function per
source, each returning the records that should exist (`Wanted`, keyed by `source_key`) for an
optional person and year. They read only; `publicgood.sync_public_good` writes.

- 办理法律援助案件: a legal-aid case closed (status CLOSED; terminated cases do not count) with a
  provider: 1 case for the provider, on the day it was closed. Key ``legalaid:<case>:<user>``.
- 值班: a past shift (its end has passed) on a point's duty roster, for a lawyer or grassroots legal
  worker (role LAWYER, or an active posting at a law firm or grassroots legal-service office):
  hours = ends_at − starts_at. Key ``shift:<shift>``.
- 值班律师法律帮助: a duty lawyer's help log once help was given (helped_at set; status not
  REQUESTED): one record. Key ``dutyhelp:<log>``.
- 村(居)法律顾问服务: an adviser's log entry up to today: its hours, or its kind's default hours when
  0. Key ``advisorlog:<log>``.
- 参与人民调解: a mediator (not recused) on a closed mediation case (status CLOSED), when the person
  is a lawyer or grassroots legal worker: one record on the day it was closed. Key
  ``mediation:<case>:<user>``.
- 普法宣讲: a platform speaker of a held, evaluated or archived publicity event: the event's hours.
  Key ``talk:<event>:<user>``.

Each record carries the person's practice agency (律师事务所/基层法律服务所, their earliest active
posting there) so that firms can be totalled.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.choices import AgencyKind
from gongfa.network.models import StaffPosting
from gongfa.outreach.choices import EventStatus, PublicGoodSource

S = PublicGoodSource
PRACTICE_KINDS = (AgencyKind.LAW_FIRM, AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE)
TALK_STATUSES = (EventStatus.HELD, EventStatus.EVALUATED, EventStatus.ARCHIVED)


@dataclass(frozen=True)
class Wanted:
    """A record that should exist, as the source says now."""

    source_key: str
    source: str
    person_id: int
    occurred_on: datetime.date
    hours: Decimal = Decimal(0)
    cases: int = 0
    description: str = ""


def practitioner_q(prefix: str = "") -> Q:
    """Condition on a User (at `prefix`): a lawyer or grassroots legal worker (role LAWYER, or an
    active posting at a law firm or grassroots legal-service office)."""
    return Q(**{f"{prefix}role": Role.LAWYER}) | Q(
        **{
            f"{prefix}pk__in": StaffPosting.objects.filter(is_active=True, agency__kind__in=PRACTICE_KINDS).values(
                "user_id"
            )
        }
    )


def practitioners() -> QuerySet[User]:
    return User.objects.filter(practitioner_q())


def practice_agencies(person_ids: Iterable[int] | None = None) -> dict[int, int]:
    """person id → their practice agency id (the earliest active posting at a firm or office)."""
    postings = StaffPosting.objects.filter(is_active=True, agency__kind__in=PRACTICE_KINDS)
    if person_ids is not None:
        postings = postings.filter(user_id__in=list(person_ids))
    found: dict[int, int] = {}
    for user_id, agency_id in postings.order_by("started_on", "pk").values_list("user_id", "agency_id"):
        found.setdefault(user_id, agency_id)
    return found


def _day(moment: datetime.datetime | None) -> datetime.date:
    assert moment is not None  # the queries ask for a set moment
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _scope(person: User | None, year: int | None, person_field: str, date_field: str) -> Q:
    condition = Q()
    if person is not None:
        condition &= Q(**{person_field: person.pk})
    if year is not None:
        condition &= Q(**{f"{date_field}__year": year})
    return condition


def legal_aid_cases(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.legalaid.choices import ApplicationStatus
    from gongfa.legalaid.models import LegalAidApplication

    rows = (
        LegalAidApplication.objects.filter(
            _scope(person, year, "provider_id", "closed_at"),
            status=ApplicationStatus.CLOSED,
            provider__isnull=False,
            closed_at__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "provider_id", "closed_at", "number", "matter_name")
    )
    return [
        Wanted(
            source_key=f"legalaid:{pk}:{provider_id}",
            source=S.LEGAL_AID_CASE,
            person_id=provider_id,
            occurred_on=_day(closed_at),
            cases=1,
            description=f"法律援助案件 {number or pk}（{matter_name}）结案"[:255],
        )
        for pk, provider_id, closed_at, number, matter_name in rows
    ]


def _hours_between(start: datetime.time, end: datetime.time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(max(minutes, 0)) / 60).quantize(Decimal("0.1"))


def duty_shifts(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.network.models import DutyShift

    now = timezone.localtime()
    past = Q(date__lt=now.date()) | Q(date=now.date(), ends_at__lte=now.time())
    rows = (
        DutyShift.objects.filter(_scope(person, year, "user_id", "date"), past)
        .filter(practitioner_q("user__"))
        .order_by("pk")
        .values_list("pk", "user_id", "date", "starts_at", "ends_at", "point__name")
    )
    return [
        Wanted(
            source_key=f"shift:{pk}",
            source=S.DUTY_SHIFT,
            person_id=user_id,
            occurred_on=date,
            hours=_hours_between(starts_at, ends_at),
            description=f"{point_name} 值班 {starts_at:%H:%M}-{ends_at:%H:%M}"[:255],
        )
        for pk, user_id, date, starts_at, ends_at, point_name in rows
    ]


def duty_help(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.legalaid.models import DutyHelpLog

    rows = (
        DutyHelpLog.objects.filter(_scope(person, year, "duty_lawyer_id", "helped_at"), helped_at__isnull=False)
        .exclude(status=DutyHelpLog.Status.REQUESTED)
        .order_by("pk")
        .values_list("pk", "duty_lawyer_id", "helped_at", "station")
    )
    return [
        Wanted(
            source_key=f"dutyhelp:{pk}",
            source=S.DUTY_HELP,
            person_id=lawyer_id,
            occurred_on=_day(helped_at),
            description=f"{station} 值班律师法律帮助"[:255],
        )
        for pk, lawyer_id, helped_at, station in rows
    ]


def advisor_logs(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.outreach.models import AdvisorLog

    rows = (
        AdvisorLog.objects.filter(
            _scope(person, year, "advisor_id", "occurred_on"), occurred_on__lte=timezone.localdate()
        )
        .order_by("pk")
        .values_list("pk", "advisor_id", "occurred_on", "hours", "kind__default_hours", "kind__name", "village__name")
    )
    return [
        Wanted(
            source_key=f"advisorlog:{pk}",
            source=S.ADVISOR_LOG,
            person_id=advisor_id,
            occurred_on=occurred_on,
            hours=Decimal(hours or 0) or Decimal(default_hours or 0),
            description=f"{village} {kind}"[:255],
        )
        for pk, advisor_id, occurred_on, hours, default_hours, kind, village in rows
    ]


def mediations(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.mediation.choices import CaseStatus
    from gongfa.mediation.models import CaseMediator

    rows = (
        CaseMediator.objects.filter(
            _scope(person, year, "mediator__user_id", "case__closed_at"),
            recused_at__isnull=True,
            case__status=CaseStatus.CLOSED,
            case__closed_at__isnull=False,
        )
        .filter(practitioner_q("mediator__user__"))
        .order_by("pk")
        .values_list("case_id", "mediator__user_id", "case__closed_at", "case__number")
    )
    found: dict[str, Wanted] = {}
    for case_id, user_id, closed_at, number in rows:
        key = f"mediation:{case_id}:{user_id}"
        found[key] = Wanted(
            source_key=key,
            source=S.MEDIATION,
            person_id=user_id,
            occurred_on=_day(closed_at),
            description=f"参与调解案件 {number}"[:255],
        )
    return list(found.values())


def publicity_talks(person: User | None = None, year: int | None = None) -> list[Wanted]:
    from gongfa.outreach.models import PublicityEvent

    through = PublicityEvent.speakers.through
    rows = (
        through.objects.filter(
            _scope(person, year, "user_id", "publicityevent__held_on"),
            publicityevent__status__in=TALK_STATUSES,
        )
        .order_by("pk")
        .values_list(
            "publicityevent_id", "user_id", "publicityevent__held_on", "publicityevent__hours", "publicityevent__theme"
        )
    )
    return [
        Wanted(
            source_key=f"talk:{event_id}:{user_id}",
            source=S.PUBLICITY_TALK,
            person_id=user_id,
            occurred_on=held_on,
            hours=Decimal(hours or 0),
            description=f"普法宣讲：{theme}"[:255],
        )
        for event_id, user_id, held_on, hours, theme in rows
    ]


def typical_cases(person: User | None = None, year: int | None = None) -> list[Wanted]:
    """A published typical case (典型案例报送, 衢州 scheme) counts for the practitioner who nominated it."""
    from gongfa.outreach.choices import TypicalCaseStatus
    from gongfa.outreach.models import TypicalCase

    rows = (
        TypicalCase.objects.filter(
            _scope(person, year, "nominated_by_id", "published_at"),
            practitioner_q("nominated_by__"),
            status=TypicalCaseStatus.PUBLISHED,
            published_at__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "nominated_by_id", "published_at", "number", "title")
    )
    return [
        Wanted(
            source_key=f"typical:{pk}:{user_id}",
            source=S.TYPICAL_CASE,
            person_id=user_id,
            occurred_on=_day(published_at),
            description=f"典型案例 {number}：{title}"[:255],
        )
        for pk, user_id, published_at, number, title in rows
    ]


SOURCES: dict[str, Callable[[User | None, int | None], list[Wanted]]] = {
    S.LEGAL_AID_CASE: legal_aid_cases,
    S.DUTY_SHIFT: duty_shifts,
    S.DUTY_HELP: duty_help,
    S.ADVISOR_LOG: advisor_logs,
    S.MEDIATION: mediations,
    S.PUBLICITY_TALK: publicity_talks,
    S.TYPICAL_CASE: typical_cases,
}
