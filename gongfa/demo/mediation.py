"""People's mediation in the demo county (演示数据：人民调解): the county's committees, their members
and mediators, and a year of cases through every outcome, all made through the mediation services
with the clock moved to each step's moment.

- Committees (《人民调解法》第8、34条): the mediation committees the demo network already has (the
  county's joint committee, one per township, the traffic and medical industry committees) get their
  mediation profile; village committees in a few villages and one committee stationed at a police
  station (警调对接) are set up through create_committee. Each is constituted (第9条: three members,
  a chair, a woman, a three-year term) through constitute_committee.
- Mediators (第13–14条): the staff posted at those committees are registered through
  register_mediator (one full-time mediator per township committee, the others part-time); the
  full-time ones have their training and insurance recorded through the services. The demo
  mediator account ("mediator") is a full-time mediator of 青山县人民调解委员会.
- Cases: every case is registered, consented to, accepted, assigned, mediated, agreed (written or
  oral), confirmed by a court, visited, referred, ended and closed through the services, each step
  at its moment of the year before the demo's start. The demo mediator's committee has a case in
  every status; the other committees have ended and closed cases of every outcome.

The moved clock (``moved_clock``) replaces ``django.utils.timezone.now`` (and the model fields
whose default it is) while a step runs, so that the services date their rows, events, clocks and
deadlines as if the step happened then; nothing else changes. Deterministic from the demo seed; a
second run finds the committees' profiles and skips. The year's events notify nobody (they are
history, like history.py's bulk events); the performance facts follow them as usual.

Grades: a grade is earned through the grading services only with two years and fifty cases on the
platform (practice.md §a). The demo's graded mediators hold grades awarded before the platform
(存量等级), written on their profile with the date of the award (no service exists for that import).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.demo.generator import chinese_name, make_id_number
from gongfa.demo.history import history_bounds
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region, StaffPosting

Progress = Callable[[str], None]

# The demo mediator account: a full-time mediator of the county's committee.
DEMO_MEDIATOR = "mediator"
VILLAGE_COMMITTEES = 3  # village committees set up in the first townships' first villages
TERM_YEARS = 3


@dataclass
class MediationResult:
    committees: int = 0
    mediators: int = 0
    cases: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


# ------------------------------------------------------------------------------------ the clock


class Clock:
    """The moment the services see as now (aware), moved forward step by step."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime.datetime:
        return self.moment

    def set(self, moment: datetime.datetime) -> None:
        self.moment = max(self.moment, moment)

    def advance(self, *, days: float = 0, hours: float = 0) -> datetime.datetime:
        self.moment += datetime.timedelta(days=days, hours=hours)
        return self.moment


@contextmanager
def moved_clock(clock: Clock) -> Iterator[Clock]:
    """Within the block ``timezone.now()`` (and ``timezone.localdate()``, which reads it) returns the
    clock's moment, and so do the model fields whose default is ``timezone.now``."""
    real_now = timezone.now
    fields = [
        model_field
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if model_field.default is real_now
    ]

    def reset() -> None:
        for model_field in fields:
            model_field.__dict__.pop("_get_default", None)  # Field caches its default callable

    with mock.patch.object(timezone, "now", clock):
        for model_field in fields:
            model_field.default = clock
        reset()
        try:
            yield clock
        finally:
            for model_field in fields:
                model_field.default = real_now
            reset()


def _at(day: datetime.date, hour: float) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time(int(hour), int((hour % 1) * 60)))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def _workday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


# ------------------------------------------------------------------------------------ the world


@dataclass
class _Unit:
    """A committee with the people who act for it: `staff` manages (posted at its agency), the
    mediators handle."""

    committee: Any
    township: Region | None
    villages: list[Region]
    mediators: list[Any] = field(default_factory=list)

    @property
    def staff(self) -> User:
        user: User = self.mediators[0].user
        return user


@dataclass
class _World:
    county: Region
    townships: list[Region]
    villages_of: dict[int, list[Region]]
    bureau: User
    units: list[_Unit] = field(default_factory=list)
    demo_unit: _Unit | None = None
    categories: dict[str, Any] = field(default_factory=dict)


def _bureau_actor(county: Region) -> User | None:
    """The county supervisor (the justice bureau: committees and mediators are its register)."""
    posting = (
        StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, user__is_active=True)
        .filter(Q(agency__region=county) | Q(point__region=county))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return posting.user if posting is not None else None


