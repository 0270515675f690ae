#!/usr/bin/env python
"""Scale benchmark: the staff queue (/workbench/queue/) with 1,000,000 work orders in PostgreSQL.

    .venv/bin/python benchmarks/queue_scale.py                       # 1,000,000 orders, 30 runs per case
    .venv/bin/python benchmarks/queue_scale.py --orders 100000 --runs 10      # a quicker run

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate; seed_demo (default size: one county 青山县, 12 townships, 150 villages); adds one
   township supervisor (a supervisor posted at the first township's station; the demo has none);
2. inserts ORDERS work orders with server-side SQL (INSERT … SELECT over generate_series, in
   chunks), oldest first as a live table grows: created over the past 364 days (tracking numbers
   GFyyyymmdd-nnnnn per day, none today, so they never collide with new intake), regions
   spread over the villages (5 % townships), owners consistent with the postings (village rooms
   with one of the village's advisors, township stations with their window staff, the county
   centre's hotline agents, township mediation committees and county agencies with their
   staff), statuses by age (about half of the last 30 days still open, 2 % of older orders
   left open and overdue), priorities, special groups, channels, service types, topics from the
   text's own classification, requesters (30 % citizen accounts), deadlines (resolve = created +
   10 days), ratings; search_text pre-segmented with the project's segmenter; then VACUUM ANALYZE;
3. queries per page, in-process (django.test.Client + CaptureQueriesContext): each case's page
   with 50 rows and the same user's page with exactly 1 row (a search for one tracking number);
4. EXPLAIN (ANALYZE, BUFFERS) of the county supervisor's queue as the view runs it (the ids of page
   1 and of the deep page, then the deep page's 50 rows with their relations)
   and of the slowest other queries of that page;
5. full HTTP requests through gunicorn (`-w 2`, DEBUG=0, 127.0.0.1, collectstatic first): log in
   through the staff login form, then RUNS timed GETs per case after 3 warm-ups; p50 / p95.

Cases: (a) a village advisor (the demo's village-room staff: the rooms of 5 villages and the
legal service office he is posted to), (b) the township supervisor, (c) the county supervisor
(broadest scope), (d) the county supervisor with status=办理中 and SLA=已超时, (e) the county
supervisor searching 工资; each on page 1 and a deep page (50, or the last page if fewer).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any, NamedTuple

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_queue")
DAYS = 364
CHUNK = 100_000
TOWNSHIP_SUPERVISOR = "bench-township-supervisor"
ROWS = re.compile(rb'href="/workbench/orders/(GF\d{8}-\d{5})/"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed HTTP requests per case (after 3 warm-ups)")
    parser.add_argument("--deep-page", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--search", default="工资", help="the free-text query of case (e)")
    parser.add_argument("--seed", type=float, default=0.42, help="setseed() for the generated orders")
    parser.add_argument("--skip-http", action="store_true", help="only the in-process measurements")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# The data: a township supervisor, then 1,000,000 orders.
# ---------------------------------------------------------------------------------------------
def add_township_supervisor() -> Any:
    """A supervisor posted at the first township's station (seed_demo has only the county's)."""
    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.demo.generator import DEMO_PASSWORD
    from gongfa.network.choices import PointTier
    from gongfa.network.models import ServicePoint, StaffPosting

    station = ServicePoint.objects.filter(tier=PointTier.STATION).select_related("region").order_by("region__code")[0]
    user = User.objects.create_user(
        username=TOWNSHIP_SUPERVISOR, password=DEMO_PASSWORD, role=Role.SUPERVISOR, real_name="钱督办"
    )
    StaffPosting.objects.create(user=user, point=station, role=Role.SUPERVISOR)
    return station


class Route(NamedTuple):
    """Where an order of a region ends up and with whom."""

    region_id: int
    region_code: str
    point_id: int | None
    agency_id: int | None
    user_id: int | None
    owner_code: str
    reason: str


def build_routes(rng: random.Random) -> list[Route]:
    """Routes repeated by weight, consistent with the postings and advisor assignments: 12 slots
    per village for its room (when an advisor serves it; else the township station), 4 for the
    station, 2 for the county centre, 2 for agencies (the township's mediation committee and a
    county agency); township-level regions: 8 station, 3 centre, 2 agencies."""
    from gongfa.accounts.choices import Role
    from gongfa.network.choices import AgencyKind, PointTier, RegionLevel
    from gongfa.network.models import AdvisorAssignment, Agency, Region, ServicePoint, StaffPosting

    not_handlers = {Role.SUPERVISOR, Role.ADMINISTRATOR}
    staff_at_point: dict[int, list[int]] = {}
    staff_at_agency: dict[int, list[int]] = {}
    for point_id, agency_id, user_id, role in StaffPosting.objects.filter(is_active=True).values_list(
        "point_id", "agency_id", "user_id", "role"
    ):
        if role in not_handlers:
            continue
        if point_id:
            staff_at_point.setdefault(point_id, []).append(user_id)
        else:
            staff_at_agency.setdefault(agency_id, []).append(user_id)
    advisors: dict[int, list[int]] = {}
    for village_id, advisor_id in AdvisorAssignment.objects.filter(is_active=True).values_list(
        "village_id", "advisor_id"
    ):
        advisors.setdefault(village_id, []).append(advisor_id)
    points = {(p.region_id, p.tier): p for p in ServicePoint.objects.filter(is_active=True).select_related("region")}
    centre = next(p for p in points.values() if p.tier == PointTier.CENTRE)
    agencies = list(Agency.objects.filter(is_active=True).select_related("region"))
    committees = {a.region.code: a for a in agencies if a.kind == AgencyKind.MEDIATION_COMMITTEE}
    county_agencies = [
        a
        for a in agencies
        if a.region.level == RegionLevel.COUNTY
        and a.kind in {AgencyKind.LEGAL_AID_CENTRE, AgencyKind.NOTARY_OFFICE, AgencyKind.LAW_FIRM}
        and staff_at_agency.get(a.pk)
    ]
    regions = {r.code: r for r in Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])}
    routes: list[Route] = []

    def add(region: Any, place: Any, people: list[int] | None, reason: str, slots: int = 1) -> None:
        is_point = isinstance(place, ServicePoint)
        for _ in range(slots):
            person = rng.choice(people) if people else None
            routes.append(
                Route(
                    region_id=region.pk,
                    region_code=region.code,
                    point_id=place.pk if is_point else None,
                    agency_id=None if is_point else place.pk,
                    user_id=person,
                    owner_code=place.region.code,
                    reason=reason,
                )
            )

    def to_station(region: Any, township: Any, slots: int) -> None:
        place = points.get((township.pk, PointTier.STATION)) or centre
        add(region, place, staff_at_point.get(place.pk), f"就近派至{place.name}", slots)

    for region in regions.values():
        if region.level == RegionLevel.VILLAGE:
            township = regions[region.code[:9] + "000"]
            room = points.get((region.pk, PointTier.ROOM))
            if room is not None and advisors.get(region.pk):
                add(region, room, advisors[region.pk], f"就近派至{room.name}", 12)
            else:
                to_station(region, township, 12)
            to_station(region, township, 4)
            add(region, centre, staff_at_point.get(centre.pk), "热线坐席直接办理", 2)
        else:
            township = region
            to_station(region, township, 8)
            add(region, centre, staff_at_point.get(centre.pk), "热线坐席直接办理", 3)
        committee = committees.get(township.code)
        if committee is None or not staff_at_agency.get(committee.pk):
            committee = county_agencies[0]
        for agency in (committee, rng.choice(county_agencies)):
            add(region, agency, staff_at_agency.get(agency.pk), f"按分派规则派至{agency.name}")
    rng.shuffle(routes)
    return routes


def build_texts() -> list[tuple[str, str, int | None]]:
    """(text, search tokens, topic id): the texts, segmented and classified by the project's code."""
    from gongfa.workorders.classify import classify_topic
    from gongfa.workorders.search import segment

    rows = []
    for text in _common.request_texts():
        tokens = " ".join(dict.fromkeys(segment(text)))
        topic = classify_topic(text).topic
        rows.append((text, tokens, topic.pk if topic is not None else None))
    return rows


