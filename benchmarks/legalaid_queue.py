#!/usr/bin/env python
"""Scale benchmark: the legal-aid reviewer queue (gongfa.legalaid.queue) and the supervisor
statistics (gongfa.legalaid.reports) with 100,000 applications in PostgreSQL.

    .venv/bin/python benchmarks/legalaid_queue.py                              # 100,000 applications, 30 runs
    .venv/bin/python benchmarks/legalaid_queue.py --applications 20000 --runs 10 --services 60   # quicker

What it does, on a throwaway PostgreSQL database (gongfa_bench_legalaid: dropped and created here,
dropped at the end unless --keep):
1. migrate; seed_demo --villages 1200 (4 counties of 300 villages in one city, each with its legal
   aid centre, 3 reviewers, a supervisor at the county justice bureau, 2 law firms of 6 lawyers and
   a legal service office of 4 workers, all on the provider roll); adds a city supervisor;
2. builds SERVICES cases through the real services (receive_application, start_review,
   request_supplement, grant, assign_provider, refuse, start_advance_aid, withdraw, receive_notice),
   spread over the counties: the reference for the shape of the generated rows;
3. bulk-generates applications (bulk_create, batches of 2,000) up to SMALL rows, and counts the
   queries of every case's page (page 1, a deep page, a page with exactly one row) and counters;
4. bulk-generates the rest up to APPLICATIONS: received over the past 365 days, 4 counties weighted
   40/25/20/15 %, statuses by age (a week's intake under review, a few older cases forgotten and
   overdue, most old cases closed, refused, withdrawn …), clocks consistent with the status
   (review_due = received + 7 days, assign_due = decided + 3, paused supplement clocks), 12 % green
   channel, 5 % notified cases, providers of the county, a work order with a rating (60 %) for
   each closed case, an assignment notice per assigned case, objections; then VACUUM ANALYZE;
5. checks that every (status, which clock fields are set) pattern of the service-built cases
   occurs among the generated rows of that status;
6. counts the queries again (they must equal step 3's), then times queue_page (page 1, and page
   DEEP_PAGE or the last page) and queue_counts, RUNS times after 3 warm-ups, per case: p50/p95;
7. EXPLAIN (ANALYZE, BUFFERS) of each query of the main cases;
8. times legal_aid_stats over the past 365 and 30 days for a county and the city supervisor.
With --without-queue-indexes, the two queue indexes of migration 0003 (legalaid_open_queue_cover,
legalaid_agency_name_prefix) are dropped after the bulk load, to measure what they are worth.

Cases: (a) a reviewer of the largest county (its legal aid centre's queue), (b) the same reviewer,
overdue only, (c) due soon, (d) green channel only, (e) the whole archive (status=all) searched
by a surname prefix, (f) the county supervisor, (g) the city supervisor (4 counties), (h) the city
supervisor, overdue and green channel only.

Exits 1 when a check fails: query counts differ between SMALL and APPLICATIONS rows, between
pages, or from the 1-row page; the page's order is wrong; the counters disagree with the lists;
the generated rows' shape differs from the services'; or a p95 exceeds --max-p95-ms.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import io
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_legalaid")
BATCH = 2_000
SEQ_START = 5_000_000  # generated case numbers FY<year><seq>: far above the service-built pks
COUNTY_WEIGHTS = (0.40, 0.25, 0.20, 0.15)
CITY_SUPERVISOR = "bench-city-supervisor"
# Fields whose set/unset pattern must match between service-built and generated rows.
SHAPE_FIELDS = (
    "number",
    "received_at",
    "review_due",
    "review_paused_on",
    "decided_at",
    "assign_due",
    "provider_id",
    "assigned_at",
    "closed_at",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=100_000, help="applications in all (bulk + services)")
    parser.add_argument("--small", type=int, default=1_000, help="rows at which query counts are first taken")
    parser.add_argument("--services", type=int, default=300, help="cases built through the real services")
    parser.add_argument("--villages", type=int, default=1_200, help="seed_demo --villages (300 per county)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement (after 3 warm-ups)")
    parser.add_argument("--stats-runs", type=int, default=10, help="timed runs of legal_aid_stats")
    parser.add_argument("--deep-page", type=int, default=20)
    parser.add_argument("--max-p95-ms", type=float, default=100.0, help="fail when a queue call's p95 exceeds this")
    parser.add_argument(
        "--without-queue-indexes",
        action="store_true",
        help="drop the queue indexes of migration 0003 before measuring (to compare)",
    )
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--commit", default=None, help="the commit to print (skips asking git)")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def start_results(args: argparse.Namespace, **settings: Any) -> dict[str, Any]:
    """_common.start_results, except that --commit names the commit instead of asking git."""
    if args.commit is None:
        return _common.start_results(**settings)
    import django

    info = {
        "commit": args.commit,
        "date": subprocess.run(["date"], capture_output=True, text=True, check=False).stdout.strip(),  # noqa: S607
        "nproc": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "cpu": _cpu_model(),
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "django": django.get_version(),
    }
    _common.print_machine(info)
    return {"machine": info, "command": " ".join([Path(sys.executable).name, *sys.argv]), **settings}


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or ""


# ---------------------------------------------------------------------------------------------
# The world: counties, their centres, reviewers, supervisors and providers.
# ---------------------------------------------------------------------------------------------
def load_world() -> dict[str, Any]:
    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.legalaid.models import ProviderProfile
    from gongfa.network.choices import AgencyKind, RegionLevel
    from gongfa.network.models import Agency, Region, StaffPosting

    counties = []
    city = Region.objects.get(level=RegionLevel.CITY)
    villages: dict[str, list[tuple[int, str]]] = {}
    for pk, code in Region.objects.filter(level=RegionLevel.VILLAGE).values_list("pk", "code"):
        villages.setdefault(code[:6], []).append((pk, code))
    providers: dict[str, list[tuple[int, int]]] = {}
    for user_id, agency_id, code in ProviderProfile.objects.values_list("user_id", "agency_id", "agency__region__code"):
        providers.setdefault(code[:6], []).append((user_id, agency_id))
    for county in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"):
        centre = Agency.objects.get(kind=AgencyKind.LEGAL_AID_CENTRE, region=county)
        reviewers = list(
            StaffPosting.objects.filter(role=Role.LEGAL_AID_REVIEWER, agency=centre, is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        supervisor = (
            StaffPosting.objects.filter(role=Role.SUPERVISOR, agency__region=county, is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .first()
        )
        prefix = county.code[:6]
        counties.append(
            {
                "code": county.code,
                "name": county.name,
                "centre_id": centre.pk,
                "reviewers": reviewers,
                "supervisor": supervisor,
                "villages": villages[prefix],
                "providers": providers.get(prefix, []),
            }
        )
    # The demo plan has the city bureau (and its `city` supervisor); the benchmark adds its own supervisor.
    bureau, _created = Agency.objects.get_or_create(
        name=f"{city.name}司法局", region=city, defaults={"kind": AgencyKind.JUSTICE_BUREAU}
    )
    boss = User.objects.create_user(username=CITY_SUPERVISOR, role=Role.SUPERVISOR, real_name="孙督办")
    StaffPosting.objects.create(user=boss, agency=bureau, role=Role.SUPERVISOR)
    return {"counties": counties, "city_supervisor": boss.pk, "city": city.name}


# ---------------------------------------------------------------------------------------------
# Cases through the real services.
# ---------------------------------------------------------------------------------------------
class People:
    """Unique applicants: valid ID numbers (GB 11643) and plausible names."""

    def __init__(self, rng: random.Random) -> None:
        from gongfa.demo.data import GIVEN_CHARS, SURNAMES

        self.rng = rng
        self.surnames = [name for name, _ in SURNAMES]
        self.weights = [weight for _, weight in SURNAMES]
        self.given = "".join(GIVEN_CHARS.values())
        self.used: set[str] = set()

    def name(self) -> str:
        surname = self.rng.choices(self.surnames, weights=self.weights)[0]
        return surname + "".join(self.rng.choice(self.given) for _ in range(self.rng.choice((1, 2, 2))))

    def id_number(self, county_code: str) -> str:
        from gongfa.core.validators import id_check_char

        while True:
            birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=self.rng.randrange(0, 365 * 66))
            first17 = f"{county_code[:6]}{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
            if first17 not in self.used:
                self.used.add(first17)
                return first17 + id_check_char(first17)


def build_through_services(world: dict[str, Any], count: int, rng: random.Random, people: People) -> list[int]:
    """`count` cases through the services, round the counties; returns their pks."""
    from gongfa.accounts.models import User
    from gongfa.legalaid import services
    from gongfa.legalaid.choices import MaterialKind, NotifiedGround, NotifyingOrgan
    from gongfa.network.models import Region

    made: list[int] = []
    users = {pk: User.objects.get(pk=pk) for c in world["counties"] for pk in c["reviewers"][:1]}
    regions = {pk: Region.objects.get(pk=pk) for c in world["counties"] for pk, _ in c["villages"][:20]}
    facts = _common.request_texts()
    for index in range(count):
        county = world["counties"][index % len(world["counties"])]
        reviewer = users[county["reviewers"][0]]
        region = regions[county["villages"][index % 20][0]]
        mode = index % 20
        if mode == 17:
            case = services.receive_notice(
                actor=reviewer,
                region=region,
                notice=services.NoticeInput(
                    organ=NotifyingOrgan.COURT,
                    organ_name=f"{county['name']}人民法院",
                    organ_phone="0570-88886666",
                    defendant_name=people.name(),
                    id_number=people.id_number(county["code"]),
                    grounds=(NotifiedGround.SENSORY_DISABILITY,),
                    facts="涉嫌盗窃罪",
                ),
            )
            made.append(case.pk)
            continue
        case = services.receive_application(
            actor=reviewer,
            region=region,
            data={
                "applicant_name": people.name(),
                "id_number": people.id_number(county["code"]),
                "phone": _common.mobile_phone(rng),
                "matter_code": rng.choice(("labour_pay", "work_injury", "traffic_injury", "support_payment")),
                "facts": rng.choice(facts),
                "opponent_name": "某公司",
                "household_size": 3,
                "household_monthly_income": str(rng.choice((3000, 6000, 9000))),
            },
        )
        if mode in (6, 7, 8):
            services.start_review(application=case, actor=reviewer)
        elif mode in (9, 10):
            services.request_supplement(
                application=case,
                actor=reviewer,
                items=[{"kind": MaterialKind.CASE_MATERIALS, "note": "欠薪凭证"}],
                due_days=10,
            )
        elif mode in (11, 12, 18):
            if mode == 18:
                case = services.start_review(application=case, actor=reviewer)
            services.grant(application=case, actor=reviewer)
        elif mode in (13, 14):
            case = services.grant(application=case, actor=reviewer)
            services.assign_provider(application=case, actor=reviewer)
        elif mode == 15:
            services.refuse(application=case, actor=reviewer, reasons="家庭人均收入高于本地经济困难标准。")
        elif mode == 16:
            services.start_advance_aid(application=case, actor=reviewer, urgent_reason="仲裁时效即将届满")
        elif mode == 19:
            services.withdraw(application=case, actor=reviewer, reason="申请人撤回")
        made.append(case.pk)
    return made


# ---------------------------------------------------------------------------------------------
# Bulk generation.
# ---------------------------------------------------------------------------------------------
def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _status_for(route: str, age_days: float, rng: random.Random) -> str:
    from gongfa.legalaid.choices import ApplicationStatus as S

    if route == "notified":
        if age_days < 3:
            return _weighted(rng, ((S.RECEIVED, 0.6), (S.ASSIGNED, 0.3), (S.IN_SERVICE, 0.1)))
        if age_days < 60:
            return _weighted(rng, ((S.RECEIVED, 0.01), (S.ASSIGNED, 0.1), (S.IN_SERVICE, 0.7), (S.CLOSED, 0.19)))
        return _weighted(rng, ((S.IN_SERVICE, 0.15), (S.CLOSING_REVIEW, 0.02), (S.CLOSED, 0.83)))
    if age_days < 7:
        table: tuple[tuple[str, float], ...] = (
            (S.RECEIVED, 0.33),
            (S.UNDER_REVIEW, 0.33),
            (S.SUPPLEMENT_REQUESTED, 0.10),
            (S.GRANTED, 0.08),
            (S.ADVANCE_AID, 0.02),
            (S.REFUSED, 0.05),
            (S.ASSIGNED, 0.06),
            (S.WITHDRAWN, 0.02),
            (S.REDIRECTED, 0.01),
        )
    elif age_days < 30:
        table = (
            (S.RECEIVED, 0.01),
            (S.UNDER_REVIEW, 0.02),
            (S.SUPPLEMENT_REQUESTED, 0.02),
            (S.GRANTED, 0.01),
            (S.ADVANCE_AID, 0.005),
            (S.ASSIGNED, 0.12),
            (S.IN_SERVICE, 0.47),
            (S.CLOSING_REVIEW, 0.03),
            (S.CLOSED, 0.11),
            (S.REFUSED, 0.12),
            (S.OBJECTION_PENDING, 0.01),
            (S.WITHDRAWN, 0.03),
            (S.DEEMED_WITHDRAWN, 0.02),
            (S.TERMINATED, 0.005),
        )
    else:
        table = (
            (S.RECEIVED, 0.001),
            (S.UNDER_REVIEW, 0.003),
            (S.GRANTED, 0.002),
            (S.ASSIGNED, 0.02),
            (S.IN_SERVICE, 0.15),
            (S.CLOSING_REVIEW, 0.02),
            (S.CLOSED, 0.55),
            (S.REFUSED, 0.13),
            (S.TERMINATED, 0.03),
            (S.OBJECTION_PENDING, 0.002),
            (S.OBJECTION_UPHELD, 0.008),
            (S.WITHDRAWN, 0.04),
            (S.DEEMED_WITHDRAWN, 0.03),
            (S.REDIRECTED, 0.01),
        )
    return _weighted(rng, table)


class Generator:
    """Builds LegalAidApplication rows (and their work orders, notices, objections) in memory."""

    def __init__(self, world: dict[str, Any], rng: random.Random, people: People) -> None:
        from django.utils import timezone

        from gongfa.legalaid.eligibility import national_matters

        self.world = world
        self.rng = rng
        self.people = people
        self.now = timezone.now()
        self.today = timezone.localdate()
        weights = list(COUNTY_WEIGHTS[: len(world["counties"])]) or [1.0]
        weights += [weights[-1]] * (len(world["counties"]) - len(weights))
        self.county_weights = weights
        self.matters = [m for m in national_matters() if not m.criminal]
        common = {"labour_pay": 30, "work_injury": 12, "traffic_injury": 12, "support_payment": 10}
        self.matter_weights = [common.get(m.code, 2) for m in self.matters]
        self.facts = _common.request_texts()
        self.seq = SEQ_START
        self.orders_per_day: Counter[datetime.date] = Counter()

    def _local(self, moment: datetime.datetime) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate(moment)

    def _until(self, start: datetime.datetime, days: float) -> datetime.datetime:
        """start + days, but never after now (a minute before)."""
        return min(start + datetime.timedelta(days=days), self.now - datetime.timedelta(minutes=1))

    def batch(self, size: int) -> None:
        from django.db import transaction

        from gongfa.legalaid.choices import ApplicationStatus as S
        from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, Objection
        from gongfa.workorders.models import WorkOrder

        rng = self.rng
        rows: list[LegalAidApplication] = []
        orders: list[WorkOrder | None] = []
        objections: list[tuple[int, str]] = []
        for _ in range(size):
            self.seq += 1
            county = rng.choices(self.world["counties"], weights=self.county_weights)[0]
            age = rng.random() * 365
            received = self.now - datetime.timedelta(days=age, minutes=2)
            received_on = self._local(received)
            route = "notified" if rng.random() < 0.05 else "application"
            status = _status_for(route, age, rng)
            region_id, region_code = rng.choice(county["villages"])
            green = rng.random() < 0.12
            matter = rng.choices(self.matters, weights=self.matter_weights)[0]
            row = LegalAidApplication(
                number=f"FY{received_on.year}{self.seq:07d}",
                route=route,
                intake_channel=rng.choice(("portal", "window", "window", "oral")),
                status=status,
                region_id=region_id,
                agency_id=county["centre_id"],
                applicant_name=self.people.name(),
                id_number=self.people.id_number(county["code"]),
                phone=_common.mobile_phone(rng),
                opponent_name="某公司",
                facts=rng.choice(self.facts),
                matter_code=matter.code if route == "application" else "notified_defence",
                matter_name=matter.name if route == "application" else "通知辩护/代理",
                matter_article=matter.article if route == "application" else "《法律援助法》第二十五条",
                green_channel=green,
                proposal_outcome=_weighted(rng, (("eligible", 0.6), ("needs_review", 0.3), ("not_eligible", 0.1)))
                if route == "application"
                else "eligible",
                proposal={},
                submitted_at=received,
                received_at=received,
                created_at=received,
            )
            if route == "application":
                row.review_due = received_on + datetime.timedelta(days=7)
                if green:
                    row.review_target = received_on + datetime.timedelta(days=3)
            else:
                row.assign_due = received_on + datetime.timedelta(days=3)
            self._clocks(row, status, county, received, age)
            rows.append(row)
            order = None
            if status == S.CLOSED:
                order = self._order(row, county, region_code)
            orders.append(order)
            if status in (S.OBJECTION_PENDING, S.OBJECTION_UPHELD):
                objections.append((len(rows) - 1, status))
        with transaction.atomic():
            made_orders = WorkOrder.objects.bulk_create([o for o in orders if o is not None], batch_size=BATCH)
            iterator = iter(made_orders)
            for row, order in zip(rows, orders, strict=True):
                if order is not None:
                    row.work_order_id = next(iterator).pk
            LegalAidApplication.objects.bulk_create(rows, batch_size=BATCH)
            notices = [
                LegalAidNotice(
                    application_id=row.pk,
                    kind=LegalAidNotice.Kind.ASSIGNMENT,
                    number=f"法援指〔{self._local(row.assigned_at).year}〕{str(row.number)[6:]}号",
                    body={"case_number": row.number},
                    issued_at=row.assigned_at,
                )
                for row in rows
                if row.assigned_at is not None
            ]
            LegalAidNotice.objects.bulk_create(notices, batch_size=BATCH)
            made_objections = []
            for index, status in objections:
                row = rows[index]
                lodged = self._until(row.decided_at or row.received_at or self.now, rng.uniform(1, 10))
                made_objections.append(
                    Objection(
                        application_id=row.pk,
                        against_status=S.TERMINATED if row.termination_ground else S.REFUSED,
                        reason="对决定不服",
                        lodged_at=lodged,
                        due=self._local(lodged) + datetime.timedelta(days=5),
                        outcome="upheld" if status == S.OBJECTION_UPHELD else "",
                        decided_at=self._until(lodged, 4) if status == S.OBJECTION_UPHELD else None,
                    )
                )
            Objection.objects.bulk_create(made_objections, batch_size=BATCH)

    def _clocks(self, row: Any, status: str, county: dict[str, Any], received: datetime.datetime, age: float) -> None:
        """Fill the clock fields the way the services would have, for a case now in `status`."""
        from gongfa.legalaid.choices import ApplicationStatus as S

        rng = self.rng
        notified = row.route == "notified"
        granted_states = (S.GRANTED, S.ASSIGNED, S.IN_SERVICE, S.CLOSING_REVIEW, S.CLOSED, S.TERMINATED)
        objection_after_termination = status in (S.OBJECTION_PENDING, S.OBJECTION_UPHELD) and rng.random() < 0.2
        withdrawn_after_grant = status == S.WITHDRAWN and rng.random() < 0.1
        granted = (status in granted_states or objection_after_termination or withdrawn_after_grant) and not notified
        refused = status == S.REFUSED or (status in (S.OBJECTION_PENDING, S.OBJECTION_UPHELD) and not granted)
        if status in (S.SUPPLEMENT_REQUESTED, S.DEEMED_WITHDRAWN):
            used = min(int(age), rng.randint(1, 4))
            row.review_days_used = used
            row.review_paused_on = self._local(received) + datetime.timedelta(days=used)
        if granted or refused:
            delay = rng.choices((0.3, 1.5, 3.0, 5.0, 6.5, 9.0), weights=(15, 30, 25, 15, 10, 5))[0]
            row.decided_at = self._until(received, min(delay * rng.uniform(0.8, 1.2), age * 0.8))
            row.decided_by_id = rng.choice(county["reviewers"])
            row.decision_reasons = "经审查，符合法律援助条件。" if granted else "经审查，不符合经济困难标准。"
        if granted:
            row.assign_due = self._local(row.decided_at) + datetime.timedelta(days=3)
        advance_with_provider = status == S.ADVANCE_AID and rng.random() < 0.5
        assigned_states = (S.ASSIGNED, S.IN_SERVICE, S.CLOSING_REVIEW, S.CLOSED, S.TERMINATED)
        if (status in assigned_states or objection_after_termination or advance_with_provider) and county["providers"]:
            start = row.decided_at or received
            row.assigned_at = self._until(start, rng.choices((0.2, 1, 2, 3, 5), weights=(30, 35, 20, 10, 5))[0])
            row.provider_id, row.provider_agency_id = rng.choice(county["providers"])
            row.engagement_due = self._local(row.assigned_at) + datetime.timedelta(days=5)
            if status == S.ADVANCE_AID:
                row.advance_aid = True
                row.urgent_reason = "时效即将届满"
        if status in (S.IN_SERVICE, S.CLOSING_REVIEW, S.CLOSED, S.TERMINATED) and row.assigned_at is not None:
            row.engaged_at = self._until(row.assigned_at, rng.uniform(0.5, 4))
        if status in (S.CLOSING_REVIEW, S.CLOSED) and row.assigned_at is not None:
            closed = self._until(row.assigned_at, rng.uniform(10, 120))
            row.closing_report = "案件已办结。"
            row.closing_report_at = self._until(row.assigned_at, max(0.0, (closed - row.assigned_at).days - 3))
            if status == S.CLOSED:
                row.closed_at = closed
                row.subsidy_amount = rng.choice((800, 1200, 1500, 2000))
        if status == S.TERMINATED or objection_after_termination:
            row.termination_ground = rng.choice(("own_counsel", "recipient_request", "proceedings_ended"))

    def _order(self, row: Any, county: dict[str, Any], region_code: str) -> Any:
        from gongfa.workorders.models import WorkOrder

        day = self._local(row.received_at)
        self.orders_per_day[day] += 1
        rated = self.rng.random() < 0.6
        rating = self.rng.choices((5, 4, 3, 2, 1), weights=(60, 25, 10, 3, 2))[0] if rated else None
        return WorkOrder(
            tracking_number=f"GF{day:%Y%m%d}-{60000 + self.orders_per_day[day]:05d}",
            channel="window",
            region_id=row.region_id,
            region_code=region_code,
            owner_region_code=county["code"],
            owner_agency_id=county["centre_id"],
            text=f"法律援助申请：{row.matter_name}。",
            contact_name=row.applicant_name,
            contact_phone=row.phone,
            status="closed",
            result_code="converted",
            created_at=row.received_at,
            closed_at=row.closed_at,
            rating=rating,
            rated_at=row.closed_at if rated else None,
        )


def generate(generator: Generator, count: int, label: str) -> None:
    done = 0
    started = time.perf_counter()
    while done < count:
        size = min(BATCH, count - done)
        generator.batch(size)
        done += size
        if done % 20_000 < BATCH or done == count:
            print(f"    {label}: {done:,} / {count:,} ({time.perf_counter() - started:.0f} s)", flush=True)


# ---------------------------------------------------------------------------------------------
# The queue indexes (models.py, migration 0003), dropped with --without-queue-indexes to compare.
# ---------------------------------------------------------------------------------------------
QUEUE_INDEXES = ("legalaid_open_queue_cover", "legalaid_agency_name_prefix")


def drop_queue_indexes() -> list[str]:
    from django.db import connection

    made = []
    with connection.cursor() as cursor:
        for name in QUEUE_INDEXES:
            statement = f"DROP INDEX IF EXISTS {name}"
            cursor.execute(statement)
            made.append(statement)
            print(f"    {statement}")
        cursor.execute("VACUUM ANALYZE legalaid_legalaidapplication")
    return made


# ---------------------------------------------------------------------------------------------
# Checks and measurements.
# ---------------------------------------------------------------------------------------------
def shape_check(service_pks: list[int]) -> dict[str, Any]:
    """Every (status, route, fields set) pattern of the service-built cases must occur among the
    generated rows of that status and route."""
    from gongfa.legalaid.models import LegalAidApplication

    def patterns(queryset: Any) -> set[tuple[Any, ...]]:
        found = set()
        for row in queryset.values_list("status", "route", *SHAPE_FIELDS).distinct():
            status, route, *values = row
            found.add((status, route, tuple(value is not None for value in values)))
        return found

    built = patterns(LegalAidApplication.objects.filter(pk__in=service_pks))
    generated = patterns(LegalAidApplication.objects.exclude(pk__in=service_pks))
    missing = sorted(built - generated)
    explain = [
        {"status": s, "route": r, "set": [f for f, on in zip(SHAPE_FIELDS, flags, strict=True) if on]}
        for s, r, flags in missing
    ]
    return {"service_patterns": len(built), "missing_in_generated": explain, "ok": not missing}


def cases(world: dict[str, Any]) -> list[tuple[str, int, dict[str, str]]]:
    first = world["counties"][0]
    reviewer = first["reviewers"][0]
    return [
        ("(a) reviewer, default queue", reviewer, {}),
        ("(b) reviewer, overdue", reviewer, {"clock": "overdue"}),
        ("(c) reviewer, due soon", reviewer, {"clock": "due_soon"}),
        ("(d) reviewer, green channel", reviewer, {"green_only": "1"}),
        ("(e) reviewer, archive (status=all) search 王", reviewer, {"status": "all", "search": "王"}),
        ("(f) county supervisor, default queue", first["supervisor"], {}),
        ("(g) city supervisor, default queue", world["city_supervisor"], {}),
        ("(h) city supervisor, overdue + green", world["city_supervisor"], {"clock": "overdue", "green_only": "1"}),
    ]


def _user(pk: int) -> Any:
    from gongfa.accounts.models import User

    return User.objects.get(pk=pk)


def request_queries(user_id: int, params: dict[str, str], page: int) -> dict[str, Any]:
    """What a queue request reads, counted: the user's scope (fresh user object), the counters, the
    page (COUNT(*), ids, rows), and every field a row shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongfa.legalaid.queue import QueueFilters, queue_counts, queue_page

    user = _user(user_id)
    filters = QueueFilters.from_params(params)
    with CaptureQueriesContext(connection) as captured:
        counts = queue_counts(user)
        result = queue_page(user, filters, page=page)
        shown = [
            (
                *(r.number, r.masked_name, r.matter_name, r.status_label, r.proposal_label, r.clock_due),
                *(r.days_left, r.green_channel, r.provider_name, r.agency_name, r.region_name),
            )
            for r in result.rows
        ]
    return {
        "queries": len(captured),
        "rows": len(shown),
        "total": result.total,
        "pages": result.pages,
        "page": result.number,
        "counts_total": counts.total,
        "result": result,
    }


