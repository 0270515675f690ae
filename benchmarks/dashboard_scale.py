#!/usr/bin/env python
"""Scale benchmark: the performance dashboards, the monthly report and the incremental rollup on
PostgreSQL with 100,000 … 5,000,000 work orders (issue #12, "Must show").

    .venv/bin/python benchmarks/dashboard_scale.py --orders 100000 --json benchmarks/results/dash-100k.json
    .venv/bin/python benchmarks/dashboard_scale.py --orders 5000000 --compare benchmarks/results/dash-100k.json

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate; `seed_demo --villages 10000` (a province-like tree: 1 province, 1 city, 34 counties,
   408 townships, 10,000 villages; the first county, 青山县, is the county case);
2. inserts ORDERS work orders with server-side SQL, as queue_scale.py does (its INSERT … SELECT
   generate_series, created over the past 364 days, statuses by age, ratings), spread over every
   county's villages and townships with owners consistent with the postings (village rooms with
   their advisor, township stations, the county's own centre); VACUUM ANALYZE;
3. builds the fact tables (DailyFact, RollupFact) in one of two ways (--facts):
   - `rebuild`: gongfa.performance.rollup.rebuild(), the project's own rebuild (Python: every
     order's contribute(), ledgers, upserts), timed;
   - `sql`: the work orders' DailyFact rows by one INSERT … SELECT … GROUP BY that mirrors
     gongfa/workorders/measures.py (the other, small sources through the project's rebuild of one
     source), then RollupFact from DailyFact along the region tree by one INSERT … SELECT that
     mirrors rollup.rollup_deltas / _rollup_rows (DailyFact summed over point, person and agency
     first; every level gets the month total; the day grain, the service × channel month rows and
     the topic / tier / group mix rows only province … township, not villages; the region chain
     taken from rollup.region_chain), timed;
   - `both` (the default up to 20,000 orders): rebuild first, keep its rows, then the SQL path,
     and check that the two give identical rows (EXCEPT ALL both ways, 0 rows must differ);
4. the dashboard set (every indicator of performance/data/indicators.json whose measures are
   registered) for the county (青山县), the city and the province, as the overview needs it:
   the period's values (the last 12 whole months), the same period a year before (comparison),
   the values per child region (drill-down), the monthly trend, the daily trend of the last 30 days
   (indicators without filters), and the mix by service, channel, topic and special group;
   queries counted once (CaptureQueriesContext), then RUNS timed runs after 3 warm-ups: p50 / p95,
   with the p50 of each call. When /workbench/performance/dashboard/ is more than its placeholder,
   the page is also timed over HTTP (gunicorn -w 2, DEBUG=0) with ?region=<code>;
5. a month's report for the province: gongfa.performance.services.reports.generate_report for the
   last whole month with a province-level copy of the work-order and legal-aid template
   (workorder-legalaid-monthly, its rows unchanged) as the administrator, regenerated REPORT_RUNS
   times (p50 / p95); then every county of the province generates its own month once (total);
6. the incremental rollup: INTAKE orders through the intake service
   (gongfa.workorders.services.intake.create_work_order, auto dispatch) with the after-commit
   refresh switched off so that the marks pile up, then refresh_pending() over that backlog, timed
   (orders/s applied); with --live, a second process runs refresh_pending() in a loop while this
   one takes in orders at --rate per second for --seconds: intake achieved, backlog sampled, time to
   drain. Finally the facts of today are checked against the orders (wo.received for the province).

--compare PATH (the JSON of a smaller run) checks queries per call equal and p95 within 1.3 ×.
Exit 1 when a check fails: facts differ, county p95 ≥ 150 ms, report p95 ≥ 2 s, refresh slower
than 100 orders/s, the live backlog not drained within 10 s, or a comparison fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import math
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_dashboard")
DAYS = 364
CHUNK = 100_000
COUNTY_P95_MS = 150.0
REPORT_S = 2.0
INTAKE_RATE = 100.0
GROWTH = 1.3
COUNTY_TEMPLATE = "workorder-legalaid-monthly"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--villages", type=int, default=10_000, help="seed_demo --villages (10,000: 34 counties)")
    parser.add_argument("--citizens", type=int, default=2_000, help="seed_demo --citizens")
    parser.add_argument("--facts", choices=("auto", "rebuild", "sql", "both"), default="auto")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per overview (after 3 warm-ups)")
    parser.add_argument("--report-runs", type=int, default=5)
    parser.add_argument("--intake", type=int, default=3_000, help="orders taken in for the backlog refresh")
    parser.add_argument("--live", action="store_true", help="also intake at --rate/s while another process refreshes")
    parser.add_argument("--rate", type=float, default=INTAKE_RATE)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (when the dashboard page exists)")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--seed", type=float, default=0.42, help="setseed() for the generated orders")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on a database kept by --keep (no build; --orders must be the size it was built with)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    parser.add_argument("--compare", type=Path, default=None, help="JSON of a smaller run to compare p95 with")
    args = parser.parse_args(argv)
    if args.facts == "auto":
        args.facts = "both" if args.orders <= 20_000 else "sql"
    return args


# ---------------------------------------------------------------------------------------------
# The data: seed a province, then the orders (queue_scale's SQL, routes over every county).
# ---------------------------------------------------------------------------------------------
class Route(NamedTuple):
    region_id: int
    region_code: str
    point_id: int | None
    agency_id: int | None
    user_id: int | None
    owner_code: str
    reason: str
    centre_id: int
    centre_code: str


def build_routes(rng: random.Random) -> list[Route]:
    """Per village 12 slots for its room (with its advisor; the station when it has none), 4 for
    the township station, 2 for the county centre; per township 8 station, 3 centre."""
    from gongfa.accounts.choices import Role
    from gongfa.network.choices import PointTier, RegionLevel
    from gongfa.network.models import AdvisorAssignment, Region, ServicePoint, StaffPosting

    staff: dict[int, list[int]] = {}
    for point_id, user_id, role in StaffPosting.objects.filter(is_active=True, point__isnull=False).values_list(
        "point_id", "user_id", "role"
    ):
        if role not in {Role.SUPERVISOR, Role.ADMINISTRATOR}:
            staff.setdefault(point_id, []).append(user_id)
    advisors: dict[int, list[int]] = {}
    for village_id, advisor_id in AdvisorAssignment.objects.filter(is_active=True).values_list(
        "village_id", "advisor_id"
    ):
        advisors.setdefault(village_id, []).append(advisor_id)
    points = {(p.region_id, p.tier): p for p in ServicePoint.objects.filter(is_active=True).select_related("region")}
    centres = {p.region.code[:6]: p for p in points.values() if p.tier == PointTier.CENTRE}
    regions = {r.code: r for r in Region.objects.filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])}
    routes: list[Route] = []

    def add(region: Any, place: Any, slots: int, reason: str, people: list[int] | None = None) -> None:
        centre = centres[region.code[:6]]
        people = people if people is not None else staff.get(place.pk)
        for _ in range(slots):
            routes.append(
                Route(
                    region.pk,
                    region.code,
                    place.pk,
                    None,
                    rng.choice(people) if people else None,
                    place.region.code,
                    reason,
                    centre.pk,
                    centre.region.code,
                )
            )

    for region in regions.values():
        if region.code[:6] not in centres:
            continue
        township = regions.get(region.code[:9] + "000", region)
        station = points.get((township.pk, PointTier.STATION)) or centres[region.code[:6]]
        centre = centres[region.code[:6]]
        if region.level == RegionLevel.VILLAGE:
            room = points.get((region.pk, PointTier.ROOM))
            if room is not None and advisors.get(region.pk):
                add(region, room, 12, f"就近派至{room.name}", advisors[region.pk])
            else:
                add(region, station, 12, f"就近派至{station.name}")
            add(region, station, 4, f"就近派至{station.name}")
            add(region, centre, 2, "热线坐席直接办理")
        else:
            add(region, station, 8, f"就近派至{station.name}")
            add(region, centre, 3, "热线坐席直接办理")
    rng.shuffle(routes)
    return routes


def insert_orders(count: int, seed: float) -> dict[str, Any]:
    import queue_scale
    from django.db import connection, transaction
    from django.utils import timezone

    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.catalog.models import ServiceType
    from gongfa.demo.data import SURNAMES

    rng = random.Random(seed)
    routes = build_routes(rng)
    texts = queue_scale.build_texts()
    service_codes = ["consultation", "mediation", "legal_aid", "notarization", "lawyer_referral", "complaint", "other"]
    services = dict(ServiceType.objects.values_list("code", "pk"))
    citizens = list(User.objects.filter(role=Role.CITIZEN).values_list("pk", flat=True))
    per_day = math.ceil(count / DAYS)
    if per_day > 99_999:
        raise SystemExit("more than 99,999 orders a day do not fit the tracking-number format")
    params: dict[str, Any] = {
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
    # queue_scale's statement, with each county's own centre as the desk of a new order.
    sql = queue_scale.INSERT_SQL
    for old, new in (
        ("%(centre)s", "r.centre_id"),
        ("/*DENORMALISED_COLUMNS*/", ", region_code, owner_region_code, contact_phone_hash"),
        (
            "/*DENORMALISED_VALUES*/",
            ", r.region_code, CASE WHEN o.status = 'new' THEN r.centre_code ELSE r.owner_code END, ''",
        ),
        # The phone is an encrypted field with a blind index now: no phone (the facts do not read it).
        ("'1' || (3 + floor(o.u_phone * 6))::int || lpad(floor(o.u_phone * 1000000000)::bigint::text, 9, '0')", "''"),
    ):
        if old not in sql:
            raise SystemExit(f"queue_scale.INSERT_SQL changed: {old!r} not found")
        sql = sql.replace(old, new)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_route (id serial PRIMARY KEY, region_id bigint, region_code text, "
            "point_id bigint, agency_id bigint, user_id bigint, owner_code text, reason text, centre_id bigint, "
            "centre_code text)"
        )
        for start in range(0, len(routes), 2000):
            chunk = routes[start : start + 2000]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            columns = "region_id, region_code, point_id, agency_id, user_id, owner_code, reason, centre_id, centre_code"
            cursor.execute(
                f"INSERT INTO bench_route ({columns}) VALUES {values}",  # noqa: S608 - placeholders only
                [part for route in chunk for part in route],
            )
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_text (id serial PRIMARY KEY, text text, tokens text, topic_id bigint)"
        )
        cursor.executemany("INSERT INTO bench_text (text, tokens, topic_id) VALUES (%s, %s, %s)", texts)
        cursor.execute("ANALYZE bench_route")
        cursor.execute("ANALYZE bench_text")
        cursor.execute("SELECT setseed(%s)", [seed])
    started = time.perf_counter()
    for low in range(0, count, CHUNK):
        high = min(count, low + CHUNK) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, {**params, "low": low, "high": high})
        done = high + 1
        print(f"    {done:>9,} orders ({done / (time.perf_counter() - started):,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_route")
        cursor.execute("DROP TABLE bench_text")
    return {"routes": len(routes), "texts": len(texts), "per_day": per_day}


def vacuum(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def table_sizes() -> dict[str, Any]:
    from django.db import connection

    sizes: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in (
            "workorders_workorder",
            "performance_dailyfact",
            "performance_rollupfact",
            "performance_factledger",
        ):
            cursor.execute(f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}")  # noqa: S608
            rows, size = cursor.fetchone()
            sizes[table] = {"rows": rows, "size": size}
    return sizes


# ---------------------------------------------------------------------------------------------
# The facts: the project's rebuild, or SQL that mirrors gongfa/workorders/measures.py.
# ---------------------------------------------------------------------------------------------
DAILY_COLUMNS = (
    "measure, day, region_code, point_id, person_id, agency_id, service, channel, topic, special_groups, tier"
)
ORDER_DIMENSIONS = """
  SELECT w.id, coalesce(nullif(w.region_code, ''), w.owner_region_code, '') AS region_code,
    coalesce(w.owner_point_id, 0) AS point_id, coalesce(w.owner_user_id, 0) AS person_id,
    coalesce(w.owner_agency_id, 0) AS agency_id, coalesce(st.code, '') AS service, w.channel,
    coalesce(t.code, '') AS topic, w.special_groups, coalesce(p.tier, '') AS tier
    /*MORE*/
  FROM workorders_workorder w
  LEFT JOIN catalog_servicetype st ON st.id = w.service_type_id
  LEFT JOIN workorders_topic t ON t.id = w.topic_id
  LEFT JOIN network_servicepoint p ON p.id = w.owner_point_id
  WHERE w.created_at < %(before)s
