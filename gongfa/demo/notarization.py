"""Notarization cases in the demo county (演示数据：公证案件): about twenty-five cases at the county's
notary office, in every status, made through the notarization services with the clock moved to each
step (gongfa/demo/mediation.py's moved clock), so `make run` shows a full queue with clocks: waiting
applications, running clocks (one overdue, one due today, others due soon or later), paused ones
(supplement, verification), refusals and a termination, issued and archived certificates, a review
pending and one decided.

- The demo notary account ("notary") is the assigned notary of most; other notaries of the office
  take the rest. The office's clerks register and accept.
- Attended bookings of the booking demo that have no case yet become applications (their work orders
  are converted, then closed when the case ends); walk-ins make up the rest, so this does not depend
  on the booking demo. The first demo citizen applies for one (我的公证 shows it).
- Matters: the office's own list (the booking demo publishes it); where missing, the few matters used
  here are added to it.

Deterministic from the demo seed; a second run finds cases at the office and skips. Notices and texts
are muted (demo phones; the past is history)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingStatus, FeeWaiver, NotarizationStatus
from gongfa.appointments.models import Booking, NotarialMatter, NotarizationCase, OfficeMatter
from gongfa.appointments.services import notarization as svc
from gongfa.demo.generator import DEMO_CITIZEN_PHONES, chinese_name
from gongfa.demo.mediation import Clock, moved_clock
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region, StaffPosting
from gongfa.workdays.services import _CalendarView, add_working_days, is_working_day

Progress = Callable[[str], None]
S = NotarizationStatus
MATTERS = ("kinship", "birth", "no_criminal_record", "marital_status", "house_entrustment", "will")
PURPOSES = (("出国留学", "加拿大"), ("探亲签证", "澳大利亚"), ("办理房产过户", ""), ("工作签证", "日本"), ("", ""))

# The story of each case: the status it ends in, how many working days ago it was applied for, and
# the matter. Days are counted back from today over working days.
PLANS: tuple[tuple[str, int, str], ...] = (
    (S.APPLIED, 0, "kinship"),
    (S.APPLIED, 0, "birth"),
    (S.APPLIED, 1, "no_criminal_record"),
    (S.NOT_ACCEPTED, 6, "marital_status"),
    ("overdue", 20, "kinship"),
    ("due_today", 5, "house_entrustment"),
    (S.ACCEPTED, 3, "house_entrustment"),
    (S.ACCEPTED, 4, "kinship"),
    (S.ACCEPTED, 2, "no_criminal_record"),
    (S.ACCEPTED, 1, "will"),
    (S.SUPPLEMENTING, 6, "kinship"),
    (S.SUPPLEMENTING, 3, "marital_status"),
    (S.VERIFYING, 8, "birth"),
    (S.REFUSED, 12, "kinship"),
    (S.REFUSED, 9, "will"),
    (S.TERMINATED, 15, "marital_status"),
    (S.ISSUED, 10, "kinship"),
    (S.ISSUED, 7, "house_entrustment"),
    (S.ISSUED, 14, "birth"),
    (S.ISSUED, 4, "no_criminal_record"),
    (S.ARCHIVED, 25, "kinship"),
    (S.ARCHIVED, 30, "will"),
    (S.REVIEW_PENDING, 35, "kinship"),
    ("review_decided", 40, "birth"),
    (S.ARCHIVED, 22, "house_entrustment"),
)


# Bookings become applications only where the story does not depend on the matter's limit.
BOOKED_ENDINGS = (S.APPLIED, S.ACCEPTED, S.ISSUED, S.ARCHIVED)
CITIZEN_PLAN = 7  # the first demo citizen's own case (我的公证)


@dataclass
class NotarizationResult:
    cases: int = 0
    from_bookings: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


def _office(county_code: str) -> Agency | None:
    county = Region.objects.filter(code=county_code).first()
    if county is None:
        return None
    return (
        Agency.objects.filter(kind=AgencyKind.NOTARY_OFFICE, region=county, is_active=True)
        .select_related("region")
        .order_by("pk")
        .first()
    )


def _posted(office: Agency, role: str) -> list[User]:
    ids = StaffPosting.objects.filter(agency=office, role=role, is_active=True).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


class _Calendar:
    """The working days before today, walked once (the plans count back over them)."""

    def __init__(self, today: datetime.date, depth: int) -> None:
        view = _CalendarView()  # the holidays of each year loaded once
        self.days = [today]
        day = today
        while len(self.days) <= depth:
            day -= datetime.timedelta(days=1)
            if view.is_working_day(day):
                self.days.append(day)

    def back(self, n: int) -> datetime.date:
        return self.days[n]


class _Seeder:
    def __init__(self, seed: int, office: Agency, clock: Clock, today: datetime.date) -> None:
        self.random = random.Random(f"{seed}/notarization")
        self.office = office
        self.clock = clock
        self.today = today
        notaries = _posted(office, Role.NOTARY)
        demo = [n for n in notaries if n.username == "notary"]
        self.notaries = demo + [n for n in notaries if n not in demo]
        self.clerks = _posted(office, Role.NOTARY_CLERK) or self.notaries
        self.matters = self._matters()
        self.citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).filter(role=Role.CITIZEN).first()
        self.bookings = list(
            Booking.objects.filter(office=office, status=BookingStatus.ATTENDED, notarization_case__isnull=True)
            .select_related("matter", "user")
            .order_by("date", "starts_at")
        )
        self.result = NotarizationResult()
        self.calendar = _Calendar(today, max(back for _, back, _ in PLANS) + 2)

    def _matters(self) -> dict[str, NotarialMatter]:
        found = {m.code: m for m in NotarialMatter.objects.filter(code__in=MATTERS, is_active=True)}
        for matter in found.values():
            OfficeMatter.objects.get_or_create(office=self.office, matter=matter, defaults={"is_active": True})
        return found

    def at(self, day: datetime.date, hour: int) -> None:
        moment = datetime.datetime.combine(day, datetime.time(hour, self.random.randint(0, 50)))
        self.clock.set(timezone.make_aware(moment, timezone.get_default_timezone()))

    def notary(self, index: int) -> User:
        # The demo notary takes two cases in three.
        if index % 3 != 2 or len(self.notaries) == 1:
            return self.notaries[0]
        return self.notaries[1 + (index // 3) % (len(self.notaries) - 1)]

    def apply(self, index: int, matter: NotarialMatter, day: datetime.date, ending: str) -> NotarizationCase:
        self.at(day, 9)
        clerk = self.clerks[index % len(self.clerks)]
        booking = None
        if ending in BOOKED_ENDINGS and index != CITIZEN_PLAN:
            booking = next((b for b in self.bookings if b.date <= day), None)
        materials = list(matter.materials.values_list("pk", flat=True))
        commitment = materials[-1:] if index % 4 == 1 else []
        purpose, destination = PURPOSES[index % len(PURPOSES)]
        if booking is not None:
            self.bookings.remove(booking)
            self.result.from_bookings += 1
            return svc.apply_for_notarization(
                actor=clerk,
                office=self.office,
                matter=booking.matter or matter,
                booking=booking,
                applicant_name=booking.name,
                applicant_phone=booking.phone,
                purpose=purpose,
                destination=destination,
                materials_provided=list((booking.matter or matter).materials.values_list("pk", flat=True)),
                user=booking.user,
            )
        user = self.citizen if index == CITIZEN_PLAN else None
        name = (user.real_name if user is not None and user.real_name else "") or chinese_name(
            self.random, self.random.choice("MF"), self.random.randint(1950, 2004)
        )
        return svc.apply_for_notarization(
            actor=clerk,
            office=self.office,
            matter=matter,
            applicant_name=name,
            applicant_phone=(user.phone if user is not None else "") or f"139{self.random.randint(10000000, 99999999)}",
            purpose=purpose,
            destination=destination,
            materials_provided=[pk for pk in materials if pk not in commitment],
            materials_by_commitment=commitment,
            user=user,
        )

    def run(self, index: int, ending: str, back: int, code: str) -> None:
        matter = self.matters.get(code) or next(iter(self.matters.values()))
        day = self.calendar.back(back)
        if ending == "due_today":
            # accepted on the day whose 5-working-day limit runs out today
            day = self.calendar.back(5)
        case = self.apply(index, matter, day, ending)
        clerk = self.clerks[index % len(self.clerks)]
        if ending == S.APPLIED:
            return
        if ending == S.NOT_ACCEPTED:
            self.at(day, 10)
            svc.decline_case(
                actor=clerk,
                case=case,
                ground="outside_area",
                reason="申请人户籍及经常居住地均在外省，本处无管辖权",
                competent_office_name="申请人户籍所在地的公证机构",
            )
            return
        notary = self.notary(index)
        waiver = FeeWaiver.LEGAL_AID_RECIPIENT if index % 6 == 3 else ""
        self.at(day, 10)
        case = svc.accept_case(
            actor=clerk,
            case=case,
            notary=notary,
            legal_meaning_notice_signed=True,
            national_system_entered=True,
            fee_waiver=waiver,
        )
        if ending in (S.ACCEPTED, "overdue", "due_today"):
            return
        step = add_working_days(day, 2)
        if ending == S.SUPPLEMENTING:
            self.at(min(step, self.today), 11)
            svc.request_supplement(actor=notary, case=case, request="请补充户籍档案或原单位出具的亲属关系证明原件。")
            return
        if ending == S.VERIFYING:
            self.at(min(step, self.today), 11)
            svc.start_verification(actor=notary, case=case, note="委托申请人出生地公证处核实出生登记", remote=True)
            return
        if ending == S.REFUSED:
            self.at(step, 11)
            svc.request_supplement(actor=notary, case=case, request="请补充亲属关系的原始证明材料。")
            self.at(add_working_days(step, 3), 15)
            svc.refuse_case(
                actor=notary,
                case=case,
                ground="insufficient_proof",
                decision_note="申请人拒绝补充证明材料，事实无法查明。",
                refund_note="" if waiver else "退还已收公证费",
            )
            return
        if ending == S.TERMINATED:
            self.at(add_working_days(day, 4), 15)
            svc.terminate_case(actor=clerk, case=case, ground="withdrawn", reason="申请人书面撤回公证申请。")
            return
        # issued, then perhaps archived and reviewed
        issued_on = min(add_working_days(day, min(case.time_limit_days or 3, 4)), self.today)
        self.at(issued_on, 16)
        case = svc.issue_certificate(
            actor=notary, case=case, certificate_number=f"({issued_on.year})青证字第{100 + index}号"
        )
        if ending == S.ISSUED:
            return
        archive_on = min(add_working_days(issued_on, 3), self.today)
        self.at(archive_on, 16)
        case = svc.archive_case(actor=clerk, case=case)
        if ending == S.ARCHIVED:
            return
        review_on = min(add_working_days(archive_on, 5), self.today)
        self.at(review_on, 10)
        case = svc.request_review(actor=clerk, case=case, requester="party", reason="公证书中申请人曾用名记载有误。")
        if ending == S.REVIEW_PENDING:
            return
        self.at(min(add_working_days(review_on, 5), self.today), 15)
        svc.decide_review(actor=notary, case=case, outcome="corrected", note="经核实曾用名记载有误，出具补正公证书。")


def seed_notarization(
    seed: int,
    county_code: str,
    start: datetime.date,
    progress: Progress | None = None,
    *,
    today: datetime.date | None = None,
) -> NotarizationResult:
    """Seed the demo county's notary office's cases (see the module docstring)."""
    say = progress or (lambda message: None)
    result = NotarizationResult()
    office = _office(county_code)
    if office is None:
        say("公证案件：演示县没有公证处，跳过")
        result.skipped = True
        return result
    if NotarizationCase.objects.filter(office=office).exists():
        say("公证案件：已存在，跳过")
        result.skipped = True
        return result
    today = today or timezone.localdate()
    while not is_working_day(today):
        today -= datetime.timedelta(days=1)
    clock = Clock(
        timezone.make_aware(datetime.datetime.combine(today, datetime.time(7)), timezone.get_default_timezone())
    )
    seeder = _Seeder(seed, office, clock, today)
    if not seeder.notaries or not seeder.matters:
        say("公证案件：公证处没有公证员或办理事项，跳过")
        result.skipped = True
        return result
    # The plans run in date order (the clock only moves forward).
    plans = sorted(enumerate(PLANS), key=lambda item: (-item[1][1], item[0]))
    muted_notices = mock.patch("gongfa.notifications.services._after_commit", return_value=None)
    muted_closing = mock.patch("gongfa.workorders.tasks.notify_requester_closed.delay", return_value=None)
    with override_settings(DEBUG=False), muted_notices, muted_closing, transaction.atomic(), moved_clock(clock):
        # Each case runs its own story from its application day; the clock restarts for each.
        for index, (ending, back, code) in plans:
            clock.moment = timezone.make_aware(
                datetime.datetime.combine(seeder.calendar.back(back + 1), datetime.time(7)),
                timezone.get_default_timezone(),
            )
            seeder.run(index, ending, back, code)
    result = seeder.result
    for status in NotarizationCase.objects.filter(office=office).values_list("status", flat=True):
        result.by_status[status] = result.by_status.get(status, 0) + 1
        result.cases += 1
    say(f"公证案件：{office.name} {result.cases} 件（其中由预约转来 {result.from_bookings} 件）")
    return result
