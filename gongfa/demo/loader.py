"""Write a demo plan (gongfa.demo.generator) to the database, idempotently.

Every row has a natural key — region code, (region, tier) for a point, (region, name) for an
agency, username for staff, phone for citizens, (user, point, agency, role) for a posting,
(advisor, village) for an active advisor, (point, user, date, start) for a shift, (requester,
text) for a demo work order — and only rows whose key is missing are written. Nothing that exists
is updated, so a second run with the same seed changes nothing.

Bulk rows go in batches (`batch_size`, default 2,000) with one transaction per batch. Generated
users share ONE password hash computed once (hashing 100,000 passwords would take hours); the
named demo accounts get theirs through set_password. At the default size village advisors are
appointed through network.services.assign_village_advisor (so the ≤ 5 rule and its audit event
are exercised); at scale they are bulk-inserted, and the ≤ 5 rule is checked here first.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.crypto import blind_index
from gongfa.demo.generator import (
    ADVISOR_MAX_VILLAGES,
    CITY_SUPERVISOR,
    DEMO_CITIZEN_PHONES,
    DEMO_PASSWORD,
    ROLE_SLUG,
    AgencyPlan,
    Credential,
    PersonPlan,
    Plan,
    iter_citizens,
)
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import (
    AdvisorAssignment,
    Agency,
    DutyShift,
    Region,
    ServicePoint,
    StaffPosting,
    subtree_bounds,
)
from gongfa.network.services import assign_village_advisor
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, rate_work_order, submit_question

DEFAULT_BATCH_SIZE = 2000
# Up to this many villages, advisors are appointed one by one through the service.
SERVICE_PATH_MAX_VILLAGES = 300

Progress = Callable[[str], None]
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class DemoDataConflict(Exception):
    """The database holds demo data made with other parameters (another seed or size)."""


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _bulk(model: type[M], rows: Sequence[M], batch_size: int) -> int:
    """Insert rows in batches, one transaction per batch."""
    for chunk in _chunks(rows, batch_size):
        with transaction.atomic():
            model._default_manager.bulk_create(chunk, batch_size=batch_size)
    return len(rows)


@dataclass
class _Context:
    plan: Plan
    batch_size: int
    progress: Progress
    created: Counter[str]
    region_ids: dict[str, int]
    point_ids: dict[tuple[str, str], int]
    agency_ids: dict[str, int]
    user_ids: dict[str, int]
    _shared_hash: str = ""
    _unusable_hash: str = ""

    def shared_hash(self) -> str:
        if not self._shared_hash:
            self._shared_hash = make_password(DEMO_PASSWORD)
        return self._shared_hash

    def unusable_hash(self) -> str:
        if not self._unusable_hash:
            self._unusable_hash = make_password(None)
        return self._unusable_hash


def seed_database(
    plan: Plan,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    use_services: bool | None = None,
) -> Counter[str]:
    """Write the plan (and its citizens); return how many rows of each kind were created."""
    ctx = _Context(
        plan=plan,
        batch_size=batch_size,
        progress=progress or (lambda message: None),
        created=Counter(),
        region_ids={},
        point_ids={},
        agency_ids={},
        user_ids={},
    )
    if use_services is None:
        use_services = plan.villages <= SERVICE_PATH_MAX_VILLAGES
    _load_regions(ctx)
    _load_points(ctx)
    _load_agencies(ctx)
    _load_staff(ctx)
    _load_postings(ctx)
    _fill_directory(ctx)
    _load_advisors(ctx, use_services=use_services)
    _load_shifts(ctx)
    _load_citizens(ctx)
    _load_work_orders(ctx)
    _load_faq(ctx)
    _load_legal_aid(ctx)
    return ctx.created


# ---------------------------------------------------------------------------------------------
# Network.
# ---------------------------------------------------------------------------------------------
def _city_bounds(plan: Plan) -> tuple[str, str]:
    city = next(r for r in plan.regions if r.level == RegionLevel.CITY)
    return subtree_bounds(city.code, RegionLevel.CITY)


def _load_regions(ctx: _Context) -> None:
    plan = ctx.plan
    low, high = _city_bounds(plan)
    planned = {r.code: r for r in plan.regions}
    existing = dict(Region.objects.filter(code__range=(low, high)).values_list("code", "name"))
    renamed = [code for code, name in existing.items() if code in planned and planned[code].name != name]
    unknown = [code for code in existing if code not in planned]
    if renamed or unknown:
        example = (renamed or unknown)[0]
        raise DemoDataConflict(
            f"数据库中已有用其他参数（种子或规模）生成的演示数据：{len(renamed)} 个区划名称不同、"
            f"{len(unknown)} 个区划不在本次计划中（例如 {example} {existing[example]}）。"
            "请使用相同的 --seed/--villages 参数，或换一个空数据库。"
        )
    ctx.region_ids = dict(
        Region.objects.filter(code__in=[r.code for r in plan.regions if r.level < RegionLevel.CITY]).values_list(
            "code", "id"
        )
    )
    ctx.region_ids.update(Region.objects.filter(code__range=(low, high)).values_list("code", "id"))
    for level in RegionLevel:
        rows = [
            Region(
                code=r.code,
                name=r.name,
                level=r.level,
                parent_id=ctx.region_ids[r.parent_code] if r.parent_code else None,
                latitude=r.latitude,
                longitude=r.longitude,
                is_poverty_village=r.is_poverty_village,
            )
            for r in plan.regions
            if r.level == level and r.code not in ctx.region_ids
        ]
        if rows:
            ctx.created["区划"] += _bulk(Region, rows, ctx.batch_size)
            codes = [r.code for r in rows]
            for chunk in _chunks(codes, ctx.batch_size):
                ctx.region_ids.update(Region.objects.filter(code__in=chunk).values_list("code", "id"))
    ctx.progress(f"区划：{len(plan.regions):,} 个（新建 {ctx.created['区划']:,}）")


def _load_points(ctx: _Context) -> None:
    plan = ctx.plan
    low, high = _city_bounds(plan)
    code_of = {pk: code for code, pk in ctx.region_ids.items()}

    def refresh() -> None:
        ctx.point_ids = {
            (code_of[region_id], tier): pk
            for region_id, tier, pk in ServicePoint.objects.filter(region__code__range=(low, high)).values_list(
                "region_id", "tier", "pk"
            )
        }

    refresh()
    rows = [
        ServicePoint(
            name=p.name,
            tier=p.tier,
            region_id=ctx.region_ids[p.region_code],
            address=p.address,
            phone=p.phone,
            opening_hours=p.opening_hours,
            services=list(p.services),
            latitude=p.latitude,
            longitude=p.longitude,
            languages=list(p.languages),
            accessibility=p.accessibility,
            description=p.description,
        )
        for p in plan.points
        if p.ref not in ctx.point_ids
    ]
    if rows:
        ctx.created["服务点"] += _bulk(ServicePoint, rows, ctx.batch_size)
        refresh()
    ctx.progress(f"服务点：{len(plan.points):,} 个（新建 {ctx.created['服务点']:,}）")


def _load_agencies(ctx: _Context) -> None:
    plan = ctx.plan
    low, high = _city_bounds(plan)
    code_of = {pk: code for code, pk in ctx.region_ids.items()}

    def refresh() -> None:
        ctx.agency_ids = {
            f"{code_of[region_id]}:{name}": pk
            for region_id, name, pk in Agency.objects.filter(region__code__range=(low, high)).values_list(
                "region_id", "name", "pk"
            )
        }

    refresh()
    rows = [
        Agency(
            name=a.name,
            kind=a.kind,
            industry=a.industry,
            region_id=ctx.region_ids[a.region_code],
            point_id=ctx.point_ids[a.point] if a.point else None,
            address=a.address,
            phone=a.phone,
            licence_number=a.licence_number,
            **_agency_directory(a),
        )
        for a in plan.agencies
        if a.ref not in ctx.agency_ids
    ]
    if rows:
        ctx.created["机构"] += _bulk(Agency, rows, ctx.batch_size)
        refresh()
    ctx.progress(f"机构：{len(plan.agencies):,} 个（新建 {ctx.created['机构']:,}）")


AGENCY_DIRECTORY_FIELDS = (
    "latitude",
    "longitude",
    "services",
    "website",
    "languages",
    "accessibility",
    "description",
    "is_listed",
)


def _agency_directory(a: AgencyPlan) -> dict[str, Any]:
    fields = {
        "latitude": a.latitude,
        "longitude": a.longitude,
        "services": list(a.services),
        "website": a.website,
        "languages": list(a.languages),
        "accessibility": a.accessibility,
        "description": a.description,
        "is_listed": a.is_listed,
    }
    if a.opening_hours:
        fields["opening_hours"] = a.opening_hours
    return fields


def _fill_directory(ctx: _Context) -> None:
    """The directory's details for demo rows written before they were planned (a database seeded
    by an earlier version): only rows without coordinates are filled, so a second run changes
    nothing, and nothing a person entered is overwritten."""
    plan = ctx.plan
    regions = {r.code: r for r in plan.regions if r.latitude is not None}
    missing = list(Region.objects.filter(code__in=list(regions), latitude__isnull=True))
    if not missing:
        return
    for region in missing:
        region.latitude, region.longitude = regions[region.code].latitude, regions[region.code].longitude
    Region.objects.bulk_update(missing, ["latitude", "longitude"], batch_size=ctx.batch_size)
    point_plans = {ctx.point_ids[p.ref]: p for p in plan.points if p.ref in ctx.point_ids}
    points = list(ServicePoint.objects.filter(pk__in=list(point_plans), latitude__isnull=True))
    for point in points:
        p = point_plans[point.pk]
        point.latitude, point.longitude = p.latitude, p.longitude
        point.languages, point.accessibility, point.description = list(p.languages), p.accessibility, p.description
    ServicePoint.objects.bulk_update(
        points, ["latitude", "longitude", "languages", "accessibility", "description"], batch_size=ctx.batch_size
    )
    agency_plans = {ctx.agency_ids[a.ref]: a for a in plan.agencies if a.ref in ctx.agency_ids}
    agencies = list(Agency.objects.filter(pk__in=list(agency_plans), latitude__isnull=True))
    for agency in agencies:
        for name, value in _agency_directory(agency_plans[agency.pk]).items():
            setattr(agency, name, value)
    Agency.objects.bulk_update(
        agencies,
        [*AGENCY_DIRECTORY_FIELDS, "opening_hours"],
        batch_size=ctx.batch_size,
    )
    listed = {
        (ctx.user_ids[p.username], ctx.agency_ids[p.agency], p.role)
        for p in plan.postings
        if p.listed_publicly and p.agency and p.username in ctx.user_ids and p.agency in ctx.agency_ids
    }
    postings = [
        posting
        for posting in StaffPosting.objects.filter(
            agency_id__in=list(agency_plans), listed_publicly=False, is_active=True
        ).only("pk", "user_id", "agency_id", "role")
        if (posting.user_id, posting.agency_id, posting.role) in listed
    ]
    for posting in postings:
        posting.listed_publicly = True
    StaffPosting.objects.bulk_update(postings, ["listed_publicly"], batch_size=ctx.batch_size)
    ctx.progress(f"名录：补充 {len(missing):,} 个区划、{len(points):,} 个服务点、{len(agencies):,} 个机构的位置和介绍")


def _user_row(ctx: _Context, person: PersonPlan) -> User:
    user = User(
        username=person.username,
        real_name=person.real_name,
        role=person.role,
        phone=person.phone,
        id_number=person.id_number,
        elder_mode=person.elder_mode,
        is_staff=person.is_staff,
        is_superuser=person.is_superuser,
    )
    if person.credential == Credential.NAMED:
        user.set_password(DEMO_PASSWORD)
    elif person.credential == Credential.SHARED:
        user.password = ctx.shared_hash()
    else:
        user.password = ctx.unusable_hash()
    return user


def _insert_people(ctx: _Context, people: Sequence[PersonPlan], label: str) -> None:
    """Insert the people whose username (and, for citizens, phone) is not taken yet."""
    usernames = [p.username for p in people]
    taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    # Phones are encrypted: compare their blind indexes.
    citizen_hashes = {p.phone: blind_index(p.phone, "phone") for p in people if p.role == Role.CITIZEN}
    if citizen_hashes:
        taken_hashes = set(
            User.objects.filter(role=Role.CITIZEN, phone_hash__in=list(citizen_hashes.values())).values_list(
                "phone_hash", flat=True
            )
        )
    else:
        taken_hashes = set()
    rows = [
        _user_row(ctx, p)
        for p in people
        if p.username not in taken and not (p.role == Role.CITIZEN and citizen_hashes[p.phone] in taken_hashes)
    ]
    if rows:
        with transaction.atomic():
            User.objects.bulk_create(rows, batch_size=ctx.batch_size)
        ctx.created[label] += len(rows)


def _load_staff(ctx: _Context) -> None:
    plan = ctx.plan
    roles = {p.username: p.role for p in plan.staff}
    for names in _chunks(list(roles), ctx.batch_size):
        for username, role in User.objects.filter(username__in=names).values_list("username", "role"):
            if role != roles[username]:
                label = Role(role).label if role in Role.values else role
                raise DemoDataConflict(
                    f"用户名 {username} 已被另一个账号占用（角色：{label}），"
                    f"演示数据需要它作为“{Role(roles[username]).label}”。请换一个空数据库，或先把该账号改名。"
                )
    for chunk in _chunks(plan.staff, ctx.batch_size):
        _insert_people(ctx, chunk, "工作人员")
        ctx.user_ids.update(User.objects.filter(username__in=[p.username for p in chunk]).values_list("username", "pk"))
    ctx.progress(f"工作人员：{len(plan.staff):,} 人（新建 {ctx.created['工作人员']:,}）")


def _load_postings(ctx: _Context) -> None:
    plan = ctx.plan
    existing: set[tuple[int, int | None, int | None, str]] = set()
    for chunk in _chunks(list(ctx.user_ids.values()), ctx.batch_size):
        existing.update(
            StaffPosting.objects.filter(user_id__in=chunk).values_list("user_id", "point_id", "agency_id", "role")
        )
    rows = []
    for p in plan.postings:
        key = (
            ctx.user_ids[p.username],
            ctx.point_ids[p.point] if p.point else None,
            ctx.agency_ids[p.agency] if p.agency else None,
            p.role,
        )
        if key in existing:
            continue
        existing.add(key)
        rows.append(
            StaffPosting(
                user_id=key[0],
                point_id=key[1],
                agency_id=key[2],
                role=p.role,
                topics=list(p.topics),
                started_on=p.started_on,
                listed_publicly=p.listed_publicly,
            )
        )
    if rows:
        ctx.created["岗位"] += _bulk(StaffPosting, rows, ctx.batch_size)
    ctx.progress(f"岗位：{len(plan.postings):,} 个（新建 {ctx.created['岗位']:,}）")


def _load_advisors(ctx: _Context, *, use_services: bool) -> None:
    plan = ctx.plan
    advisor_ids = sorted({ctx.user_ids[a.username] for a in plan.advisors})
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(advisor_ids, ctx.batch_size):
        existing.update(
            AdvisorAssignment.objects.filter(advisor_id__in=chunk, is_active=True).values_list(
                "advisor_id", "village_id"
            )
        )
    missing = [a for a in plan.advisors if (ctx.user_ids[a.username], ctx.region_ids[a.village_code]) not in existing]
    if use_services:
        users = User.objects.in_bulk(list({ctx.user_ids[a.username] for a in missing}))
        villages = Region.objects.in_bulk(list({ctx.region_ids[a.village_code] for a in missing}))
        for a in missing:
            assign_village_advisor(
                advisor=users[ctx.user_ids[a.username]],
                village=villages[ctx.region_ids[a.village_code]],
                started_on=a.started_on,
            )
    else:
        load = Counter(advisor for advisor, _ in existing)
        load.update(ctx.user_ids[a.username] for a in missing)
        over = [pk for pk, count in load.items() if count > ADVISOR_MAX_VILLAGES]
        if over:
            raise DemoDataConflict(f"{len(over)} 名法律顾问将超过每人 {ADVISOR_MAX_VILLAGES} 个村(社区)的上限。")
        rows = [
            AdvisorAssignment(
                advisor_id=ctx.user_ids[a.username],
                village_id=ctx.region_ids[a.village_code],
                started_on=a.started_on,
            )
            for a in missing
        ]
        _bulk(AdvisorAssignment, rows, ctx.batch_size)
    ctx.created["村(居)法律顾问聘任"] += len(missing)
    ctx.progress(
        f"村(居)法律顾问聘任：{len(plan.advisors):,} 个（新建 {len(missing):,}，"
        f"{'逐个经 assign_village_advisor' if use_services else '批量写入'}）"
    )


def _load_shifts(ctx: _Context) -> None:
    plan = ctx.plan
    if not plan.shifts:
        return
    first = min(s.date for s in plan.shifts)
    last = max(s.date for s in plan.shifts)
    point_ids = sorted({ctx.point_ids[s.point] for s in plan.shifts})
    existing: set[tuple[int, int, datetime.date, datetime.time]] = set()
    for chunk in _chunks(point_ids, ctx.batch_size):
        existing.update(
            DutyShift.objects.filter(point_id__in=chunk, date__range=(first, last)).values_list(
                "point_id", "user_id", "date", "starts_at"
            )
        )
    rows = []
    for s in plan.shifts:
        key = (ctx.point_ids[s.point], ctx.user_ids[s.username], s.date, s.starts_at)
        if key in existing:
            continue
        existing.add(key)
        rows.append(
            DutyShift(
                point_id=key[0], user_id=key[1], date=s.date, starts_at=s.starts_at, ends_at=s.ends_at, note=s.note
            )
        )
    if rows:
        ctx.created["值班"] += _bulk(DutyShift, rows, ctx.batch_size)
    ctx.progress(f"值班：{len(plan.shifts):,} 班次（{first:%m-%d} 至 {last:%m-%d}，新建 {ctx.created['值班']:,}）")


def _load_citizens(ctx: _Context) -> None:
    plan = ctx.plan
    _insert_people(ctx, plan.demo_citizens, "群众")
    total = plan.generated_citizens
    done = 0
    step = max(ctx.batch_size, total // 10)
    next_report = step
    for chunk in _chunks(iter_citizens(plan.seed, total, plan), ctx.batch_size):
        _insert_people(ctx, chunk, "群众")
        done += len(chunk)
        if done >= next_report and done < total:
            ctx.progress(f"  群众账号 {done:,}/{total:,}")
            next_report += step
    ctx.progress(f"群众：{plan.citizens:,} 人（含 2 个演示账号，新建 {ctx.created['群众']:,}）")


# ---------------------------------------------------------------------------------------------
# Demo work orders, through the work-order services.
# ---------------------------------------------------------------------------------------------
def _answerer(order: WorkOrder) -> User | None:
    """Someone who may answer at the order's point: staff posted there, the village's advisor, the
    county's supervisor, or an administrator. The assigned handler first."""
    if order.owner_user is not None:
        return order.owner_user
    point = order.owner_point
    if point is None:
        return None
    posting = (
        StaffPosting.objects.filter(point=point, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if posting is not None:
        return posting.user
    if point.tier == PointTier.ROOM:
        assignment = (
            AdvisorAssignment.objects.filter(village_id=point.region_id, is_active=True, advisor__is_active=True)
            .select_related("advisor")
            .order_by("pk")
            .first()
        )
        if assignment is not None:
            return assignment.advisor
    county_code = order.region.code[:6].ljust(12, "0")
    supervisor = (
        StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, agency__region__code=county_code)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if supervisor is not None:
        return supervisor.user
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _load_work_orders(ctx: _Context) -> None:
    plan = ctx.plan
    if not plan.questions:
        return
    phones = {q.phone for q in plan.questions}
    hashes = [blind_index(phone, "phone") for phone in phones]
    requesters = {u.phone: u for u in User.objects.filter(role=Role.CITIZEN, phone_hash__in=hashes)}
    submitted = answered = rated = 0
    for question in plan.questions:
        requester = requesters[question.phone]
        order = WorkOrder.objects.filter(requester=requester, text=question.text).order_by("pk").first()
        if order is None:
            village = Region.objects.get(pk=ctx.region_ids[question.village_code])
            order = submit_question(requester=requester, village=village, text=question.text)
            submitted += 1
        if question.answer and order.status in (WorkOrderStatus.NEW, WorkOrderStatus.ASSIGNED):
            actor = _answerer(order)
            if actor is not None:
                # Rated questions were answered and closed on the spot; the others wait for closing.
                close_with = ResultCode.ANSWERED if question.rating else ""
                order = answer_work_order(order=order, actor=actor, answer=question.answer, close_with=close_with)
                answered += 1
        if question.rating and order.status == WorkOrderStatus.CLOSED and order.rating is None:
            rate_work_order(order=order, actor=requester, rating=question.rating, comment=question.rating_comment)
            rated += 1
    ctx.created["工单"] += submitted
    ctx.progress(f"演示工单：{len(plan.questions)} 张（新提交 {submitted}，新答复 {answered}，新评价 {rated}）")


def _load_faq(ctx: _Context) -> None:
    """The starter knowledge base (knowledge/data/starter/*.json), published, each entry linked to
    the articles it rests on — so only once the statutes are imported. `make run` (prepare_demo)
    imports the statutes and the FAQ before it seeds, so there this step finds them all; a bare
    seed_demo on a database without statutes skips it, and `manage.py import_faq` (after
    import_statutes) loads the same files. Existing entries are never changed here."""
    from gongfa.knowledge import faq
    from gongfa.knowledge.models import Law

    if not Law.objects.exists():
        ctx.progress("常见问题：暂不载入（法规库尚未导入）；请先运行 import_statutes，再运行 import_faq")
        return
    try:
        report = faq.import_starter(only_new=True)
    except faq.FaqImportError as exc:
        ctx.progress(f"常见问题：未载入，{exc.message}（{exc.errors[0]}…）")
        return
    ctx.created["常见问题"] += report.created
    ctx.progress(f"常见问题：{report.created + report.skipped} 条（新建 {report.created}）")


def _load_legal_aid(ctx: _Context) -> None:
    """Legal aid: a hardship standard for the province (an example, marked unverified), the
    lawyers of the demo law firms as providers, and a few cases of the demo citizens in different
    stages, made through the services. Existing rows are left alone."""
    import datetime
    from decimal import Decimal

    from gongfa.legalaid import services as legal_aid
    from gongfa.legalaid.choices import HardshipBasis, MaterialKind
    from gongfa.legalaid.models import HardshipStandard, LegalAidApplication, ProviderProfile
    from gongfa.network.choices import AgencyKind, RegionLevel

    created = 0
    for province in Region.objects.filter(level=RegionLevel.PROVINCE):
        _, made = HardshipStandard.objects.get_or_create(
            region=province,
            effective_from=datetime.date(2021, 1, 1),
            defaults={
                "basis": HardshipBasis.MIN_WAGE,
                "base_amount": Decimal("2490"),
                "multiplier": Decimal("1"),
                "verified": False,
                "source": "演示数据：家庭人均月收入不高于当地最低工资标准（参照江苏2021年调整，◐ 未核实）",
            },
        )
        created += made
    provider_kinds = (AgencyKind.LAW_FIRM, AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE)
    postings = (
        StaffPosting.objects.filter(role=Role.LAWYER, is_active=True, agency__kind__in=provider_kinds)
        .exclude(user__legalaid_profile__isnull=False)
        .select_related("user", "agency")
        .order_by("pk")
    )
    for posting in postings:
        user = posting.user
        assert posting.agency is not None  # filtered on agency__kind above
        ProviderProfile.objects.create(
            user=user,
            agency=posting.agency,
            criminal_defence_years=user.pk % 9,  # deterministic spread of experience
            minors_specialist=user.pk % 3 == 0,
            published=True,
        )
        created += 1
    reviewer = User.objects.filter(username=ROLE_SLUG[Role.LEGAL_AID_REVIEWER]).first()
    demo_hashes = [blind_index(phone, "phone") for phone in DEMO_CITIZEN_PHONES]
    citizens = sorted(
        User.objects.filter(role=Role.CITIZEN, phone_hash__in=demo_hashes), key=lambda citizen: citizen.phone
    )
    if reviewer is None or not citizens or LegalAidApplication.objects.exists():
        ctx.created["法律援助"] += created
        return
    first = citizens[0]
    village = Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code").first()
    if village is None or not first.id_number:
        return
    wages = legal_aid.save_draft(
        applicant=first,
        region=village,
        data={
            "matter_code": "labour_pay",
            "phone": first.phone,
            "opponent_name": "某建筑劳务有限公司",
            "facts": "在工地做了四个月小工，包工头拖欠工资一万六千元，多次讨要未果。",
            "exempt_group": "migrant_worker",
        },
    )
    wages = legal_aid.submit_application(application=wages, actor=first)
    legal_aid.request_supplement(
        application=wages,
        actor=reviewer,
        items=[{"kind": MaterialKind.EXEMPT_PROOF, "note": "务工证明（劳动合同、工牌、考勤记录或工友证言）"}],
        due_days=10,
    )
    created += 1
    if len(citizens) > 1 and citizens[1].id_number:
        second = citizens[1]
        injury = legal_aid.save_draft(
            applicant=second,
            region=village,
            data={
                "matter_code": "traffic_injury",
                "phone": second.phone,
                "opponent_name": "某运输公司",
                "facts": "骑电动车被货车撞伤住院，对方不肯赔偿医疗费。",
                "household_size": 3,
                "household_monthly_income": "5400",
                "verification": "statement",
            },
        )
        injury = legal_aid.grant(
            application=legal_aid.submit_application(application=injury, actor=second), actor=reviewer
        )
        if legal_aid.candidates(injury):
            legal_aid.assign_provider(application=injury, actor=reviewer)
        created += 1
    ctx.created["法律援助"] += created
    ctx.progress(f"法律援助：经济困难标准、承办人员名册和演示案件（新建 {created}）")


# ---------------------------------------------------------------------------------------------
# The demo-accounts table.
# ---------------------------------------------------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def demo_account_rows() -> list[tuple[str, str, str, str, str]]:
    """(role, login, password, name, where) for each demo account present in the database."""
    rows: list[tuple[str, str, str, str, str]] = []
    accounts: list[tuple[str, str, str]] = []
    for role, username in ROLE_SLUG.items():
        accounts.append((role, username, str(Role(role).label)))
        if role == Role.SUPERVISOR:  # the city's supervisor next to the county's
            accounts.append((role, CITY_SUPERVISOR, f"{Role(role).label}（市级）"))
    for role, username, label in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        places = [
            str(p.place)
            for p in StaffPosting.objects.filter(user=user, is_active=True)
            .select_related("point", "agency")
            .order_by("pk")
        ]
        where = "、".join(places)
        if role == Role.VILLAGE_ADVISOR:
            served = list(
                AdvisorAssignment.objects.filter(advisor=user, is_active=True)
                .order_by("village__code")
                .values_list("village__name", flat=True)
            )
            where += f"；服务 {len(served)} 个村(社区)：{'、'.join(served)}"
        if user.is_superuser:
            where += "；超级用户，可进 /admin/"
        if username == CITY_SUPERVISOR:
            where += "；审核各县月报、制发全市通报"
        rows.append((label, username, DEMO_PASSWORD, user.real_name, where))
    for phone in DEMO_CITIZEN_PHONES:
        citizen = User.objects.with_phone(phone).filter(role=Role.CITIZEN).first()
        if citizen is None:
            continue
        order = (
            WorkOrder.objects.filter(requester=citizen)
            .select_related("region", "owner_point")
            .order_by("created_at", "pk")
            .first()
        )
        where = f"{order.region.full_name}；提问派至{order.owner_place_name}" if order else ""
        rows.append((str(Role.CITIZEN.label), phone, "短信验证码（见控制台）", citizen.real_name, where))
    return rows


def print_demo_accounts(write: Callable[[str], Any] = print) -> None:
    """Print the demo accounts as a table (role, login, password, name, where posted)."""
    header = ("角色", "用户名/手机号", "密码", "姓名", "岗位/说明")
    rows = demo_account_rows()
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(cells[:4])) + "  " + cells[4]

    write("演示账号（工作人员用密码登录，群众用手机号 + 短信验证码登录）：")
    write(line(header))
    write("  ".join("-" * w for w in widths) + "  " + "-" * 10)
    for row in rows:
        write(line(row))
    write(
        f"其他生成的工作人员账号（如 hotline01-002、advisor01-003）密码同为 {DEMO_PASSWORD}；"
        "群众验证码由控制台短信通道（ConsoleSmsBackend）打印在服务器日志里。"
    )