INSERT_SQL = """
INSERT INTO workorders_workorder (
  tracking_number, channel, text, status, routing_reason, answer, answered_at, rating, rating_comment, rated_at,
  created_at, updated_at, answered_by_id, first_owner_point_id, owner_point_id, owner_user_id, region_id,
  requester_id, accept_due, accepted_at, assigned_at, closed_at, complained_user_id, contact_due, contact_name,
  contact_phone, deadline_warnings, external_ref, external_system, first_contact_at, first_owner_user_id,
  manual_dispatch, merged_into_id, owner_agency_id, parent_id, paused_at, paused_seconds, priority, resolve_due,
  result_code, search_text, service_type_id, special_groups, topic_reason, urgency, topic_id,
  phone_withheld, contact_id_number, contact_sex, contact_age_band, deadline_source, after_hours, answer_attachment
  /*DENORMALISED_COLUMNS*/
)
SELECT
  o.tn, o.channel, x.text, o.status,
  CASE WHEN o.status = 'new' THEN '' ELSE r.reason END,
  CASE WHEN o.status IN ('answered', 'closed') THEN '您好，已电话联系您并作了解答，请按答复意见准备材料。' ELSE '' END,
  CASE WHEN o.status IN ('answered', 'closed') THEN o.created + interval '2 days' END,
  o.rating, '', CASE WHEN o.rating IS NOT NULL THEN o.created + interval '5 days' END,
  o.created, LEAST(now(), o.created + interval '3 days'),
  CASE WHEN o.status IN ('answered', 'closed') THEN r.user_id END,
  CASE WHEN o.status = 'new' THEN NULL ELSE r.point_id END,
  CASE WHEN o.status = 'new' THEN %(centre)s ELSE r.point_id END,
  CASE WHEN o.status = 'new' THEN NULL ELSE r.user_id END,
  r.region_id,
  CASE WHEN o.u_req < 0.3 THEN (%(citizens)s::bigint[])[1 + floor(o.u_req / 0.3 * %(n_citizens)s)::int] END,
  o.created + interval '1 day',
  CASE WHEN o.status NOT IN ('new', 'assigned') THEN o.created + interval '2 hours' END,
  CASE WHEN o.status <> 'new' THEN o.created + interval '1 minute' END,
  CASE WHEN o.status = 'closed' THEN o.created + make_interval(secs => 86400 + o.u_misc * 9 * 86400) END,
  NULL, o.created + interval '2 days',
  (%(surnames)s::text[])[1 + floor(o.u_misc * %(n_surnames)s)::int]
    || CASE WHEN o.u_req < 0.65 THEN '先生' ELSE '女士' END,
  '1' || (3 + floor(o.u_phone * 6))::int || lpad(floor(o.u_phone * 1000000000)::bigint::text, 9, '0'),
  '[]'::jsonb,
  CASE WHEN o.channel = 'transfer_12345' THEN 'BENCH-' || o.g ELSE '' END,
  CASE WHEN o.channel = 'transfer_12345' THEN '12345' ELSE '' END,
  CASE WHEN o.status NOT IN ('new', 'assigned') THEN o.created + interval '3 hours' END,
  CASE WHEN o.status = 'new' THEN NULL ELSE r.user_id END,
  o.status = 'new', NULL,
  CASE WHEN o.status = 'new' THEN NULL ELSE r.agency_id END,
  NULL,
  CASE WHEN o.status = 'waiting' THEN o.created + interval '1 day' END, 0,
  o.priority,
  o.created + interval '10 days',
  CASE WHEN o.status = 'closed' THEN (CASE WHEN o.u_misc < 0.9 THEN 'answered' ELSE 'referred' END) ELSE '' END,
  x.tokens || ' ' || lower(o.tn) || ' ' || lower(split_part(o.tn, '-', 1)) || ' ' || split_part(o.tn, '-', 2),
  (%(services)s::bigint[])[CASE WHEN o.u_svc < 0.85 THEN 1 WHEN o.u_svc < 0.90 THEN 2 WHEN o.u_svc < 0.94 THEN 3
       WHEN o.u_svc < 0.96 THEN 4 WHEN o.u_svc < 0.98 THEN 5 WHEN o.u_svc < 0.99 THEN 6 ELSE 7 END],
  CASE o.priority WHEN 10 THEN 1 WHEN 20 THEN 9 ELSE 0 END,
  '',
  CASE o.priority WHEN 100 THEN 'critical' WHEN 50 THEN 'urgent' ELSE 'normal' END,
  x.topic_id,
  false, '', '', '', '', false, ''
  /*DENORMALISED_VALUES*/
FROM (
  SELECT s.*,
    ((CAST(%(today)s AS date) - s.day_back)::timestamp
      + make_interval(secs => (s.seq0 + s.u_time) * %(spacing)s)) AT TIME ZONE %(tz)s AS created,
    'GF' || to_char(CAST(%(today)s AS date) - s.day_back, 'YYYYMMDD') || '-' || lpad((s.seq0 + 1)::text, 5, '0') AS tn,
    CASE WHEN s.day_back <= 30 THEN
      CASE WHEN s.u_status < 0.03 THEN 'new' WHEN s.u_status < 0.13 THEN 'assigned'
           WHEN s.u_status < 0.33 THEN 'in_progress' WHEN s.u_status < 0.37 THEN 'waiting'
           WHEN s.u_status < 0.47 THEN 'answered' WHEN s.u_status < 0.49 THEN 'converted'
           WHEN s.u_status < 0.50 THEN 'transferred_out' WHEN s.u_status < 0.51 THEN 'merged' ELSE 'closed' END
    ELSE
      CASE WHEN s.u_status < 0.002 THEN 'assigned' WHEN s.u_status < 0.007 THEN 'in_progress'
           WHEN s.u_status < 0.008 THEN 'waiting' WHEN s.u_status < 0.013 THEN 'answered'
           WHEN s.u_status < 0.020 THEN 'converted' WHEN s.u_status < 0.025 THEN 'merged' ELSE 'closed' END
    END AS status,
    CASE WHEN s.u_prio < 0.85 THEN 0 WHEN s.u_prio < 0.93 THEN 10 WHEN s.u_prio < 0.97 THEN 20
         WHEN s.u_prio < 0.99 THEN 50 ELSE 100 END AS priority,
    CASE WHEN s.u_chan < 0.35 THEN 'hotline' WHEN s.u_chan < 0.60 THEN 'portal' WHEN s.u_chan < 0.75 THEN 'village_room'
         WHEN s.u_chan < 0.90 THEN 'window' WHEN s.u_chan < 0.94 THEN 'api' WHEN s.u_chan < 0.97 THEN 'kiosk'
         ELSE 'transfer_12345' END AS channel,
    CASE WHEN s.u_rate < 0.6 THEN
      CASE WHEN s.u_rate < 0.40 THEN 5 WHEN s.u_rate < 0.52 THEN 4 WHEN s.u_rate < 0.57 THEN 3
           WHEN s.u_rate < 0.59 THEN 2 ELSE 1 END
    END AS rating_if_closed
  FROM (
    SELECT g, %(days)s - g / %(per_day)s AS day_back, mod(g, %(per_day)s) AS seq0,
      random() AS u_time, random() AS u_status, random() AS u_prio, random() AS u_chan, random() AS u_req,
      random() AS u_svc, random() AS u_misc, random() AS u_phone, random() AS u_rate,
      1 + floor(random() * %(n_routes)s)::int AS rid, 1 + floor(random() * %(n_texts)s)::int AS tid
    FROM generate_series(%(low)s, %(high)s) AS g
  ) AS s
) AS o0
CROSS JOIN LATERAL (SELECT o0.*, CASE WHEN o0.status = 'closed' THEN o0.rating_if_closed END AS rating) AS o
JOIN bench_route AS r ON r.id = o.rid
JOIN bench_text AS x ON x.id = o.tid
"""