def _posted(agency: Agency) -> list[User]:
    return [
        posting.user
        for posting in StaffPosting.objects.filter(agency=agency, role=Role.MEDIATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def has_mediation(county: Region) -> bool:
    from gongfa.mediation.models import Committee

    return Committee.objects.filter(agency__region__code__startswith=county.code[:6]).exists()


# ------------------------------------------------------------------------------------ set-up


class _Seeder:
    def __init__(self, seed: int, world: _World, clock: Clock, first: datetime.date, last: datetime.date) -> None:
        self.rng = random.Random(f"{seed}/mediation")
        self.world = world
        self.clock = clock
        self.first = first
        self.last = last
        self.sequence = 500
        self.result = MediationResult()

    # -- people --

    def person(self, village: Region) -> dict[str, Any]:
        sex = self.rng.choice("MF")
        birth = datetime.date(self.rng.randint(1955, 2000), self.rng.randint(1, 12), self.rng.randint(1, 28))
        self.sequence += 1
        return {
            "name": chinese_name(self.rng, sex, birth.year),
            "id_number": make_id_number(village.code, birth, self.sequence % 1000),
            "phone": f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}",
            "address": f"{village.name}{self.rng.randint(1, 99)}号",
        }

    def staff_user(self, username: str, name: str) -> User:
        """A staff account for a mediator of a committee the demo network did not have (village
        committees, the police station's): registered at the committee by register_mediator."""
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, real_name=name, role=Role.MEDIATOR)
            user.set_unusable_password()
            user.save()
        return user

    def members(self, prefix: str) -> list[Any]:
        from gongfa.mediation.choices import Gender, MemberRole
        from gongfa.mediation.services.organisation import MemberInput

        names = [chinese_name(self.rng, sex, self.rng.randint(1960, 1990)) for sex in "MFM"]
        return [
            MemberInput(name=names[0], gender=Gender.MALE, role=MemberRole.CHAIR),
            MemberInput(name=names[1], gender=Gender.FEMALE, role=MemberRole.VICE_CHAIR),
            MemberInput(name=names[2], gender=Gender.MALE, role=MemberRole.MEMBER),
        ]

    def constitute(self, committee: Any) -> None:
        from gongfa.mediation.services.organisation import constitute_committee

        starts = datetime.date(self.first.year, 1, 1)
        ends = datetime.date(starts.year + TERM_YEARS, 1, 1) - datetime.timedelta(days=1)
        constitute_committee(
            actor=self.world.bureau,
            committee=committee,
            term_starts_on=starts,
            term_ends_on=ends,
            members=self.members(committee.agency.name),
        )

    def profile(self, agency: Agency, committee_type: str, industry_field: str = "") -> Any:
        """The mediation profile of a committee the demo network already has (no service attaches
        one to an existing agency: written as create_committee writes it, with its event)."""
        from gongfa.audit.services import record_event
        from gongfa.mediation.models import Committee

        committee = Committee.objects.create(
            agency=agency,
            committee_type=committee_type,
            industry_field=industry_field,
            established_on=datetime.date(self.first.year - 5, 3, 1),
        )
        record_event(
            committee,
            "mediation.committee.created",
            actor=self.world.bureau,
            region=agency.region,
            data={"name": agency.name, "committee_type": committee_type, "industry_field": industry_field},
        )
        return committee

    def register(
        self, unit: _Unit, users: list[User], *, full_time: int = 1, specialities: tuple[str, ...] = ()
    ) -> None:
        from gongfa.mediation.choices import Employment
        from gongfa.mediation.services.organisation import register_mediator

        for index, user in enumerate(users):
            unit.mediators.append(
                register_mediator(
                    actor=self.world.bureau,
                    user=user,
                    committee=unit.committee,
                    employment=Employment.FULL_TIME if index < full_time else Employment.PART_TIME,
                    specialities=list(specialities or self.rng.sample(sorted(self.world.categories), 2)),
                    languages=["普通话"],
                    started_on=datetime.date(self.first.year - self.rng.randint(2, 9), 3, 1),
                )
            )
            self.result.mediators += 1

    def train_and_insure(self, unit: _Unit) -> None:
        from gongfa.mediation.choices import Employment, InsuranceKind
        from gongfa.mediation.services.organisation import record_insurance, record_training

        for mediator in unit.mediators:
            if mediator.employment != Employment.FULL_TIME:
                continue
            record_training(
                actor=self.world.bureau,
                mediator=mediator,
                title="人民调解员业务培训（民法典婚姻家庭编与调解技巧）",
                organiser=f"{self.world.county.name}司法局",
                held_on=self.first - datetime.timedelta(days=40),
                hours=16,
            )
            record_insurance(
                actor=self.world.bureau,
                mediator=mediator,
                insurer="中国人民财产保险股份有限公司",
                policy_number=f"PEAC{self.first.year}{mediator.pk:06d}",
                starts_on=datetime.date(self.first.year, 1, 1),
                ends_on=datetime.date(self.first.year + 1, 12, 31),
                kind=InsuranceKind.ACCIDENT,
            )

    def set_up(self) -> None:
        from gongfa.mediation.choices import CommitteeType, IndustryField, MediatorGrade
        from gongfa.mediation.models import Mediator
        from gongfa.mediation.services.organisation import create_committee

        world = self.world
        county = world.county
        self.clock.set(_at(self.first, 9.0))
        agencies = list(
            Agency.objects.filter(
                region__code__startswith=county.code[:6],
                kind__in=(AgencyKind.MEDIATION_COMMITTEE, AgencyKind.INDUSTRY_MEDIATION_COMMITTEE),
                is_active=True,
            )
            .select_related("region")
            .order_by("pk")
        )
        townships = {t.pk: t for t in world.townships}
        for agency in agencies:
            if agency.kind == AgencyKind.INDUSTRY_MEDIATION_COMMITTEE:
                field_of = IndustryField.TRAFFIC if "交通" in agency.name else IndustryField.MEDICAL
                if "交通" not in agency.name and "医疗" not in agency.name:
                    field_of = IndustryField.OTHER
                committee = self.profile(agency, CommitteeType.INDUSTRY, field_of)
                unit = _Unit(committee, None, [v for t in world.townships for v in world.villages_of[t.pk]])
                codes = ("road_traffic", "damages") if field_of == IndustryField.TRAFFIC else ("medical", "damages")
                self.register(unit, _posted(agency), full_time=1, specialities=codes)
            elif agency.region_id in townships:
                township = townships[agency.region_id]
                committee = self.profile(agency, CommitteeType.TOWNSHIP)
                unit = _Unit(committee, township, world.villages_of[township.pk])
                self.register(unit, _posted(agency), full_time=1)
            elif agency.region_id == county.pk:
                committee = self.profile(agency, CommitteeType.OTHER)
                unit = _Unit(committee, None, [v for t in world.townships for v in world.villages_of[t.pk]])
                users = _posted(agency)
                users.sort(key=lambda user: user.username != DEMO_MEDIATOR)
                self.register(unit, users, full_time=1, specialities=("marriage_family", "neighbour", "contract"))
                if users and users[0].username == DEMO_MEDIATOR:
                    world.demo_unit = unit
            else:
                continue
            self.constitute(committee)
            world.units.append(unit)
            self.result.committees += 1
        # Village committees (第8条) in the first townships' first villages, and one stationed at the
        # police station of the first township (警调对接).
        chosen = [world.villages_of[t.pk][0] for t in world.townships if world.villages_of[t.pk]][:VILLAGE_COMMITTEES]
        for index, village in enumerate(chosen, start=1):
            committee = create_committee(
                actor=world.bureau,
                name=f"{village.name}人民调解委员会",
                region=village,
                committee_type=CommitteeType.VILLAGE,
                established_on=datetime.date(self.first.year - 8, 6, 1),
            )
            self.constitute(committee)
            unit = _Unit(committee, village.parent, [village])
            name = chinese_name(self.rng, "M", 1968)
            self.register(unit, [self.staff_user(f"{county.code[:6]}-vmediator{index}", name)], full_time=0)
            world.units.append(unit)
            self.result.committees += 1
        first_township = world.townships[0]
        station = f"{county.name}公安局{first_township.name}派出所"
        committee = create_committee(
            actor=world.bureau,
            name=f"{station}人民调解室",
            region=first_township,
            committee_type=CommitteeType.POLICE,
            host_name=station,
            established_on=datetime.date(self.first.year - 3, 9, 1),
        )
        self.constitute(committee)
        unit = _Unit(committee, first_township, world.villages_of[first_township.pk])
        name = chinese_name(self.rng, "F", 1979)
        self.register(
            unit,
            [self.staff_user(f"{county.code[:6]}-pmediator", name)],
            full_time=1,
            specialities=("neighbour", "damages"),
        )
        world.units.append(unit)
        self.result.committees += 1
        for unit in world.units:
            self.train_and_insure(unit)
        # Grades held before the platform (存量等级): see the module docstring.
        grades = (MediatorGrade.FOURTH, MediatorGrade.THIRD, MediatorGrade.FOURTH)
        full_time = [m for unit in world.units for m in unit.mediators if m.employment == "full_time" and unit.township]
        for index, mediator in enumerate(full_time):
            grade = grades[index % len(grades)]
            Mediator.objects.filter(pk=mediator.pk).update(
                grade=grade, grade_since=datetime.date(self.first.year - 1, 12, 1)
            )
        if world.demo_unit is not None:
            Mediator.objects.filter(pk=world.demo_unit.mediators[0].pk).update(
                grade=MediatorGrade.THIRD, grade_since=datetime.date(self.first.year - 2, 12, 1)
            )


