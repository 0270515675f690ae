"""A year of history for the demo county (演示历史数据): work orders, ratings, legal-aid cases,
targets and point profiles, so every chart and both reports show something on a fresh machine.

Written in bulk (bulk_create with precomputed fields), but shaped as the services write it:
- each work order gets the events its path through the services records, with the same verbs,
  statuses, channels, actors and data (intake → dispatch → accept → call-back → answer and close →
  the sampled return visit → the rating → for a bad rating the mandatory return visit and the
  rectification, both opened and completed);
- each legal-aid case gets the events of its route (submit with its work order's intake, dispatch,
  acceptance and conversion → review → grant, refusal, redirection or withdrawal → assignment,
  engagement, closing documents, closing report, return visit and closing, or termination) and the
  notices the services issue;
- the facts then come from the same contribute() functions: performance.rollup.rebuild() over the
  history's months;
- the management records go through the performance services themselves (their checks, their
  audit events), each step's events dated at its moment of the history: the year's targets (set,
  split by weight, scheduled), the county's monthly reports (accepted by the city's supervisor,
  one late, one returned and resubmitted, the last complete month a draft), the city's and the
  county's bulletins, last quarter's evaluation of the service points and the county centre's
  inspections (an open one finalised with its rectifications, a covert one in draft).

Deterministic from the demo seed (random.Random(f"{seed}/history")); a second run finds the history
(orders of the county created before its last day) and skips it.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting
from gongfa.workorders.choices import (
    BAD_RATINGS,
    CallbackOutcome,
    ExternalSystem,
    ResultCode,
    ReturnVisitKind,
    SpecialGroup,
    TaskStatus,
    WorkOrderStatus,
)
from gongfa.workorders.models import (
    CallbackRecord,
    CaseLink,
    Rectification,
    ReturnVisit,
    Topic,
    TrackingSequence,
    WorkOrder,
    format_tracking_number,
    near_due_from,
)

Progress = Callable[[str], None]

# About 3,600 orders a year in the default county: roughly what a county of ~300,000 people
# records across the hotline, the portal and its windows.
DEFAULT_HISTORY_ORDERS = 2000
DEFAULT_LEGAL_AID_CASES = 120
HISTORY_MONTHS = 12

# Channel mix (12348 hotline first, as in the seed plans' statistics).
CHANNEL_WEIGHTS: tuple[tuple[str, float], ...] = (
    (Channel.HOTLINE, 36),
    (Channel.PORTAL, 24),
    (Channel.WINDOW, 16),
    (Channel.VILLAGE_ROOM, 11),
    (Channel.TRANSFER_12345, 6),
    (Channel.KIOSK, 4),
    (Channel.LETTER, 3),
)
STAFF_CHANNELS = {Channel.HOTLINE, Channel.WINDOW, Channel.VILLAGE_ROOM, Channel.LETTER}

# Topics with their yearly weight and the months they peak in (wage arrears before the Spring
# Festival, family matters in the summer holidays, traffic accidents around the holidays …).
TOPIC_SEASONS: dict[str, tuple[float, dict[int, float]]] = {
    "labour": (22, {12: 1.8, 1: 2.2, 2: 1.4, 11: 1.3}),
    "marriage_family": (20, {7: 1.6, 8: 1.7, 2: 1.3}),
    "debt": (12, {1: 1.3, 12: 1.2}),
    "contract": (7, {}),
    "real_estate": (6, {3: 1.2, 4: 1.2}),
    "traffic_accident": (6, {10: 1.4, 2: 1.3, 5: 1.2}),
    "personal_injury": (5, {}),
    "consumer_rights": (5, {3: 1.6, 11: 1.4}),
    "demolition_resettlement": (3, {}),
    "medical": (3, {}),
    "tort": (3, {}),
    "construction": (3, {1: 1.5, 12: 1.4}),
    "general": (5, {}),
}
MONTH_VOLUME = {1: 1.05, 2: 0.75, 3: 1.05, 4: 1.0, 5: 0.95, 6: 1.0, 7: 1.1, 8: 1.1, 9: 1.0, 10: 0.85, 11: 1.0, 12: 1.1}

QUESTIONS: dict[str, tuple[str, ...]] = {
    "labour": (
        "在{place}的工地干了{n}个月，包工头拖欠工资{money}元，快过年了还不给，怎么办？",
        "公司没签劳动合同，干了{n}个月把我辞退了，能要求双倍工资吗？",
        "厂里拖欠{n}个月工资，老板说资金周转不过来，我们十几个工友该去哪里投诉？",
        "上班路上摔伤了，单位不给报工伤，应该怎么申请工伤认定？",
        "加班没有加班费，每个月工作{n}十多天，可以要求补发吗？",
    ),
    "marriage_family": (
        "和丈夫分居{n}年了，他不同意离婚，我该怎么起诉离婚？",
        "离婚后对方不按时支付孩子抚养费，已经{n}个月没给了，怎么办？",
        "父母年纪大了，兄弟几个都不愿意赡养，可以起诉要赡养费吗？",
        "老人去世没留遗嘱，{place}的老房子几个子女怎么分？",
        "暑假孩子想跟我住，前妻不让探望，法院判的探望权怎么执行？",
    ),
    "debt": (
        "朋友借了我{money}元写了借条，现在不还也不接电话，怎么起诉？",
        "借条上没写还款日期，过了{n}年还能要回来吗？",
        "帮亲戚做了担保，他还不上钱，银行找我还款，我要承担多少？",
    ),
    "contract": (
        "在{place}租的门面，房东提前收回，押金{money}元不退，怎么办？",
        "网上买的装修材料质量不合格，商家拒绝退货，合同怎么解除？",
    ),
    "real_estate": (
        "买的二手房过户后发现漏水，卖家隐瞒了，能要求赔偿吗？",
        "宅基地和邻居有争议，村里调解不成，下一步怎么办？",
    ),
    "traffic_accident": (
        "在{place}骑电动车被小车撞了，住院{n}天，对方保险公司只赔一部分，合理吗？",
        "交通事故责任认定书不服，可以申请复核吗？",
    ),
    "personal_injury": ("邻居家的狗把孩子咬伤了，打疫苗花了{money}元，邻居该不该赔？",),
    "consumer_rights": (
        "在{place}的超市买到过期食品，可以要求十倍赔偿吗？",
        "预付了{money}元健身卡，店关门了老板跑了，钱怎么要回来？",
    ),
    "demolition_resettlement": ("村里征地，补偿标准比邻村低，我们可以向哪里反映？",),
    "medical": ("家人在医院手术后出现并发症，怀疑医疗事故，怎么申请鉴定？",),
    "tort": ("楼上装修把我家天花板弄坏了，协商不成怎么办？",),
    "construction": ("承包的{place}工程完工{n}个月了，发包方一直拖欠工程款{money}元，怎么追讨？",),
    "general": ("想咨询一下法律援助需要准备哪些材料？", "怎么预约公证？需要带什么证件？"),
}
ANSWERS: dict[str, str] = {
    "labour": "已电话联系当事人，告知可向劳动保障监察投诉或申请劳动仲裁，符合条件可申请法律援助，并告知所需证据。",
    "marriage_family": "已电话解答，告知相关法律规定和诉讼程序，建议先申请人民调解，并告知可到工作站免费咨询。",
    "debt": "已解答：告知诉讼时效、所需证据（借条、转账记录）和起诉流程。",
}
DEFAULT_ANSWER = "已电话联系群众，就所问事项作了解答，并告知后续可选择的途径和需准备的材料。"
PLACES = ("城东", "镇上", "村口", "开发区", "县城", "邻镇")
RATING_WEIGHTS = ((5, 61.0), (4, 28.0), (3, 6.0), (2, 3.0), (1, 2.0))
RATING_COMMENTS = {5: "解答很耐心，谢谢！", 4: "满意", 3: "", 2: "回电太慢了", 1: "没有解决问题"}

# Legal-aid outcomes (share of the decided history).
LA_OUTCOMES: tuple[tuple[str, float], ...] = (
    ("closed", 55),
    ("refused", 10),
    ("redirected", 6),
    ("withdrawn", 6),
    ("terminated", 5),
    ("in_service", 12),
    ("under_review", 6),
)
LA_MATTERS = ("labour_pay", "work_injury", "traffic_injury", "support_payment", "labour_relation", "medical_injury")


@dataclass
class HistoryResult:
    orders: int = 0
    legal_aid: int = 0
    events: int = 0
    targets: int = 0
    profiles: int = 0
    skipped: bool = False
    facts: dict[str, int] = field(default_factory=dict)
    management: ManagementResult | None = None


# ---------------------------------------------------------------------------------------------
# Time helpers.
# ---------------------------------------------------------------------------------------------
def _aware(day: datetime.date, hour: float) -> datetime.datetime:
    hours = int(hour)
    minutes = int((hour - hours) * 60)
    naive = datetime.datetime.combine(day, datetime.time(min(hours, 23), min(minutes, 59)))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def _office_moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return _aware(day, rng.uniform(8.5, 17.3))


def _plus(moment: datetime.datetime, hours: float) -> datetime.datetime:
    return moment + datetime.timedelta(seconds=int(hours * 3600))


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, float]]) -> Any:
    items = list(pairs)
    return rng.choices([item for item, _ in items], weights=[weight for _, weight in items])[0]


def history_bounds(start: datetime.date, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The history's first and last day: the twelve months before the month of `start` and that
    month's days before it (never after yesterday)."""
    today = today or timezone.localdate()
    last = min(start, today) - datetime.timedelta(days=1)
    month = last.replace(day=1)
    year, index = divmod(month.year * 12 + month.month - 1 - HISTORY_MONTHS, 12)
    return datetime.date(year, index + 1, 1), last