"""
ORDER_FACTS_SQL = f"""
INSERT INTO performance_dailyfact ({DAILY_COLUMNS}, value)
SELECT f.measure, (f.moment AT TIME ZONE %(tz)s)::date, o.region_code, o.point_id, o.person_id, o.agency_id,
  o.service, o.channel, o.topic, o.special_groups, o.tier, sum(f.value)
FROM ({
    ORDER_DIMENSIONS.replace(
        "/*MORE*/",
        ''', w.created_at, w.accepted_at, w.accept_due, w.first_contact_at, w.contact_due, w.closed_at,
    w.resolve_due, w.result_code, w.external_system, w.rating::int AS rating, w.rated_at,
    w.closed_at IS NOT NULL AND (w.resolve_due IS NULL OR w.closed_at <= w.resolve_due) AS closed_on_time,
    w.rating IS NOT NULL AND w.rated_at IS NOT NULL AS is_rated''',
    )
}) AS o
CROSS JOIN LATERAL (VALUES
  ('wo.received', o.created_at, 1, true),
  ('wo.accepted', o.accepted_at, 1, o.accepted_at IS NOT NULL),
  ('wo.accepted_on_time', o.accepted_at, 1,
     o.accepted_at IS NOT NULL AND (o.accept_due IS NULL OR o.accepted_at <= o.accept_due)),
  ('wo.contacted', o.first_contact_at, 1, o.first_contact_at IS NOT NULL),
  ('wo.contacted_on_time', o.first_contact_at, 1,
     o.first_contact_at IS NOT NULL AND (o.contact_due IS NULL OR o.first_contact_at <= o.contact_due)),
  ('wo.closed', o.closed_at, 1, o.closed_at IS NOT NULL),
  ('wo.closed_on_time', o.closed_at, 1, o.closed_on_time),
  ('wo.converted', o.closed_at, 1, o.closed_at IS NOT NULL AND o.result_code = %(converted)s),
  ('wo.transfer_closed', o.closed_at, 1, o.closed_at IS NOT NULL AND o.result_code = %(transferred)s),
  ('wo.transfer_closed_on_time', o.closed_at, 1, o.closed_on_time AND o.result_code = %(transferred)s),
  ('wo.ext12345_closed', o.closed_at, 1, o.closed_at IS NOT NULL AND o.external_system = %(ext12345)s),
  ('wo.ext12345_closed_on_time', o.closed_at, 1, o.closed_on_time AND o.external_system = %(ext12345)s),
  ('wo.rated', o.rated_at, 1, o.is_rated),
  ('wo.rating_sum', o.rated_at, o.rating, o.is_rated),
  ('wo.rated_' || o.rating, o.rated_at, 1, o.is_rated),
  ('wo.bad_rated', o.rated_at, 1, o.is_rated AND o.rating = ANY(%(bad)s))
) AS f(measure, moment, value, applies)
WHERE f.applies
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
"""  # noqa: S608 - constant SQL, values bound as parameters
TASK_FACTS_SQL = f"""
INSERT INTO performance_dailyfact ({DAILY_COLUMNS}, value)
SELECT f.measure, (f.moment AT TIME ZONE %(tz)s)::date, o.region_code, o.point_id, o.person_id, o.agency_id,
  o.service, o.channel, o.topic, o.special_groups, o.tier, count(*)