# ------------------------------------------------------------------------------------ the cases

# Disputes by category: (summary, facts, claims, agreed terms, amount in yuan).
DISPUTES: dict[str, tuple[tuple[str, str, str, str, int], ...]] = {
    "neighbour": (
        (
            "邻居排水沟改道致院墙浸水",
            "被申请人将自家院内排水沟改向申请人院墙一侧，雨季积水浸泡墙基，墙面出现裂缝。",
            "恢复排水沟原走向，赔偿院墙修缮费用。",
            "被申请人于十日内将排水沟恢复原走向，并赔偿申请人院墙修缮费用。",
            3000,
        ),
        (
            "相邻通行道路被堆放柴草阻断",
            "被申请人在两家共用的通行小路上堆放柴草，申请人车辆无法进出。",
            "清除柴草，保持道路畅通。",
            "被申请人于三日内清除堆放的柴草，今后双方共同维护小路畅通。",
            0,
        ),
    ),
    "marriage_family": (
        (
            "子女赡养费分担纠纷",
            "申请人年逾七旬，三名子女对赡养费分担各执一词，已有半年未按时给付。",
            "子女按月给付赡养费。",
            "被申请人每月10日前各给付申请人赡养费500元，医疗费用凭票据平均分担。",
            18000,
        ),
    ),
    "housing_homestead": (
        (
            "宅基地界址争议",
            "双方宅基地相邻，被申请人翻建房屋时越过原界址约半米。",
            "确认界址，拆除越界部分或给予补偿。",
            "双方按村委会测量确认的界址为准，被申请人一次性补偿申请人土地使用损失。",
            6000,
        ),
    ),
    "contract": (
        (
            "农资赊销货款纠纷",
            "被申请人向申请人赊购化肥农药，约定秋收后付款，至今未付。",
            "支付所欠货款。",
            "被申请人分两期向申请人支付所欠货款，第一期于签订协议之日支付。",
            12800,
        ),
    ),
    "damages": (
        (
            "耕牛走失践踏庄稼赔偿纠纷",
            "被申请人饲养的耕牛走失进入申请人承包地，践踏即将收割的玉米约两亩。",
            "赔偿庄稼损失。",
            "被申请人赔偿申请人庄稼损失，双方就此事再无其他争议。",
            2400,
        ),
    ),
    "labour": (
        (
            "装修工人工资拖欠纠纷",
            "申请人为被申请人承包的装修工程做工四十五天，被申请人以工程款未结清为由拖欠工资。",
            "支付拖欠的工资。",
            "被申请人于十五日内支付申请人工资。",
            9000,
        ),
    ),
    "road_traffic": (
        (
            "电动车与三轮车碰撞赔偿纠纷",
            "被申请人驾驶三轮车与申请人电动车相撞，交警认定被申请人负主要责任，申请人住院十二天。",
            "赔偿医疗费、误工费、护理费。",
            "被申请人赔偿申请人医疗费、误工费、护理费等各项损失，交强险理赔部分由被申请人协助办理。",
            26000,
        ),
    ),
    "medical": (
        (
            "卫生院输液后过敏损害纠纷",
            "申请人在乡镇卫生院输液后出现过敏反应转院治疗，认为卫生院未尽告知义务。",
            "赔偿转院治疗费用并赔礼道歉。",
            "卫生院补偿申请人转院治疗费用，并向申请人说明情况、赔礼道歉。",
            8000,
        ),
    ),
}