# ---------------------------------------------------------------------------------------------
# The world the history lives in (read once).
# ---------------------------------------------------------------------------------------------
@dataclass
class _World:
    county: Region
    townships: list[Region]
    villages: list[Region]
    centre: ServicePoint
    points_by_region: dict[int, dict[str, ServicePoint]]
    people_at: dict[int, list[User]]  # point pk -> dispatchable staff
    agency_people: dict[int, list[User]]
    supervisors: list[User]
    hotline: list[User]
    window_by_point: dict[int, list[User]]
    citizens: list[User]
    topics: dict[str, Topic]
    service_types: dict[str, Any]
    legal_aid_centre: Agency | None
    reviewers: list[User]
    providers: list[tuple[User, Agency]]
    station_of: dict[int, ServicePoint]  # village pk -> station
    room_staffed: dict[int, bool]  # village pk -> whether its room has someone


def _load_world(county_code: str) -> _World | None:
    from gongfa.catalog.models import ServiceType
    from gongfa.legalaid.models import ProviderProfile
    from gongfa.legalaid.selectors import legal_aid_centre_for
    from gongfa.network.models import subtree_bounds
    from gongfa.workorders.services.dispatch import NOT_DISPATCHABLE_ROLES, _candidates

    county = Region.objects.filter(code=county_code).first()
    if county is None:
        return None
    low, high = subtree_bounds(county.code, RegionLevel.COUNTY)
    regions = list(Region.objects.filter(code__range=(low, high)).order_by("code"))
    townships = [r for r in regions if r.level == RegionLevel.TOWNSHIP]
    villages = [r for r in regions if r.level == RegionLevel.VILLAGE]
    by_pk = {r.pk: r for r in regions}
    points = list(ServicePoint.objects.filter(region__code__range=(low, high), is_active=True).order_by("pk"))
    points_by_region: dict[int, dict[str, ServicePoint]] = defaultdict(dict)
    for point in points:
        point.region = by_pk[point.region_id]
        points_by_region[point.region_id][point.tier] = point
    centre = points_by_region.get(county.pk, {}).get(PointTier.CENTRE)
    if centre is None or not villages:
        return None
    people_at = {point.pk: sorted(_candidates(point, set()), key=lambda u: u.pk) for point in points}
    postings = list(
        StaffPosting.objects.filter(is_active=True, user__is_active=True)
        .filter(agency__region__code__range=(low, high))
        .exclude(role__in=NOT_DISPATCHABLE_ROLES)
        .select_related("user")
        .order_by("pk")
    )
    agency_people: dict[int, list[User]] = defaultdict(list)
    for posting in postings:
        if posting.agency_id is not None:
            agency_people[posting.agency_id].append(posting.user)
    supervisors = [
        p.user
        for p in StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, agency__region=county)
        .select_related("user")
        .order_by("pk")
    ]
    staff_postings = list(
        StaffPosting.objects.filter(is_active=True, user__is_active=True, point__in=points)
        .select_related("user")
        .order_by("pk")
    )
    hotline = [p.user for p in staff_postings if p.role == Role.HOTLINE_AGENT and p.point_id == centre.pk]
    window_by_point: dict[int, list[User]] = defaultdict(list)
    first_point: dict[int, int] = {}
    for posting in staff_postings:
        first_point.setdefault(posting.user_id, posting.point_id)  # type: ignore[arg-type]
    for posting in staff_postings:
        # Only people whose first posting is this point receive here (intake's staff_point).
        if (
            posting.role in (Role.WINDOW_STAFF, Role.VILLAGE_ADVISOR)
            and first_point[posting.user_id] == posting.point_id
        ):
            window_by_point[posting.point_id].append(posting.user)
    citizens = list(User.objects.filter(role=Role.CITIZEN, is_active=True).exclude(id_number="").order_by("pk")[:400])
    station_of: dict[int, ServicePoint] = {}
    room_staffed: dict[int, bool] = {}
    for village in villages:
        township = by_pk.get(village.parent_id or 0)
        station = points_by_region.get(township.pk, {}).get(PointTier.STATION) if township else None
        station_of[village.pk] = station or centre
        room = points_by_region.get(village.pk, {}).get(PointTier.ROOM)
        room_staffed[village.pk] = room is not None and bool(people_at.get(room.pk))
    centre_agency = legal_aid_centre_for(villages[0])
    reviewers = (
        [
            p.user
            for p in StaffPosting.objects.filter(agency=centre_agency, role=Role.LEGAL_AID_REVIEWER, is_active=True)
            .select_related("user")
            .order_by("pk")
        ]
        if centre_agency
        else []
    )
    providers = [
        (profile.user, profile.agency)
        for profile in ProviderProfile.objects.filter(accepts_legal_aid=True)
        .select_related("user", "agency")
        .order_by("pk")
    ]
    return _World(
        county=county,
        townships=townships,
        villages=villages,
        centre=centre,
        points_by_region=points_by_region,
        people_at=people_at,
        agency_people=agency_people,
        supervisors=supervisors,
        hotline=hotline,
        window_by_point=window_by_point,
        citizens=citizens,
        topics={t.code: t for t in Topic.objects.all()},
        service_types={s.code: s for s in ServiceType.objects.all()},
        legal_aid_centre=centre_agency,
        reviewers=reviewers,
        providers=providers,
        station_of=station_of,
        room_staffed=room_staffed,
    )


# ---------------------------------------------------------------------------------------------
# Deadlines (the catalogue's rules and the working calendar, read once).
# ---------------------------------------------------------------------------------------------
class _Deadlines:
    def __init__(self, region: Region, first: datetime.date, last: datetime.date) -> None:
        from gongfa.catalog.deadlines import WorkingCalendar

        self.region = region
        self.calendar = WorkingCalendar()
        self.calendar.preload(first, last + datetime.timedelta(days=90))
        self._rules: dict[tuple[int, datetime.date, str], dict[str, Any]] = {}
        self._modes: dict[datetime.date, Any] = {}
        self._due_after: dict[tuple[str, datetime.date], datetime.date] = {}
        self._by_day: dict[tuple[int, datetime.date, Any], datetime.datetime] = {}

    def stages(self, service_type: Any, start: datetime.datetime, channel: str) -> dict[str, datetime.datetime]:
        """The order's stage deadlines by the same rules as intake (the channel's own rule first)."""
        from gongfa.catalog.choices import SlaUnit
        from gongfa.catalog.deadlines import compute_stage_deadline
        from gongfa.catalog.selectors import sla_rules_for
        from gongfa.workdays.services import day_count_mode_for
        from gongfa.workorders.services.deadlines import STAGE_FIELDS

        day = timezone.localdate(start)
        month = day.replace(day=1)
        key = (service_type.pk, month, channel)
        if key not in self._rules:
            self._rules[key] = sla_rules_for(service_type, self.region, day, channel)
        rules = self._rules[key]
        mode = None
        if any(rule.unit == SlaUnit.LEGAL_DAYS for rule in rules.values()):
            if day not in self._modes:
                self._modes[day] = day_count_mode_for(self.region, day)
            mode = self._modes[day]
        due = {}
        for stage, rule in rules.items():
            field_name = STAGE_FIELDS.get(str(stage))
            if not field_name:
                continue
            if rule.unit == SlaUnit.HOURS:
                due[field_name] = compute_stage_deadline(start, rule, calendar=self.calendar, day_count_mode=mode).due
                continue
            # Day-counted rules end at the close of a day that depends only on the start date.
            cache_key = (rule.pk, day, mode)
            if cache_key not in self._by_day:
                deadline = compute_stage_deadline(start, rule, calendar=self.calendar, day_count_mode=mode)
                self._by_day[cache_key] = deadline.due
            due[field_name] = self._by_day[cache_key]
        return due

    def after(self, setting_key: str, region: Region, day: datetime.date) -> datetime.date:
        from gongfa.legalaid.services.common import due_after
        from gongfa.network.selectors import region_setting

        key = (setting_key, day)
        if key not in self._due_after:
            self._due_after[key] = due_after(region, day, region_setting(region, setting_key, day))[0]
        return self._due_after[key]