def count_case_queries(case_list: list[tuple[str, int, dict[str, str]]], deep: int) -> list[dict[str, Any]]:
    results = []
    for label, user_id, params in case_list:
        first = request_queries(user_id, params, 1)
        deep_page = max(1, min(deep, first["pages"]))
        deep_result = request_queries(user_id, params, deep_page)
        one: dict[str, Any] = {"queries": None, "rows": 0}
        if first["result"].rows:
            single = {**params, "search": first["result"].rows[0].number}
            one = request_queries(user_id, single, 1)
        results.append(
            {
                "case": label,
                "total": first["total"],
                "pages": first["pages"],
                "deep_page": deep_page,
                "queries_page1": first["queries"],
                "rows_page1": first["rows"],
                "queries_deep": deep_result["queries"],
                "rows_deep": deep_result["rows"],
                "queries_one_row": one["queries"],
                "rows_one_row": one["rows"],
            }
        )
        print(
            f"    {label}: {first['total']:,} rows ({first['pages']} pages); queries: page 1 ({first['rows']} rows) "
            f"{first['queries']}, page {deep_page} ({deep_result['rows']} rows) {deep_result['queries']}, "
            f"1 row {one['queries']} ({one['rows']} row)",
            flush=True,
        )
    return results


def order_and_counter_checks(case_list: list[tuple[str, int, dict[str, str]]]) -> list[str]:
    """The page's order (green first, nearest clock, pk) and the counters against the lists."""
    from gongfa.legalaid.queue import QueueFilters, queue_counts, queue_page, reviewer_queue

    problems = []
    for label, user_id, params in case_list:
        user = _user(user_id)
        rows = queue_page(user, QueueFilters.from_params(params)).rows
        keys = [(not r.green_channel, r.clock_due is None, r.clock_due or datetime.date.min, r.pk) for r in rows]
        if keys != sorted(keys):
            problems.append(f"{label}: page 1 is not in queue order")
    checked: set[int] = set()
    for _label, user_id, _params in case_list:
        if user_id in checked:
            continue
        checked.add(user_id)
        user = _user(user_id)
        counts = queue_counts(user)
        expected = {
            "total": reviewer_queue(user).count(),
            "overdue": reviewer_queue(user, QueueFilters(clock="overdue")).count(),
            "due_today": reviewer_queue(user, QueueFilters(clock="due_today")).count(),
            "due_soon": reviewer_queue(user, QueueFilters(clock="due_soon")).count(),
            "paused": reviewer_queue(user, QueueFilters(clock="paused")).count(),
            "green": reviewer_queue(user, QueueFilters(green_only=True)).count(),
        }
        for name, value in expected.items():
            if getattr(counts, name) != value:
                problems.append(f"user {user.username}: counter {name} {getattr(counts, name)} ≠ list {value}")
    return problems