FLOWS: dict[str, tuple[str, ...]] = {
    "applied": ("register",),
    "consent_pending": ("register", "seek"),
    "not_accepted": ("register", "not_accept"),
    "not_mediated": ("register", "seek", "refuse"),
    "accepted": ("register", "seek", "consent", "accept"),
    "mediator_assigned": ("register", "seek", "consent", "accept", "assign"),
    "in_mediation": ("register", "seek", "consent", "accept", "assign", "start", "session"),
    "terminated_by_party": ("register", "seek", "consent", "accept", "assign", "start", "session", "terminate"),
    "failed": ("register", "seek", "consent", "accept", "assign", "start", "session", "session", "fail"),
    "agreement_effective": ("register", "seek", "consent", "accept", "assign", "start", "session", "written"),
    "oral": ("register", "seek", "consent", "accept", "assign", "start", "session", "oral"),
}
_WRITTEN = FLOWS["agreement_effective"]
FLOWS.update(
    {
        "jc_filed": (*_WRITTEN, "jc_file"),
        "jc_confirmed": (*_WRITTEN, "jc_file", "jc_confirm"),
        "nonperformance": (*_WRITTEN, "visit_not"),
        "performed": (*_WRITTEN, "visit_ok"),
        "referred_to_court": (*_WRITTEN, "visit_not", "refer"),
        "oral_performed": (*FLOWS["oral"], "visit_ok"),
        "jc_performed": (*_WRITTEN, "jc_file", "jc_confirm", "visit_ok"),
        "escalated_performed": (
            "register", "seek", "consent", "accept", "assign", "start", "session", "escalate", "session",
            "resolve", "written", "visit_ok",
        ),
    }
)  # fmt: skip
# Days from the step before (fractions: the same day, hours later).
GAPS = {
    "register": 0.0,
    "seek": 0.1,
    "consent": 2,
    "accept": 0.1,
    "assign": 0.1,
    "start": 2,
    "session": 3,
    "escalate": 0.1,
    "resolve": 4,
    "terminate": 2,
    "fail": 1,
    "written": 1,
    "oral": 0.1,
    "jc_file": 6,
    "jc_confirm": 12,
    "visit_ok": 26,
    "visit_not": 26,
    "refer": 15,
    "not_accept": 1,
    "refuse": 2,
    "close": 4,
}
ENDED_FLOWS = {
    "not_accepted",
    "not_mediated",
    "terminated_by_party",
    "failed",
    "performed",
    "referred_to_court",
    "oral_performed",
    "jc_performed",
    "escalated_performed",
}
# The demo mediator's committee: one case in every status, a few closed ones of each outcome.
DEMO_UNIT_CASES: tuple[tuple[str, bool], ...] = (
    ("applied", False),
    ("consent_pending", False),
    ("not_accepted", False),
    ("not_mediated", False),
    ("accepted", False),
    ("mediator_assigned", False),
    ("in_mediation", False),
    ("terminated_by_party", False),
    ("failed", False),
    ("agreement_effective", False),
    ("jc_filed", False),
    ("jc_confirmed", False),
    ("nonperformance", False),
    ("performed", False),
    ("referred_to_court", False),
    ("oral_performed", True),
    ("jc_performed", True),
    ("not_accepted", True),
)
# Other committees: ended cases, closed, turn by turn.
ROTATION = (
    "performed",
    "oral_performed",
    "failed",
    "jc_performed",
    "terminated_by_party",
    "not_mediated",
    "escalated_performed",
    "referred_to_court",
    "not_accepted",
)