# ---------------------------------------------------------------------------------------------
# Events as the services write them.
# ---------------------------------------------------------------------------------------------
class _Events:
    def __init__(self) -> None:
        self.rows: list[Event] = []
        self.order_type = ContentType.objects.get_for_model(WorkOrder)
        from gongfa.legalaid.models import LegalAidApplication

        self.case_type = ContentType.objects.get_for_model(LegalAidApplication)

    def add(
        self,
        subject: Any,
        verb: str,
        at: datetime.datetime,
        *,
        actor: User | None = None,
        channel: str = Channel.SYSTEM,
        reason: str = "",
        from_status: str = "",
        to_status: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        content_type = self.order_type if isinstance(subject, WorkOrder) else self.case_type
        self.rows.append(
            Event(
                occurred_at=at,
                actor=actor,
                actor_role=getattr(actor, "role", "") or "",
                channel=channel,
                subject_type=content_type,
                subject_id=str(subject.pk),
                verb=verb,
                from_status=from_status,
                to_status=to_status,
                reason=reason,
                data=data or {},
                region_id=subject.region_id,
            )
        )

    def step(
        self,
        subject: Any,
        action: str,
        at: datetime.datetime,
        from_status: str,
        to_status: str,
        **kwargs: Any,
    ) -> None:
        """A transition's event (audit.services.transition): the verb is "<app>.<model>.<action>"."""
        label = "workorders.workorder" if isinstance(subject, WorkOrder) else "legalaid.legalaidapplication"
        self.add(subject, f"{label}.{action}", at, from_status=from_status, to_status=to_status, **kwargs)


# ---------------------------------------------------------------------------------------------
# Work orders.
# ---------------------------------------------------------------------------------------------
@dataclass
class _OrderPlan:
    """What happened to one order, kept to write its events once it has a primary key."""

    order: WorkOrder
    received_by: User | None
    intake_point: ServicePoint | None
    place: ServicePoint | Agency
    dispatch_reason: str
    dispatch_channel: str
    submit_actor: User | None
    accepted_at: datetime.datetime | None = None
    callbacks: list[tuple[datetime.datetime, str]] = field(default_factory=list)
    answered_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    sampled_visit: tuple[datetime.datetime, datetime.datetime | None] | None = None
    rated_at: datetime.datetime | None = None
    rated_via_link: bool = False
    follow_up: tuple[datetime.datetime | None, datetime.datetime | None] | None = None
    supervisor: User | None = None
    legal_aid: bool = False
    desk: ServicePoint | None = None
    rectify_due: datetime.date | None = None


class _Builder:
    def __init__(self, seed: int, world: _World, first: datetime.date, last: datetime.date) -> None:
        from gongfa.network.region_settings import (
            RECTIFICATION_DAYS,
            RETURN_VISIT_DUE_HOURS,
            RETURN_VISIT_SAMPLE_PERCENT,
            SAMPLE_VISIT_DAYS,
        )
        from gongfa.network.selectors import region_setting

        self.rng = random.Random(f"{seed}/history")
        self.world = world
        self.first = first
        self.last = last
        self.deadlines = _Deadlines(world.county, first, last)
        self.sequence: Counter[datetime.date] = Counter()
        self.plans: list[_OrderPlan] = []
        self.round_robin: Counter[int] = Counter()
        self.la_turn = 0
        self.sample_percent = int(region_setting(world.county, RETURN_VISIT_SAMPLE_PERCENT.key))
        self.visit_hours = int(region_setting(world.county, RETURN_VISIT_DUE_HOURS.key))
        # Both in working days, as workorders.services.feedback counts them (on the preloaded calendar).
        self.rectification_days = int(region_setting(world.county, RECTIFICATION_DAYS.key))
        self.sample_visit_days = int(region_setting(world.county, SAMPLE_VISIT_DAYS.key))
        self.now = _aware(last, 18)  # the history's "now": the evening of its last day

    def sample_visit_due(self, closed_at: datetime.datetime) -> datetime.datetime:
        """As feedback.sample_visit_due_at: the end of the n-th working day after the closing day."""
        day = self.deadlines.calendar.nth_working_day_after(timezone.localdate(closed_at), self.sample_visit_days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))

    # --- numbering and people ----------------------------------------------------------------
    def tracking_number(self, day: datetime.date) -> str:
        self.sequence[day] += 1
        return format_tracking_number(day, self.sequence[day])

    def pick_person(self, people: list[User]) -> tuple[User | None, str]:
        if not people:
            return None, "该单位暂无可派人员，由单位统一受理"
        key = hash(tuple(p.pk for p in people))
        index = self.round_robin[key] % len(people)
        self.round_robin[key] += 1
        person = people[index]
        reason = f"派给{person.display_name}（在办 {self.rng.randint(0, 4)} 件"
        reason += f"，在 {len(people)} 名人员中轮派）" if len(people) > 1 else "）"
        return person, reason

    def place_for(self, village: Region, service_code: str) -> tuple[ServicePoint | Agency, str]:
        """resolve_place for the demo's rules: legal aid to the centre, the rest by default routing."""
        world = self.world
        if service_code == "legal_aid" and world.legal_aid_centre is not None:
            centre = world.legal_aid_centre
            return centre, f"按分派规则“法律援助申请交法律援助中心”派至{centre.name}"
        room = world.points_by_region.get(village.pk, {}).get(PointTier.ROOM)
        if room is not None and world.room_staffed[village.pk]:
            return room, f"就近派至{room.name}"
        station = world.station_of[village.pk]
        why = "无在岗人员" if room is not None else "未设工作室"
        return station, f"{village.name}{why}，转由{station.name}承办"

    def people_of(self, place: ServicePoint | Agency) -> list[User]:
        if isinstance(place, ServicePoint):
            return self.world.people_at.get(place.pk, [])
        return self.world.agency_people.get(place.pk, [])

    # --- one order ---------------------------------------------------------------------------
    def new_order(
        self,
        *,
        created: datetime.datetime,
        channel: str,
        village: Region,
        text: str,
        topic: Topic | None,
        service_code: str,
        requester: User | None,
        special_groups: int,
        legal_aid: bool = False,
    ) -> _OrderPlan:
        from gongfa.workorders.services.intake import priority_of

        world = self.world
        day = timezone.localdate(created)
        service_type = world.service_types.get(service_code) or world.service_types.get("consultation")
        received_by: User | None = None
        intake_point: ServicePoint | None = None
        if channel in STAFF_CHANNELS:
            if channel == Channel.HOTLINE and world.hotline:
                received_by, intake_point = self.rng.choice(world.hotline), world.centre
            else:
                station = world.station_of[village.pk]
                room = world.points_by_region.get(village.pk, {}).get(PointTier.ROOM)
                desk = room if channel == Channel.VILLAGE_ROOM and room is not None else station
                staff = world.window_by_point.get(desk.pk) or world.window_by_point.get(station.pk) or world.hotline
                if staff:
                    received_by = self.rng.choice(staff)
                    intake_point = (
                        desk
                        if world.window_by_point.get(desk.pk)
                        else (station if world.window_by_point.get(station.pk) else world.centre)
                    )
        if channel in STAFF_CHANNELS and received_by is None:
            channel = Channel.PORTAL
        if channel in (Channel.PORTAL, Channel.KIOSK) and requester is None:
            requester = self.rng.choice(world.citizens)
        contact_name = requester.real_name if requester else self.rng.choice("王李张刘陈杨赵黄") + "先生"
        phone = requester.phone if requester else f"1{self.rng.choice('3578')}{self.rng.randint(100000000, 999999999)}"
        order = WorkOrder(
            tracking_number=self.tracking_number(day),
            channel=channel,
            requester=requester,
            contact_name=contact_name,
            contact_phone=phone,
            region=village,
            region_code=village.code,
            text=text,
            topic=topic,
            topic_reason=f"关键词归类：{topic.name}" if topic is not None else "",
            service_type=service_type,
            special_groups=special_groups,
            priority=priority_of("normal", special_groups),
            status=WorkOrderStatus.NEW,
            first_owner_point=intake_point,
            first_owner_user=received_by if intake_point is not None else None,
            created_at=created,
        )
        if channel == Channel.TRANSFER_12345:
            order.external_system = ExternalSystem.HOTLINE_12345
            order.external_ref = f"12345-{day:%Y%m%d}{self.sequence[day]:04d}"
        if service_type is not None:
            for name, due in self.deadlines.stages(service_type, created, channel).items():
                setattr(order, name, due)
            order.near_due_at = near_due_from(created, order.resolve_due)
        desk_point = intake_point or world.centre
        plan_desk = desk_point
        order.owner_point, order.owner_region_code = desk_point, desk_point.region.code
        place, place_reason = self.place_for(village, service_code)
        person, person_reason = self.pick_person(self.people_of(place))
        dispatch_channel = Channel.SYSTEM if channel == Channel.TRANSFER_12345 else channel
        plan = _OrderPlan(
            order=order,
            received_by=received_by,
            intake_point=intake_point,
            place=place,
            dispatch_reason=f"{place_reason}；{person_reason}",
            dispatch_channel=dispatch_channel,
            submit_actor=received_by or requester,
            legal_aid=legal_aid,
            desk=plan_desk,
        )
        # Dispatch at intake (12345 transfers: by the queued task a moment later).
        order.set_owner(place, person)
        order.routing_reason = plan.dispatch_reason[:500]
        order.assigned_at = created if channel != Channel.TRANSFER_12345 else _plus(created, 0.01)
        if order.first_owner_point_id is None and isinstance(place, ServicePoint):
            order.first_owner_point = place
        if order.first_owner_user_id is None and person is not None:
            order.first_owner_user = person
        order.status = WorkOrderStatus.ASSIGNED
        self.plans.append(plan)
        return plan

    def handle(self, plan: _OrderPlan, late: bool) -> None:
        """Accept, call back, answer and close (or stop where the history ends)."""
        rng = self.rng
        order = plan.order
        owner = order.owner_user
        if owner is None:
            return
        created = order.created_at
        accept_late = late and rng.random() < 0.35
        accepted = _plus(created, rng.uniform(26, 40) if accept_late else rng.uniform(0.1, 5))
        if accepted > self.now:
            return
        plan.accepted_at = order.accepted_at = accepted
        order.status = WorkOrderStatus.IN_PROGRESS
        contact_late = late and rng.random() < 0.35
        contacted = _plus(accepted, rng.uniform(25, 36) if contact_late else rng.uniform(0.1, 6))
        if rng.random() < 0.12:
            plan.callbacks.append((_plus(accepted, rng.uniform(0.05, 1)), CallbackOutcome.NO_ANSWER))
            contacted = max(contacted, _plus(plan.callbacks[0][0], 0.5))
        if contacted > self.now:
            return
        plan.callbacks.append((contacted, CallbackOutcome.REACHED))
        order.first_contact_at = contacted
        if late and order.resolve_due is not None:
            answered = order.resolve_due + datetime.timedelta(hours=rng.uniform(4, 96))
        else:
            budget = ((order.resolve_due or _plus(contacted, 72)) - contacted).total_seconds() / 3600
            answered = _plus(contacted, rng.uniform(0.05, 1) * max(0.2, min(budget * 0.8, 60)))
        answered = max(answered, _plus(contacted, 0.05))
        if answered > self.now:
            return
        plan.answered_at = plan.closed_at = answered
        order.answer = ANSWERS.get(order.topic.code if order.topic else "", DEFAULT_ANSWER)
        order.answered_at = answered
        order.answered_by = owner
        order.result_code = _weighted(
            rng, ((ResultCode.ANSWERED, 86), (ResultCode.REFERRED, 9), (ResultCode.NOT_OUR_MATTER, 5))
        )
        order.closed_at = answered
        order.status = WorkOrderStatus.CLOSED
        self.after_close(plan)
        self.rate(plan)

    def after_close(self, plan: _OrderPlan) -> None:
        from gongfa.workorders.services.feedback import is_sampled

        order = plan.order
        assert order.closed_at is not None
        if self.sample_percent > 0 and is_sampled(order, self.sample_percent):
            done = _plus(order.closed_at, self.rng.uniform(4, 60))
            plan.sampled_visit = (order.closed_at, done if done <= self.now else None)
        plan.supervisor = self.world.supervisors[0] if self.world.supervisors else None

    def rate(self, plan: _OrderPlan) -> None:
        rng = self.rng
        order = plan.order
        assert order.closed_at is not None
        if rng.random() > 0.72:
            return
        rated = _plus(order.closed_at, rng.uniform(0.2, 30) if rng.random() < 0.85 else rng.uniform(48, 240))
        if rated > self.now:
            return
        order.rating = _weighted(rng, RATING_WEIGHTS)
        order.rating_comment = RATING_COMMENTS[order.rating]
        order.rated_at = plan.rated_at = rated
        plan.rated_via_link = order.requester_id is None
        if order.rating in BAD_RATINGS:
            visit_done = _plus(rated, rng.uniform(2, 20))
            fixed_days = rng.uniform(1, 5) if rng.random() < 0.85 else rng.uniform(8, 12)
            fixed = _plus(rated, fixed_days * 24)
            plan.follow_up = (visit_done if visit_done <= self.now else None, fixed if fixed <= self.now else None)
            plan.rectify_due = self.deadlines.calendar.nth_working_day_after(
                timezone.localdate(rated), self.rectification_days
            )

    # --- the year ----------------------------------------------------------------------------
    def days(self) -> list[datetime.date]:
        count = (self.last - self.first).days + 1
        return [self.first + datetime.timedelta(days=n) for n in range(count)]

    def build_orders(self, total: int) -> None:
        from gongfa.workdays.services import is_working_day

        rng = self.rng
        days = self.days()
        weights = [MONTH_VOLUME[d.month] * (1.0 if is_working_day(d) else 0.3) for d in days]
        scale = total / sum(weights)
        topic_codes = [code for code in TOPIC_SEASONS if code in self.world.topics]
        for day, weight in zip(days, weights, strict=True):
            count = int(weight * scale) + (1 if rng.random() < (weight * scale) % 1 else 0)
            working = weight >= 0.5 * MONTH_VOLUME[day.month]
            for _ in range(count):
                channel = _weighted(rng, CHANNEL_WEIGHTS)
                if not working and channel in STAFF_CHANNELS and channel != Channel.HOTLINE:
                    channel = Channel.PORTAL
                code = _weighted(
                    rng, ((c, TOPIC_SEASONS[c][0] * TOPIC_SEASONS[c][1].get(day.month, 1.0)) for c in topic_codes)
                )
                topic = self.world.topics[code]
                template = rng.choice(QUESTIONS.get(code, QUESTIONS["general"]))
                text = template.format(
                    place=rng.choice(PLACES), n=rng.randint(2, 9), money=rng.randrange(2000, 60000, 500)
                )
                groups = 0
                if code == "labour" and rng.random() < 0.45:
                    groups |= SpecialGroup.MIGRANT_WORKER
                if rng.random() < 0.12:
                    groups |= SpecialGroup.ELDERLY
                if code == "marriage_family" and rng.random() < 0.3:
                    groups |= SpecialGroup.WOMEN
                if rng.random() < 0.03:
                    groups |= _weighted(
                        rng, ((SpecialGroup.DISABLED, 2), (SpecialGroup.MINOR, 1), (SpecialGroup.MILITARY_FAMILY, 1))
                    )
                created = _office_moment(rng, day) if channel in STAFF_CHANNELS else _aware(day, rng.uniform(7, 23))
                service = _weighted(rng, (("consultation", 88), ("lawyer_referral", 5), ("complaint", 2), ("other", 5)))
                village = rng.choice(self.world.villages)
                plan = self.new_order(
                    created=created,
                    channel=channel,
                    village=village,
                    text=text,
                    topic=topic,
                    service_code=service,
                    requester=None,
                    special_groups=groups,
                )
                self.handle(plan, late=rng.random() < 0.09)