def time_calls(runs: int, call: Callable[[], Any]) -> dict[str, float]:
    for _ in range(3):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return _common.summary_ms(samples)


def _show_page(user: Any, filters: Any, number: int) -> list[str]:
    from gongfa.legalaid.queue import queue_page

    return [row.provider_name for row in queue_page(user, filters, page=number).rows]


def measure_timings(
    case_list: list[tuple[str, int, dict[str, str]]], counted: list[dict[str, Any]], runs: int
) -> list[dict[str, Any]]:
    """p50/p95 of queue_page (page 1, deep page) and queue_counts; the user's scope is cached on the
    user object as within one request (its two small queries are not in these times)."""
    from gongfa.legalaid.queue import QueueFilters, queue_counts

    results = []
    for (label, user_id, params), count in zip(case_list, counted, strict=True):
        user = _user(user_id)
        filters = QueueFilters.from_params(params)
        first = time_calls(runs, functools.partial(_show_page, user, filters, 1))
        deep = time_calls(runs, functools.partial(_show_page, user, filters, count["deep_page"]))
        counters = time_calls(runs, functools.partial(queue_counts, user))
        results.append(
            {"case": label, "page1": first, "deep": deep, "deep_page": count["deep_page"], "counts": counters}
        )
        print(
            f"    {label}: page 1 p50 {first['p50_ms']:.1f} / p95 {first['p95_ms']:.1f} ms; "
            f"page {count['deep_page']} p50 {deep['p50_ms']:.1f} / p95 {deep['p95_ms']:.1f} ms; "
            f"counters p50 {counters['p50_ms']:.1f} / p95 {counters['p95_ms']:.1f} ms",
            flush=True,
        )
    return results