FROM (
  SELECT order_id, 'wo.return_visit_due' AS measure, created_at AS moment FROM workorders_returnvisit
  UNION ALL SELECT order_id, 'wo.return_visit_done', done_at FROM workorders_returnvisit
    WHERE status = %(done)s AND done_at IS NOT NULL
  UNION ALL SELECT order_id, 'wo.bad_followed_up', done_at FROM workorders_returnvisit
    WHERE status = %(done)s AND done_at IS NOT NULL AND kind = %(dissatisfied)s
  UNION ALL SELECT order_id, 'wo.rectification_opened', created_at FROM workorders_rectification
    WHERE order_id IS NOT NULL
  UNION ALL SELECT order_id, 'wo.rectification_done', completed_at FROM workorders_rectification
    WHERE order_id IS NOT NULL AND status = %(done)s AND completed_at IS NOT NULL
  UNION ALL SELECT order_id, 'wo.rectification_done_on_time', completed_at FROM workorders_rectification
    WHERE order_id IS NOT NULL AND status = %(done)s AND completed_at IS NOT NULL
      AND (completed_at AT TIME ZONE %(tz)s)::date <= due_on
) AS f
JOIN ({ORDER_DIMENSIONS.replace("/*MORE*/", "")}) AS o ON o.id = f.order_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
"""  # noqa: S608 - constant SQL, values bound as parameters
# RollupFact from DailyFact, mirroring rollup.rollup_deltas / _rollup_rows, in stages: DailyFact summed
# over point, person and agency first (bench_d), then each kind of rollup row summed to its own key
# before it meets the region chain, so that no stage multiplies the big table by the chain and the
# mixes at once. bench_chain: (code, level, ancestor) of every region code with its ancestors;
# bench_lift: a village code's township (others: themselves), since villages keep month totals only.
ROLLUP_STAGE_SQL = """
CREATE TEMP TABLE bench_d ON COMMIT DROP AS
SELECT measure, day, date_trunc('month', day)::date AS month, region_code, service, channel, topic,
  special_groups, tier, sum(value) AS value