# ---------------------------------------------------------------------------------------------
# Legal aid: the case, its work order and their steps.
# ---------------------------------------------------------------------------------------------
@dataclass
class _CasePlan:
    case: Any
    order_plan: _OrderPlan
    outcome: str
    steps: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    reviewer: User | None = None


def _build_cases(builder: _Builder, total: int) -> list[_CasePlan]:
    from gongfa.legalaid.choices import ApplicationStatus, IntakeChannel, TerminationGround
    from gongfa.legalaid.eligibility import national_matter
    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.network.region_settings import LA_ASSIGN_DAYS_AFTER_GRANT, LA_ENGAGEMENT_SIGN_DAYS, LA_REVIEW_DAYS

    world = builder.world
    rng = builder.rng
    if world.legal_aid_centre is None or not world.reviewers or not world.providers or not world.citizens:
        return []
    agency = world.legal_aid_centre
    agency_region = Region.objects.get(pk=agency.region_id)
    matters = [national_matter(code) for code in LA_MATTERS]
    days = builder.days()
    plans: list[_CasePlan] = []
    applicants = [c for c in world.citizens if c.id_number and c.real_name]
    used: set[tuple[int, str]] = set()
    for index in range(total):
        day = days[min(len(days) - 1, int(len(days) * (index + rng.random()) / total))]
        matter = rng.choice(matters)
        applicant = rng.choice(applicants)
        if (applicant.pk, matter.code) in used:
            continue
        used.add((applicant.pk, matter.code))
        village = rng.choice(world.villages)
        received = _aware(day, rng.uniform(8, 22))
        age = (builder.last - day).days
        outcome = _weighted(rng, LA_OUTCOMES)
        if age < 40 and outcome == "closed":
            outcome = "in_service"
        if age > 30 and outcome == "under_review":
            outcome = "closed"
        review_due = builder.deadlines.after(LA_REVIEW_DAYS.key, agency_region, day)
        case = LegalAidApplication(
            route="application",
            intake_channel=IntakeChannel.PORTAL,
            status=ApplicationStatus.RECEIVED,
            region=village,
            agency=agency,
            applicant=applicant,
            applicant_name=applicant.real_name,
            id_number=applicant.id_number,
            phone=applicant.phone,
            opponent_name=rng.choice(("某建筑劳务有限公司", "某运输公司", "某制衣厂", "某物流公司", "前夫")),
            facts=f"{matter.name}。{rng.choice(QUESTIONS['labour'])}".format(
                place=rng.choice(PLACES), n=rng.randint(2, 9), money=rng.randrange(5000, 60000, 500)
            )[:500],
            matter_code=matter.code,
            matter_name=matter.name,
            matter_article=matter.article,
            exempt_group="migrant_worker" if matter.code in ("labour_pay", "work_injury") else "",
            verification="exempt_proof" if matter.code in ("labour_pay", "work_injury") else "statement",
            household_size=3,
            household_monthly_income=Decimal("4200"),
            proposal_outcome="eligible",
            proposal={"outcome": "eligible", "reasons": ["演示数据：申请事项在法律援助范围内，经济困难已核实"]},
            submitted_at=received,
            received_at=received,
            review_due=review_due,
            created_at=received - datetime.timedelta(minutes=rng.randint(5, 90)),
        )
        order_text = f"法律援助申请：{matter.name}。{case.facts}"[:2000]
        order_plan = builder.new_order(
            created=received,
            channel=Channel.PORTAL,
            village=village,
            text=order_text,
            topic=None,
            service_code="legal_aid",
            requester=applicant,
            special_groups=0,
            legal_aid=True,
        )
        order = order_plan.order
        order.topic_reason = ""
        order.contact_name, order.contact_phone = applicant.real_name, applicant.phone
        order.status = WorkOrderStatus.CONVERTED
        plan = _CasePlan(case=case, order_plan=order_plan, outcome=outcome, reviewer=rng.choice(world.reviewers))
        moment = received
        late = rng.random() < 0.08

        def later(hours_low: float, hours_high: float) -> datetime.datetime:
            nonlocal moment
            moment = _plus(moment, rng.uniform(hours_low, hours_high))
            return moment

        if outcome == "redirected":
            plan.steps.append(("redirect", later(2, 40)))
        else:
            plan.steps.append(("start_review", later(0.5, 20)))
            if outcome == "withdrawn":
                plan.steps.append(("withdraw", later(10, 60)))
            elif outcome != "under_review":
                decided = (
                    _aware(review_due + datetime.timedelta(days=rng.randint(1, 3)), rng.uniform(9, 17))
                    if late
                    else later(4, 80)
                )
                moment = max(decided, _plus(moment, 0.5))
                if outcome == "refused":
                    plan.steps.append(("refuse", moment))
                else:
                    plan.steps.append(("grant", moment))
                    case.assign_due = builder.deadlines.after(
                        LA_ASSIGN_DAYS_AFTER_GRANT.key, agency_region, timezone.localdate(moment)
                    )
                    assigned = later(1, 50 if rng.random() < 0.9 else 100)
                    plan.steps.append(("assign", assigned))
                    case.engagement_due = builder.deadlines.after(
                        LA_ENGAGEMENT_SIGN_DAYS.key, agency_region, timezone.localdate(assigned)
                    )
                    plan.steps.append(("sign_engagement", later(4, 60)))
                    if outcome == "terminated":
                        case.termination_ground = _weighted(
                            rng, ((TerminationGround.OWN_COUNSEL, 3), (TerminationGround.RECIPIENT_REQUEST, 2))
                        )
                        plan.steps.append(("terminate", later(100, 600)))
                    elif outcome == "closed":
                        plan.steps.append(("material", later(200, 800)))
                        plan.steps.append(("file_closing_report", later(1, 30)))
                        plan.steps.append(("return_visit", later(10, 80)))
                        plan.steps.append(("close", later(10, 100)))
        # Steps after the history's end have not happened yet.
        plan.steps = [(name, at) for name, at in plan.steps if at <= builder.now]
        plans.append(plan)
    return plans


LA_STATUS_AFTER = {
    "start_review": "under_review",
    "redirect": "redirected",
    "withdraw": "withdrawn",
    "refuse": "refused",
    "grant": "granted",
    "assign": "assigned",
    "sign_engagement": "in_service",
    "terminate": "terminated",
    "file_closing_report": "closing_review",
    "close": "closed",
}
ORDER_RESULT = {
    "redirect": ResultCode.REFERRED,
    "withdraw": ResultCode.WITHDRAWN,
    "refuse": ResultCode.OTHER,
    "terminate": ResultCode.OTHER,
    "close": ResultCode.CONVERTED,
}


