"""The demo data plan: pure functions from a seed to the rows seed_demo writes.

Nothing here touches the database. `build_plan(seed)` returns the whole network (regions,
service points, agencies, staff, postings, village advisors, duty shifts, demo work orders) and
`iter_citizens(seed, …)` yields the citizens one by one (100,000 of them fit in a stream, not a
list). The same seed gives the same plan, byte for byte; each part draws from its own random
stream (`random.Random(f"{seed}/part")`), so changing the number of citizens does not change the
network and vice versa.

Layout rules (rules.md §3.8 and the statistical code shape):
- one county holds up to 300 villages (12 townships × 25 villages at scale; the default county of
  150 villages has 12 townships of about 12); more villages → more counties in the same city,
  at most 99 counties, at most 999 townships per county and 999 villages per township;
- township codes use the statistical convention where it fits: 街道 001–099, 镇 100–199,
  乡 200–399; village codes: 社区 001–199, 村 200–399;
- every village has a room, every township a station, every county a centre;
- about 10 % of the villages have no advisor (their room has nobody on duty, so questions
  fall back to the township station); every other village has exactly one advisor, and no
  advisor serves more than 5 villages.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from gongfa.accounts.choices import Role
from gongfa.core.crypto import blind_index
from gongfa.core.validators import id_check_char
from gongfa.demo import data
from gongfa.network.choices import AgencyKind, PointTier, RegionLevel, ServiceKind

DEFAULT_SEED = 20261124
DEFAULT_VILLAGES = 150
DEFAULT_CITIZENS = 300
DEFAULT_WORK_ORDERS = 10
DEMO_PASSWORD = "gongfa-demo-2026"  # noqa: S105 - the published demo password
DEMO_CITIZEN_PHONES = ("13800000001", "13800000002")
ADVISOR_MAX_VILLAGES = 5  # rules.md §3.8 default (network.region_settings advisor.max_villages)
UNSTAFFED_SHARE = 0.10
SHIFT_DAYS = 14

VILLAGES_PER_COUNTY = 300
MAX_COUNTIES = 99
MAX_TOWNSHIPS_PER_COUNTY = 999
MAX_VILLAGES_PER_TOWNSHIP = 999
MIN_TOWNSHIPS_PER_COUNTY = 12
TARGET_VILLAGES_PER_TOWNSHIP = 25


class Credential(StrEnum):
    """How a planned person signs in."""

    NAMED = "named"  # a named demo account: set_password(DEMO_PASSWORD)
    SHARED = "shared"  # other staff: one pre-computed hash of DEMO_PASSWORD, reused
    SMS_CODE = "sms_code"  # citizens: an unusable password, they sign in with an SMS code


# Usernames: the first person of each role in the first county gets the memorable demo name.
ROLE_SLUG: dict[str, str] = {
    Role.ADMINISTRATOR: "admin",
    Role.SUPERVISOR: "supervisor",
    Role.HOTLINE_AGENT: "hotline",
    Role.WINDOW_STAFF: "window",
    Role.VILLAGE_ADVISOR: "advisor",
    Role.LEGAL_AID_REVIEWER: "reviewer",
    Role.LAWYER: "lawyer",
    Role.MEDIATOR: "mediator",
    Role.NOTARY_CLERK: "clerk",
    Role.NOTARY: "notary",
    Role.APPRAISER: "appraiser",
    Role.ARBITRATION_STAFF: "arbitration",
}
# The city bureau's supervisor (市局督办): accepts or returns the counties' monthly reports and
# issues the city's bulletin. A named demo account like those above.
CITY_SUPERVISOR = "city"

PointRef = tuple[str, str]  # (region code, tier)
AgencyRef = str  # "region code:name"

CENTRE_SERVICES = tuple(ServiceKind.values)
STATION_SERVICES = (
    ServiceKind.CONSULTATION.value,
    ServiceKind.LEGAL_AID.value,
    ServiceKind.MEDIATION.value,
    ServiceKind.PUBLICITY.value,
    ServiceKind.DOCUMENT_DRAFTING.value,
)
ROOM_SERVICES = (ServiceKind.CONSULTATION.value, ServiceKind.MEDIATION.value, ServiceKind.PUBLICITY.value)


class PlanError(ValueError):
    """The requested size cannot be laid out within the code space."""


@dataclass(frozen=True)
class RegionPlan:
    code: str
    name: str
    level: int
    parent_code: str | None
    # The region's centre (filled in by place_directory): "near me" starts from a village's.
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    # About one village in seven is a 脱贫村 (a village attribute the adviser coverage counts apart),
    # chosen from the code so that the random stream of everything else stays as it was.
    is_poverty_village: bool = False


@dataclass(frozen=True)
class PointPlan:
    region_code: str
    tier: str
    name: str
    address: str
    phone: str
    opening_hours: str
    services: tuple[str, ...]
    # The directory's details (法律服务名录), filled in by place_directory.
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    languages: tuple[str, ...] = ()
    accessibility: str = ""
    description: str = ""

    @property
    def ref(self) -> PointRef:
        return (self.region_code, self.tier)


@dataclass(frozen=True)
class AgencyPlan:
    name: str
    kind: str
    region_code: str
    point: PointRef | None
    industry: str
    address: str
    phone: str
    licence_number: str
    # The directory's details (法律服务名录), filled in by place_directory.
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    opening_hours: str = ""
    services: tuple[str, ...] = ()
    website: str = ""
    languages: tuple[str, ...] = ()
    accessibility: str = ""
    description: str = ""
    is_listed: bool = True

    @property
    def ref(self) -> AgencyRef:
        return agency_ref(self.region_code, self.name)


@dataclass(frozen=True)
class PersonPlan:
    username: str
    real_name: str
    role: str
    phone: str
    id_number: str
    sex: str
    birth: datetime.date
    credential: Credential = Credential.SHARED
    elder_mode: bool = False
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class PostingPlan:
    username: str
    role: str
    point: PointRef | None
    agency: AgencyRef | None
    topics: tuple[str, ...]
    started_on: datetime.date
    listed_publicly: bool = False  # agreed to be named in the public directory


@dataclass(frozen=True)
class AdvisorPlan:
    username: str
    village_code: str
    started_on: datetime.date


@dataclass(frozen=True)
class ShiftPlan:
    point: PointRef
    username: str
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    note: str


@dataclass(frozen=True)
class QuestionPlan:
    phone: str  # the requester, a citizen (citizens are found by phone, the way they sign in)
    village_code: str
    text: str
    answer: str
    rating: int | None
    rating_comment: str = ""


@dataclass
class CountyPlan:
    code: str
    name: str
    township_codes: list[str] = field(default_factory=list)
    village_codes: list[str] = field(default_factory=list)
    unstaffed_village_codes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    villages: int
    citizens: int
    start: datetime.date
    regions: list[RegionPlan] = field(default_factory=list)
    points: list[PointPlan] = field(default_factory=list)
    agencies: list[AgencyPlan] = field(default_factory=list)
    staff: list[PersonPlan] = field(default_factory=list)
    postings: list[PostingPlan] = field(default_factory=list)
    advisors: list[AdvisorPlan] = field(default_factory=list)
    shifts: list[ShiftPlan] = field(default_factory=list)
    demo_citizens: list[PersonPlan] = field(default_factory=list)
    questions: list[QuestionPlan] = field(default_factory=list)
    counties: list[CountyPlan] = field(default_factory=list)

    @property
    def generated_citizens(self) -> int:
        return max(0, self.citizens - len(self.demo_citizens))

    @property
    def unstaffed_village_codes(self) -> list[str]:
        return [code for county in self.counties for code in county.unstaffed_village_codes]

    def fingerprint(self) -> tuple[object, ...]:
        """Everything that identifies the plan (for determinism tests)."""
        return (
            tuple(self.regions),
            tuple(self.points),
            tuple(self.agencies),
            tuple(self.staff),
            tuple(self.postings),
            tuple(self.advisors),
            tuple(self.shifts),
            tuple(self.demo_citizens),
            tuple(self.questions),
        )


def agency_ref(region_code: str, name: str) -> AgencyRef:
    return f"{region_code}:{name}"


# ---------------------------------------------------------------------------------------------
# Layout: how many counties, townships and villages.
# ---------------------------------------------------------------------------------------------
def county_sizes(villages: int) -> list[int]:
    """Villages per county: 300 each (the last one takes the rest), at most 99 counties."""
    if villages < 1:
        raise PlanError("至少需要 1 个村(社区)。")
    per_county = VILLAGES_PER_COUNTY
    if math.ceil(villages / per_county) > MAX_COUNTIES:
        per_county = math.ceil(villages / MAX_COUNTIES)
    if per_county > MAX_TOWNSHIPS_PER_COUNTY * MAX_VILLAGES_PER_TOWNSHIP:
        raise PlanError(f"{villages} 个村(社区)超出了一个市的区划代码容量。")
    counties = math.ceil(villages / per_county)
    return [per_county] * (counties - 1) + [villages - per_county * (counties - 1)]


def township_count(villages: int) -> int:
    """Townships for a county of `villages`: at least 12 (or one per village), ~25 villages each."""
    count = max(min(MIN_TOWNSHIPS_PER_COUNTY, villages), math.ceil(villages / TARGET_VILLAGES_PER_TOWNSHIP))
    count = max(min(count, MAX_TOWNSHIPS_PER_COUNTY), math.ceil(villages / MAX_VILLAGES_PER_TOWNSHIP))
    if count > MAX_TOWNSHIPS_PER_COUNTY:
        raise PlanError(f"一个县容纳不下 {villages} 个村(社区)。")
    return count


def split_evenly(rng: random.Random, total: int, parts: int, *, cap: int, spread: float = 0.4) -> list[int]:
    """Split `total` into `parts` positive integers ≤ cap that vary by about ±spread around the mean."""
    if not parts <= total <= parts * cap:
        raise PlanError(f"不能把 {total} 分成 {parts} 份（每份 1–{cap}）。")
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    spare = total - parts
    raw = [spare * w / sum(weights) for w in weights]
    sizes = [1 + int(r) for r in raw]
    order = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    # Move any excess over the cap to the parts with room (only at extreme sizes).
    excess = sum(max(0, s - cap) for s in sizes)
    sizes = [min(s, cap) for s in sizes]
    i = 0
    while excess:
        room = cap - sizes[i]
        take = min(room, excess)
        sizes[i] += take
        excess -= take
        i += 1
    return sizes


def township_codes(county_prefix: str, kinds: list[str]) -> list[str]:
    """Codes for townships of the given kinds (街道/镇/乡), in the statistical ranges when they fit."""
    streets, towns, xiang = (kinds.count(k) for k in ("街道", "镇", "乡"))
    if streets <= 99 and towns <= 100 and xiang <= 200:
        counters = {"街道": 1, "镇": 100, "乡": 200}
    else:
        counters = {"街道": 1, "镇": 1 + streets, "乡": 1 + streets + towns}
    codes = []
    for kind in kinds:
        codes.append(f"{county_prefix}{counters[kind]:03d}000")
        counters[kind] += 1
    return codes


def village_codes(township_prefix: str, communities: int, villages: int) -> list[str]:
    """Codes for a township's communities (社区) then villages (村)."""
    if communities <= 199 and villages <= 200:
        numbers = [*range(1, communities + 1), *range(200, 200 + villages)]
    else:
        numbers = list(range(1, communities + villages + 1))
    return [f"{township_prefix}{n:03d}" for n in numbers]