FROM performance_dailyfact WHERE measure = ANY(%(measures)s)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""
ROLLUP_LIFTED_SQL = """
CREATE TEMP TABLE bench_dl ON COMMIT DROP AS
SELECT d.measure, d.day, d.month, l.lifted AS region_code, d.service, d.channel, d.topic, d.special_groups,
  d.tier, sum(d.value) AS value
FROM bench_d AS d JOIN bench_lift AS l ON l.code = d.region_code
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""
ROLLUP_INSERT = (
    "INSERT INTO performance_rollupfact (grain, measure, region_code, period, service, channel, dim, dim_value, "
    "level, value)\n"
)
# (source table, inner key columns, the key written, the inner WHERE); every stage: sum by the inner
# key, join the chain (villages only for the month totals), sum by the written key.
ROLLUP_STAGES = {
    "month": ("bench_d", "month", "%(month)s, x.measure, c.ancestor, x.month, %(all)s, %(all)s, '', ''", ""),
    "day": ("bench_dl", "day", "%(day)s, x.measure, c.ancestor, x.day, %(all)s, %(all)s, '', ''", ""),
    "service_channel": (
        "bench_dl",
        "month, service, channel",
        "%(month)s, x.measure, c.ancestor, x.month, x.service, x.channel, '', ''",
        "",
    ),
    "topic": (
        "bench_dl",
        "month, topic",
        "%(month)s, x.measure, c.ancestor, x.month, %(all)s, %(all)s, %(topic)s, x.topic",
        "WHERE topic <> ''",
    ),
    "tier": (
        "bench_dl",
        "month, tier",
        "%(month)s, x.measure, c.ancestor, x.month, %(all)s, %(all)s, %(tier)s, x.tier",
        "WHERE tier <> ''",
    ),
    "group": (
        "(SELECT d.measure, d.month, d.region_code, (1 << b)::text AS bit, d.value FROM bench_dl AS d "
        "CROSS JOIN generate_series(0, 30) AS b WHERE d.special_groups & (1 << b) <> 0) AS g",
        "month, bit",
        "%(month)s, x.measure, c.ancestor, x.month, %(all)s, %(all)s, %(group)s, x.bit",
        "",
    ),
    "any_group": (
        "bench_dl",
        "month",
        "%(month)s, x.measure, c.ancestor, x.month, %(all)s, %(all)s, %(group)s, %(any)s",
        "WHERE special_groups <> 0",
    ),
}


def rollup_stage_sql(stage: str) -> str:
    source, inner, written, where = ROLLUP_STAGES[stage]
    chain = "" if stage == "month" else "AND c.level < %(village)s"
    select = f"""SELECT {written}, c.level, sum(x.value)
FROM (SELECT measure, region_code, {inner}, sum(value) AS value FROM {source} {where}
      GROUP BY measure, region_code, {inner}) AS x
