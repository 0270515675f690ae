#!/usr/bin/env python
"""Concurrency benchmark: N dispatcher processes over a queue of NEW work orders (PostgreSQL).

    .venv/bin/python benchmarks/dispatch_concurrency.py                   # 8 dispatchers, 10,000 orders
    .venv/bin/python benchmarks/dispatch_concurrency.py --dispatchers 1   # the same work, one dispatcher

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate; seed_demo (default size: one county, 12 townships, 150 villages);
2. bulk-inserts ORDERS NEW work orders queued for automatic dispatch: tracking numbers from the
   day's sequence, region = the villages (and some townships) of the county in turn, owner = the
   county centre (the dispatch desk, as intake leaves them), priority mixed (0 / 10 / 20 / 50 /
   100), topics and service types mixed so the rule table sends some to agencies;
3. starts DISPATCHERS processes (multiprocessing, spawn); each runs django.setup(), waits at a
   barrier, then calls workorders.services.dispatch_pending(batch_size=BATCH) until it returns 0
   (SELECT … FOR UPDATE SKIP LOCKED: rows another dispatcher holds are skipped);
4. times it from the barrier to the last process's end and checks: every order ASSIGNED with an
   owner, exactly one `workorders.workorder.dispatch` audit event per order, no order with two,
   no NEW order left, no dispatcher error. Exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import multiprocessing.synchronize
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_dispatch")
PRIORITIES = (0, 0, 0, 0, 0, 0, 10, 10, 20, 50, 100)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--dispatchers", type=int, default=8, help="dispatcher processes")
    parser.add_argument("--batch-size", type=int, default=50, help="dispatch_pending(batch_size=…)")
    parser.add_argument("--seed", type=int, default=20261124, help="random seed for the generated orders")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# The queue of NEW orders.
# ---------------------------------------------------------------------------------------------
def create_queued_orders(count: int, seed: int) -> list[int]:
    """Bulk-insert `count` NEW orders as intake leaves them with auto_dispatch=False; returns their ids."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from gongfa.catalog.models import ServiceType
    from gongfa.core.choices import Channel
    from gongfa.network.choices import PointTier, RegionLevel
    from gongfa.network.models import Region, ServicePoint
    from gongfa.workorders.choices import Urgency, WorkOrderStatus
    from gongfa.workorders.models import Topic, TrackingSequence, WorkOrder, format_tracking_number
    from gongfa.workorders.search import build_search_text

    rng = random.Random(seed)
    county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
    if county is None:
        raise SystemExit("seed_demo left no county")
    centre = ServicePoint.objects.get(region=county, tier=PointTier.CENTRE)
    villages = list(Region.objects.subtree(county).filter(level=RegionLevel.VILLAGE).order_by("code"))
    townships = list(Region.objects.subtree(county).filter(level=RegionLevel.TOWNSHIP).order_by("code"))
    topics = list(Topic.objects.filter(is_active=True))
    services = {s.code: s for s in ServiceType.objects.all()}
    # Mostly consultations; some requests the rule table sends to agencies (mediation, legal aid, notary).
    service_mix = ["consultation"] * 14 + ["mediation", "legal_aid", "notarization", "lawyer_referral"]
    texts = _common.request_texts()
    channels = [Channel.PORTAL, Channel.PORTAL, Channel.HOTLINE, Channel.API, Channel.KIOSK, Channel.VILLAGE_ROOM]
    denormalised = {"region_code", "owner_region_code"} <= {f.name for f in WorkOrder._meta.get_fields()}
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        sequence, _ = TrackingSequence.objects.select_for_update().get_or_create(day=day)
        first = sequence.last_value + 1
        TrackingSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + count)
        rows = []
        for index in range(count):
            region = townships[index % len(townships)] if index % 20 == 19 else villages[index % len(villages)]
            priority = rng.choice(PRIORITIES)
            urgency = Urgency.CRITICAL if priority == 100 else Urgency.URGENT if priority == 50 else Urgency.NORMAL
            order = WorkOrder(
                tracking_number=format_tracking_number(day, first + index),
                channel=rng.choice(channels),
                contact_name=f"{rng.choice('王李张刘陈杨黄赵吴周')}先生",
                contact_phone=_common.mobile_phone(rng),
                region=region,
                text=rng.choice(texts),
                topic=rng.choice(topics),
                service_type=services.get(rng.choice(service_mix)),
                urgency=urgency,
                special_groups=rng.choice((0, 0, 0, 0, 1, 8, 2)),
                priority=priority,
                status=WorkOrderStatus.NEW,
                owner_point=centre,
                manual_dispatch=False,
                created_at=now - datetime.timedelta(seconds=rng.randrange(4 * 3600)),
            )
            if denormalised:  # copies of the region codes on the order (migration 0005)
                order.region_code = region.code
                order.owner_region_code = county.code
            order.search_text = build_search_text(order)
            rows.append(order)
        WorkOrder.objects.bulk_create(rows, batch_size=2000)
    return [order.pk for order in rows]