class _NamePool:
    """Unique two-syllable names drawn in a shuffled order; three syllables once exhausted."""

    def __init__(self, rng: random.Random, first: str, second: str, *, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.first = first
        self.second = second
        self.names = [a + b for a in first for b in second if a != b]
        rng.shuffle(self.names)
        self.taken = taken if taken is not None else set()

    def take(self) -> str:
        while self.names:
            name = self.names.pop()
            if name not in self.taken:
                self.taken.add(name)
                return name
        while True:
            name = self.rng.choice(self.first) + self.rng.choice(self.first) + self.rng.choice(self.second)
            if name not in self.taken:
                self.taken.add(name)
                return name


# ---------------------------------------------------------------------------------------------
# People: names, phones and GB 11643 ID numbers.
# ---------------------------------------------------------------------------------------------
_SURNAMES = [s for s, _ in data.SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in data.SURNAMES]


def _generation(birth_year: int) -> str:
    if birth_year < 1966:
        return "old"
    if birth_year < 1988:
        return "mid"
    return "young"


def chinese_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A surname by frequency and a 1–2 character given name in the fashion of the birth year."""
    surname = rng.choices(_SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    chars = data.GIVEN_CHARS[(_generation(birth_year), sex)]
    if rng.random() < 0.22:
        return surname + rng.choice(chars)
    return surname + rng.choice(chars) + rng.choice(chars)


def make_id_number(address_code: str, birth: datetime.date, sequence: int) -> str:
    """An 18-character resident ID number (GB 11643): address, birth date, sequence, check char."""
    first17 = f"{address_code[:6]}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


class _People:
    """Draws people with unique phones and ID numbers from one random stream."""

    def __init__(self, rng: random.Random, used_phones: set[str], used_ids: set[str]) -> None:
        self.rng = rng
        self.used_phones = used_phones
        self.used_ids = used_ids

    def phone(self) -> str:
        while True:
            number = self.rng.choice(data.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number.startswith("1380000") or number in self.used_phones:
                continue
            self.used_phones.add(number)
            return number

    def birth(self, low: int, high: int, mode: int) -> datetime.date:
        year = round(self.rng.triangular(low, high, mode))
        year = min(max(year, low), high)
        day_of_year = self.rng.randrange(366 if year % 4 == 0 else 365)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year)

    def id_number(self, address_code: str, birth: datetime.date, sex: str) -> str:
        while True:
            # The sequence's last digit is odd for men and even for women.
            sequence = self.rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            number = make_id_number(address_code, birth, sequence)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def person(
        self,
        *,
        username: str,
        role: str,
        address_code: str,
        years: tuple[int, int, int],
        credential: Credential,
        start: datetime.date,
        phone: str | None = None,
        is_staff: bool = False,
        is_superuser: bool = False,
    ) -> PersonPlan:
        sex = self.rng.choice("MF")
        birth = self.birth(*years)
        age = start.year - birth.year
        return PersonPlan(
            username=username,
            real_name=chinese_name(self.rng, sex, birth.year),
            role=Role(role).value,
            phone=phone or self.phone(),
            id_number=self.id_number(address_code, birth, sex),
            sex=sex,
            birth=birth,
            credential=credential,
            elder_mode=age >= 70 and self.rng.random() < 0.5,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )


STAFF_YEARS = (1966, 1999, 1985)
CITIZEN_YEARS = (1940, 2005, 1980)


# ---------------------------------------------------------------------------------------------
# The network plan.
# ---------------------------------------------------------------------------------------------
def is_workday(day: datetime.date) -> bool:
    """Official working day (chinesecalendar, make-up days included); weekends only past its data."""
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def _date_between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    return low + datetime.timedelta(days=rng.randrange((high - low).days + 1))


class _Builder:
    def __init__(self, seed: int, villages: int, citizens: int, start: datetime.date, work_orders: int) -> None:
        self.plan = Plan(seed=seed, villages=villages, citizens=citizens, start=start)
        self.work_orders = work_orders
        self.rng = random.Random(f"{seed}/network")
        self.people = _People(random.Random(f"{seed}/staff"), set(DEMO_CITIZEN_PHONES), set())
        self.counters: dict[tuple[int, str], int] = {}
        self.demo_usernames: set[str] = set()
        self.county_names: set[str] = {data.FIRST_COUNTY_NAME}

    # -- people --------------------------------------------------------------------------------
    def username(self, county_index: int, role: str, slug: str | None = None) -> str:
        slug = slug or ROLE_SLUG[role]
        key = (county_index, slug)
        self.counters[key] = self.counters.get(key, 0) + 1
        number = self.counters[key]
        demo = ROLE_SLUG.get(role)
        if county_index == 1 and number == 1 and slug == demo and demo not in self.demo_usernames:
            self.demo_usernames.add(demo)
            return demo
        return f"{slug}{county_index:02d}-{number:03d}"

    def staff(
        self,
        county: CountyPlan,
        county_index: int,
        role: str,
        *,
        slug: str | None = None,
        is_staff: bool = False,
        is_superuser: bool = False,
    ) -> PersonPlan:
        username = self.username(county_index, role, slug)
        person = self.people.person(
            username=username,
            role=role,
            address_code=county.code,
            years=STAFF_YEARS,
            credential=Credential.NAMED if username in ROLE_SLUG.values() else Credential.SHARED,
            start=self.plan.start,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        self.plan.staff.append(person)
        return person

    def post(
        self,
        person: PersonPlan,
        *,
        point: PointRef | None = None,
        agency: AgencyRef | None = None,
        topics: int = 0,
    ) -> PostingPlan:
        posting = PostingPlan(
            username=person.username,
            role=person.role,
            point=point,
            agency=agency,
            topics=tuple(sorted(self.rng.sample(list(data.TOPICS), topics))) if topics else (),
            started_on=_date_between(self.rng, datetime.date(2018, 1, 1), datetime.date(2025, 12, 31)),
        )
        self.plan.postings.append(posting)
        return posting

    # -- places --------------------------------------------------------------------------------
    def region(self, code: str, name: str, level: RegionLevel, parent: str | None, *, poor: bool = False) -> RegionPlan:
        region = RegionPlan(code=code, name=name, level=int(level), parent_code=parent, is_poverty_village=poor)
        self.plan.regions.append(region)
        return region

    def address(self, place: str) -> str:
        return f"{place}{self.rng.choice(data.ROADS)}{self.rng.randrange(1, 300)}号"

    def landline(self) -> str:
        return f"{data.AREA_CODE}-{self.rng.randrange(81000000, 89999999)}"

    def point(
        self,
        region: RegionPlan,
        tier: PointTier,
        name: str,
        address: str,
        phone: str,
        hours: str,
        services: tuple[str, ...],
    ) -> PointPlan:
        point = PointPlan(
            region_code=region.code,
            tier=tier.value,
            name=name,
            address=address,
            phone=phone,
            opening_hours=hours,
            services=tuple(services),
        )
        self.plan.points.append(point)
        return point

    def agency(
        self,
        name: str,
        kind: AgencyKind,
        region: RegionPlan,
        *,
        point: PointPlan | None = None,
        industry: str = "",
        address: str = "",
        licence: bool = False,
    ) -> AgencyPlan:
        agency = AgencyPlan(
            name=name,
            kind=kind.value,
            region_code=region.code,
            point=point.ref if point else None,
            industry=industry,
            address=address or (point.address if point else self.address(region.name)),
            phone=self.landline(),
            licence_number=f"3{region.code[:6]}{self.rng.randrange(10**10):010d}" if licence else "",
        )
        self.plan.agencies.append(agency)
        return agency

    # -- the whole plan ------------------------------------------------------------------------
    def build(self) -> Plan:
        province = self.region(data.PROVINCE[0], data.PROVINCE[1], RegionLevel.PROVINCE, None)
        city = self.region(data.CITY[0], data.CITY[1], RegionLevel.CITY, province.code)
        county_pool = _NamePool(self.rng, data.RURAL_FIRST, data.RURAL_SECOND, taken={data.FIRST_COUNTY_NAME[:2]})
        for index, size in enumerate(county_sizes(self.plan.villages), start=1):
            code = f"{city.code[:4]}{index:02d}000000"
            suffix = "区" if index % 5 == 0 else "县"
            name = data.FIRST_COUNTY_NAME if index == 1 else county_pool.take() + suffix
            self.build_county(index, code, name, size, city)
        self.build_demo_citizens()
        self.build_questions()
        self.build_city_bureau(city)
        place_directory(self.plan)
        return self.plan

    def build_county(self, index: int, code: str, name: str, size: int, city: RegionPlan) -> None:
        rng = self.rng
        county_region = self.region(code, name, RegionLevel.COUNTY, city.code)
        county = CountyPlan(code=code, name=name)
        self.plan.counties.append(county)
        prefix = code[:6]

        # Townships: a quarter 街道, a quarter 乡, the rest 镇.
        t_count = township_count(size)
        streets = t_count // 4 if t_count >= 4 else 0
        xiang = t_count // 4
        kinds = ["街道"] * streets + ["镇"] * (t_count - streets - xiang) + ["乡"] * xiang
        sizes = split_evenly(rng, size, t_count, cap=MAX_VILLAGES_PER_TOWNSHIP)
        rural = _NamePool(rng, data.RURAL_FIRST, data.RURAL_SECOND)
        urban = _NamePool(rng, data.URBAN_FIRST, data.URBAN_SECOND)
        township_names = _NamePool(rng, data.RURAL_FIRST, data.RURAL_SECOND)
        townships: list[RegionPlan] = []
        villages_by_township: dict[str, list[RegionPlan]] = {}
        for kind, t_code, t_size in zip(kinds, township_codes(prefix, kinds), sizes, strict=True):
            base = ("城" + "东西南北中"[len(townships) % 5]) if kind == "街道" and len(townships) < 5 else None
            t_name = (base or township_names.take()) + kind
            township = self.region(t_code, t_name, RegionLevel.TOWNSHIP, code)
            townships.append(township)
            county.township_codes.append(t_code)
            if kind == "街道":
                communities = t_size - (rng.randrange(0, max(1, t_size // 5) + 1) if t_size > 3 else 0)
            elif kind == "镇":
                communities = min(t_size - 1, rng.choice((1, 1, 2, 3))) if t_size > 2 else 0
            else:
                communities = 0
            vs: list[RegionPlan] = []
            for i, v_code in enumerate(village_codes(t_code[:9], communities, t_size - communities)):
                v_name = urban.take() + "社区" if i < communities else rural.take() + "村"
                poor = i >= communities and int(v_code[-3:]) % 7 == 3
                vs.append(self.region(v_code, v_name, RegionLevel.VILLAGE, t_code, poor=poor))
            villages_by_township[t_code] = vs
            county.village_codes.extend(v.code for v in vs)

        # Service points.
        centre = self.point(
            county_region,
            PointTier.CENTRE,
            f"{name}公共法律服务中心",
            self.address(name),
            "12348",
            "周一至周日 8:30-17:30（12348热线全天）",
            CENTRE_SERVICES,
        )
        stations: dict[str, PointPlan] = {}
        for township in townships:
            stations[township.code] = self.point(
                township,
                PointTier.STATION,
                f"{township.name}公共法律服务工作站",
                self.address(township.name),
                self.landline(),
                "周一至周五 9:00-17:00",
                STATION_SERVICES,
            )
            for village in villages_by_township[township.code]:
                office = "社区服务中心" if village.name.endswith("社区") else "村委会"
                self.point(
                    village,
                    PointTier.ROOM,
                    f"{village.name}公共法律服务工作室",
                    f"{township.name}{village.name}{office}",
                    "",
                    "每周二、周五 9:00-11:30（法律顾问坐班）",
                    ROOM_SERVICES,
                )

        # Agencies.
        bureau = self.agency(f"{name}司法局", AgencyKind.JUSTICE_BUREAU, county_region)
        legal_aid = self.agency(f"{name}法律援助中心", AgencyKind.LEGAL_AID_CENTRE, county_region, point=centre)
        committee = self.agency(f"{name}人民调解委员会", AgencyKind.MEDIATION_COMMITTEE, county_region, point=centre)
        township_committees = {
            t.code: self.agency(f"{t.name}人民调解委员会", AgencyKind.MEDIATION_COMMITTEE, t, point=stations[t.code])
            for t in townships
        }
        industry = [
            self.agency(
                f"{name}{suffix}",
                AgencyKind.INDUSTRY_MEDIATION_COMMITTEE,
                county_region,
                point=centre,
                industry=field_name,
            )
            for field_name, suffix in data.INDUSTRY_COMMITTEES
        ]
        notary = self.agency(
            f"{city.name}{name}公证处", AgencyKind.NOTARY_OFFICE, county_region, point=centre, licence=True
        )
        appraisal = self.agency(
            f"{city.name}{rng.choice(data.APPRAISAL_BRANDS)}司法鉴定所",
            AgencyKind.APPRAISAL_INSTITUTION,
            county_region,
            licence=True,
        )
        brands = rng.sample(data.LAW_FIRM_BRANDS, 2)
        firms = [
            self.agency(
                f"{data.PROVINCE[1][:2]}{brand}律师事务所{'' if index == 1 else f'（{name}）'}",
                AgencyKind.LAW_FIRM,
                county_region,
                licence=True,
            )
            for brand in brands
        ]
        first_township = townships[0]
        grassroots = self.agency(
            f"{name}{first_township.name[:-2] if first_township.name.endswith('街道') else first_township.name}"
            "法律服务所",
            AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE,
            first_township,
            point=stations[first_township.code],
            licence=True,
        )
        # Gathered into the centre (seed plans): the labour and personnel dispute arbitration
        # committee (《劳动争议调解仲裁法》第17条).
        arbitration = self.agency(
            f"{name}劳动人事争议仲裁委员会", AgencyKind.ARBITRATION_COMMISSION, county_region, point=centre
        )

        # Staff.
        staff = self.staff
        admin = staff(county, index, Role.ADMINISTRATOR, is_staff=True, is_superuser=index == 1)
        self.post(admin, agency=bureau.ref)
        supervisor = staff(county, index, Role.SUPERVISOR)
        self.post(supervisor, agency=bureau.ref)
        hotline = [staff(county, index, Role.HOTLINE_AGENT) for _ in range(6)]
        for person in hotline:
            self.post(person, point=centre.ref, topics=2)
        centre_windows = [staff(county, index, Role.WINDOW_STAFF) for _ in range(3)]
        for person in centre_windows:
            self.post(person, point=centre.ref, topics=2)
        staffed_stations = sorted(rng.sample(sorted(stations), k=max(1, round(len(stations) * 2 / 3))))
        station_windows: dict[str, list[PersonPlan]] = {t: [] for t in stations}
        for t_code in staffed_stations:
            person = staff(county, index, Role.WINDOW_STAFF)
            self.post(person, point=stations[t_code].ref, topics=1)
            station_windows[t_code].append(person)
        for _ in range(3):
            self.post(staff(county, index, Role.LEGAL_AID_REVIEWER), agency=legal_aid.ref)
        for _ in range(3):
            self.post(staff(county, index, Role.MEDIATOR), agency=committee.ref, topics=2)
        township_mediators: dict[str, list[PersonPlan]] = {}
        for t_code, t_committee in township_committees.items():
            township_mediators[t_code] = [staff(county, index, Role.MEDIATOR) for _ in range(2)]
            for person in township_mediators[t_code]:
                self.post(person, agency=t_committee.ref, topics=2)
        for ind in industry:
            for _ in range(2):
                self.post(staff(county, index, Role.MEDIATOR), agency=ind.ref, topics=1)
        for _ in range(3):
            self.post(staff(county, index, Role.NOTARY), agency=notary.ref)
        for _ in range(2):
            self.post(staff(county, index, Role.NOTARY_CLERK), agency=notary.ref)
        self.post(staff(county, index, Role.NOTARY_CLERK, slug="appraisal"), agency=appraisal.ref)
        for _ in range(2):
            self.post(staff(county, index, Role.APPRAISER), agency=appraisal.ref)
        self.post(staff(county, index, Role.ARBITRATION_STAFF), agency=arbitration.ref)
        lawyers = []
        for firm in firms:
            for _ in range(6):
                person = staff(county, index, Role.LAWYER)
                self.post(person, agency=firm.ref, topics=3)
                lawyers.append(person)
        workers = []
        for _ in range(4):
            person = staff(county, index, Role.LAWYER, slug="worker")
            self.post(person, agency=grassroots.ref, topics=2)
            workers.append(person)

        # Village advisors: ~10 % of villages stay without one (the router falls back to the
        # station); the rest get exactly one, in runs of neighbouring villages, ≤ 5 per advisor.
        all_villages = [v for t in townships for v in villages_by_township[t.code]]
        demo_first = index == 1
        first_five = [v.code for v in villages_by_township[townships[0].code][:ADVISOR_MAX_VILLAGES]]
        candidates = [v.code for v in all_villages if not (demo_first and v.code in first_five)]
        unstaffed = set(rng.sample(candidates, k=min(len(candidates), round(size * UNSTAFFED_SHARE))))
        county.unstaffed_village_codes = sorted(unstaffed)
        staffed = [v.code for v in all_villages if v.code not in unstaffed]
        queue: list[tuple[PersonPlan, int]] = []
        if demo_first:
            demo_advisor = staff(county, index, Role.VILLAGE_ADVISOR)
            self.post(demo_advisor, agency=grassroots.ref, topics=3)
            queue.append((demo_advisor, ADVISOR_MAX_VILLAGES))
        queue += [(p, rng.randint(1, 3)) for p in lawyers]
        queue += [(p, rng.randint(3, 5)) for p in workers]
        position = 0
        for advisor, want in queue:
            if position >= len(staffed):
                break
            position = self.assign(advisor, staffed, position, want)
        while position < len(staffed):
            advisor = staff(county, index, Role.VILLAGE_ADVISOR)
            self.post(advisor, agency=grassroots.ref if rng.random() < 0.6 else rng.choice(firms).ref, topics=2)
            position = self.assign(advisor, staffed, position, rng.randint(4, ADVISOR_MAX_VILLAGES))

        # Duty rosters for the next two weeks: the centre every day, stations on working days.
        self.build_shifts(centre, hotline, centre_windows, stations, station_windows, township_mediators)

    def assign(self, person: PersonPlan, villages: list[str], position: int, want: int) -> int:
        take = villages[position : position + min(want, ADVISOR_MAX_VILLAGES)]
        for code in take:
            self.plan.advisors.append(
                AdvisorPlan(
                    username=person.username,
                    village_code=code,
                    started_on=_date_between(self.rng, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
                )
            )
        return position + len(take)

    def build_shifts(
        self,
        centre: PointPlan,
        hotline: list[PersonPlan],
        windows: list[PersonPlan],
        stations: dict[str, PointPlan],
        station_windows: dict[str, list[PersonPlan]],
        township_mediators: dict[str, list[PersonPlan]],
    ) -> None:
        t = datetime.time
        shifts = self.plan.shifts
        for offset in range(SHIFT_DAYS):
            day = self.plan.start + datetime.timedelta(days=offset)
            workday = is_workday(day)
            # 12348 hotline: two agents on each of two shifts, every day.
            for slot, (begin, end) in enumerate(((t(8, 0), t(14, 0)), (t(14, 0), t(20, 0)))):
                for k in range(2):
                    agent = hotline[(offset * 4 + slot * 2 + k) % len(hotline)]
                    shifts.append(ShiftPlan(centre.ref, agent.username, day, begin, end, "12348热线坐席"))
            if workday:
                for k in range(2):
                    clerk = windows[(offset * 2 + k) % len(windows)]
                    shifts.append(ShiftPlan(centre.ref, clerk.username, day, t(8, 30), t(17, 30), "窗口值班"))
            else:
                clerk = windows[offset % len(windows)]
                shifts.append(ShiftPlan(centre.ref, clerk.username, day, t(9, 0), t(12, 0), "周末窗口值班"))
            if workday:
                for t_code, station in stations.items():
                    pool = station_windows[t_code] + township_mediators[t_code]
                    person = pool[offset % len(pool)]
                    note = "窗口值班" if person.role == Role.WINDOW_STAFF else "调解员值班"
                    shifts.append(ShiftPlan(station.ref, person.username, day, t(9, 0), t(17, 0), note))

    # -- the city bureau -------------------------------------------------------------------------
    def build_city_bureau(self, city: RegionPlan) -> None:
        """The city's justice bureau and its supervisor (`city`), the level above the counties.
        Planned last, so that nothing planned before it changes."""
        bureau = self.agency(f"{city.name}司法局", AgencyKind.JUSTICE_BUREAU, city)
        person = self.people.person(
            username=CITY_SUPERVISOR,
            role=Role.SUPERVISOR,
            address_code=self.plan.counties[0].code,
            years=STAFF_YEARS,
            credential=Credential.NAMED,
            start=self.plan.start,
        )
        self.plan.staff.append(person)
        self.post(person, agency=bureau.ref)

    # -- citizens and questions ------------------------------------------------------------------
    def build_demo_citizens(self) -> None:
        first = self.plan.counties[0]
        for phone in DEMO_CITIZEN_PHONES:
            self.plan.demo_citizens.append(
                self.people.person(
                    username=citizen_username(phone),
                    role=Role.CITIZEN,
                    address_code=first.code,
                    years=(1950, 1995, 1975),
                    credential=Credential.SMS_CODE,
                    start=self.plan.start,
                    phone=phone,
                )
            )

    def build_questions(self) -> None:
        """Demo work orders: the first demo citizen lives in a village the `advisor` serves (one
        answered question to rate, one open), the second in a village whose room is unstaffed
        (the question falls back to the township station); a few more from other citizens."""
        if self.work_orders <= 0:
            return
        rng = random.Random(f"{self.plan.seed}/questions")
        county = self.plan.counties[0]
        advisor_villages = [a.village_code for a in self.plan.advisors if a.username == ROLE_SLUG[Role.VILLAGE_ADVISOR]]
        home_1 = advisor_villages[0]
        home_2 = county.unstaffed_village_codes[0] if county.unstaffed_village_codes else county.village_codes[-1]
        questions = list(data.QUESTIONS)
        demo_1, demo_2 = (p.phone for p in self.plan.demo_citizens)
        planned = [
            QuestionPlan(demo_1, home_1, questions[0][1], questions[0][2], None),
            QuestionPlan(demo_1, home_1, questions[5][1], "", None),
            QuestionPlan(demo_2, home_2, questions[4][1], "", None),
        ]
        others = min(self.work_orders - len(planned), self.plan.generated_citizens)
        if others > 0:
            askers = [p.phone for p in iter_citizens(self.plan.seed, others, self.plan)]
            order = [q for i, q in enumerate(questions) if i not in (0, 4, 5)] + [questions[0], questions[4]]
            for n, phone in enumerate(askers):
                _, text, answer = order[n % len(order)]
                village = rng.choice(self.plan.counties[0].village_codes)
                answered = n % 2 == 0
                rating = 5 if n == 0 else None
                planned.append(
                    QuestionPlan(
                        phone,
                        village,
                        text,
                        answer if answered else "",
                        rating,
                        data.DEMO_RATING_COMMENT if rating else "",
                    )
                )
        self.plan.questions = planned[: self.work_orders]
        # The demo window clerk also covers the station that the second demo citizen's question
        # falls back to, so logging in as `window` shows the fallback in the queue.
        window = next(p for p in self.plan.staff if p.username == ROLE_SLUG[Role.WINDOW_STAFF])
        self.post(window, point=(home_2[:9].ljust(12, "0"), PointTier.STATION.value), topics=1)


# ---------------------------------------------------------------------------------------------
# The directory (法律服务名录): coordinates and what each place tells the public.
# ---------------------------------------------------------------------------------------------
KM_PER_DEGREE = 6371.0088 * math.pi / 180
COUNTIES_PER_ROW = 10
LISTED_ROLES = frozenset({Role.NOTARY, Role.APPRAISER, Role.ARBITRATION_STAFF, Role.MEDIATOR})


def offset(lat: float, lng: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away from (lat, lng) on `bearing` (radians from north), flat-earth (a few km)."""
    d_lat = km * math.cos(bearing) / KM_PER_DEGREE
    d_lng = km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat + d_lat, lng + d_lng


def _degrees(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _region_centres(plan: Plan, rng: random.Random) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """Centres of the city, counties, townships and villages, and the codes of the townships and
    villages where a minority language (畲语) is spoken.

    County seats sit on a grid from data.CITY_CENTRE; townships around their county seat (街道
    1–3.5 km, 镇 6–16 km, 乡 14–24 km out, spread round the compass); villages 1–4.5 km from their
    township's centre (社区 closer, 0.3–1.5 km)."""
    by_parent: dict[str | None, list[RegionPlan]] = {}
    for region in plan.regions:
        by_parent.setdefault(region.parent_code, []).append(region)
    centres: dict[str, tuple[float, float]] = {}
    minority: set[str] = set()
    base_lat, base_lng = data.CITY_CENTRE
    counties = [r for r in plan.regions if r.level == RegionLevel.COUNTY]
    for index, county in enumerate(counties):
        row, col = divmod(index, COUNTIES_PER_ROW)
        seat = (
            base_lat + row * data.COUNTY_SPACING[0] + (rng.uniform(-0.04, 0.04) if index else 0.0),
            base_lng + col * data.COUNTY_SPACING[1] + (rng.uniform(-0.04, 0.04) if index else 0.0),
        )
        centres[county.code] = seat
        townships = by_parent.get(county.code, [])
        xiang = [t.code for t in townships if t.name.endswith("乡")]
        minority.update(rng.sample(xiang, k=min(2, len(xiang))))
        start = rng.uniform(0, 2 * math.pi)
        for k, township in enumerate(townships):
            bearing = start + 2 * math.pi * k / len(townships) + rng.uniform(-0.25, 0.25)
            if township.name.endswith("街道"):
                distance = rng.uniform(1.0, 3.5)
            elif township.name.endswith("乡"):
                distance = rng.uniform(14.0, 24.0)
            else:
                distance = rng.uniform(6.0, 16.0)
            centre = offset(*seat, distance, bearing)
            centres[township.code] = centre
            for village in by_parent.get(township.code, []):
                near = village.name.endswith("社区")
                distance = rng.uniform(0.3, 1.5) if near else rng.uniform(1.0, 4.5)
                centres[village.code] = offset(*centre, distance, rng.uniform(0, 2 * math.pi))
                if township.code in minority:
                    minority.add(village.code)
    city = next((r for r in plan.regions if r.level == RegionLevel.CITY), None)
    if city is not None and counties:
        centres[city.code] = centres[counties[0].code]
    return centres, minority


def place_directory(plan: Plan) -> None:
    """Give the plan's regions, points and agencies their coordinates and public details, and
    mark the staff who agreed to be listed, from the plan's own random stream ("{seed}/directory":
    the rest of the plan is drawn before and does not change)."""
    rng = random.Random(f"{plan.seed}/directory")
    centres, minority = _region_centres(plan, rng)

    def at(code: str, low_km: float, high_km: float) -> tuple[float, float]:
        return offset(*centres[code], rng.uniform(low_km, high_km), rng.uniform(0, 2 * math.pi))

    plan.regions = [
        replace(r, latitude=_degrees(centres[r.code][0]), longitude=_degrees(centres[r.code][1]))
        if r.code in centres
        else r
        for r in plan.regions
    ]
    point_positions: dict[PointRef, tuple[float, float]] = {}
    points = []
    for point in plan.points:
        spoken: tuple[str, ...] = ("普通话", data.MINORITY_LANGUAGE) if point.region_code in minority else ("普通话",)
        if point.tier == PointTier.CENTRE:
            position = at(point.region_code, 0.05, 0.3)
            spoken, access, about = ("普通话", "英语"), data.CENTRE_ACCESSIBILITY, data.CENTRE_DESCRIPTION
        elif point.tier == PointTier.STATION:
            position = at(point.region_code, 0.05, 0.3)
            access, about = data.STATION_ACCESSIBILITY, data.STATION_DESCRIPTION
        else:
            position = at(point.region_code, 0.0, 0.1)
            access, about = rng.choice(data.ROOM_ACCESSIBILITY), data.ROOM_DESCRIPTION
        point_positions[point.ref] = position
        points.append(
            replace(
                point,
                latitude=_degrees(position[0]),
                longitude=_degrees(position[1]),
                languages=spoken,
                accessibility=access,
                description=about,
            )
        )
    plan.points = points
    agencies = []
    kinds: dict[AgencyRef, str] = {}
    websites = 0
    for agency in plan.agencies:
        kinds[agency.ref] = agency.kind
        if agency.point is not None:
            # In the point's building: a few metres apart, so each marker can be picked on the map.
            lat, lng = point_positions[agency.point]
            position = offset(lat, lng, rng.uniform(0.01, 0.03), rng.uniform(0, 2 * math.pi))
        else:
            position = at(agency.region_code, 0.4, 2.5)
        website = ""
        if agency.kind in (AgencyKind.NOTARY_OFFICE, AgencyKind.LAW_FIRM):
            websites += 1
            website = (
                f"https://{'notary' if agency.kind == AgencyKind.NOTARY_OFFICE else 'lawfirm'}{websites}.example.org/"
            )
        spoken = (
            ("普通话", "英语")
            if agency.kind in (AgencyKind.NOTARY_OFFICE, AgencyKind.LEGAL_AID_CENTRE)
            else ("普通话",)
        )
        if agency.region_code in minority:
            spoken = (*spoken, data.MINORITY_LANGUAGE)
        agencies.append(
            replace(
                agency,
                latitude=_degrees(position[0]),
                longitude=_degrees(position[1]),
                opening_hours=data.AGENCY_HOURS.get(agency.kind, ""),
                services=data.AGENCY_SERVICES.get(agency.kind, ()),
                website=website,
                languages=spoken,
                accessibility=data.AGENCY_ACCESSIBILITY.get(agency.kind, "")
                or (data.CENTRE_ACCESSIBILITY if agency.point and agency.point[1] == PointTier.CENTRE else ""),
                description=data.AGENCY_DESCRIPTIONS.get(agency.kind, ""),
                # The justice bureau is the administration, not a place to go for a service.
                is_listed=agency.kind != AgencyKind.JUSTICE_BUREAU,
            )
        )
    plan.agencies = agencies
    # Staff who agreed to be named: notaries, appraisers, arbitration staff, mediators, and about
    # half the lawyers of the firms; never the windows, the hotline or the reviewers.
    plan.postings = [
        replace(
            posting,
            listed_publicly=posting.agency is not None
            and (
                posting.role in LISTED_ROLES
                or (
                    posting.role == Role.LAWYER
                    and kinds.get(posting.agency) == AgencyKind.LAW_FIRM
                    and rng.random() < 0.5
                )
            ),
        )
        for posting in plan.postings
    ]


def citizen_username(phone: str) -> str:
    """Opaque but stable for the phone (so reloading finds the same account): letters from the
    phone's blind index, never its digits."""
    digest = blind_index(phone, "phone")
    return "c" + "".join(chr(ord("a") + int(ch, 16)) for ch in digest[:12])


def build_plan(
    seed: int = DEFAULT_SEED,
    *,
    villages: int = DEFAULT_VILLAGES,
    citizens: int = DEFAULT_CITIZENS,
    work_orders: int = DEFAULT_WORK_ORDERS,
    start: datetime.date | None = None,
) -> Plan:
    """The whole network for a seed. `citizens` counts every citizen account, the two demo
    citizens included (so `--citizens 2000` gives exactly 2,000 citizens)."""
    if citizens < len(DEMO_CITIZEN_PHONES):
        raise PlanError(f"群众账号数不能少于 {len(DEMO_CITIZEN_PHONES)}（两个演示群众账号）。")
    return _Builder(seed, villages, citizens, start or datetime.date.today(), work_orders).build()


def iter_citizens(seed: int, count: int, plan: Plan) -> Iterator[PersonPlan]:
    """`count` generated citizens (the demo citizens not included), deterministic for the seed and
    the plan (their phones and ID numbers avoid the staff's). The first k of a longer run are the
    same k people as a shorter run gives."""
    rng = random.Random(f"{seed}/citizens")
    used_phones = {p.phone for p in (*plan.staff, *plan.demo_citizens)}
    used_ids = {p.id_number for p in (*plan.staff, *plan.demo_citizens)}
    people = _People(rng, used_phones, used_ids)
    counties = plan.counties
    weights = [len(c.village_codes) for c in counties]
    for _ in range(count):
        county = rng.choices(counties, weights=weights)[0]
        phone = people.phone()
        yield people.person(
            username=citizen_username(phone),
            role=Role.CITIZEN,
            address_code=county.code,
            years=CITIZEN_YEARS,
            credential=Credential.SMS_CODE,
            start=plan.start,
            phone=phone,
        )