def insert_orders(count: int, seed: float) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.catalog.models import ServiceType
    from gongfa.demo.data import SURNAMES
    from gongfa.network.choices import PointTier
    from gongfa.network.models import ServicePoint
    from gongfa.workorders.models import WorkOrder

    rng = random.Random(seed)
    routes = build_routes(rng)
    texts = build_texts()
    service_codes = ["consultation", "mediation", "legal_aid", "notarization", "lawyer_referral", "complaint", "other"]
    services = dict(ServiceType.objects.values_list("code", "pk"))
    citizens = list(User.objects.filter(role=Role.CITIZEN).values_list("pk", flat=True))
    per_day = math.ceil(count / DAYS)
    if per_day > 99_999:
        raise SystemExit("more than 99,999 orders a day do not fit the tracking-number format")
    centre = ServicePoint.objects.select_related("region").get(tier=PointTier.CENTRE)
    params: dict[str, Any] = {
        "centre": centre.pk,
        "citizens": citizens,
        "n_citizens": len(citizens),
        "surnames": [name for name, _weight in SURNAMES],
        "n_surnames": len(SURNAMES),
        "services": [services[code] for code in service_codes],
        "today": timezone.localdate().isoformat(),
        "tz": str(timezone.get_current_timezone()),
        "spacing": 86400 / per_day,
        "per_day": per_day,
        "days": DAYS,
        "n_routes": len(routes),
        "n_texts": len(texts),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_route (id serial PRIMARY KEY, region_id bigint, region_code text, "
            "point_id bigint, agency_id bigint, user_id bigint, owner_code text, reason text)"
        )
        cursor.executemany(
            "INSERT INTO bench_route (region_id, region_code, point_id, agency_id, user_id, owner_code, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            routes,
        )
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_text (id serial PRIMARY KEY, text text, tokens text, topic_id bigint)"
        )
        cursor.executemany("INSERT INTO bench_text (text, tokens, topic_id) VALUES (%s, %s, %s)", texts)
        cursor.execute("ANALYZE bench_route")
        cursor.execute("ANALYZE bench_text")
        cursor.execute("SELECT setseed(%s)", [seed])
    sql = INSERT_SQL
    fields = {field.name for field in WorkOrder._meta.get_fields()}
    if {"region_code", "owner_region_code"} <= fields:
        # Copies of region codes on the order (migration 0005): the order's and its owner's.
        sql = sql.replace("/*DENORMALISED_COLUMNS*/", ", region_code, owner_region_code").replace(
            "/*DENORMALISED_VALUES*/",
            ", r.region_code, CASE WHEN o.status = 'new' THEN %(centre_code)s ELSE r.owner_code END",
        )
        params["centre_code"] = centre.region.code
    started = time.perf_counter()
    for low in range(0, count, CHUNK):
        high = min(count, low + CHUNK) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, {**params, "low": low, "high": high})
        done = high + 1
        rate = done / (time.perf_counter() - started)
        print(f"    {done:>9,} orders ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_route")
        cursor.execute("DROP TABLE bench_text")
    return {"routes": len(routes), "texts": len(texts), "per_day": per_day}