# ---------------------------------------------------------------------------------------------
# The dispatchers.
# ---------------------------------------------------------------------------------------------
def dispatcher(
    index: int,
    url: str,
    batch_size: int,
    barrier: multiprocessing.synchronize.Barrier,
    results: multiprocessing.Queue[dict[str, Any]],
) -> None:
    """One dispatcher process: set up Django, wait for the others, dispatch until nothing is left."""
    report: dict[str, Any] = {"index": index, "orders": 0, "batches": 0, "errors": [], "batch_ms": []}
    try:
        _common.setup_django(url)
        from django.db import connection

        from gongfa.workorders.services.dispatch_queue import dispatch_pending

        connection.ensure_connection()
        barrier.wait(timeout=120)
        started = time.perf_counter()
        while True:
            batch_started = time.perf_counter()
            try:
                done = dispatch_pending(batch_size=batch_size)
            except Exception as exc:  # a failed batch rolls back: its orders stay NEW for the others
                report["errors"].append(f"{type(exc).__name__}: {exc}")
                if len(report["errors"]) > 20:
                    break
                continue
            report["batch_ms"].append((time.perf_counter() - batch_started) * 1000)
            if done == 0:
                break
            report["orders"] += done
            report["batches"] += 1
        report["seconds"] = time.perf_counter() - started
        connection.close()
    except Exception:
        report["errors"].append(traceback.format_exc())
    results.put(report)


def run_dispatchers(url: str, count: int, batch_size: int) -> tuple[float, list[dict[str, Any]]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(count + 1)
    results: multiprocessing.Queue[dict[str, Any]] = context.Queue()
    processes = [
        context.Process(target=dispatcher, args=(i, url, batch_size, barrier, results), name=f"dispatcher-{i}")
        for i in range(count)
    ]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=180)  # every process has set up Django and connected
        started = time.perf_counter()
        reports = [results.get(timeout=1800) for _ in processes]
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
    return elapsed, sorted(reports, key=lambda r: r["index"])