def _apply_case_steps(builder: _Builder, plan: _CasePlan) -> None:
    """Set the case's and its order's fields from its steps (before the rows are written)."""
    case, order = plan.case, plan.order_plan.order
    for name, at in plan.steps:
        if name in LA_STATUS_AFTER:
            case.status = LA_STATUS_AFTER[name]
        if name in ("grant", "refuse"):
            case.decided_at, case.decided_by = at, plan.reviewer
            case.decision_reasons = (
                "经审查，符合法律援助条件。" if name == "grant" else "经审查，申请人经济状况不符合法律援助条件。"
            )
        elif name == "assign":
            user, agency = builder.world.providers[builder.la_turn % len(builder.world.providers)]
            builder.la_turn += 1
            case.provider, case.provider_agency, case.assigned_at = user, agency, at
        elif name == "sign_engagement":
            case.engaged_at = at
        elif name == "file_closing_report":
            case.closing_report, case.closing_report_at = "案件已审结，受援人合法权益得到维护。", at
        elif name == "close":
            case.closed_at, case.subsidy_amount = at, Decimal("1500.00")
        if name in ORDER_RESULT:
            order.result_code, order.closed_at, order.status = ORDER_RESULT[name], at, WorkOrderStatus.CLOSED
            plan.order_plan.closed_at = at
            builder.after_close(plan.order_plan)
            if name == "close":
                builder.rate(plan.order_plan)


def _case_events(
    events: _Events, builder: _Builder, plan: _CasePlan, material_ids: dict[int, int], visit_ids: dict[int, int]
) -> None:
    from gongfa.legalaid.choices import ApplicationStatus as A

    case, order_plan = plan.case, plan.order_plan
    order = order_plan.order
    reviewer = plan.reviewer
    # submit_application: the work order (intake, dispatch, accepted and converted by the system),
    # then the case's own submit.
    _order_events(events, builder, order_plan)
    received = case.received_at
    events.step(
        order,
        "accept",
        received,
        WorkOrderStatus.ASSIGNED,
        WorkOrderStatus.IN_PROGRESS,
        reason="法律援助申请已由法律援助机构受理",
    )
    events.step(
        order, "convert", received, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.CONVERTED, data={"kind": "legal_aid"}
    )
    events.step(
        case,
        "submit",
        received,
        A.DRAFT,
        A.RECEIVED,
        actor=case.applicant,
        channel=Channel.PORTAL,
        data={"intake_channel": case.intake_channel, "green_channel": case.green_channel},
    )
    status: str = A.RECEIVED
    for name, at in plan.steps:
        target = LA_STATUS_AFTER.get(name, status)
        kwargs: dict[str, Any] = {"actor": reviewer, "channel": Channel.WORKBENCH}
        if name == "grant":
            kwargs.update(reason=case.decision_reasons, data={"proposal": case.proposal_outcome})
        elif name == "refuse":
            kwargs.update(reason=case.decision_reasons)
        elif name == "redirect":
            kwargs.update(reason="该事项应向被申请人所在地法律援助机构申请")
        elif name == "withdraw":
            kwargs = {
                "actor": case.applicant,
                "channel": Channel.PORTAL,
                "reason": "申请人撤回申请",
                "data": {"on_behalf_of_applicant": False},
            }
        elif name == "assign":
            kwargs.update(
                data={"provider": case.provider_id, "agency": case.provider_agency_id, "chosen_by_applicant": False}
            )
        elif name == "sign_engagement":
            kwargs["actor"] = case.provider
        elif name == "terminate":
            kwargs.update(reason="受援人另行委托律师，终止法律援助", data={"ground": case.termination_ground})
        elif name == "file_closing_report":
            kwargs["actor"] = case.provider
        elif name == "close":
            kwargs.update(data={"subsidy": str(case.subsidy_amount)})
        if name == "material":
            events.add(
                case,
                "legalaid.material_filed",
                at,
                actor=case.provider,
                channel=Channel.WORKBENCH,
                data={"material": material_ids.get(case.pk), "kind": "case_materials", "in_reply_to_supplement": False},
            )
            continue
        if name == "return_visit":
            events.add(
                case,
                "legalaid.return_visit",
                at,
                actor=reviewer,
                channel=Channel.WORKBENCH,
                data={"visit": visit_ids.get(case.pk), "method": "phone", "satisfied": True},
            )
            continue
        events.step(case, name, at, status, target, **kwargs)
        status = target
        if name in ORDER_RESULT:
            _close_events(
                events, builder, order_plan, actor=None, channel=Channel.SYSTEM, from_status=WorkOrderStatus.CONVERTED
            )
            if name == "close":
                _rating_events(events, builder, order_plan)


# ---------------------------------------------------------------------------------------------
# Work-order events, as the services record them.
# ---------------------------------------------------------------------------------------------
def _order_events(events: _Events, builder: _Builder, plan: _OrderPlan) -> None:
    order = plan.order
    S = WorkOrderStatus
    desk = plan.desk or builder.world.centre
    data: dict[str, Any] = {"intake_point": desk.pk}
    if order.external_ref:
        data["external_ref"] = order.external_ref
    events.add(
        order,
        "workorders.workorder.submit",
        order.created_at,
        actor=plan.submit_actor,
        channel=order.channel,
        to_status=S.NEW,
        reason=order.topic_reason,
        data=data,
    )
    person = order.owner_user
    events.step(
        order,
        "dispatch",
        order.assigned_at or order.created_at,
        S.NEW,
        S.ASSIGNED,
        actor=None,
        channel=plan.dispatch_channel,
        reason=plan.dispatch_reason,
        data={
            "from": desk.name,
            "to": plan.place.name,
            "to_person": person.pk if person else None,
            "why": plan.dispatch_reason,
        },
    )
    if plan.legal_aid or plan.accepted_at is None:
        return
    events.step(order, "accept", plan.accepted_at, S.ASSIGNED, S.IN_PROGRESS, actor=person, channel=Channel.WORKBENCH)
    for called_at, outcome in plan.callbacks:
        events.add(
            order,
            "workorders.workorder.callback",
            called_at,
            actor=person,
            channel=Channel.WORKBENCH,
            reason=str(CallbackOutcome(outcome).label),
            data={"outcome": str(outcome), "notes": ""},
        )
    if plan.answered_at is None:
        return
    events.step(order, "answer", plan.answered_at, S.IN_PROGRESS, S.ANSWERED, actor=person, channel=Channel.WORKBENCH)
    _close_events(events, builder, plan, actor=person, channel=Channel.WORKBENCH, from_status=S.ANSWERED)
    _rating_events(events, builder, plan)


def _close_events(
    events: _Events, builder: _Builder, plan: _OrderPlan, *, actor: User | None, channel: str, from_status: str
) -> None:
    order = plan.order
    assert order.closed_at is not None
    events.step(
        order,
        "close",
        order.closed_at,
        from_status,
        WorkOrderStatus.CLOSED,
        actor=actor,
        channel=channel,
        data={"result_code": str(order.result_code)},
    )
    if plan.sampled_visit is None:
        return
    supervisor = plan.supervisor
    due = builder.sample_visit_due(order.closed_at)
    events.add(
        order,
        "workorders.return_visit_sampled",
        order.closed_at,
        reason=f"办结工单按 {builder.sample_percent}% 比例抽查回访",
        data={"assignee": supervisor.pk if supervisor else None, "deadline_text": f"{due:%Y-%m-%d}前"},
    )
    done = plan.sampled_visit[1]
    if done is not None and supervisor is not None:
        events.add(
            order,
            "workorders.return_visit_done",
            done,
            actor=supervisor,
            channel=Channel.WORKBENCH,
            reason=SAMPLE_VISIT_OUTCOME,
            data={"kind": ReturnVisitKind.SAMPLE.value},
        )


SAMPLE_VISIT_OUTCOME = "抽查回访：群众表示问题已得到解答"
BAD_VISIT_OUTCOME = "已回访群众，说明情况并致歉，群众表示理解"
RECTIFICATION_MEASURES = "已约谈承办人，重新解答并加强首次联系时限管理"


def _rating_events(events: _Events, builder: _Builder, plan: _OrderPlan) -> None:
    order = plan.order
    if plan.rated_at is None or order.rating is None:
        return
    events.add(
        order,
        "workorders.workorder.rate",
        plan.rated_at,
        actor=None if plan.rated_via_link else order.requester,
        channel=Channel.PORTAL,
        data={"rating": int(order.rating)},
    )
    if plan.follow_up is None or plan.rectify_due is None:
        return
    supervisor = plan.supervisor
    events.add(
        order,
        "workorders.return_visit_opened",
        plan.rated_at,
        reason="群众评价不满意，须回访并整改",
        data={"assignee": supervisor.pk if supervisor else None, "deadline_text": f"{builder.visit_hours} 小时内"},
    )
    events.add(
        order,
        "workorders.rectification_opened",
        plan.rated_at,
        reason="群众评价不满意，须整改",
        data={"responsible": order.owner_user_id, "deadline_text": plan.rectify_due.isoformat()},
    )
    visit_done, fixed = plan.follow_up
    if visit_done is not None and supervisor is not None:
        events.add(
            order,
            "workorders.return_visit_done",
            visit_done,
            actor=supervisor,
            channel=Channel.WORKBENCH,
            reason=BAD_VISIT_OUTCOME,
            data={"kind": ReturnVisitKind.DISSATISFIED.value},
        )
    if fixed is not None:
        events.add(
            order,
            "workorders.rectification_done",
            fixed,
            actor=order.owner_user,
            channel=Channel.WORKBENCH,
            reason=RECTIFICATION_MEASURES,
        )