def describe_data() -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from gongfa.workorders.choices import OPEN_STATUSES, SlaState
    from gongfa.workorders.models import WorkOrder

    by_status = dict(WorkOrder.objects.order_by().values_list("status").annotate(n=Count("pk")))
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('workorders_workorder'))")
        size = cursor.fetchone()[0]
        # Integrity of the generated rows (the FKs are checked by PostgreSQL; this checks the logic).
        cursor.execute(
            "SELECT count(*) FROM workorders_workorder WHERE owner_point_id IS NULL AND owner_agency_id IS NULL"
        )
        ownerless = cursor.fetchone()[0]
        mismatched = None
        if {"region_code", "owner_region_code"} <= {f.name for f in WorkOrder._meta.get_fields()}:
            cursor.execute(
                "SELECT count(*) FROM workorders_workorder w JOIN network_region r ON r.id = w.region_id "
                "LEFT JOIN network_servicepoint p ON p.id = w.owner_point_id "
                "LEFT JOIN network_region pr ON pr.id = p.region_id "
                "LEFT JOIN network_agency a ON a.id = w.owner_agency_id "
                "LEFT JOIN network_region ar ON ar.id = a.region_id "
                "WHERE w.region_code <> r.code OR w.owner_region_code <> coalesce(pr.code, ar.code)"
            )
            mismatched = cursor.fetchone()[0]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "open": sum(n for s, n in by_status.items() if s in OPEN_STATUSES),
        "overdue": WorkOrder.objects.sla_state(SlaState.OVERDUE, now=now).count(),
        "table_size": size,
        "ownerless": ownerless,
        "region_codes_mismatched": mismatched,
    }