# ---------------------------------------------------------------------------------------------
# The checks.
# ---------------------------------------------------------------------------------------------
def verify(order_ids: list[int], reports: list[dict[str, Any]]) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, F, Q

    from gongfa.audit.models import Event
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.models import WorkOrder

    orders = WorkOrder.objects.filter(pk__in=order_ids)
    by_status = dict(Counter(orders.values_list("status", flat=True)))
    ownerless = orders.filter(
        status=WorkOrderStatus.ASSIGNED, owner_point__isnull=True, owner_agency__isnull=True
    ).count()
    unassigned_time = orders.filter(status=WorkOrderStatus.ASSIGNED, assigned_at__isnull=True).count()
    content_type = ContentType.objects.get_for_model(WorkOrder)
    events = Event.objects.filter(
        subject_type=content_type, verb="workorders.workorder.dispatch", subject_id__in=[str(pk) for pk in order_ids]
    )
    per_order = Counter(events.values_list("subject_id", flat=True))
    twice = sum(1 for n in per_order.values() if n > 1)
    without = len(order_ids) - len(per_order)
    places = orders.aggregate(
        room=Count("pk", filter=Q(owner_point__tier="room")),
        station=Count("pk", filter=Q(owner_point__tier="station")),
        centre=Count("pk", filter=Q(owner_point__tier="centre")),
        agency=Count("pk", filter=Q(owner_agency__isnull=False)),
        with_person=Count("pk", filter=Q(owner_user__isnull=False)),
    )
    mismatched = 0
    if {"region_code", "owner_region_code"} <= {f.name for f in WorkOrder._meta.get_fields()}:
        # The owner's region code copied onto the order by the dispatch (migration 0005).
        mismatched = (
            orders.filter(owner_point__isnull=False).exclude(owner_region_code=F("owner_point__region__code")).count()
            + orders.filter(owner_agency__isnull=False)
            .exclude(owner_region_code=F("owner_agency__region__code"))
            .count()
        )
    dispatched_total = sum(r["orders"] for r in reports)
    errors = [e for r in reports for e in r["errors"]]
    checks = {
        "every order ASSIGNED": by_status.get(WorkOrderStatus.ASSIGNED, 0) == len(order_ids),
        "no NEW order left": by_status.get(WorkOrderStatus.NEW, 0) == 0,
        "every ASSIGNED order has an owner place and assigned_at": ownerless == 0 and unassigned_time == 0,
        "owner_region_code = the owner's region code": mismatched == 0,
        "exactly one dispatch event per order": len(per_order) == len(order_ids) and twice == 0,
        "no order with two dispatch events": twice == 0,
        "dispatchers' counts add up to the orders": dispatched_total == len(order_ids),
        "no dispatcher error": not errors,
    }
    return {
        "by_status": by_status,
        "dispatch_events": sum(per_order.values()),
        "orders_with_two_or_more_events": twice,
        "orders_without_event": without,
        "owner": places,
        "dispatched_by_processes": dispatched_total,
        "errors": errors[:10],
        "checks": checks,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    url, cleanup = _common.postgres_database(args.database_url)
    _common.setup_django(url)
    from django.db import connection, connections

    results = _common.start_results(orders=args.orders, dispatchers=args.dispatchers, batch_size=args.batch_size)
    try:
        _common.migrate_and_seed(results, needs="SELECT … FOR UPDATE SKIP LOCKED")
        holder: list[list[int]] = []
        results["insert_s"] = _common.timed(
            f"insert {args.orders:,} NEW orders (bulk_create)",
            lambda: holder.append(create_queued_orders(args.orders, args.seed)),
        )
        order_ids = holder[0]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE workorders_workorder")
        connections.close_all()  # the dispatchers are separate processes with their own connections

        print(
            f"==> {args.dispatchers} dispatcher processes × dispatch_pending(batch_size={args.batch_size})", flush=True
        )
        elapsed, reports = run_dispatchers(url, args.dispatchers, args.batch_size)
        batch_ms = [ms for r in reports for ms in r["batch_ms"]]
        results["seconds"] = round(elapsed, 2)
        results["orders_per_second"] = round(args.orders / elapsed, 1)
        results["batch_latency"] = _common.summary_ms(batch_ms)
        results["per_dispatcher"] = [
            {"orders": r["orders"], "batches": r["batches"], "seconds": round(r.get("seconds", 0.0), 2)}
            for r in reports
        ]
        print(f"    {args.orders:,} orders in {elapsed:.2f} s = {results['orders_per_second']:,.1f} orders/s")
        print(
            f"    batch of {args.batch_size}: p50 {results['batch_latency']['p50_ms']:.0f} ms, "
            f"p95 {results['batch_latency']['p95_ms']:.0f} ms"
        )
        print("    per dispatcher (orders): " + ", ".join(str(r["orders"]) for r in reports))
        results["verify"] = verify(order_ids, reports)
        found = results["verify"]
        print("==> checks")
        print(f"    status: {found['by_status']}")
        print(
            f"    dispatch events: {found['dispatch_events']:,}; orders with ≥2: "
            f"{found['orders_with_two_or_more_events']}; without: {found['orders_without_event']}"
        )
        print(f"    owners: {found['owner']}")
        for line in found["errors"]:
            print(f"    error: {line.strip().splitlines()[-1]}")
        for label, ok in found["checks"].items():
            print(f"    [{'ok' if ok else 'FAILED'}] {label}")
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
    passed = all(results["verify"]["checks"].values())
    print("==> summary")
    print(
        f"    {args.dispatchers} dispatchers, {args.orders:,} orders, batch {args.batch_size}: "
        f"{results['orders_per_second']:,.1f} orders/s ({results['seconds']:.2f} s); "
        f"double assignments: {results['verify']['orders_with_two_or_more_events']}; "
        f"{'all checks passed' if passed else 'CHECKS FAILED'}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
