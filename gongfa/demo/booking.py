"""Notarization booking in the demo county (演示数据：公证预约): the county's notary office publishes
what it handles and its bookable resources, its weekly slots and a closure, and about forty
bookings are made through the booking services, the past ones with the clock moved to each step.

- What it handles: an OfficeMatter for every default matter one applies for (child matters, and
  parents without children); kinship and birth with a faster promise (10 and 5 working days).
- Resources: two rooms (第一、第二业务室), the office's notaries (the demo notary accounts are
  posted there), a video desk, an agency point at the last township's workstation, a home-visit
  team (no model service exists for resources: they are written directly, like an admin would).
- Weekly slots through save_slot_template: rooms Mon–Fri 9:00–11:30 and 14:00–17:00 in 30-minute
  slots; each notary Tue and Thu mornings; video Wed afternoon; the agency point Thu morning; home
  visits Fri afternoon.
- Bookings through book_slot / check_in_booking / record_no_show / cancel_booking: the past month
  (attended, no-show, cancelled) with the moved clock of gongfa/demo/mediation.py, then a closure
  (全员业务培训) next Wednesday through add_closure, then the coming fortnight, including one for
  the first demo citizen so that 我的预约 shows it.

Deterministic from the demo seed; a second run finds the office's resources and skips. Texts to the
citizens and staff notifications are muted (demo phones; the past is history)."""

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
from gongfa.appointments.choices import BookingChannel, BookingMode, ResourceKind, SpecialGroup, TimeLimitKind
from gongfa.appointments.models import BookableResource, Booking, NotarialMatter, OfficeMatter
from gongfa.appointments.selectors.booking import Slot, available_slots
from gongfa.appointments.services.booking import (
    add_closure,
    book_slot,
    cancel_booking,
    check_in_booking,
    record_no_show,
    save_slot_template,
)
from gongfa.demo.generator import DEMO_CITIZEN_PHONES, chinese_name
from gongfa.demo.mediation import Clock, moved_clock
from gongfa.network.choices import AgencyKind, PointTier, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting

Progress = Callable[[str], None]

PAST_DAYS = 30
UPCOMING_DAYS = 14
PAST_BOOKINGS = 26
UPCOMING_BOOKINGS = 14
# Faster promises of the demo office (本处承诺时限).
FASTER = {"kinship": TimeLimitKind.SPEED_10, "birth": TimeLimitKind.SPEED_5}
NOTES = ("", "", "", "需要无障碍通道", "老人同行，需要轮椅", "材料是外文的，需要翻译", "")


@dataclass
class BookingResult:
    resources: int = 0
    templates: int = 0
    matters: int = 0
    bookings: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


def _times(
    first: datetime.time, last_start: datetime.time, minutes: int = 30
) -> list[tuple[datetime.time, datetime.time]]:
    slots = []
    moment = datetime.datetime.combine(datetime.date(2000, 1, 3), first)
    end = datetime.datetime.combine(datetime.date(2000, 1, 3), last_start)
    while moment <= end:
        later = moment + datetime.timedelta(minutes=minutes)
        slots.append((moment.time(), later.time()))
        moment = later
    return slots


MORNING = _times(datetime.time(9), datetime.time(11))  # 9:00 … 11:00–11:30
AFTERNOON = _times(datetime.time(14), datetime.time(16, 30))  # 14:00 … 16:30–17:00