# ---------------------------------------------------------------------------------------------
# The cases and the measurements.
# ---------------------------------------------------------------------------------------------
def cases(search: str) -> list[tuple[str, str, dict[str, str]]]:
    from gongfa.workorders.choices import SlaState, WorkOrderStatus

    return [
        ("(a) village advisor", "advisor", {}),
        ("(b) township supervisor", TOWNSHIP_SUPERVISOR, {}),
        ("(c) county supervisor", "supervisor", {}),
        (
            "(d) county supervisor, 办理中 + 已超时",
            "supervisor",
            {"status": WorkOrderStatus.IN_PROGRESS.value, "sla": SlaState.OVERDUE.value},
        ),
        (f"(e) county supervisor, search {search}", "supervisor", {"q": search}),
    ]


def page_count(username: str, params: dict[str, str]) -> tuple[int, int]:
    """(rows in the queue, pages of 50) for the user and filters, as the view computes them."""
    from django.core.paginator import Paginator

    from gongfa.accounts.models import User
    from gongfa.workbench.views.queue import PAGE_SIZE
    from gongfa.workorders import selectors

    user = User.objects.get(username=username)
    status = params.get("status", "open")
    filters = selectors.QueueFilters(status=status, sla=params.get("sla", ""), query=params.get("q", ""))
    paginator = Paginator(selectors.queue_for(user, filters), PAGE_SIZE)
    return paginator.count, paginator.num_pages