def _order_tasks(builder: _Builder, plan: _OrderPlan) -> tuple[list[Any], list[Any], list[Any]]:
    """The order's call-back records, return visits and rectification (rows to insert)."""
    order = plan.order
    callbacks = [
        CallbackRecord(order=order, called_at=at, called_by=order.owner_user, outcome=outcome, notes="")
        for at, outcome in plan.callbacks
    ]
    visits: list[ReturnVisit] = []
    rectifications: list[Rectification] = []
    supervisor = plan.supervisor
    if plan.sampled_visit is not None and order.closed_at is not None:
        done = plan.sampled_visit[1] if supervisor is not None else None
        visits.append(
            ReturnVisit(
                order=order,
                kind=ReturnVisitKind.SAMPLE,
                assignee=supervisor,
                due_at=builder.sample_visit_due(order.closed_at),
                status=TaskStatus.DONE if done else TaskStatus.OPEN,
                outcome=SAMPLE_VISIT_OUTCOME if done else "",
                done_at=done,
                done_by=supervisor if done else None,
                created_at=order.closed_at,
            )
        )
    if plan.follow_up is not None and plan.rated_at is not None and plan.rectify_due is not None:
        visit_done, fixed = plan.follow_up
        visit_done = visit_done if supervisor is not None else None
        visits.append(
            ReturnVisit(
                order=order,
                kind=ReturnVisitKind.DISSATISFIED,
                assignee=supervisor,
                due_at=plan.rated_at + datetime.timedelta(hours=builder.visit_hours),
                status=TaskStatus.DONE if visit_done else TaskStatus.OPEN,
                outcome=BAD_VISIT_OUTCOME if visit_done else "",
                done_at=visit_done,
                done_by=supervisor if visit_done else None,
                created_at=plan.rated_at,
            )
        )
        rectifications.append(
            Rectification(
                order=order,
                responsible_user=order.owner_user,
                responsible_point=order.owner_point,
                due_on=plan.rectify_due,
                status=TaskStatus.DONE if fixed else TaskStatus.OPEN,
                measures=RECTIFICATION_MEASURES if fixed else "",
                completed_at=fixed,
                created_at=plan.rated_at,
            )
        )
    return callbacks, visits, rectifications


# ---------------------------------------------------------------------------------------------
# Writing it all.
# ---------------------------------------------------------------------------------------------
def has_history(county_code: str, last: datetime.date) -> bool:
    from gongfa.performance.periods import day_end

    prefix = county_code[:6]
    return WorkOrder.objects.filter(region_code__startswith=prefix, created_at__lt=day_end(last)).exists()


def _bulk(model: Any, rows: list[Any], batch_size: int = 1000) -> None:
    if rows:
        model._default_manager.bulk_create(rows, batch_size=batch_size)


def seed_history(
    seed: int,
    county_code: str,
    start: datetime.date,
    *,
    orders: int = DEFAULT_HISTORY_ORDERS,
    legal_aid: int = DEFAULT_LEGAL_AID_CASES,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> HistoryResult:
    """Seed the year before `start` for the county (skipped when it is there already)."""

    # Bulk statements of thousands of rows: with DEBUG on (make run) Django would also format each
    # one's parameters for its query log, which takes longer than the inserts themselves.
    with override_settings(DEBUG=False):
        return _seed_history(
            seed, county_code, start, orders=orders, legal_aid=legal_aid, progress=progress, today=today
        )


def _seed_history(
    seed: int,
    county_code: str,
    start: datetime.date,
    *,
    orders: int,
    legal_aid: int,
    progress: Progress | None,
    today: datetime.date | None,
) -> HistoryResult:
    from gongfa.performance import rollup
    from gongfa.performance.registry import EPOCH
    from gongfa.workorders.search import build_search_text

    say = progress or (lambda message: None)
    result = HistoryResult()
    first, last = history_bounds(start, today)
    if has_history(county_code, last):
        result.skipped = True
        say("历史数据：已存在，跳过")
        return result
    world = _load_world(county_code)
    if world is None:
        say("历史数据：找不到演示县或其服务中心，跳过")
        result.skipped = True
        return result
    builder = _Builder(seed, world, first, last)
    builder.build_orders(orders)
    cases = _build_cases(builder, legal_aid)
    for case_plan in cases:
        _apply_case_steps(builder, case_plan)
    plans = sorted(builder.plans, key=lambda p: (p.order.created_at, p.order.tracking_number))
    for plan in plans:
        plan.order.search_text = build_search_text(plan.order)
    with transaction.atomic():
        _bulk(WorkOrder, [plan.order for plan in plans])
        _write_sequences(builder)
        material_ids, visit_ids = _write_cases(builder, cases)
        callbacks: list[Any] = []
        visits: list[Any] = []
        rectifications: list[Any] = []
        for plan in plans:
            more = _order_tasks(builder, plan)
            callbacks += more[0]
            visits += more[1]
            rectifications += more[2]
        _bulk(CallbackRecord, callbacks)
        _bulk(ReturnVisit, visits)
        _bulk(Rectification, rectifications)
        events = _Events()
        case_orders = {id(plan.order_plan) for plan in cases}
        for plan in plans:
            if id(plan) not in case_orders:
                _order_events(events, builder, plan)
        for case_plan in cases:
            _case_events(events, builder, case_plan, material_ids, visit_ids)
        events.rows.sort(key=lambda event: event.occurred_at)
        _bulk(Event, events.rows, batch_size=2000)
        result.orders = len(plans)
        result.legal_aid = len(cases)
        result.events = len(events.rows)
        say(
            f"历史数据：{first} 至 {last}，工单 {len(plans):,} 张（含法律援助 {len(cases)} 件），"
            f"事件 {len(events.rows):,} 条"
        )
        result.profiles = seed_point_profiles(world)
        # From the registry's EPOCH, not `first`: villages and points count from EPOCH (stock
        # measures), and make run has no beat to sweep them in later.
        result.facts = rollup.rebuild(EPOCH, last)
        say(
            f"历史数据：统计重算完成（{', '.join(f'{k} {v:,}' for k, v in result.facts.items())}）；"
            f"服务平台建设情况 {result.profiles} 个"
        )
        supervisor = _county_supervisor(world)
        if supervisor is not None:
            result.targets = seed_targets(world, year=last.year, actor=supervisor, last=last)
        managed = result.management = seed_management(seed, world, first, last, today or timezone.localdate())
    # Committed: the notices of the reports' past steps were sent (when tasks run at once, as in
    # `make run`); those of reports long accepted are history, read.
    file_report_notices(first, last)
    from gongfa.performance.choices import ReportStatus

    reports = "、".join(f"{ReportStatus(k).label} {v}" for k, v in sorted(managed.reports.items()))
    say(
        f"历史数据：年度目标 {result.targets} 项；月报 {sum(managed.reports.values())} 份（{reports or '无'}）、"
        f"通报 {managed.bulletins} 份、绩效考评 {managed.evaluations} 次、检查评分 {managed.inspections} 次"
    )
    return result


def _write_sequences(builder: _Builder) -> None:
    existing = {row.day: row for row in TrackingSequence.objects.filter(day__in=list(builder.sequence))}
    new = []
    for day, count in builder.sequence.items():
        row = existing.get(day)
        if row is None:
            new.append(TrackingSequence(day=day, last_value=count))
        elif row.last_value < count:
            TrackingSequence.objects.filter(pk=row.pk).update(last_value=count)
    _bulk(TrackingSequence, new)


NOTICE_FOR_STEP = {"grant": "grant", "refuse": "refusal", "assign": "assignment", "terminate": "termination"}
CLOSING_DOCUMENT = "demo/history/closing-judgment.pdf"
# A minimal one-page PDF standing in for the copies of the judgments filed at closing.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _write_cases(builder: _Builder, cases: list[_CasePlan]) -> tuple[dict[int, int], dict[int, int]]:
    """The cases (numbered), their links to their orders, notices, closing documents and return
    visits; returns the material and visit ids by case id (for the events)."""
    from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, Material, NoticeSequence
    from gongfa.legalaid.models import ReturnVisit as CaseVisit
    from gongfa.legalaid.services.common import NOTICE_PREFIX

    if not cases:
        return {}, {}
    for plan in cases:
        plan.case.work_order = plan.order_plan.order
        plan.case.green_channel = False
    _bulk(LegalAidApplication, [plan.case for plan in cases])
    for plan in cases:
        plan.case.number = f"FY{timezone.localdate(plan.case.received_at):%Y}{plan.case.pk:07d}"
    LegalAidApplication.objects.bulk_update([plan.case for plan in cases], ["number"], batch_size=1000)
    case_type = ContentType.objects.get_for_model(LegalAidApplication)
    _bulk(
        CaseLink,
        [CaseLink(order=plan.order_plan.order, case_type=case_type, case_id=str(plan.case.pk)) for plan in cases],
    )
    counters: dict[tuple[int, str], int] = {
        (row.year, row.kind): row.last_value for row in NoticeSequence.objects.all()
    }
    notices = []
    for plan in cases:
        case = plan.case
        for name, at in plan.steps:
            kind = NOTICE_FOR_STEP.get(name)
            if kind is None:
                continue
            year = timezone.localdate(at).year
            counters[(year, kind)] = counters.get((year, kind), 0) + 1
            number = f"法援{NOTICE_PREFIX[LegalAidNotice.Kind(kind)]}〔{year}〕{counters[(year, kind)]}号"
            body: dict[str, Any] = {
                "case_number": case.number,
                "applicant": case.applicant_name,
                "matter": case.matter_name,
            }
            if name == "assign" and case.provider is not None:
                body.update(provider=case.provider.display_name, provider_agency=case.provider_agency.name)
            notices.append(
                LegalAidNotice(
                    application=case,
                    kind=kind,
                    number=number,
                    body=body,
                    issued_at=at,
                    issued_by=plan.reviewer,
                )
            )
    _bulk(LegalAidNotice, notices)
    for (year, kind), value in counters.items():
        NoticeSequence.objects.update_or_create(year=year, kind=kind, defaults={"last_value": value})
    materials: list[Any] = []
    visits: list[Any] = []
    closing = [plan for plan in cases if any(name == "material" for name, _ in plan.steps)]
    if closing and not default_storage.exists(CLOSING_DOCUMENT):
        default_storage.save(CLOSING_DOCUMENT, ContentFile(_PDF))
    for plan in cases:
        for name, at in plan.steps:
            if name == "material":
                material = Material(
                    application=plan.case,
                    kind="case_materials",
                    original_name="判决书副本.pdf",
                    content_type="application/pdf",
                    size=len(_PDF),
                    uploaded_by=plan.case.provider,
                    uploaded_at=at,
                )
                material.file.name = CLOSING_DOCUMENT
                materials.append(material)
            elif name == "return_visit":
                visits.append(
                    CaseVisit(
                        application=plan.case,
                        visitor=plan.reviewer,
                        visited_at=at,
                        method="phone",
                        satisfied=True,
                        opinion="对承办律师的工作满意",
                        created_at=at,
                    )
                )
    _bulk(Material, materials)
    _bulk(CaseVisit, visits)
    return (
        {material.application_id: material.pk for material in materials},
        {visit.application_id: visit.pk for visit in visits},
    )


# ---------------------------------------------------------------------------------------------
# Point profiles and the year's targets.
# ---------------------------------------------------------------------------------------------
SIGNAGE_ITEMS = ("name", "logo", "layout", "content", "workflow", "rules")


def seed_point_profiles(world: _World) -> int:
    """Profiles (平台建设情况) for the county centre and its stations; existing ones are kept."""
    from gongfa.performance.models import PointProfile

    points = [
        world.centre,
        *[
            p
            for r in world.townships
            for t, p in world.points_by_region.get(r.pk, {}).items()
            if t == PointTier.STATION
        ],
    ]
    have = set(PointProfile.objects.filter(point__in=points).values_list("point_id", flat=True))
    rng = random.Random(f"{world.county.code}/profiles")
    rows = []
    for point in points:
        if point.pk in have:
            continue
        centre = point.tier == PointTier.CENTRE
        rows.append(
            PointProfile(
                point=point,
                floor_area_m2=Decimal(rng.choice((320, 360, 420))) if centre else Decimal(rng.randrange(40, 130, 5)),
                street_level=centre or rng.random() < 0.7,
                posts=["综合受理窗口", "法律援助窗口", "人民调解室", "公证服务窗口", "12348热线席位"]
                if centre
                else ["综合服务窗口", "人民调解室"],
                weekly_hours=Decimal("45.0") if centre else Decimal(rng.choice(("40.0", "40.0", "35.0"))),
                signage={item: centre or rng.random() < 0.85 for item in SIGNAGE_ITEMS},
            )
        )
    _bulk(PointProfile, rows)
    created = {p.point_id: p for p in PointProfile.objects.filter(point=world.centre)}
    profile = created.get(world.centre.pk)
    if profile is not None and world.centre.pk not in have:
        profile.stationed_agencies.set(Agency.objects.filter(point=world.centre))
    return len(rows)


# ---------------------------------------------------------------------------------------------
# The management records, through the performance services (they check and write the audit
# events): the year's targets, the monthly reports and bulletins, an evaluation, two inspections.
# The services stamp the present; run as of a moment of the history, the events they wrote (and
# the records' own times) are dated then, as the history's other events are.
# ---------------------------------------------------------------------------------------------
T = TypeVar("T")


def _dated(moment: datetime.datetime, call: Callable[[], T]) -> T:
    mark = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = call()
    Event.objects.filter(pk__gt=mark).update(occurred_at=moment)
    return result


def _county_supervisor(world: _World) -> User | None:
    return world.supervisors[0] if world.supervisors else None


def _city_supervisor(world: _World) -> User | None:
    """A supervisor posted at the county's parent (the city bureau: the `city` demo account)."""
    city = world.county.parent_id
    posting = (
        StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, user__is_active=True)
        .filter(Q(agency__region_id=city) | Q(point__region_id=city))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return posting.user if posting is not None else None


# Year targets for the county, split among its townships by weight (their village counts), with a
# quarterly schedule (%); la_received follows Yunnan's (惠民工程: Q1 10 %, Q2 50 %, Q3 40 %, Q4 0).
TARGETS: tuple[tuple[str, int, tuple[int, int, int, int]], ...] = (
    ("la_received", 200, (10, 50, 40, 0)),
    ("wo_received", 3800, (25, 25, 25, 25)),
)
# Rates: the county's own target, not split (a rate's parts would each be typed).
RATE_TARGETS: tuple[tuple[str, str], ...] = (("wo_satisfaction_rate", "95"), ("wo_close_on_time_rate", "95"))
TARGET_SOURCE = "青山县司法局《关于下达年度公共法律服务目标任务的通知》（演示数据）"


def seed_targets(world: _World, *, year: int, actor: User, last: datetime.date) -> int:
    """The county's year targets through the target services (set, split by weight, scheduled), as
    set in January by the county supervisor. Only for indicators that exist; existing targets are
    kept. Returns how many targets (the parts included) were made."""
    from gongfa.performance.choices import MilestonePeriod, SplitMethod
    from gongfa.performance.models import Indicator, Target
    from gongfa.performance.services.targets import set_schedule, set_target, split_target

    codes = [code for code, _, _ in TARGETS] + [code for code, _ in RATE_TARGETS]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}
    have = set(
        Target.objects.filter(region=world.county, year=year, indicator__code__in=codes).values_list(
            "indicator__code", flat=True
        )
    )
    villages_of = Counter(v.parent_id for v in world.villages)
    weights: list[tuple[Region, Decimal | None]] = [
        (township, Decimal(villages_of[township.pk] or 1)) for township in world.townships
    ]
    moment = _aware(max(min(datetime.date(year, 1, 12), last), datetime.date(year, 1, 1)), 10.0)
    made: list[int] = []
    for code, value, schedule in TARGETS:
        indicator = indicators.get(code)
        if indicator is None or code in have:
            continue
        target = _dated(
            moment,
            partial(
                set_target,
                actor=actor,
                indicator=indicator,
                region=world.county,
                year=year,
                value=Decimal(value),
                source_document=TARGET_SOURCE,
            ),
        )
        parts = _dated(
            moment + datetime.timedelta(minutes=20),
            partial(split_target, actor=actor, target=target, parts=weights, method=SplitMethod.WEIGHTED),
        )
        _dated(
            moment + datetime.timedelta(minutes=30),
            partial(
                set_schedule,
                actor=actor,
                target=target,
                period=MilestonePeriod.QUARTER,
                shares=[Decimal(share) for share in schedule],
            ),
        )
        made += [target.pk, *(part.pk for part in parts)]
    for code, rate in RATE_TARGETS:
        indicator = indicators.get(code)
        if indicator is None or code in have:
            continue
        target = _dated(
            moment + datetime.timedelta(minutes=40),
            partial(
                set_target,
                actor=actor,
                indicator=indicator,
                region=world.county,
                year=year,
                value=Decimal(rate),
                source_document=TARGET_SOURCE,
            ),
        )
        made.append(target.pk)
    Target.objects.filter(pk__in=made).update(set_at=moment)
    return len(made)