@dataclass
class _Plan:
    unit: _Unit
    flow: str
    close: bool
    category: str
    source: str = "party_application"
    mediator_index: int = 0


class _CaseSeeder:
    """Runs one case's steps through the services, each at its moment."""

    def __init__(self, seeder: _Seeder, plan: _Plan) -> None:
        self.seeder = seeder
        self.plan = plan
        self.rng = seeder.rng
        self.clock = seeder.clock
        self.unit = plan.unit
        mediators = plan.unit.mediators
        self.mediator = mediators[plan.mediator_index % len(mediators)]
        self.case: Any = None
        self.dispute = self.rng.choice(DISPUTES.get(plan.category, DISPUTES["neighbour"]))
        self.report: Any = None

    @property
    def staff(self) -> User:
        return self.unit.staff

    @property
    def handler(self) -> User:
        user: User = self.mediator.user
        return user

    def steps(self) -> tuple[str, ...]:
        return (*FLOWS[self.plan.flow], *(("close",) if self.plan.close else ()))

    def span(self) -> int:
        """Days from the first step to the last, weekends skipped included (with room to spare)."""
        days = sum(GAPS[step] for step in self.steps()) + len(self.steps()) * 0.05
        return int(days * 7 / 5) + 3

    def run(self, start: datetime.datetime) -> Any:
        self.clock.set(start)
        for index, step in enumerate(self.steps()):
            if index:
                gap = GAPS[step]
                if gap >= 1:
                    day = (timezone.localtime(self.clock.moment) + datetime.timedelta(days=gap)).date()
                    while day.weekday() >= 5:
                        day += datetime.timedelta(days=1)
                    self.clock.set(_at(day, self.rng.uniform(9, 16.5)))
                else:
                    self.clock.advance(hours=max(gap * 24, 0.3))
            getattr(self, f"do_{step}")()
        return self.case

    # -- the steps --

    def do_register(self) -> None:
        from gongfa.mediation.choices import ApplicationForm, CaseSource, IntakeChannel
        from gongfa.mediation.services.intake import register_case

        village = self.rng.choice(self.unit.villages)
        summary, facts, claims, _, amount = self.dispute
        source = self.plan.source
        channel = self.rng.choice((IntakeChannel.WINDOW, IntakeChannel.VILLAGE_ROOM, IntakeChannel.HOTLINE))
        sender = reference = ""
        if source == CaseSource.POLICE_HANDOVER:
            channel, sender = IntakeChannel.REFERRAL, self.unit.committee.host_name
            reference = f"警调移〔{timezone.localdate().year}〕{self.rng.randint(1, 99)}号"
        elif source == CaseSource.OWN_INITIATIVE:
            channel = IntakeChannel.COMMITTEE
        elif len(self.unit.villages) == 1:
            channel = IntakeChannel.VILLAGE_ROOM
        self.case = register_case(
            actor=self.staff,
            committee=self.unit.committee,
            region=village,
            category=self.seeder.world.categories[self.plan.category],
            source=source,
            application_form=self.rng.choice((ApplicationForm.WRITTEN, ApplicationForm.ORAL)),
            intake_channel=channel,
            summary=summary,
            facts=facts,
            claims=claims,
            applicants=[self.seeder.person(village)],
            respondents=[self.seeder.person(village)],
            sender_name=sender,
            sender_reference=reference,
            amount_in_dispute=amount or None,
        )

    def do_seek(self) -> None:
        from gongfa.mediation.services.consent import seek_consent

        seek_consent(actor=self.staff, case=self.case)

    def _answer(self, decision: str) -> None:
        from gongfa.mediation.choices import ConsentDecision, ConsentMethod
        from gongfa.mediation.services.consent import record_consent

        for consent in self.case.consents.filter(decision=ConsentDecision.PENDING).select_related("party"):
            record_consent(
                actor=self.staff,
                case=self.case,
                party=consent.party,
                decision=decision,
                method=self.rng.choice((ConsentMethod.IN_PERSON, ConsentMethod.PHONE)),
                answered_by_name=consent.party.name,
            )
            if decision == ConsentDecision.REFUSED:
                return

    def do_consent(self) -> None:
        from gongfa.mediation.choices import ConsentDecision

        self._answer(ConsentDecision.CONSENTED)

    def do_refuse(self) -> None:
        from gongfa.mediation.choices import ConsentDecision

        self._answer(ConsentDecision.REFUSED)

    def do_accept(self) -> None:
        from gongfa.mediation.services.acceptance import accept_case

        accept_case(actor=self.staff, case=self.case)

    def do_not_accept(self) -> None:
        from gongfa.mediation.choices import NonAcceptanceReason
        from gongfa.mediation.services.acceptance import refuse_acceptance

        refuse_acceptance(
            actor=self.staff,
            case=self.case,
            reason=NonAcceptanceReason.ALREADY_HANDLED,
            redirect_to=f"{self.seeder.world.county.name}人民法院",
        )

    def do_assign(self) -> None:
        from gongfa.mediation.services.assignment import assign_mediators

        assign_mediators(actor=self.staff, case=self.case, presiding=self.mediator)

    def do_start(self) -> None:
        from gongfa.mediation.services.handling import start_mediation

        start_mediation(actor=self.handler, case=self.case)

    def do_session(self) -> None:
        from gongfa.mediation.choices import SessionMode
        from gongfa.mediation.services.handling import record_session

        names = "、".join(party.name for party in self.case.parties.all())
        first = not self.case.sessions.exists()
        record_session(
            actor=self.handler,
            case=self.case,
            held_at=self.clock.moment - datetime.timedelta(minutes=90),
            mode=SessionMode.IN_PERSON,
            place=f"{self.unit.committee.agency.name}调解室",
            attendees=f"{names}，调解员{self.handler.display_name}",
            record=(
                "双方分别陈述纠纷经过和各自主张，调解员释明相关法律规定，双方分歧较大，约定再次调解。"
                if first
                else "调解员背对背做双方工作，双方各退一步，就主要争议事项形成一致意见。"
            ),
        )

    def do_escalate(self) -> None:
        from gongfa.mediation.choices import EscalationRisk
        from gongfa.mediation.services.handling import report_escalation

        self.report = report_escalation(
            actor=self.handler,
            case=self.case,
            risk=EscalationRisk.CRIMINAL,
            description="双方亲属在调解现场发生推搡，扬言报复；已分开劝离，并告知村委会和派出所民警关注。",
            people=4,
        )

    def do_resolve(self) -> None:
        from gongfa.mediation.services.handling import resolve_escalation

        resolve_escalation(
            actor=self.handler, case=self.case, report=self.report, prevented_criminal=True, criminal_people=4
        )

    def do_terminate(self) -> None:
        from gongfa.mediation.choices import PartySide
        from gongfa.mediation.services.handling import terminate_by_party

        terminate_by_party(
            actor=self.handler,
            case=self.case,
            party=self.case.parties.filter(side=PartySide.RESPONDENT).first(),
            reason="被申请人表示已向人民法院起诉，要求终止调解。",
        )

    def do_fail(self) -> None:
        from gongfa.mediation.services.outcome import record_failure

        record_failure(actor=self.handler, case=self.case, reason="经多次调解，双方对赔偿数额分歧过大，无法达成协议。")

    def do_written(self) -> None:
        from gongfa.mediation.services.agreement import (
            draft_agreement,
            finalise_agreement,
            record_paper_signature,
            seal_by_committee,
            sign_as_mediator,
        )

        _, facts, _, terms, amount = self.dispute
        parties = list(self.case.parties.all())
        agreement = draft_agreement(
            actor=self.handler,
            case=self.case,
            parties_text="；".join(f"{party.get_side_display()}：{party.name}，住{party.address}" for party in parties),
            facts_and_responsibility=f"{facts}经调解员调查，双方对上述事实无异议。",
            terms=terms + (f"金额共计人民币{amount}元。" if amount else ""),
            performance_method="银行转账" if amount else "按协议约定自行履行",
            performance_place=self.unit.committee.agency.name,
            performance_deadline=timezone.localdate() + datetime.timedelta(days=10),
            amount=amount or None,
        )
        self.clock.advance(hours=0.5)
        agreement = finalise_agreement(actor=self.handler, agreement=agreement)
        self.clock.advance(hours=0.3)
        for party in parties:
            record_paper_signature(actor=self.staff, agreement=agreement, party=party)
        sign_as_mediator(actor=self.handler, agreement=agreement)
        seal_by_committee(actor=self.staff, agreement=agreement)

    def do_oral(self) -> None:
        from gongfa.mediation.services.outcome import record_oral_agreement

        record_oral_agreement(
            actor=self.handler,
            case=self.case,
            content="双方当场互相赔礼道歉，消除误会，今后和睦相处，不再因此事发生争执。",
        )

    def _fresh(self) -> Any:
        from gongfa.mediation.models import MediationCase

        self.case = MediationCase.objects.get(pk=self.case.pk)
        return self.case

    def do_jc_file(self) -> None:
        from gongfa.mediation.services.confirmation import file_confirmation

        file_confirmation(
            actor=self.staff,
            case=self._fresh(),
            court=f"{self.seeder.world.county.name}人民法院",
            filed_on=timezone.localdate(),
        )

    def do_jc_confirm(self) -> None:
        from gongfa.mediation.choices import CourtDecision
        from gongfa.mediation.services.confirmation import record_court_decision

        record_court_decision(
            actor=self.staff,
            case=self._fresh(),
            decision=CourtDecision.CONFIRMED,
            decided_on=timezone.localdate(),
            court_reference=f"（{timezone.localdate().year}）民特{self.rng.randint(10, 299)}号",
        )

    def _visit(self, performance: str, satisfaction: str, note: str) -> None:
        from gongfa.mediation.choices import ReturnVisitStatus
        from gongfa.mediation.services.followup import record_return_visit

        visit = self._fresh().return_visits.filter(status=ReturnVisitStatus.DUE).order_by("due_on").first()
        record_return_visit(
            actor=self.handler, visit=visit, performance=performance, satisfaction=satisfaction, note=note
        )

    def do_visit_ok(self) -> None:
        from gongfa.mediation.choices import Performance, Satisfaction

        self._visit(
            Performance.PERFORMED,
            self.rng.choice((Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.FAIRLY)),
            "电话回访，双方确认协议已按约履行，对调解工作表示认可。",
        )

    def do_visit_not(self) -> None:
        from gongfa.mediation.choices import Performance, Satisfaction

        self._visit(
            Performance.NOT_PERFORMED,
            Satisfaction.DISSATISFIED,
            "上门回访，被申请人以资金困难为由未按期履行，已督促其于一周内履行。",
        )

    def do_refer(self) -> None:
        from gongfa.mediation.services.followup import refer_nonperformance

        refer_nonperformance(
            actor=self.handler,
            case=self._fresh(),
            reason="经督促被申请人仍未履行，已告知申请人可就调解协议向人民法院提起诉讼。",
        )

    def do_close(self) -> None:
        from gongfa.mediation.choices import DocumentKind
        from gongfa.mediation.documents import missing_documents
        from gongfa.mediation.services.closing import add_document, close_case
        from gongfa.mediation.services.followup import send_referral_feedback

        case = self._fresh()
        titles: dict[str, str] = {
            DocumentKind.IDENTITY: "双方当事人身份证复印件",
            DocumentKind.JUDICIAL_CONFIRMATION: "民事裁定书",
        }
        for kind in missing_documents(case):
            if kind in titles:
                add_document(actor=self.staff, case=case, kind=kind, title=titles[kind])  # the paper copies
        if case.sender_name and case.feedback_sent_at is None:
            send_referral_feedback(
                actor=self.staff, case=case, content=f"该纠纷已调解终结，结果：{case.get_outcome_display()}。"
            )
        close_case(actor=self.staff, case=self._fresh())