def one_row_query(username: str, params: dict[str, str]) -> dict[str, str]:
    """The case's filters plus a search for one tracking number in that list: the same page with
    exactly one row."""
    from gongfa.accounts.models import User
    from gongfa.workorders import selectors

    user = User.objects.get(username=username)
    filters = selectors.QueueFilters(status=params.get("status", "open"), sla=params.get("sla", ""))
    # An order with a requester, as most rows have: the list prefetches requesters, and a page
    # whose rows have none skips that query (one fewer, never more).
    order = selectors.queue_for(user, filters).filter(requester__isnull=False).first()
    if order is None:
        raise SystemExit(f"{username} has an empty queue for {params}")
    return {**{k: v for k, v in params.items() if k != "q"}, "q": order.tracking_number}


def url_of(params: dict[str, str], page: int) -> str:
    query = dict(params)
    if page > 1:
        query["page"] = str(page)
    return "/workbench/queue/" + ("?" + urllib.parse.urlencode(query) if query else "")


def count_queries(username: str, path: str) -> dict[str, Any]:
    """One in-process request with every query captured: (count, rows on the page, queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongfa.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(path)  # warm: the session, the scope, content types
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} as {username}: HTTP {response.status_code}")
    rows = len(set(ROWS.findall(response.content)))
    queries = [{"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in captured.captured_queries]
    return {"queries": len(queries), "rows": rows, "ms": elapsed, "captured": queries}


def measure_in_process(case_list: list[tuple[str, str, dict[str, str]]], deep: int) -> list[dict[str, Any]]:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    results = []
    for label, username, params in case_list:
        total, pages = page_count(username, params)
        deep_page = max(1, min(deep, pages))
        single = one_row_query(username, params)
        page1 = count_queries(username, url_of(params, 1))
        deep_result = count_queries(username, url_of(params, deep_page))
        one = count_queries(username, url_of(single, 1))
        result = {
            "case": label,
            "user": username,
            "params": params,
            "rows_in_queue": total,
            "pages": pages,
            "deep_page": deep_page,
            "queries_page1": page1["queries"],
            "rows_page1": page1["rows"],
            "queries_deep": deep_result["queries"],
            "rows_deep": deep_result["rows"],
            "queries_one_row": one["queries"],
            "rows_one_row": one["rows"],
            "in_process_ms_page1": round(page1["ms"], 1),
            "in_process_ms_deep": round(deep_result["ms"], 1),
            "sql_ms_page1": round(sum(q["ms"] for q in page1["captured"]), 1),
            "slowest_page1": sorted(page1["captured"], key=lambda q: -q["ms"])[:4],
        }
        print(
            f"    {label}: {total:,} rows in the queue ({pages:,} pages); queries: page 1 ({page1['rows']} rows) "
            f"{page1['queries']}, page {deep_page} ({deep_result['rows']} rows) {deep_result['queries']}, "
            f"1 row {one['queries']} ({one['rows']} row); in-process page 1 {page1['ms']:.0f} ms "
            f"(SQL {result['sql_ms_page1']:.0f} ms), page {deep_page} {deep_result['ms']:.0f} ms",
            flush=True,
        )
        results.append(result)
    return results


def explain_county_queue(deep: int, slowest: list[dict[str, Any]]) -> dict[str, str]:
    from django.db import connection

    from gongfa.accounts.models import User
    from gongfa.workorders import selectors
    from gongfa.workorders.models import WorkOrder

    user = User.objects.get(username="supervisor")
    # What the view runs: the page's ids from the work-order table alone, then its rows by id.
    ids = selectors.ids_of(selectors.queue_for(user, selectors.QueueFilters(status="open")))
    page_ids = list(ids[(deep - 1) * 50 : deep * 50])
    rows = selectors.with_list_relations(WorkOrder.objects.filter(pk__in=page_ids)).order_by()
    plans = {
        "queue page 1 (ids)": ids[:50].explain(analyze=True, buffers=True),
        f"queue page {deep} (ids)": ids[(deep - 1) * 50 : deep * 50].explain(analyze=True, buffers=True),
        f"queue page {deep} (its 50 rows with their joined relations)": rows.explain(analyze=True, buffers=True),
    }
    with connection.cursor() as cursor:
        for index, query in enumerate(slowest, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or ("LIMIT 50" in sql and "ORDER BY" in sql):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plans[f"slow query {index} ({query['ms']:.0f} ms)\n{sql}"] = "\n".join(row[0] for row in cursor.fetchall())
    for title, plan in plans.items():
        print(f"==> EXPLAIN ANALYZE, county supervisor: {title}")
        for line in plan.splitlines():
            print(f"      {line}")
    return plans


def measure_http(
    url: str,
    case_list: list[tuple[str, str, dict[str, str]]],
    in_process: list[dict[str, Any]],
    args: argparse.Namespace,
) -> list[dict[str, Any]]:
    from gongfa.demo.generator import DEMO_PASSWORD

    results = []
    with tempfile.TemporaryDirectory(prefix="gongfa-bench-") as folder:
        env = _common.server_environment(url, Path(folder))
        print(f"==> collectstatic (DEBUG=0 serves the whitenoise manifest): {_common.collectstatic(env):.1f} s")
        with _common.gunicorn(env, workers=args.workers, log_path=Path(folder) / "gunicorn.log") as (host, port):
            clients: dict[str, _common.HttpClient] = {}
            for (label, username, params), measured in zip(case_list, in_process, strict=True):
                if username not in clients:
                    clients[username] = _common.HttpClient(host, port)
                    _common.staff_login(clients[username], username, DEMO_PASSWORD)
                client = clients[username]
                for page in (1, measured["deep_page"]):
                    path = url_of(params, page)
                    samples: list[float] = []
                    rows = 0
                    for run in range(3 + args.runs):
                        started = time.perf_counter()
                        status, _, body = client.request("GET", path)
                        elapsed = (time.perf_counter() - started) * 1000
                        if status != 200:
                            raise RuntimeError(f"GET {path} as {username}: HTTP {status}")
                        rows = len(set(ROWS.findall(body)))
                        if run >= 3:
                            samples.append(elapsed)
                    stats = _common.summary_ms(samples)
                    results.append({"case": label, "user": username, "path": path, "page": page, "rows": rows, **stats})
                    verdict = "ok" if stats["p95_ms"] < 200 else "OVER 200 ms"
                    print(
                        f"    {label}, page {page} ({rows} rows, {len(body):,} bytes): p50 {stats['p50_ms']:.0f} ms, "
                        f"p95 {stats['p95_ms']:.0f} ms, min {stats['min_ms']:.0f} ms [{verdict}]",
                        flush=True,
                    )
            for client in clients.values():
                client.close()
    return results


def run(args: argparse.Namespace) -> dict[str, Any]:
    url, cleanup = _common.postgres_database(args.database_url)
    _common.setup_django(url)
    from django.db import connection, connections

    results = _common.start_results(orders=args.orders, runs=args.runs)
    try:
        _common.migrate_and_seed(results)
        station = add_township_supervisor()
        print(f"    township supervisor {TOWNSHIP_SUPERVISOR} posted at {station.name}")
        generated: dict[str, Any] = {}
        results["insert_s"] = _common.timed(
            f"insert {args.orders:,} work orders (INSERT … SELECT generate_series, chunks of {CHUNK:,})",
            lambda: generated.update(insert_orders(args.orders, args.seed)),
        )

        def vacuum() -> None:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE workorders_workorder")

        results["vacuum_analyze_s"] = _common.timed("VACUUM ANALYZE workorders_workorder", vacuum)
        results["data"] = {**generated, **describe_data()}
        data = results["data"]
        print(
            f"    {data['total']:,} orders ({data['table_size']} with indexes); open {data['open']:,}, "
            f"overdue {data['overdue']:,}; by status {data['by_status']}; without owner {data['ownerless']}, "
            f"region codes not matching the regions {data['region_codes_mismatched']}"
        )
        case_list = cases(args.search)
        print("==> queries per page (in-process, django.test.Client + CaptureQueriesContext)")
        results["in_process"] = measure_in_process(case_list, args.deep_page)
        county = next(r for r in results["in_process"] if r["case"].startswith("(c)"))
        results["explain"] = explain_county_queue(county["deep_page"], county["slowest_page1"])
        connections.close_all()
        if not args.skip_http:
            print(
                f"==> HTTP through gunicorn -w {args.workers} on 127.0.0.1, {args.runs} runs per page after 3 warm-ups"
            )
            results["http"] = measure_http(url, case_list, results["in_process"], args)
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
    constant = all(
        r["queries_page1"] == r["queries_one_row"] == r["queries_deep"] and r["rows_one_row"] == 1
        for r in results["in_process"]
    )
    print("==> summary")
    print(f"    queries per page constant (1 row = 50 rows = deep page): {'yes' if constant else 'NO'}")
    for r in results["in_process"]:
        print(f"      {r['case']}: {r['queries_one_row']} / {r['queries_page1']} / {r['queries_deep']}")
    slow = []
    for r in results.get("http", []):
        print(f"    {r['case']}, page {r['page']}: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms")
        if r["p95_ms"] >= 200:
            slow.append(r)
    if results.get("http"):
        print(f"    p95 under 200 ms: {'all cases' if not slow else f'{len(slow)} page(s) over'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if constant and not slow else 1


if __name__ == "__main__":
    sys.exit(main())