@dataclass
class ManagementResult:
    reports: dict[str, int] = field(default_factory=dict)  # status -> count
    bulletins: int = 0
    evaluations: int = 0
    inspections: int = 0


def seed_management(
    seed: int, world: _World, first: datetime.date, last: datetime.date, today: datetime.date
) -> ManagementResult:
    """The monthly reports, the bulletins, the evaluation and the inspections (each skipped when
    there already)."""
    result = ManagementResult()
    county = _county_supervisor(world)
    if county is None:
        return result
    city = _city_supervisor(world)
    rng = random.Random(f"{seed}/management")
    months = complete_months(first, last)
    result.reports = seed_reports(world, county, city, months, last, today, rng)
    if months:
        result.bulletins = seed_bulletins(world, county, city, months[-1], last, today)
    result.evaluations = seed_evaluation(world, county, first, last, rng)
    result.inspections = seed_inspections(world, city or county, first, last)
    return result


def complete_months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the history's months that ended by its last day."""
    from gongfa.performance.periods import add_months, month_end

    months = []
    month = first.replace(day=1)
    while month_end(month) <= last:
        if month >= first:
            months.append(month)
        month = add_months(month, 1)
    return months


REPORT_TEMPLATE = "workorder-legalaid-monthly"
FUNDS_ROW = "la_funds_spent"
RETURN_REASON = "“法律援助经费支出”应以万元为单位填报，与财务报表数不一致，请核实后重新报送。"


def _office(day: datetime.date, rng: random.Random, last: datetime.date) -> datetime.datetime:
    """An office hour of `day`, never after the history's last day."""
    return _aware(min(day, last), rng.uniform(9.0, 17.0))