def _plans(world: _World, rng: random.Random) -> list[_Plan]:
    from gongfa.mediation.choices import CaseSource, CommitteeType

    plans: list[_Plan] = []
    demo = world.demo_unit
    if demo is not None:
        for index, (flow, close) in enumerate(DEMO_UNIT_CASES):
            category = ("marriage_family", "neighbour", "contract", "housing_homestead", "labour")[index % 5]
            source = CaseSource.OWN_INITIATIVE if flow == "accepted" else CaseSource.PARTY_APPLICATION
            plans.append(_Plan(demo, flow, close, category, source))
    turn = 0
    for unit in world.units:
        if unit is demo:
            continue
        kind = unit.committee.committee_type
        categories: tuple[str, ...]
        if kind == CommitteeType.TOWNSHIP:
            count, categories = 2, ("neighbour", "marriage_family", "housing_homestead", "contract", "damages")
        elif kind == CommitteeType.VILLAGE:
            count, categories = 2, ("neighbour", "marriage_family", "damages")
        elif kind == CommitteeType.POLICE:
            count, categories = 2, ("neighbour", "damages")
        else:  # industry
            field_of = unit.committee.industry_field
            count, categories = 2, (("road_traffic",) if field_of == "traffic" else ("medical",))
        for index in range(count):
            flow = ROTATION[turn % len(ROTATION)]
            turn += 1
            source = CaseSource.POLICE_HANDOVER if kind == CommitteeType.POLICE else CaseSource.PARTY_APPLICATION
            plans.append(_Plan(unit, flow, True, rng.choice(categories), source, mediator_index=index))
    return plans