def _at(day: datetime.date, at: datetime.time, minutes: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(day, at) + datetime.timedelta(minutes=minutes)
    return timezone.make_aware(moment, timezone.get_default_timezone())


class _Seeder:
    def __init__(self, seed: int, office: Agency, clock: Clock, today: datetime.date) -> None:
        self.rng = random.Random(f"{seed}/booking")
        self.office = office
        self.clock = clock
        self.today = today
        self.result = BookingResult()
        posted = StaffPosting.objects.filter(agency=office, is_active=True).select_related("user").order_by("pk")
        self.notaries = [p.user for p in posted if p.user.role == Role.NOTARY]
        self.clerks = [p.user for p in posted if p.user.role == Role.NOTARY_CLERK]
        self.hotline = User.objects.filter(role=Role.HOTLINE_AGENT, username="hotline").first()
        self.window = User.objects.filter(role=Role.WINDOW_STAFF, username="window").first()
        self.demo_citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).filter(role=Role.CITIZEN).first()
        self.citizens = [
            u
            for u in User.objects.filter(role=Role.CITIZEN, is_active=True).exclude(phone_hash="").order_by("pk")[:200]
            if u.pk != getattr(self.demo_citizen, "pk", None)
        ]

    # --- what the office publishes ------------------------------------------------------------

    def publish(self) -> None:
        matters = NotarialMatter.objects.filter(is_active=True).prefetch_related("children")
        rows = []
        for matter in matters:
            if any(child.is_active for child in matter.children.all()):
                continue  # a parent: one applies for its children
            rows.append(OfficeMatter(office=self.office, matter=matter, time_limit=FASTER.get(matter.code, "")))
        OfficeMatter.objects.bulk_create(rows, ignore_conflicts=True)
        self.result.matters = len(rows)
        clerk = self.clerks[0]

        def resource(kind: str, name: str, **extra: object) -> BookableResource:
            made = BookableResource.objects.create(office=self.office, kind=kind, name=name, **extra)
            self.result.resources += 1
            return made

        def weekly(
            res: BookableResource, weekdays: tuple[int, ...], times: list[tuple[datetime.time, datetime.time]]
        ) -> None:
            for weekday in weekdays:
                for starts_at, ends_at in times:
                    save_slot_template(actor=clerk, resource=res, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
                    self.result.templates += 1

        for name in ("第一业务室", "第二业务室"):
            weekly(resource(ResourceKind.ROOM, name), (0, 1, 2, 3, 4), MORNING + AFTERNOON)
        for notary in self.notaries[:3]:
            weekly(resource(ResourceKind.NOTARY, f"{notary.display_name}公证员", notary=notary), (1, 3), MORNING)
        weekly(resource(ResourceKind.VIDEO, "视频公证台"), (2,), AFTERNOON[:4])
        station = self._remote_station()
        if station is not None:
            point = resource(ResourceKind.AGENCY_POINT, f"{station.name}代办点", point=station)
            weekly(point, (3,), _times(datetime.time(9, 30), datetime.time(11)))
        home = resource(ResourceKind.HOME_VISIT, "上门服务组")
        weekly(home, (4,), [(datetime.time(14), datetime.time(15, 30)), (datetime.time(15, 30), datetime.time(17))])

    def _remote_station(self) -> ServicePoint | None:
        """The workstation of the county's last township (the farthest from the seat, in the demo)."""
        townships = Region.objects.filter(parent=self.office.region, level=RegionLevel.TOWNSHIP).order_by("-code")
        for township in townships:
            station = ServicePoint.objects.filter(region=township, tier=PointTier.STATION).order_by("pk").first()
            if station is not None:
                return station
        return None

    # --- bookings ------------------------------------------------------------------------------

    def _matter(self, mode: str) -> NotarialMatter:
        rows = list(
            OfficeMatter.objects.filter(office=self.office, is_active=True).select_related("matter").order_by("pk")
        )
        if mode == BookingMode.VIDEO:
            rows = [r for r in rows if r.matter.video_allowed]
        elif mode == BookingMode.AGENCY_POINT:
            rows = [r for r in rows if r.matter.agency_point_allowed]
        return self.rng.choice(rows).matter

    def _mode(self) -> str:
        return self.rng.choices(
            [BookingMode.AT_OFFICE, BookingMode.VIDEO, BookingMode.AGENCY_POINT, BookingMode.HOME_VISIT],
            weights=[14, 2, 2, 1],
        )[0]

    def _person(self) -> tuple[str, str, User | None]:
        """(name, phone, account) of the one who books: a citizen with an account, or a caller."""
        if self.citizens and self.rng.random() < 0.5:
            citizen = self.rng.choice(self.citizens)
            return citizen.real_name or chinese_name(self.rng, "M", 1980), citizen.phone, citizen
        sex = self.rng.choice("MF")
        return (
            chinese_name(self.rng, sex, self.rng.randint(1945, 2000)),
            f"13{self.rng.randint(100000000, 999999999)}",
            None,
        )

    def book(self, slot: Slot, *, person: tuple[str, str, User | None] | None = None) -> Booking:
        name, phone, account = person or self._person()
        mode = slot.mode
        actor: User | None
        if account is not None:
            actor, channel = account, BookingChannel.PORTAL
        else:
            staff = self.rng.choice([s for s in (self.hotline, self.window) if s is not None] or [self.clerks[0]])
            actor = staff
            channel = BookingChannel.HOTLINE if staff.role == Role.HOTLINE_AGENT else BookingChannel.WINDOW
        home = mode == BookingMode.HOME_VISIT
        booking = book_slot(
            actor=actor,
            office=self.office,
            resource=BookableResource.objects.get(pk=slot.resource_id),
            matter=self._matter(mode),
            date=slot.date,
            starts_at=slot.starts_at,
            name=name,
            phone=phone,
            user=account,
            channel=channel,
            address=f"{self.office.region.name}幸福路{self.rng.randint(1, 200)}号" if home else "",
            special_group=self.rng.choice([SpecialGroup.ELDERLY, SpecialGroup.DISABLED]) if home else "",
            note=self.rng.choice(NOTES),
        )
        self.result.bookings += 1
        return booking

    def _pick(self, free: list[Slot], days: list[datetime.date]) -> Slot | None:
        """A free slot on one of `days`, in a mode drawn by weight (at the office when that mode has
        none that day); taken out of `free`. The free slots are read once per period (one call of
        available_slots), and only this seeder books meanwhile."""
        day = self.rng.choice(days)
        mode = self._mode()
        on_day = [s for s in free if s.date == day]
        choices = [s for s in on_day if s.mode == mode] or [s for s in on_day if s.mode == BookingMode.AT_OFFICE]
        if not choices:
            return None
        slot = self.rng.choice(choices)
        free.remove(slot)
        return slot

    def past(self) -> None:
        """The past month: each booked a few days ahead, then attended, missed or cancelled."""
        first = self.today - datetime.timedelta(days=PAST_DAYS)
        free = available_slots(
            self.office,
            first=first,
            last=self.today - datetime.timedelta(days=1),
            today=first - datetime.timedelta(days=1),
        )
        days = sorted({s.date for s in free})
        picks = [self._pick(free, days) for _ in range(PAST_BOOKINGS)] if days else []
        clerk = self.clerks[0]
        for slot in sorted((p for p in picks if p is not None), key=lambda s: (s.date, s.starts_at)):
            day = slot.date
            booked_on = max(day - datetime.timedelta(days=self.rng.randint(2, 10)), first - datetime.timedelta(days=1))
            self.clock.moment = _at(booked_on, datetime.time(10), self.rng.randint(0, 300))
            booking = self.book(slot)
            outcome = self.rng.random()
            if outcome < 0.18:  # cancelled the next day (well before the cut-off)
                self.clock.moment = self.clock.moment + datetime.timedelta(hours=20)
                who = booking.user or booking.booked_by
                reason = self.rng.choice(["时间冲突", "材料没有备齐", "已到其他公证处办理"])
                cancel_booking(actor=who, booking=booking, reason=reason)
            elif outcome < 0.32:  # nobody came: the sweep records it
                self.clock.moment = _at(day, slot.starts_at, 45)
                record_no_show(actor=None, booking=booking)
            else:
                self.clock.moment = _at(day, slot.starts_at, -self.rng.randint(0, 10))
                check_in_booking(actor=self.rng.choice([clerk, *self.notaries[:1]]), booking=booking)

    def closure(self) -> None:
        """全员业务培训 next Wednesday (the office takes no bookings that day)."""
        self.clock.moment = timezone.make_aware(
            datetime.datetime.combine(self.today, datetime.time(8)), timezone.get_default_timezone()
        )
        wednesday = self.today + datetime.timedelta(days=7 - self.today.weekday() + 2)
        add_closure(
            actor=self.clerks[0], office=self.office, starts_on=wednesday, ends_on=wednesday, reason="全员业务培训"
        )

    def upcoming(self) -> None:
        """The coming fortnight, booked today; the first demo citizen's among them."""
        days = [self.today + datetime.timedelta(days=n) for n in range(1, UPCOMING_DAYS + 1)]
        made = 0
        if self.demo_citizen is not None:
            kinship_day = next((d for d in days[3:] if d.weekday() < 5), None)
            if kinship_day is not None:
                slots = available_slots(self.office, mode=BookingMode.AT_OFFICE, first=kinship_day, last=kinship_day)
                if slots:
                    citizen = self.demo_citizen
                    person = (citizen.real_name or "演示群众", citizen.phone, citizen)
                    booking = book_slot(
                        actor=citizen,
                        office=self.office,
                        resource=BookableResource.objects.get(pk=slots[0].resource_id),
                        matter=NotarialMatter.objects.get(code="kinship"),
                        date=slots[0].date,
                        starts_at=slots[0].starts_at,
                        name=person[0],
                        phone=person[1],
                        note="需要同时办理翻译件",
                    )
                    self.result.bookings += 1
                    made += 1
                    assert booking.user_id == citizen.pk
        free = available_slots(self.office, first=days[0], last=days[-1])
        open_days = sorted({s.date for s in free})
        while made < UPCOMING_BOOKINGS and open_days:
            slot = self._pick(free, open_days)
            if slot is not None:
                self.book(slot)
            made += 1


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


def seed_booking(
    seed: int,
    county_code: str,
    start: datetime.date,
    progress: Progress | None = None,
    *,
    today: datetime.date | None = None,
) -> BookingResult:
    """Seed the demo county's notary office's booking (see the module docstring)."""
    say = progress or (lambda message: None)
    result = BookingResult()
    office = _office(county_code)
    if office is None:
        say("公证预约：演示县没有公证处，跳过")
        result.skipped = True
        return result
    if BookableResource.objects.filter(office=office).exists():
        say("公证预约：已存在，跳过")
        result.skipped = True
        return result
    today = today or timezone.localdate()
    clock = Clock(
        timezone.make_aware(datetime.datetime.combine(today, datetime.time(7)), timezone.get_default_timezone())
    )
    seeder = _Seeder(seed, office, clock, today)
    if not seeder.clerks:
        say("公证预约：公证处没有受理人员，跳过")
        result.skipped = True
        return result
    muted_texts = mock.patch("gongfa.appointments.services.booking._queue_text", return_value=None)
    muted_notices = mock.patch("gongfa.notifications.services._after_commit", return_value=None)
    with override_settings(DEBUG=False), muted_texts, muted_notices, transaction.atomic(), moved_clock(clock):
        seeder.publish()
        seeder.past()
        seeder.closure()
        seeder.upcoming()
    result = seeder.result
    for status in Booking.objects.filter(office=office).values_list("status", flat=True):
        result.by_status[status] = result.by_status.get(status, 0) + 1
    say(
        f"公证预约：{office.name} 办理事项 {result.matters} 项、预约资源 {result.resources} 个、"
        f"每周时段 {result.templates} 个、预约 {result.bookings} 个"
    )
    return result