def seed_reports(
    world: _World,
    county: User,
    city: User | None,
    months: list[datetime.date],
    last: datetime.date,
    today: datetime.date,
    rng: random.Random,
) -> dict[str, int]:
    """The county's monthly reports (工单与法律援助月报) through the report services: each past
    month generated, its typed cell filled, submitted by the due day and accepted by the city; one
    month submitted late, one returned (the funds typed in the wrong unit) then fixed and
    resubmitted. The last complete month stays a draft for the supervisor to try the flow."""
    from gongfa.performance.models import MonthlyReport, ReportCell, ReportTemplate
    from gongfa.performance.services import reports

    template = ReportTemplate.objects.filter(code=REPORT_TEMPLATE, is_active=True).first()
    if template is None or not months:
        return {}
    done = set(
        MonthlyReport.objects.filter(template=template, region=world.county, month__in=months).values_list(
            "month", flat=True
        )
    )
    past = months[:-1]
    late = past[len(past) // 3] if past else None
    returned = past[2 * len(past) // 3] if len(past) > 1 else None
    day = datetime.timedelta(days=1)
    for month in months:
        if month in done:
            continue
        due = reports.due_date(world.county, month)
        generated = _office(due - 9 * day, rng, last)
        report = _dated(generated, partial(reports.generate_report, county, template, world.county, month, today=today))
        MonthlyReport.objects.filter(pk=report.pk).update(generated_at=generated)
        ReportCell.objects.filter(report=report).update(updated_at=generated)
        if month == months[-1]:
            continue  # the last complete month: a draft
        closed = ReportCell.objects.filter(report=report, row__code="la_closed").values_list(
            "value", flat=True
        ).first() or Decimal(0)
        funds = (Decimal(closed) * Decimal("0.32") + Decimal(rng.randrange(80, 260)) / 100).quantize(Decimal("0.01"))
        typed = funds * 10 if month == returned else funds
        edited = generated + datetime.timedelta(minutes=25)
        _dated(edited, partial(reports.save_typed_cells, county, report, {FUNDS_ROW: str(typed)}))
        ReportCell.objects.filter(report=report, row__code=FUNDS_ROW).update(updated_at=edited)
        submit_day = due + 3 * day if month == late else due - rng.randint(1, 6) * day
        submitted = _office(submit_day, rng, last)
        report = _dated(submitted, partial(reports.submit_report, county, report, now=submitted))
        if city is None:
            continue
        if month == returned:
            back = _office(submit_day + day, rng, last)
            report = _dated(back, partial(reports.return_report, city, report, RETURN_REASON))
            MonthlyReport.objects.filter(pk=report.pk).update(decided_at=back)
            fixed = back + datetime.timedelta(hours=2)
            _dated(fixed, partial(reports.save_typed_cells, county, report, {FUNDS_ROW: str(funds)}))
            ReportCell.objects.filter(report=report, row__code=FUNDS_ROW).update(updated_at=fixed)
            submitted = fixed + datetime.timedelta(minutes=10)
            report = _dated(submitted, partial(reports.submit_report, county, report, now=submitted))
        accepted = _office(timezone.localdate(submitted) + rng.randint(1, 3) * day, rng, last)
        accepted = max(accepted, submitted + datetime.timedelta(minutes=30))
        report = _dated(accepted, partial(reports.accept_report, city, report))
        MonthlyReport.objects.filter(pk=report.pk).update(decided_at=accepted)
    return dict(
        Counter(
            MonthlyReport.objects.filter(template=template, region=world.county, month__in=months).values_list(
                "status", flat=True
            )
        )
    )


def file_report_notices(first: datetime.date, last: datetime.date) -> int:
    """Mark read (notifications.services.mark_read) the notices of the history's accepted reports."""
    from django.urls import reverse

    from gongfa.notifications.models import Notification
    from gongfa.notifications.services import mark_read
    from gongfa.performance.choices import ReportStatus
    from gongfa.performance.models import MonthlyReport

    accepted = MonthlyReport.objects.filter(status=ReportStatus.ACCEPTED, month__range=(first, last))
    links = [reverse("workbench:perf_report", args=[pk]) for pk in accepted.values_list("pk", flat=True)]
    unread: dict[int, list[int]] = defaultdict(list)
    for pk, recipient in Notification.objects.filter(link__in=links, read_at__isnull=True).values_list(
        "pk", "recipient_id"
    ):
        unread[recipient].append(pk)
    return sum(mark_read(user, unread[user.pk]) for user in User.objects.filter(pk__in=list(unread)))


BULLETIN_INDICATORS = ("wo_received", "wo_close_on_time_rate", "wo_satisfaction_rate", "la_received")


def seed_bulletins(
    world: _World, county: User, city: User | None, month: datetime.date, last: datetime.date, today: datetime.date
) -> int:
    """The last complete month's bulletins (通报): the city's ranking its counties, the county's
    ranking its townships."""
    from gongfa.performance.models import Bulletin, Indicator
    from gongfa.performance.periods import month_end
    from gongfa.performance.services.reports import issue_bulletin

    end = month_end(month)
    codes = list(Indicator.objects.filter(code__in=BULLETIN_INDICATORS, is_active=True).values_list("code", flat=True))
    codes = [code for code in BULLETIN_INDICATORS if code in codes]
    if not codes:
        return 0
    made = 0
    issuers = [(county, world.county)]
    if city is not None and world.county.parent is not None:
        issuers.insert(0, (city, world.county.parent))
    for hours, (actor, region) in enumerate(issuers):
        if Bulletin.objects.filter(region=region, period_start=month, period_end=end).exists():
            continue
        issued = _aware(min(end + datetime.timedelta(days=2), last), 10.0 + hours)
        bulletin = _dated(issued, partial(issue_bulletin, actor, region, month, end, codes, today=today))
        Bulletin.objects.filter(pk=bulletin.pk).update(issued_at=issued)
        made += 1
    return made


EVALUATION_SCHEME = "service_points"


def seed_evaluation(world: _World, actor: User, first: datetime.date, last: datetime.date, rng: random.Random) -> int:
    """Last quarter's evaluation of the county's service points (service_points scheme), with the
    centre's and the stations' self-assessment and third-party scores typed, then finalised."""
    from gongfa.performance.choices import EvaluationComponent
    from gongfa.performance.models import EvaluationInput, EvaluationResult, EvaluationRun, EvaluationScheme
    from gongfa.performance.periods import add_months, month_end
    from gongfa.performance.services.evaluation import (
        enter_scores,
        finalise_run,
        run_evaluation,
        score_field,
        typed_items,
    )

    scheme = EvaluationScheme.objects.filter(code=EVALUATION_SCHEME, is_active=True).first()
    if scheme is None:
        return 0
    quarter = datetime.date(last.year, (last.month - 1) // 3 * 3 + 1, 1)
    if month_end(add_months(quarter, 2)) > last:
        quarter = add_months(quarter, -3)
    start, end = quarter, month_end(add_months(quarter, 2))
    if start < first or EvaluationRun.objects.filter(scheme=scheme, region=world.county, period_start=start).exists():
        return 0
    day = datetime.timedelta(days=1)
    created = _aware(min(end + 10 * day, last), 9.5)
    run = _dated(created, partial(run_evaluation, actor, scheme, world.county, start, end))
    stations = [world.points_by_region.get(t.pk, {}).get(PointTier.STATION) for t in world.townships]
    points = [world.centre, *(p for p in stations if p is not None)]
    ranges = {EvaluationComponent.SELF: (170, 198), EvaluationComponent.THIRD_PARTY: (150, 190)}  # half points
    scores = {
        score_field(item.pk, point.pk): str(Decimal(rng.randrange(*ranges[EvaluationComponent(item.component)])) / 2)
        for item in typed_items(run)
        for point in points
    }
    entered = _aware(min(end + 18 * day, last), 15.0)
    _dated(entered, partial(enter_scores, actor, run, scores, note="各平台自评表；第三方评估机构季度评估报告"))
    finalised = _aware(min(end + 20 * day, last), 16.0)
    run = _dated(finalised, partial(finalise_run, actor, run))
    EvaluationRun.objects.filter(pk=run.pk).update(created_at=created, finalised_at=finalised)
    EvaluationInput.objects.filter(run=run).update(entered_at=entered)
    EvaluationResult.objects.filter(run=run).update(computed_at=finalised)
    return 1


SCORING_SHEET = "centre_standard_100"
INSPECTORS = "江南市司法局公共法律服务管理处检查组（演示数据）"
# The open inspection's items below full points (score, reason): each opens a rectification.
OPEN_DEDUCTIONS: dict[str, tuple[str, str]] = {
    "door_plate": ("1", "门头标牌夜间无照明，不易识别"),
    "training": ("2", "本年度仅组织业务培训1次，少于2次"),
    "publicity": ("4", "第三季度法治宣传活动无照片和签到记录"),
}
# The covert inspection's scores entered so far (a draft).
COVERT_SCORES: dict[str, tuple[str, str]] = {
    "dress_badge": ("2", "暗访时一名窗口人员未佩戴工作牌"),
    "one_window": ("3", ""),
    "public_notice": ("2", ""),
}


def seed_inspections(world: _World, actor: User, first: datetime.date, last: datetime.date) -> int:
    """The county centre's inspections against the 100-point sheet, by the city: an open one on
    site, finalised (its lost points open rectifications), and a covert one still being scored.
    (The sheet is for centres only, so the covert visit is to the centre as well.) Recent, so dated
    as they are entered."""
    from gongfa.performance.choices import InspectionMode, InspectionVenue, SiteLevel
    from gongfa.performance.models import ScoringItem, ScoringSheet, SiteInspection
    from gongfa.performance.services.scoring import create_inspection, finalise_inspection, record_scores

    sheet = ScoringSheet.objects.filter(code=SCORING_SHEET, is_active=True).first()
    point = world.centre
    if sheet is None or (sheet.tiers and point.tier not in sheet.tiers):
        return 0
    if SiteInspection.objects.filter(sheet=sheet, point=point).exists():
        return 0
    typed = list(
        ScoringItem.objects.filter(category__sheet=sheet, computed_by="")
        .order_by("category__order", "order")
        .values_list("code", "points")
    )
    opened = create_inspection(
        point=point,
        sheet=sheet,
        actor=actor,
        site_level=SiteLevel.MUNICIPAL,
        mode=InspectionMode.OPEN,
        venue=InspectionVenue.ON_SITE,
        inspected_on=max(first, last - datetime.timedelta(days=9)),
        inspectors=INSPECTORS,
    )
    scores = {code: OPEN_DEDUCTIONS.get(code, (str(points), ""))[0] for code, points in typed}
    notes = {code: note for code, (_score, note) in OPEN_DEDUCTIONS.items()}
    record_scores(inspection=opened, actor=actor, scores=scores, notes=notes)
    finalise_inspection(inspection=opened, actor=actor)
    covert = create_inspection(
        point=point,
        sheet=sheet,
        actor=actor,
        site_level=SiteLevel.MUNICIPAL,
        mode=InspectionMode.COVERT,
        venue=InspectionVenue.ON_SITE,
        inspected_on=max(first, last - datetime.timedelta(days=2)),
        inspectors=INSPECTORS,
    )
    known = {code for code, _points in typed}
    record_scores(
        inspection=covert,
        actor=actor,
        scores={code: score for code, (score, _note) in COVERT_SCORES.items() if code in known},
        notes={code: note for code, (_score, note) in COVERT_SCORES.items() if code in known and note},
    )
    return 2
