#!/usr/bin/env python
"""Throughput benchmark: `POST /api/v1/workorders` against a bare write of the same row (and a trivial
JSON view), same server, same run.

    .venv/bin/python benchmarks/intake_throughput.py                       # 20 s per endpoint after 5 s warm-up
    .venv/bin/python benchmarks/intake_throughput.py --duration 10 --warmup 3

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate; seed_demo (default size); `manage.py issue_api_token supervisor --scope workorders:create`
   (the account integrations act as, as in the API tests);
2. collectstatic into a temporary folder; a Celery worker (`celery -A config worker -c 1`, broker
   BROKER_URL = Redis database 14, emptied first) as in production, where the API's automatic dispatch
   is queued after commit; then `gunicorn config.wsgi -w WORKERS -b 127.0.0.1:<free port>`
   with DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, DATABASE_URL = the throwaway database and
   REDIS_URL = Redis database 13 (emptied first; Django's cache shared by the processes, as in a deployment)
   (`--broker-url ''`: no broker and no worker, the dispatch runs inside each request);
3. a load generator on loopback: PROCESSES processes (multiprocessing, spawn) × THREADS threads, each
   thread one http.client connection (gunicorn's sync workers close it after every response, so every
   request opens a new TCP connection, for both endpoints alike), for WARMUP + DURATION seconds per
   endpoint; only requests that start after the warm-up and end before the deadline are counted:
   - `GET /healthz` (liveness: a plain JSON view, no database; `/api/v1/health` is readiness now and
     queries the database);
   - `POST /api/v1/workorders` with `Authorization: Bearer gf_…`, a fresh `Idempotency-Key` (uuid4)
     per request and a realistic body: a village region code of the county, a citizen's question in
     Chinese, contact name and mobile number, channel api;
   - `POST /bench/bare-write/` (benchmarks/bare_write_site.py, this server only): a plain view that
     inserts the same work-order row and one audit row in one transaction (#17 item 7);
4. reports the rates, the ratio intake / bare write (aim ≥ 0.5) and intake / health, latency p50 / p95,
   errors (must be 0),
   and checks that the orders in the database equal the 201 answers (warm-up included) and that a
   replayed key returns the same order;
5. in-process (django.test.Client, no HTTP): queries and SQL time per POST, and where the time goes
   (cProfile, top functions), to explain the ratio.

The machine's cores are shared by gunicorn, PostgreSQL and the load generator (all on one host).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_intake")
INTEGRATION_ACCOUNT = "supervisor"
# The bare write (#17 item 7): benchmarks/bare_write_site.py, served by this benchmark's gunicorn only.
BARE_PATH = "/bench/bare-write/"
BARE_PREFIX = "BW"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
DEFAULT_CACHE = "redis://127.0.0.1:6379/13"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=5.0, help="warm-up seconds per endpoint (not counted)")
    parser.add_argument(
        "--workers", type=int, default=5, help="gunicorn sync workers (default: 2 × cores + 1, gunicorn's advice)"
    )
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--threads", type=int, default=4, help="connections per load-generator process")
    parser.add_argument(
        "--worker-after-load",
        action="store_true",
        help="start the Celery worker only after the load (on one machine it takes a CPU from the web "
        "server during the intake run but not during the bare write; in a deployment it runs elsewhere)",
    )
    parser.add_argument("--profile-requests", type=int, default=50, help="in-process POSTs to profile (0: skip)")
    parser.add_argument(
        "--broker-url",
        default=DEFAULT_BROKER,
        help="Redis database for Celery (emptied first); a worker dispatches the queued orders; '' = in the request",
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_CACHE,
        help="Redis database for Django's cache (REDIS_URL, emptied first), shared by the server's processes as "
        "in a deployment: rate limits, the reference tables' and API tokens' generations; '' = per-process memory "
        "(then API tokens are read on every request)",
    )
    parser.add_argument("--drain-timeout", type=float, default=600.0, help="seconds to wait for the queued dispatches")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# Requests.
# ---------------------------------------------------------------------------------------------
def post_body(rng: random.Random, regions: list[str], texts: list[str]) -> bytes:
    text = rng.choice(texts)
    if rng.random() < 0.5:
        text = f"{text}（来电时间{rng.randrange(8, 18)}点，方便时请回电）"
    body = {
        "region_code": rng.choice(regions),
        "text": text,
        "contact_name": f"{rng.choice('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高')}{rng.choice(['先生', '女士'])}",
        "contact_phone": _common.mobile_phone(rng),
        "channel": "api",
    }
    return json.dumps(body, ensure_ascii=False).encode()


def load_process(
    index: int,
    threads: int,
    address: tuple[str, int],
    kind: str,
    token: str,
    regions: list[str],
    times: tuple[float, float, float],
    results: multiprocessing.Queue[dict[str, Any]],
) -> None:
    """THREADS connections sending requests from start until stop (wall-clock times)."""
    start_at, measure_from, stop_at = times
    texts = _common.request_texts()
    lock = threading.Lock()
    report: dict[str, Any] = {
        "measured": 0,
        "errors": 0,
        "created_total": 0,
        "statuses": Counter(),
        "latencies": [],
        "error_samples": [],
    }

    def worker(number: int) -> None:
        rng = random.Random(index * 1000 + number)
        client = _common.HttpClient(*address, timeout=30)
        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        measured = errors = created = 0
        samples: list[str] = []
        while time.time() < start_at:
            time.sleep(0.001)
        while True:
            began = time.time()
            if began >= stop_at:
                break
            try:
                if kind == "health":
                    status, _, data = client.request("GET", "/healthz")
                    ok = status == 200
                elif kind == "bare":
                    status, _, data = client.request(
                        "POST",
                        BARE_PATH,
                        body=post_body(rng, regions, texts),
                        headers={"Content-Type": "application/json"},
                    )
                    ok = status == 201
                    created += status == 201
                else:
                    status, _, data = client.request(
                        "POST",
                        "/api/v1/workorders",
                        body=post_body(rng, regions, texts),
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Idempotency-Key": str(uuid.uuid4()),
                            "Content-Type": "application/json",
                        },
                    )
                    ok = status == 201
                    created += status == 201
            except OSError as exc:
                status, ok, data = 0, False, str(exc).encode()
            ended = time.time()
            statuses[status] += 1
            if began >= measure_from and ended <= stop_at:
                if ok:
                    measured += 1
                    latencies.append((ended - began) * 1000)
                else:
                    errors += 1
                    if len(samples) < 3:
                        samples.append(f"HTTP {status}: {data[:300].decode(errors='replace')}")
            elif not ok:
                errors += 1
        client.close()
        with lock:
            report["measured"] += measured
            report["errors"] += errors
            report["created_total"] += created
            report["statuses"].update(statuses)
            report["latencies"].extend(latencies)
            report["error_samples"].extend(samples)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    report["statuses"] = dict(report["statuses"])
    results.put(report)


class WaitSampler(threading.Thread):
    """Samples pg_stat_activity every 20 ms: how often the server's backends wait, and on what
    (a row lock shows as wait_event_type Lock, e.g. transactionid, with the statement waiting)."""

    def __init__(self, database_url: str) -> None:
        super().__init__(daemon=True)
        self.database_url = database_url
        self.stop = threading.Event()
        self.samples = 0
        self.active = 0
        self.waits: Counter[str] = Counter()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) "
                    "FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                self.active += len(rows)
                for wait_type, wait_event, query in rows:
                    if wait_type in {"Lock", "LWLock", "IO"}:
                        self.waits[f"{wait_type}:{wait_event} in {query}"] += 1
                time.sleep(0.02)

    def report(self) -> dict[str, Any]:
        waiting = sum(self.waits.values())
        return {
            "samples": self.samples,
            "mean_active_backends": round(self.active / max(self.samples, 1), 2),
            "share_of_active_backends_waiting": round(waiting / max(self.active, 1), 3),
            "waits": dict(self.waits.most_common(5)),
        }


def run_load(
    address: tuple[str, int], kind: str, token: str, regions: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[dict[str, Any]] = context.Queue()
    start_at = time.time() + 3.0  # time for the spawned processes to start
    times = (start_at, start_at + args.warmup, start_at + args.warmup + args.duration)
    processes = [
        context.Process(
            target=load_process, args=(i, args.threads, address, kind, token, regions, times, results), daemon=True
        )
        for i in range(args.processes)
    ]
    for process in processes:
        process.start()
    try:
        reports = [results.get(timeout=args.warmup + args.duration + 120) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
    latencies = [ms for r in reports for ms in r["latencies"]]
    statuses: Counter[int] = Counter()
    for r in reports:
        statuses.update({int(k): v for k, v in r["statuses"].items()})
    measured = sum(r["measured"] for r in reports)
    return {
        "kind": kind,
        "requests_per_second": round(measured / args.duration, 1),
        "measured": measured,
        "errors": sum(r["errors"] for r in reports),
        "created_total": sum(r["created_total"] for r in reports),
        "statuses": dict(statuses),
        "latency": _common.summary_ms(latencies),
        "error_samples": [s for r in reports for s in r["error_samples"]][:5],
    }


def describe_load(found: dict[str, Any]) -> str:
    latency = found["latency"]
    return (
        f"{found['requests_per_second']:,.1f} requests/s; latency p50 {latency['p50_ms']:.1f} ms, "
        f"p95 {latency['p95_ms']:.1f} ms; errors {found['errors']}; statuses {found['statuses']}"
    )


# ---------------------------------------------------------------------------------------------
# Checks and the in-process profile.
# ---------------------------------------------------------------------------------------------
def wait_for_dispatch(timeout: float) -> dict[str, Any]:
    """Wait until the queued dispatches have run (no API order left NEW); how long that took after
    the load ended, and how many were still queued then."""
    from gongfa.core.choices import Channel
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.models import WorkOrder

    waiting = WorkOrder.objects.filter(channel=Channel.API, status=WorkOrderStatus.NEW).exclude(
        tracking_number__startswith=BARE_PREFIX  # the bare writes are never dispatched
    )
    started = time.perf_counter()
    queued_at_end = left = waiting.count()
    print(f"==> waiting for the queued dispatches: {queued_at_end:,} orders still 待分派", flush=True)
    while left and time.perf_counter() - started < timeout:
        time.sleep(0.5)
        left = waiting.count()
    seconds = time.perf_counter() - started
    print(f"    {queued_at_end - left:,} dispatched in {seconds:.1f} s after the load; {left:,} left", flush=True)
    return {"queued_at_end_of_load": queued_at_end, "left": left, "seconds": round(seconds, 2)}


def replay_check(address: tuple[str, int], token: str, regions: list[str]) -> dict[str, Any]:
    """The same Idempotency-Key twice: 201 then 200 with the same tracking number."""
    client = _common.HttpClient(*address)
    body = post_body(random.Random(7), regions, _common.request_texts())
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"replay-{uuid.uuid4()}"}
    headers["Content-Type"] = "application/json"
    first = client.request("POST", "/api/v1/workorders", body=body, headers=headers)
    second = client.request("POST", "/api/v1/workorders", body=body, headers=headers)
    client.close()
    numbers = [json.loads(r[2]).get("tracking_number") for r in (first, second)]
    return {
        "statuses": [first[0], second[0]],
        "same_order": numbers[0] is not None and numbers[0] == numbers[1],
        "replayed_header": second[1].get("idempotent-replayed") == "true",
    }


def profile_in_process(token: str, regions: list[str], count: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    rng = random.Random(99)
    texts = _common.request_texts()

    def post() -> Any:
        return client.post(
            "/api/v1/workorders",
            data=post_body(rng, regions, texts),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        )

    for _ in range(5):
        post()
        client.get("/healthz")
    health_ms = []
    for _ in range(count):
        started = time.perf_counter()
        client.get("/healthz")
        health_ms.append((time.perf_counter() - started) * 1000)
    post_ms, sql_ms, queries = [], [], []
    for _ in range(count):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = post()
            post_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 201:
            raise RuntimeError(f"in-process POST: HTTP {response.status_code} {response.content[:300]!r}")
        queries.append(len(captured.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    kinds: Counter[str] = Counter()
    for query in captured.captured_queries:
        sql = query["sql"]
        words = sql.split()
        table = next((w for w in words if w.startswith('"') and "_" in w), "")
        kinds[f"{words[0]} {table.strip(chr(34))}"] += 1
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        post()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(r"gongfa|ninja/operation|rjieba|auth/hashers", 25)
    return {
        "requests": count,
        "health_in_process": _common.summary_ms(health_ms),
        "post_in_process": _common.summary_ms(post_ms),
        "queries_per_post": round(sum(queries) / len(queries), 1),
        "sql_ms_per_post": round(sum(sql_ms) / len(sql_ms), 2),
        "queries_of_one_post": dict(kinds.most_common()),
        "profile": stream.getvalue(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    url, cleanup = _common.postgres_database(args.database_url)
    if args.broker_url:
        _common.purge_broker(args.broker_url)
        os.environ["CELERY_BROKER_URL"] = args.broker_url  # the in-process profile queues like the server
    if args.redis_url:
        _common.purge_broker(args.redis_url)  # (empties that Redis database)
        os.environ["REDIS_URL"] = args.redis_url  # the server's processes and the in-process profile
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    results = _common.start_results(
        duration_s=args.duration,
        warmup_s=args.warmup,
        gunicorn_workers=args.workers,
        load_connections=args.processes * args.threads,
    )
    try:
        _common.migrate_and_seed(results)
        out = io.StringIO()
        call_command("issue_api_token", INTEGRATION_ACCOUNT, scope=["workorders:create"], name="benchmark", stdout=out)
        token = next(line.strip() for line in out.getvalue().splitlines() if line.strip().startswith("gf_"))
        print(f"==> issue_api_token {INTEGRATION_ACCOUNT} --scope workorders:create → gf_{token.split('_')[1]}_…")
        from gongfa.core.choices import Channel
        from gongfa.network.choices import RegionLevel
        from gongfa.network.models import Region
        from gongfa.workorders.models import IntakeKey, WorkOrder

        regions = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
        before = WorkOrder.objects.filter(channel=Channel.API).count()
        connections.close_all()

        with tempfile.TemporaryDirectory(prefix="gongfa-bench-") as folder:
            env = _common.server_environment(url, Path(folder))
            # The project's settings and URLs plus the bare write (benchmarks/bare_write_site.py).
            env["DJANGO_SETTINGS_MODULE"] = "bare_write_site"
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(Path(__file__).resolve().parent), env.get("PYTHONPATH")])
            )
            if args.broker_url:
                env["CELERY_BROKER_URL"] = args.broker_url
            print(f"==> collectstatic: {_common.collectstatic(env):.1f} s")
            with contextlib.ExitStack() as stack:
                if args.broker_url and not args.worker_after_load:
                    stack.enter_context(_common.celery_worker(env, log_path=Path(folder) / "celery.log"))
                elif args.broker_url:
                    print("==> the Celery worker starts after the load (it would share these 2 CPUs)")
                else:
                    print("==> no broker: dispatch runs eagerly inside each request")
                address = stack.enter_context(
                    _common.gunicorn(env, workers=args.workers, log_path=Path(folder) / "gunicorn.log")
                )
                connections_total = args.processes * args.threads
                for kind, label in (
                    ("health", "GET /healthz"),
                    ("bare", f"POST {BARE_PATH} (a bare write: the row and one audit row)"),
                    ("post", "POST /api/v1/workorders"),
                ):
                    print(
                        f"==> {label}: {args.processes} processes × {args.threads} connections = "
                        f"{connections_total}, {args.warmup:.0f} s warm-up + {args.duration:.0f} s",
                        flush=True,
                    )
                    sampler = WaitSampler(url)
                    sampler.start()
                    found = run_load(address, kind, token, regions, args)
                    sampler.stop.set()
                    sampler.join()
                    found["database_waits"] = sampler.report()
                    results[kind] = found
                    print(f"    {describe_load(found)}", flush=True)
                    waits = found["database_waits"]
                    print(
                        f"    PostgreSQL: {waits['mean_active_backends']} active backends on average, "
                        f"{waits['share_of_active_backends_waiting']:.0%} of them waiting on a lock or I/O",
                        flush=True,
                    )
                    for what, count in waits["waits"].items():
                        print(f"      {count} × {what}")
                    for sample in found["error_samples"]:
                        print(f"    error: {sample}")
                if args.broker_url and args.worker_after_load:
                    stack.enter_context(_common.celery_worker(env, log_path=Path(folder) / "celery.log"))
                results["replay"] = replay_check(address, token, regions)
                results["dispatch_drain"] = wait_for_dispatch(args.drain_timeout)
        api_orders = WorkOrder.objects.filter(channel=Channel.API).exclude(tracking_number__startswith=BARE_PREFIX)
        created_db = api_orders.count() - before - 1  # minus the replay check's
        bare_rows = WorkOrder.objects.filter(tracking_number__startswith=BARE_PREFIX).count()
        keys = IntakeKey.objects.exclude(key__startswith="replay-").count()
        unassigned = api_orders.filter(owner_point__isnull=True, owner_agency__isnull=True)
        results["database"] = {
            "orders_created": created_db,
            "intake_keys": keys,
            "created_answers": results["post"]["created_total"],
            "orders_without_owner": unassigned.count(),
            "orders_by_status": dict(Counter(api_orders.values_list("status", flat=True))),
            "bare_rows": bare_rows,
            "bare_answers": results["bare"]["created_total"],
        }
        ratio = results["post"]["requests_per_second"] / max(results["health"]["requests_per_second"], 0.001)
        results["ratio"] = round(ratio, 3)
        # The measure #17 asks for: intake against a bare write of the same row and one audit row.
        results["ratio_to_bare_write"] = round(
            results["post"]["requests_per_second"] / max(results["bare"]["requests_per_second"], 0.001), 3
        )
        if args.profile_requests:
            print(f"==> in-process profile: {args.profile_requests} POSTs (django.test.Client, no HTTP)", flush=True)
            results["in_process"] = profile_in_process(token, regions, args.profile_requests)
            found = results["in_process"]
            health_ms = found["health_in_process"]["p50_ms"]
            post_ms = found["post_in_process"]["p50_ms"]
            print(
                f"    p50: health {health_ms:.2f} ms, POST {post_ms:.1f} ms; per POST "
                f"{found['queries_per_post']} queries, SQL {found['sql_ms_per_post']:.1f} ms"
            )
            print(f"    queries of one POST: {found['queries_of_one_post']}")
            print("    profile (cumulative, gongfa functions):")
            for line in found["profile"].splitlines():
                if line.strip():
                    print(f"      {line}")
    finally:
        connections.close_all()
        if args.broker_url:
            _common.purge_broker(args.broker_url)  # the in-process profile's tasks, never consumed
        if args.keep:
            print(f"kept the database: {url}")
        else:
            cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    health, post, database = results["health"], results["post"], results["database"]
    checks = {
        "no errors": health["errors"] == 0 and post["errors"] == 0 and results["bare"]["errors"] == 0,
        "orders in the database = 201 answers": database["orders_created"] == database["created_answers"],
        "one intake key per order": database["intake_keys"] == database["created_answers"],
        "replayed key → same order (201, then 200)": results["replay"]["same_order"]
        and results["replay"]["statuses"] == [201, 200],
        "every order dispatched (none left 待分派)": results["dispatch_drain"]["left"] == 0,
        "bare writes in the database = 201 answers": database["bare_rows"] == database["bare_answers"],
    }
    print("==> checks")
    print(
        f"    orders created {database['orders_created']:,}, 201 answers {database['created_answers']:,}, "
        f"intake keys {database['intake_keys']:,}; API orders by status {database['orders_by_status']}"
    )
    for label, ok in checks.items():
        print(f"    [{'ok' if ok else 'FAILED'}] {label}")
    print("==> summary")
    print(
        f"    GET /healthz {health['requests_per_second']:,.1f}/s (p50 {health['latency']['p50_ms']:.1f} ms, "
        f"p95 {health['latency']['p95_ms']:.1f} ms); POST /api/v1/workorders {post['requests_per_second']:,.1f}/s "
        f"(p50 {post['latency']['p50_ms']:.1f} ms, p95 {post['latency']['p95_ms']:.1f} ms); "
        f"ratio to /healthz {results['ratio']:.3f}"
    )
    bare = results["bare"]
    ratio = results["ratio_to_bare_write"]
    print(
        f"    POST {BARE_PATH} {bare['requests_per_second']:,.1f}/s (p50 {bare['latency']['p50_ms']:.1f} ms, "
        f"p95 {bare['latency']['p95_ms']:.1f} ms); intake / bare write {ratio:.3f} "
        f"(aim ≥ 0.5: {'met' if ratio >= 0.5 else 'NOT met'})"
    )
    results["checks"] = checks
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