def seed_mediation(
    seed: int,
    county_code: str,
    start: datetime.date,
    *,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> MediationResult:
    """Seed the county's committees, mediators and a year of cases (skipped when the county's
    committees have their mediation profiles already)."""
    say = progress or (lambda message: None)
    result = MediationResult()
    county = Region.objects.filter(code=county_code).first()
    bureau = _bureau_actor(county) if county is not None else None
    if county is None or bureau is None:
        say("人民调解：找不到演示县或其司法局督办账号，跳过")
        result.skipped = True
        return result
    if has_mediation(county):
        say("人民调解：已存在，跳过")
        result.skipped = True
        return result
    from gongfa.mediation.models import DisputeCategory, MediationCase

    first, last = history_bounds(start, today)
    regions = list(Region.objects.filter(code__startswith=county.code[:6]).order_by("code"))
    townships = [r for r in regions if r.level == RegionLevel.TOWNSHIP and r.parent_id == county.pk]
    villages_of: dict[int, list[Region]] = {t.pk: [] for t in townships}
    for region in regions:
        if region.level == RegionLevel.VILLAGE and region.parent_id in villages_of:
            villages_of[region.parent_id].append(region)
    world = _World(county, townships, villages_of, bureau)
    world.categories = {c.code: c for c in DisputeCategory.objects.filter(is_active=True)}
    clock = Clock(_at(first, 9.0))
    seeder = _Seeder(seed, world, clock, first, last)
    # The year's notices are history: nobody is told of them now (as history.py's bulk events, which
    # pass no hook). The notifications' hook is muted until the commit has run its callbacks.
    muted = mock.patch("gongfa.notifications.services._after_commit", return_value=None)
    with override_settings(DEBUG=False), muted, transaction.atomic(), moved_clock(clock):
        seeder.set_up()
        say(f"人民调解：调委会 {seeder.result.committees} 个、调解员 {seeder.result.mediators} 名")
        plans = _plans(world, seeder.rng)
        runs: list[tuple[datetime.datetime, _CaseSeeder]] = []
        for plan in plans:
            runner = _CaseSeeder(seeder, plan)
            span = runner.span()
            if plan.flow in ENDED_FLOWS or plan.close:
                latest = last - datetime.timedelta(days=span)
                earliest = first + datetime.timedelta(days=30)
                offset = seeder.rng.randint(0, max((latest - earliest).days, 0))
                day = earliest + datetime.timedelta(days=offset)
            else:  # still open: recent
                day = last - datetime.timedelta(days=span + seeder.rng.randint(0, 3))
            runs.append((_at(_workday(day), seeder.rng.uniform(9, 11)), runner))
        # In the order of their first step, so that the numbers (案号) follow registration.
        runs.sort(key=lambda run: run[0])
        for moment, runner in runs:
            clock.moment = moment
            runner.run(moment)
        result = seeder.result
        result.cases = len(runs)
        cases = MediationCase.objects.filter(committee__agency__region__code__startswith=county.code[:6])
        for status in cases.values_list("status", flat=True):
            result.by_status[status] = result.by_status.get(status, 0) + 1
        for outcome in cases.values_list("outcome", flat=True):
            result.by_outcome[outcome] = result.by_outcome.get(outcome, 0) + 1
    say(
        f"人民调解：调委会 {result.committees} 个、调解员 {result.mediators} 名、案件 {result.cases} 件"
        f"（{first} 至 {last}）"
    )
    return result