JOIN bench_chain AS c ON c.code = x.region_code {chain}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
HAVING sum(x.value) <> 0"""  # noqa: S608 - constant fragments from ROLLUP_STAGES, values bound as parameters
    return ROLLUP_INSERT + select


def facts_by_rebuild() -> dict[str, int]:
    from django.utils import timezone

    from gongfa.performance import registry, rollup

    return rollup.rebuild(registry.EPOCH, timezone.localdate())


def facts_by_sql() -> dict[str, Any]:
    """The work orders' facts in SQL; the other sources (villages, points, legal-aid cases: small)
    through the project's rebuild of one source. Times each step."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongfa.network.choices import RegionLevel
    from gongfa.performance import registry, rollup
    from gongfa.performance.choices import Grain, MixDimension
    from gongfa.performance.models.facts import ALL
    from gongfa.performance.periods import day_end, month_end, month_start
    from gongfa.workorders import measures as wo_measures
    from gongfa.workorders.choices import BAD_RATINGS, ExternalSystem, ResultCode, ReturnVisitKind, TaskStatus

    today = timezone.localdate()
    start, end = month_start(registry.EPOCH), month_end(today)
    steps: dict[str, Any] = {}
    source = registry.source(wo_measures.SOURCE)
    params: dict[str, Any] = {
        "tz": str(timezone.get_current_timezone()),
        "before": day_end(end),
        "converted": ResultCode.CONVERTED.value,
        "transferred": ResultCode.TRANSFERRED.value,
        "ext12345": ExternalSystem.HOTLINE_12345.value,
        "bad": [int(rating) for rating in BAD_RATINGS],
        "done": TaskStatus.DONE.value,
        "dissatisfied": ReturnVisitKind.DISSATISFIED.value,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '1GB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '2GB'")
        cursor.execute("DELETE FROM performance_dailyfact")
        cursor.execute("DELETE FROM performance_rollupfact")
        with _common.stopwatch() as elapsed:
            for other in registry.sources():
                if other.name != source.name:
                    rollup._rebuild_source(other, start, end, 2000)
        steps["other_sources_s"] = round(elapsed(), 2)
        with _common.stopwatch() as elapsed, without_indexes(cursor, "performance_dailyfact", steps, "daily"):
            cursor.execute(ORDER_FACTS_SQL, params)
            cursor.execute(TASK_FACTS_SQL, params)
        steps["daily_sql_s"] = round(elapsed(), 2)
        with _common.stopwatch() as elapsed:
            cursor.execute(
                "SELECT DISTINCT region_code FROM performance_dailyfact WHERE measure = ANY(%s)",
                [list(source.measures)],
            )
            chain: dict[str, tuple[tuple[int, str], ...]] = {}
            lift: list[tuple[str, str]] = []
            for (code,) in cursor.fetchall():
                links = rollup.region_chain(code)
                if not links:
                    continue
                # A village keeps month totals only: everything else starts from its township.
                lifted = links[-2][1] if links[-1][0] >= RegionLevel.VILLAGE else code
                chain[code] = links
                chain[lifted] = rollup.region_chain(lifted)
                lift.append((code, lifted))
            load_rows(
                cursor,
                "bench_chain (code text, level smallint, ancestor text)",
                [(code, level, ancestor) for code, links in chain.items() for level, ancestor in links],
            )
            load_rows(cursor, "bench_lift (code text, lifted text)", lift)
            values: dict[str, Any] = {
                "day": Grain.DAY.value,
                "month": Grain.MONTH.value,
                "all": ALL,
                "topic": MixDimension.TOPIC.value,
                "tier": MixDimension.TIER.value,
                "group": MixDimension.GROUP.value,
                "any": registry.ANY_SPECIAL_GROUP,
                "measures": list(source.measures),
                "village": int(RegionLevel.VILLAGE),
            }
            with without_indexes(cursor, "performance_rollupfact", steps, "rollup"):
                cursor.execute(ROLLUP_STAGE_SQL, values)
                cursor.execute("ANALYZE bench_d")
                cursor.execute(ROLLUP_LIFTED_SQL)
                cursor.execute("ANALYZE bench_dl")
                for stage in ROLLUP_STAGES:
                    with _common.stopwatch() as stage_elapsed:
                        cursor.execute(rollup_stage_sql(stage), values)
                    steps[f"rollup_{stage}_s"] = round(stage_elapsed(), 2)
        steps["rollup_sql_s"] = round(elapsed(), 2)
    return steps


def load_rows(cursor: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    """A temporary table (dropped at commit) filled with rows, analysed."""
    cursor.execute(f"CREATE TEMP TABLE {table} ON COMMIT DROP")
    name = table.split(" ", 1)[0]
    width = len(rows[0]) if rows else 1
    for first in range(0, len(rows), 3000):
        part = rows[first : first + 3000]
        marks = "(" + ", ".join(["%s"] * width) + ")"
        cursor.execute(
            f"INSERT INTO {name} VALUES " + ", ".join([marks] * len(part)),  # noqa: S608 - placeholders only
            [value for row in part for value in row],
        )
    cursor.execute(f"ANALYZE {name}")


@contextlib.contextmanager
def without_indexes(cursor: Any, table: str, steps: dict[str, Any], label: str) -> Iterator[None]:
    """Bulk load as PostgreSQL's manual advises: drop the table's unique constraints and indexes
    (the primary key stays), load, create them again (one sort each instead of a B-tree insert per
    row). The unique constraint coming back also proves that the load wrote no duplicate key."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes AS i WHERE i.tablename = %s AND i.indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('u', 'p'))",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    with _common.stopwatch() as elapsed:
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
    steps[f"{label}_indexes_s"] = round(elapsed(), 2)


def snapshot_facts() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_daily, bench_rollup")
        cursor.execute("CREATE UNLOGGED TABLE bench_daily AS SELECT * FROM performance_dailyfact")
        cursor.execute("CREATE UNLOGGED TABLE bench_rollup AS SELECT * FROM performance_rollupfact")


def compare_facts() -> dict[str, int]:
    """Rows in one set and not the other (EXCEPT ALL both ways, ids left out): 0 and 0 when equal."""
    from django.db import connection

    daily = f"{DAILY_COLUMNS}, value"
    rollup = "grain, measure, region_code, period, service, channel, dim, dim_value, level, value"
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, columns, ours, theirs in (
            ("daily", daily, "bench_daily", "performance_dailyfact"),
            ("rollup", rollup, "bench_rollup", "performance_rollupfact"),
        ):
            for label, left, right in (("only_rebuild", ours, theirs), ("only_sql", theirs, ours)):
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT {columns} FROM {left} EXCEPT ALL SELECT {columns} FROM {right}) x"  # noqa: S608
                )
                found[f"{name}_{label}"] = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_daily, bench_rollup")
    return found


# ---------------------------------------------------------------------------------------------
# The dashboard set and the overviews.
# ---------------------------------------------------------------------------------------------
def dashboard_indicators() -> list[Any]:
    """The 24 indicators of performance/data/indicators.json whose measures are registered (created
    here when the data migration has not landed yet): the set every run since the first has timed.
    Other apps' indicators (mediation's 43) are left out so that runs stay comparable."""
    from gongfa.performance import registry
    from gongfa.performance.models import Indicator

    path = _common.ROOT / "gongfa" / "performance" / "data" / "indicators.json"
    names = {field.name for field in Indicator._meta.concrete_fields}
    for item in json.loads(path.read_text()):
        Indicator.objects.get_or_create(
            code=item["code"], defaults={k: v for k, v in item.items() if k in names and k != "code"}
        )
    codes = [item["code"] for item in json.loads(path.read_text())]
    usable = []
    for indicator in Indicator.objects.filter(is_active=True, code__in=codes).order_by("sort_order", "code"):
        terms = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
        if all(registry.is_known(code) for term in terms for code in term.get("measures") or ()):
            usable.append(indicator)
    return usable


def overview_calls(indicators: list[Any], region: Any, today: datetime.date) -> list[tuple[str, Callable[[], Any]]]:
    from gongfa.performance import compute
    from gongfa.performance.choices import Grain
    from gongfa.performance.periods import month_start

    end = month_start(today) - datetime.timedelta(days=1)
    start = month_start(end.replace(year=end.year - 1) + datetime.timedelta(days=1))
    last_year = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
    plain = [i for i in indicators if not _has_filters(i)]
    received = next(i for i in indicators if i.code == "wo_received")
    daily_end = today - datetime.timedelta(days=1)
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("values", lambda: compute.indicator_values(indicators, region, start, end)),
        ("values, last year", lambda: compute.indicator_values(indicators, region, *last_year)),
        ("by child", lambda: compute.indicator_values_by_child(indicators, region, start, end)),
        ("monthly trend", lambda: compute.indicator_series(indicators, region, start, end, Grain.MONTH)),
        (
            "daily trend, 30 days",
            lambda: compute.indicator_series(
                plain, region, daily_end - datetime.timedelta(days=29), daily_end, Grain.DAY
            ),
        ),
    ]
    for dimension in ("service", "channel", "topic", "special_group"):
        calls.append(
            (f"mix {dimension}", lambda d=dimension: compute.indicator_mix(received, region, start, end, d))  # type: ignore[misc]
        )
    return calls


def _has_filters(indicator: Any) -> bool:
    terms = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
    return any(any(term.get("filters", {}).values()) for term in terms)


def measure_overviews(indicators: list[Any], regions: dict[str, Any], runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    today = timezone.localdate()
    results: dict[str, Any] = {}
    for label, region in regions.items():
        calls = overview_calls(indicators, region, today)
        queries: dict[str, int] = {}
        with CaptureQueriesContext(connection) as captured:
            for name, call in calls:
                before = len(captured.captured_queries)
                call()
                queries[name] = len(captured.captured_queries) - before
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
        for _ in range(3):
            for _name, call in calls:
                call()
        totals: list[float] = []
        per_call: dict[str, list[float]] = {name: [] for name, _ in calls}
        for _ in range(runs):
            started = time.perf_counter()
            for name, call in calls:
                one = time.perf_counter()
                call()
                per_call[name].append((time.perf_counter() - one) * 1000)
            totals.append((time.perf_counter() - started) * 1000)
        stats = _common.summary_ms(totals)
        results[label] = {
            "region": f"{region.code} {region.name}",
            "queries": sum(queries.values()),
            "queries_per_call": queries,
            **stats,
            "p50_per_call_ms": {name: round(statistics.median(values), 2) for name, values in per_call.items()},
            "slowest_sql": [{"ms": float(q["time"]) * 1000, "sql": q["sql"][:600]} for q in slowest],
        }
        print(
            f"    {label} ({region.name}): {sum(queries.values())} queries; p50 {stats['p50_ms']:.1f} ms, "
            f"p95 {stats['p95_ms']:.1f} ms; per call p50: "
            + ", ".join(f"{n} {v:.1f}" for n, v in results[label]["p50_per_call_ms"].items()),
            flush=True,
        )
    return results


def dashboard_page_exists(region: Any) -> bool:
    from django.conf import settings
    from django.test import Client

    from gongfa.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    response = client.get("/workbench/performance/dashboard/?" + urllib.parse.urlencode({"region": region.code}))
    used = {template.name for template in (response.templates or [])}
    return response.status_code == 200 and "workbench/performance/placeholder.html" not in used


def measure_pages(url: str, regions: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """GET the dashboard page per region through gunicorn: the county as its supervisor, the city
    and province as the administrator."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongfa.accounts.models import User
    from gongfa.demo.generator import DEMO_PASSWORD

    users = {"county": "supervisor", "city": "admin", "province": "admin"}
    paths = {
        label: "/workbench/performance/dashboard/?" + urllib.parse.urlencode({"region": r.code})
        for label, r in regions.items()
    }
    results: dict[str, Any] = {}
    for label, path in paths.items():
        client = Client()
        client.force_login(User.objects.get(username=users[label]))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        results[label] = {"path": path, "user": users[label], "status": response.status_code, "queries": len(captured)}
    from django.db import connections

    connections.close_all()
    with tempfile.TemporaryDirectory(prefix="gongfa-bench-") as folder:
        env = _common.server_environment(url, Path(folder))
        print(f"==> collectstatic: {_common.collectstatic(env):.1f} s")
        with _common.gunicorn(env, workers=args.workers, log_path=Path(folder) / "gunicorn.log") as (host, port):
            clients: dict[str, Any] = {}
            for label, path in paths.items():
                username = users[label]
                if username not in clients:
                    clients[username] = _common.HttpClient(host, port)
                    _common.staff_login(clients[username], username, DEMO_PASSWORD)
                samples = []
                for run in range(3 + args.runs):
                    started = time.perf_counter()
                    status, _, body = clients[username].request("GET", path)
                    if status != 200:
                        raise RuntimeError(f"GET {path} as {username}: HTTP {status}")
                    if run >= 3:
                        samples.append((time.perf_counter() - started) * 1000)
                results[label].update(_common.summary_ms(samples), bytes=len(body))
                print(f"    page {label}: {results[label]}", flush=True)
            for client in clients.values():
                client.close()
    return results


# ---------------------------------------------------------------------------------------------
# The month's report for the province.
# ---------------------------------------------------------------------------------------------
def report_templates() -> tuple[Any, Any]:
    """The county template (工单与法律援助月报) and a province-level copy of it (same rows)."""
    from django.core.management import call_command

    from gongfa.network.choices import RegionLevel
    from gongfa.performance.models import ReportRow, ReportTemplate

    if not ReportTemplate.objects.filter(code=COUNTY_TEMPLATE).exists():
        call_command("load_report_templates", stdout=io.StringIO())
    county = ReportTemplate.objects.get(code=COUNTY_TEMPLATE)
    province, created = ReportTemplate.objects.get_or_create(
        code="bench-province-monthly",
        defaults={"name": f"{county.name}（省级汇总）", "reporting_level": RegionLevel.PROVINCE},
    )
    if created:
        rows = list(county.rows.all())
        for row in rows:
            row.pk = None
            row.template = province
        ReportRow.objects.bulk_create(rows)
    return county, province


def measure_report(province: Any, runs: int) -> dict[str, Any]:
    """generate_report (gongfa.performance.services.reports) for the province's last whole month
    with a province-level copy of the work-order and legal-aid template, as the administrator
    (regenerating each run); then every county of the province generating its own month."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongfa.accounts.models import User
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region
    from gongfa.performance.periods import month_start
    from gongfa.performance.services.reports import generate_report

    month = month_start(month_start(timezone.localdate()) - datetime.timedelta(days=1))
    county_template, province_template = report_templates()
    actor = User.objects.get(username="admin")
    generate_report(actor, province_template, province, month)  # first: creates the report and its cells
    with CaptureQueriesContext(connection) as captured:
        report = generate_report(actor, province_template, province, month)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        generate_report(actor, province_template, province, month)
        samples.append((time.perf_counter() - started) * 1000)
    cells = report.cells.count()
    low, high = province.subtree_bounds()
    counties = list(Region.objects.filter(code__range=(low, high), level=RegionLevel.COUNTY).order_by("code"))
    with _common.stopwatch() as every_county:
        for county in counties:
            generate_report(actor, county_template, county, month)
    result = {
        "month": month.isoformat(),
        "template": county_template.code,
        "cells": cells,
        "queries": len(captured),
        **_common.summary_ms(samples),
        "every_county": {"counties": len(counties), "first_time_s": round(every_county(), 2)},
    }
    print(f"    report {month:%Y-%m} for {province.name}: {result}", flush=True)
    return result


# ---------------------------------------------------------------------------------------------
# The incremental rollup.
# ---------------------------------------------------------------------------------------------
def intake_plan(rng: random.Random) -> tuple[list[Any], list[str]]:
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    return villages, _common.request_texts()


def take_in(rng: random.Random, villages: list[Any], texts: list[str]) -> None:
    from gongfa.core.choices import Channel
    from gongfa.workorders.services.intake import create_work_order

    create_work_order(
        channel=Channel.PORTAL,  # the hotline and window channels need a receiving staff member
        region=rng.choice(villages),
        text=rng.choice(texts),
        contact_name="赵先生",
        contact_phone=_common.mobile_phone(rng),
        special_groups=rng.choice([0, 0, 0, 1, 8]),
    )


def pending_count() -> int:
    from gongfa.performance.models import PendingRefresh

    return PendingRefresh.objects.count()


def measure_backlog(count: int) -> dict[str, Any]:
    """COUNT orders through the intake service with the after-commit refresh off, then
    refresh_pending() over the backlog."""
    from gongfa.performance import rollup

    rng = random.Random(12)
    villages, texts = intake_plan(rng)
    original = rollup._queue_refresh
    rollup._queue_refresh = lambda: None
    try:
        with _common.stopwatch() as intake:
            for _ in range(count):
                take_in(rng, villages, texts)
    finally:
        rollup._queue_refresh = original
    marks = pending_count()
    with _common.stopwatch() as refresh:
        done = rollup.refresh_pending()
    result = {
        "orders": count,
        "intake_s": round(intake(), 2),
        "intake_per_s": round(count / intake(), 1),
        "marks": marks,
        "refreshed": done,
        "refresh_s": round(refresh(), 2),
        "refresh_orders_per_s": round(done / refresh(), 1),
        "left": pending_count(),
    }
    print(f"    backlog: {result}", flush=True)
    return result


def refresher(url: str, stop: Any, out: Any) -> None:
    """The second process: refresh_pending() in a loop until told to stop and nothing is left."""
    _common.setup_django(url)
    from gongfa.performance import rollup

    applied = 0
    busy = 0.0
    while True:
        started = time.perf_counter()
        done = rollup.refresh_pending()
        if done:
            applied += done
            busy += time.perf_counter() - started
        elif stop.is_set():
            break
        else:
            time.sleep(0.05)
    out.put({"applied": applied, "busy_s": round(busy, 2)})


def measure_live(url: str, rate: float, seconds: float) -> dict[str, Any]:
    from django.db import connections

    from gongfa.performance import rollup

    rng = random.Random(34)
    villages, texts = intake_plan(rng)
    context = multiprocessing.get_context("spawn")
    stop, out = context.Event(), context.Queue()
    connections.close_all()
    process = context.Process(target=refresher, args=(url, stop, out))
    process.start()
    original = rollup._queue_refresh
    rollup._queue_refresh = lambda: None
    backlog: list[int] = []
    taken = 0
    try:
        time.sleep(3)  # the refresher's Django set-up
        started = time.perf_counter()
        next_sample = started
        while (now := time.perf_counter()) - started < seconds:
            due = started + taken / rate
            if now < due:
                time.sleep(min(due - now, 0.01))
                continue
            take_in(rng, villages, texts)
            taken += 1
            if now >= next_sample:
                backlog.append(pending_count())
                next_sample = now + 1
        intake_s = time.perf_counter() - started
        left_at_end = pending_count()
        stop.set()
        drain_started = time.perf_counter()
        child = out.get(timeout=600)
        drain_s = time.perf_counter() - drain_started
        process.join(timeout=30)
    finally:
        rollup._queue_refresh = original
        if process.is_alive():
            process.terminate()
    result = {
        "target_per_s": rate,
        "seconds": seconds,
        "taken_in": taken,
        "intake_per_s": round(taken / intake_s, 1),
        "backlog_max": max(backlog or [0]),
        "backlog_samples": backlog,
        "pending_at_end": left_at_end,
        "drain_after_s": round(drain_s, 2),
        **child,
    }
    print(f"    live: { {k: v for k, v in result.items() if k != 'backlog_samples'} }", flush=True)
    return result


def check_today(province: Any) -> dict[str, int]:
    """wo.received today for the province (RollupFact) against the orders created today."""
    from django.db.models import Sum
    from django.utils import timezone

    from gongfa.performance.choices import Grain
    from gongfa.performance.models import RollupFact
    from gongfa.performance.models.facts import ALL
    from gongfa.performance.periods import day_end, day_start
    from gongfa.workorders.models import WorkOrder

    today = timezone.localdate()
    orders = WorkOrder.objects.filter(created_at__gte=day_start(today), created_at__lt=day_end(today)).count()
    facts = RollupFact.objects.filter(
        grain=Grain.DAY,
        measure="wo.received",
        region_code=province.code,
        period=today,
        service=ALL,
        channel=ALL,
        dim="",
    ).aggregate(total=Sum("value"))["total"]
    return {"orders_today": orders, "rollup_received_today": int(facts or 0)}


# ---------------------------------------------------------------------------------------------
def build(args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Seed the network, insert the orders, build the fact tables (steps 1–3 of the docstring)."""
    from django.core.management import call_command

    results["seed_s"] = _common.timed(
        f"seed_demo --villages {args.villages} --citizens {args.citizens}",
        lambda: call_command(
            "seed_demo", villages=args.villages, citizens=args.citizens, no_accounts=True, stdout=io.StringIO()
        ),
    )
    generated: dict[str, Any] = {}
    results["insert_s"] = _common.timed(
        f"insert {args.orders:,} work orders (queue_scale's INSERT … SELECT generate_series)",
        lambda: generated.update(insert_orders(args.orders, args.seed)),
    )
    results["generated"] = generated
    results["vacuum_orders_s"] = _common.timed(
        "VACUUM ANALYZE workorders_workorder", lambda: vacuum("workorders_workorder")
    )
    facts: dict[str, Any] = {}
    if args.facts in ("rebuild", "both"):
        facts["rebuild_s"] = _common.timed(
            "facts: rollup.rebuild() (Python, the project's path)",
            lambda: facts.update(rebuild_read=facts_by_rebuild()),
        )
        facts["rebuild_orders_per_s"] = round(args.orders / facts["rebuild_s"], 1)
    if args.facts == "both":
        snapshot_facts()
    if args.facts in ("sql", "both"):
        facts["sql_s"] = _common.timed(
            "facts: SQL (DailyFact by INSERT … SELECT, RollupFact from DailyFact)",
            lambda: facts.update(sql_steps=facts_by_sql()),
        )
        print(f"    {facts['sql_steps']}")
    if args.facts == "both":
        facts["difference"] = compare_facts()
        print(f"    rows differing between rebuild() and SQL: {facts['difference']}")
    facts["vacuum_s"] = _common.timed(
        "VACUUM ANALYZE facts", lambda: vacuum("performance_dailyfact", "performance_rollupfact")
    )
    facts["tables"] = table_sizes()
    print(f"    {facts['tables']}")
    results["facts"] = facts


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.reuse:
        url, cleanup = args.database_url, lambda: None
        args.keep = True
    else:
        url, cleanup = _common.postgres_database(args.database_url)
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    results = _common.start_results(orders=args.orders, villages=args.villages, facts=args.facts, runs=args.runs)
    try:
        results["database_version"] = _common.database_version(connection)
        if connection.vendor != "postgresql":
            raise SystemExit("this benchmark needs PostgreSQL")
        results["migrate_s"] = _common.timed("migrate", lambda: call_command("migrate", verbosity=0))
        if args.reuse:
            results["facts"] = {"reused": True, "tables": table_sizes()}
            print(f"    reusing {url}: {results['facts']['tables']}")
        else:
            build(args, results)
        indicators = dashboard_indicators()
        results["indicators"] = [indicator.code for indicator in indicators]
        county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
        city = Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
        province = Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").first()
        regions = {"county": county, "city": city, "province": province}
        results["load_average_before_timing"] = [round(load, 2) for load in os.getloadavg()]
        print(
            f"==> overviews ({len(indicators)} indicators), {args.runs} runs after 3 warm-ups, in process "
            f"(load average {results['load_average_before_timing']})"
        )
        results["overview"] = measure_overviews(indicators, regions, args.runs)
        results["page"] = "skipped (--skip-http, or the dashboard page is still a placeholder)"
        try:
            if not args.skip_http and dashboard_page_exists(county):
                print(f"==> dashboard page over HTTP (gunicorn -w {args.workers})")
                results["page"] = measure_pages(url, regions, args)
        except Exception as exc:  # the page is being written beside this benchmark: report, go on
            results["page"] = f"not measured: {type(exc).__name__}: {exc}"
            print(f"    dashboard page {results['page']}", flush=True)
        print("==> the month's report for the province")
        results["report"] = measure_report(province, args.report_runs)
        print(f"==> incremental rollup: {args.intake:,} orders through the intake service, then refresh_pending()")
        results["backlog"] = measure_backlog(args.intake)
        if args.live:
            print(f"==> live: intake at {args.rate:g}/s for {args.seconds:g} s, refresh_pending() in another process")
            results["live"] = measure_live(url, args.rate, args.seconds)
        results["today"] = check_today(province)
        print(f"    today: {results['today']}")
    finally:
        connections.close_all()
        if args.keep:
            print(f"kept the database: {url}")
        else:
            cleanup()
    return results


def verdicts(results: dict[str, Any], args: argparse.Namespace) -> list[tuple[str, bool]]:
    checks: list[tuple[str, bool]] = []
    difference = results["facts"].get("difference")
    if difference is not None:
        checks.append(("SQL facts identical to rollup.rebuild()'s", not any(difference.values())))
    county = results["overview"]["county"]["p95_ms"]
    checks.append((f"county overview p95 {county:.1f} ms < {COUNTY_P95_MS:g} ms", county < COUNTY_P95_MS))
    if isinstance(results.get("page"), dict):
        page = results["page"]["county"]["p95_ms"]
        checks.append((f"county page p95 {page:.1f} ms < {COUNTY_P95_MS:g} ms", page < COUNTY_P95_MS))
    report = results["report"]["p95_ms"] / 1000
    checks.append((f"province month report p95 {report:.2f} s < {REPORT_S:g} s", report < REPORT_S))
    refresh = results["backlog"]["refresh_orders_per_s"]
    checks.append((f"refresh_pending {refresh:.0f} orders/s ≥ {INTAKE_RATE:g}", refresh >= INTAKE_RATE))
    if "live" in results:
        live = results["live"]
        checks.append(
            (
                f"live: {live['taken_in']} orders at {live['intake_per_s']}/s, backlog ≤ {live['backlog_max']}, "
                f"drained {live['drain_after_s']} s after",
                live["drain_after_s"] < 10,
            )
        )
    today = results["today"]
    checks.append(("today's facts match the orders", today["orders_today"] == today["rollup_received_today"]))
    if args.compare:
        before = json.loads(args.compare.read_text())
        for label, now in results["overview"].items():
            then = before["overview"][label]
            checks.append(
                (
                    f"{label}: queries {then['queries']} → {now['queries']} "
                    f"(at {before['orders']:,} → {args.orders:,})",
                    then["queries_per_call"] == now["queries_per_call"],
                )
            )
            ratio = now["p95_ms"] / then["p95_ms"]
            checks.append(
                (f"{label}: p95 {then['p95_ms']} → {now['p95_ms']} ms (× {ratio:.2f} ≤ {GROWTH})", ratio <= GROWTH)
            )
        pages_then, pages_now = before.get("page"), results.get("page")
        if isinstance(pages_then, dict) and isinstance(pages_now, dict):
            for label, now in pages_now.items():
                then = pages_then[label]
                ratio = now["p95_ms"] / then["p95_ms"]
                checks.append(
                    (
                        f"{label} page: queries {then['queries']} → {now['queries']}, p95 {then['p95_ms']} → "
                        f"{now['p95_ms']} ms (× {ratio:.2f} ≤ {GROWTH})",
                        then["queries"] == now["queries"] and ratio <= GROWTH,
                    )
                )
    return checks


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    checks = verdicts(results, args)
    results["checks"] = [{"check": text, "ok": ok} for text, ok in checks]
    print("==> summary")
    for text, ok in checks:
        print(f"    [{'ok' if ok else 'FAIL'}] {text}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if all(ok for _text, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