def explain_calls(title: str, call: Callable[[], Any]) -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of every SELECT that `call` runs, with its SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = {}
    with connection.cursor() as cursor:
        for index, query in enumerate(captured.captured_queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            key = f"{title} — query {index}"
            plans[key] = f"{sql}\n{plan}"
            print(f"==> EXPLAIN ANALYZE: {key}")
            print(f"      SQL: {sql}")
            for line in plan.splitlines():
                print(f"      {line}")
    return plans


def explain_main(case_list: list[tuple[str, int, dict[str, str]]], counted: list[dict[str, Any]]) -> dict[str, str]:
    from gongfa.legalaid.queue import QueueFilters, queue_counts, queue_page

    plans: dict[str, str] = {}
    wanted = {"(a)", "(e)", "(f)", "(g)", "(h)"}
    for (label, user_id, params), count in zip(case_list, counted, strict=True):
        if label[:3] not in wanted:
            continue
        user = _user(user_id)
        filters = QueueFilters.from_params(params)
        plans.update(explain_calls(f"{label}, page 1", functools.partial(queue_page, user, filters, page=1)))
        if label.startswith("(a)"):
            deep = count["deep_page"]
            plans.update(
                explain_calls(f"{label}, page {deep}", functools.partial(queue_page, user, filters, page=deep))
            )
        if not params:
            plans.update(explain_calls(f"{label}, counters", functools.partial(queue_counts, user)))
    return plans


def measure_stats(world: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongfa.legalaid.reports import display_days, display_rate, legal_aid_stats

    end = timezone.localdate()
    results = []
    for label, user_id, days in (
        ("county supervisor, 365 days", world["counties"][0]["supervisor"], 365),
        ("city supervisor, 365 days", world["city_supervisor"], 365),
        ("county supervisor, 30 days", world["counties"][0]["supervisor"], 30),
        ("city supervisor, 30 days", world["city_supervisor"], 30),
    ):
        start = end - datetime.timedelta(days=days - 1)
        user = _user(user_id)
        legal_aid_stats(user, start, end)  # warm, and the scope
        with CaptureQueriesContext(connection) as captured:
            stats = legal_aid_stats(user, start, end)
        per_query = [round(float(q["time"]) * 1000, 1) for q in captured.captured_queries]
        timing = time_calls(runs, functools.partial(legal_aid_stats, user, start, end))
        result = {
            "case": label,
            "period": f"{start}..{end}",
            "queries": len(captured),
            "query_ms": per_query,
            **timing,
            "decisions": stats.decisions,
            "acceptance_rate": stats.acceptance_rate,
            "review_days_mean": stats.review_days_mean,
            "review_days_p90": stats.review_days_p90,
            "closed": stats.closed,
            "satisfaction": stats.satisfaction,
            "providers": len(stats.providers),
        }
        results.append(result)
        print(
            f"    {label} ({start}..{end}): {len(captured)} queries ({per_query} ms each), "
            f"p50 {timing['p50_ms']:.0f} / p95 {timing['p95_ms']:.0f} ms; {stats.applications_received:,} received, "
            f"{stats.decisions:,} decisions (p90 over that many review times), acceptance "
            f"{display_rate(stats.acceptance_rate)}, review mean {display_days(stats.review_days_mean)} / p90 "
            f"{display_days(stats.review_days_p90)}, {stats.closed:,} closed, {len(stats.providers)} providers",
            flush=True,
        )
    return results


def describe_data(world: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.legalaid.queue import QUEUE_STATUSES

    by_status = dict(LegalAidApplication.objects.order_by().values_list("status").annotate(n=Count("pk")))
    by_agency = dict(
        LegalAidApplication.objects.filter(status__in=QUEUE_STATUSES)
        .order_by()
        .values_list("agency__name")
        .annotate(n=Count("pk"))
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('legalaid_legalaidapplication'))")
        size = cursor.fetchone()[0]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "queue_by_agency": by_agency,
        "table_size": size,
        "counties": [c["name"] for c in world["counties"]],
    }


# ---------------------------------------------------------------------------------------------
# The run.
# ---------------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, Any]:
    url, cleanup = _common.postgres_database(args.database_url)
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    results = start_results(args, applications=args.applications, runs=args.runs, services=args.services)
    rng = random.Random(args.seed)
    try:
        results["database_version"] = _common.database_version(connection)
        if connection.vendor != "postgresql":
            raise SystemExit("this benchmark needs PostgreSQL")
        results["migrate_s"] = _common.timed("migrate", lambda: call_command("migrate", verbosity=0))
        results["seed_s"] = _common.timed(
            f"seed_demo --villages {args.villages}",
            lambda: call_command("seed_demo", villages=args.villages, no_accounts=True, stdout=io.StringIO()),
        )
        world = load_world()
        print(
            f"    {len(world['counties'])} counties ({', '.join(c['name'] for c in world['counties'])}); "
            f"providers per county {[len(c['providers']) for c in world['counties']]}; city supervisor added"
        )
        people = People(rng)
        service_pks: list[int] = []
        results["services_s"] = _common.timed(
            f"{args.services} cases through the services",
            lambda: service_pks.extend(build_through_services(world, args.services, rng, people)),
        )
        generator = Generator(world, rng, people)
        from gongfa.legalaid.models import LegalAidApplication

        existing = LegalAidApplication.objects.count()
        small = max(0, args.small - existing)
        results["bulk_small_s"] = _common.timed(
            f"bulk-generate {small:,} applications (to {args.small:,})", lambda: generate(generator, small, "bulk")
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        case_list = cases(world)
        print(f"==> queries per request with {LegalAidApplication.objects.count():,} applications")
        results["queries_small"] = count_case_queries(case_list, args.deep_page)

        rest = max(0, args.applications - LegalAidApplication.objects.count())
        results["bulk_s"] = _common.timed(
            f"bulk-generate {rest:,} applications (to {args.applications:,})", lambda: generate(generator, rest, "bulk")
        )

        def vacuum() -> None:
            with connection.cursor() as cursor:
                for table in (
                    "legalaid_legalaidapplication",
                    "legalaid_legalaidnotice",
                    "legalaid_objection",
                    "workorders_workorder",
                ):
                    cursor.execute(f"VACUUM ANALYZE {table}")

        results["vacuum_analyze_s"] = _common.timed("VACUUM ANALYZE", vacuum)
        if args.without_queue_indexes:
            print("==> without the queue indexes")
            results["dropped_indexes"] = drop_queue_indexes()
        results["data"] = describe_data(world)
        data = results["data"]
        print(f"    {data['total']:,} applications ({data['table_size']} with indexes); by status {data['by_status']}")
        print(f"    queue (statuses needing the agency) by centre: {data['queue_by_agency']}")
        results["shape"] = shape_check(service_pks)
        print(
            f"==> shape: {results['shape']['service_patterns']} (status, fields set) patterns from the services; "
            f"missing among the generated rows: {results['shape']['missing_in_generated'] or 'none'}"
        )
        print(f"==> queries per request with {data['total']:,} applications")
        results["queries"] = count_case_queries(case_list, args.deep_page)
        results["problems"] = order_and_counter_checks(case_list)
        print(f"==> order and counters: {results['problems'] or 'ok'}")
        results["load_average_before_timings"] = os.getloadavg()
        print(
            f"==> timings, {args.runs} runs after 3 warm-ups (in-process; scope cached as within a request); "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        results["timings"] = measure_timings(case_list, results["queries"], args.runs)
        results["explain"] = explain_main(case_list, results["queries"])
        print(f"==> legal_aid_stats, {args.stats_runs} runs after 3 warm-ups")
        results["stats"] = measure_stats(world, args.stats_runs)
    finally:
        connections.close_all()
        if args.keep:
            print(f"kept the database: {url}")
        else:
            cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    failures: list[str] = []
    print("==> summary")
    print("    queries per request (scope 2 + counters 1 + COUNT/ids/rows 3): small → full, page 1 / deep / 1 row")
    for small, full in zip(results["queries_small"], results["queries"], strict=True):
        # Pages with rows must all cost the same; an empty page skips the rows query (never more).
        measured = [
            (small["queries_page1"], small["rows_page1"]),
            (small["queries_deep"], small["rows_deep"]),
            (full["queries_page1"], full["rows_page1"]),
            (full["queries_deep"], full["rows_deep"]),
            (full["queries_one_row"], full["rows_one_row"]),
        ]
        values = {queries for queries, rows in measured if rows}
        empty = [queries for queries, rows in measured if not rows]
        ok = (
            len(values) == 1
            and all(queries is None or queries <= min(values) for queries in empty)
            and full["rows_one_row"] == 1
            and full["rows_page1"] == min(50, full["total"])
        )
        print(
            f"      {full['case']}: {small['queries_page1']}/{small['queries_deep']} → "
            f"{full['queries_page1']}/{full['queries_deep']}/{full['queries_one_row']} "
            f"({full['total']:,} rows) {'ok' if ok else 'NOT CONSTANT'}"
        )
        if not ok:
            failures.append(f"query count not constant: {full['case']}")
    for timing in results["timings"]:
        for name in ("page1", "deep", "counts"):
            p95 = timing[name]["p95_ms"]
            if p95 > args.max_p95_ms:
                failures.append(f"{timing['case']} {name}: p95 {p95:.1f} ms > {args.max_p95_ms:.0f} ms")
        print(
            f"    {timing['case']}: page 1 {timing['page1']['p50_ms']:.1f}/{timing['page1']['p95_ms']:.1f} ms, "
            f"page {timing['deep_page']} {timing['deep']['p50_ms']:.1f}/{timing['deep']['p95_ms']:.1f} ms, "
            f"counters {timing['counts']['p50_ms']:.1f}/{timing['counts']['p95_ms']:.1f} ms (p50/p95)"
        )
    for stats in results["stats"]:
        timing = f"p50 {stats['p50_ms']:.0f} / p95 {stats['p95_ms']:.0f} ms"
        print(f"    stats, {stats['case']}: {stats['queries']} queries, {timing}")
        if stats["queries"] != 4:  # on PostgreSQL (five on SQLite: the p90 in Python)
            failures.append(f"legal_aid_stats for the {stats['case']}: {stats['queries']} queries, not 4")
    if not results["shape"]["ok"]:
        failures.append("generated rows differ in shape from the service-built ones")
    failures += results["problems"]
    print(f"    checks: {'all passed' if not failures else '; '.join(failures)}")
    results["failures"] = failures
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
