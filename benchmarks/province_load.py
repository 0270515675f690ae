#!/usr/bin/env python
"""Load figures (issue #17, item 6): the province-sized world on the cluster of
scripts/cluster_test.sh, sustained mixed load without faults, on two web nodes and on one.

    sudo .venv/bin/python benchmarks/province_load.py --json benchmarks/results/province-load.json
    sudo .venv/bin/python benchmarks/province_load.py --villages 1000 --orders 20000 --minutes 1   # smoke
    sudo .venv/bin/python benchmarks/province_load.py --keep --nodes 2     # reuse the world built before

Run as root (network namespaces), after `scripts/cluster_test.sh install` has installed etcd, HAProxy,
PgBouncer, Redis and Patroni (var/cluster/venv) once. What it does:
1. the database part of the cluster (etcd, the Patroni pair, HAProxy, PgBouncer, Redis; the
   topology of scripts/cluster/topology.py) from empty data folders; or, with --keep, from the
   data a previous run left in var/cluster/ when it holds the same world (villages, at least
   --orders work orders, facts): then nothing is built again;
2. the world on the primary (benchmarks/province/build_world.py): migrate, the statutes and the
   FAQ, `seed_demo --villages N` (bulk path), N work orders generated in SQL and the fact tables
   built in SQL (dashboard_scale.py's insert_orders and facts_by_sql: the dashboards read
   rollups), VACUUM ANALYZE; each step timed;
3. for each leg (--nodes 2, 1 or both: two legs, two nodes first): that many gunicorn web nodes
   (2 workers × 4 threads each, as the cluster test) and Celery worker nodes with run_beat, HAProxy
   seeing exactly those web nodes up, then locust with benchmarks/locust/cluster_mix.py
   (citizens, hotline intake, staff queues, supervisors' dashboards; through
   benchmarks/locust/province_mix.py, which scales their think time by --think) for --minutes with
   --users, no faults; the nodes are stopped after the leg;
4. per endpoint from locust's CSV statistics: requests, requests/s, p50/p95/p99, failures, and
   from the per-request log the responses with status 5xx or no answer; the totals; with both
   legs, the ratio two nodes / one node of the total requests/s (and of the p95).
Everything is torn down on exit (the data stays in var/cluster/ for --keep, until the next
scripts/cluster_test.sh or a run without --keep empties it).

Every node is a namespace on the same machine: two web nodes share its CPUs with one another, the
database pair, the workers and locust. On a 2-CPU machine the ratio therefore shows contention
more than capacity; --think 0.1 (or more --users) saturates the nodes, --think 1.0 (cluster_mix's
own pace) gives a load that one node serves, so the ratio is then about 1 by construction.

Exit 1 when a check fails: a response with status 5xx or no answer, the failure rate of a leg
above --max-error-rate, no request answered, or the world not as asked.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
sys.path.insert(0, str(ROOT / "scripts" / "cluster"))

import _common  # noqa: E402
import cluster  # noqa: E402
import procs  # noqa: E402
import services  # noqa: E402
from procs import log  # noqa: E402
from topology import CLUSTER_DIR, HAPROXY_STATS_PORT, LB, PG_NODES, RUN_DIR, WEB_NODES, WORKER_NODES  # noqa: E402

RESULTS = CLUSTER_DIR / "province"
MARKER = CLUSTER_DIR / "province-world.json"  # outside the folders cluster.fresh_dirs() empties
LOCUSTFILE = "benchmarks/locust/province_mix.py"  # cluster_mix.py's users, think time scaled


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--villages", type=int, default=10_000, help="seed_demo --villages (10,000: 34 counties)")
    parser.add_argument("--orders", type=int, default=1_000_000, help="work orders generated in SQL")
    parser.add_argument("--citizens", type=int, default=2_000, help="seed_demo --citizens")
    parser.add_argument("--minutes", type=float, default=10.0, help="load per leg")
    parser.add_argument("--users", type=int, default=40, help="locust users")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="scale of the users' think time (1.0: cluster_mix.py's; smaller saturates the nodes)",
    )
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="locust users started per second")
    parser.add_argument("--nodes", choices=("1", "2", "both"), default="both", help="web + worker nodes per leg")
    parser.add_argument("--max-error-rate", type=float, default=0.01, help="failures / requests allowed per leg")
    parser.add_argument("--keep", action="store_true", help="reuse the world a previous run left in var/cluster/")
    parser.add_argument("--seed", type=float, default=0.42, help="setseed() for the generated orders")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.villages < 300 or args.orders < 0 or args.minutes <= 0 or not 1 <= args.users <= 500:
        parser.error("--villages ≥ 300, --orders ≥ 0, --minutes > 0 and --users 1–500")
    if not 0 <= args.think <= 10:
        parser.error("--think is a factor, 0–10")
    if not 0 <= args.max_error_rate <= 1:
        parser.error("--max-error-rate is a fraction, 0–1")
    return args


# --- the world -----------------------------------------------------------------------------------


def build_env() -> dict[str, str]:
    """The application's environment for the build: the primary only (no replica reads)."""
    env = services.app_env()
    env.pop("DATABASE_REPLICA_URLS", None)
    return env


def world_tool(*arguments: str) -> dict[str, Any]:
    """build_world.py with its progress printed as it comes; its last line is its JSON answer."""
    last = ""
    with subprocess.Popen(  # noqa: S603
        [str(services.VENV_BIN / "python"), "-u", "benchmarks/province/build_world.py", *arguments],
        cwd=ROOT,
        env=build_env(),
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if last:
                print(last, flush=True)
            last = line.rstrip("\n")
    if process.returncode != 0 or not last.startswith("{"):
        if last:
            print(last, flush=True)
        raise RuntimeError(f"build_world.py {' '.join(arguments)} failed ({process.returncode})")
    return dict(json.loads(last))


def world_matches(counts: dict[str, int], args: argparse.Namespace) -> bool:
    return (
        counts.get("villages") == args.villages
        and counts.get("work_orders", 0) >= args.orders
        and (args.orders == 0 or counts.get("rollup_facts", 0) > 0)
    )


def can_reuse(args: argparse.Namespace) -> bool:
    if not MARKER.exists() or not all((CLUSTER_DIR / n.name / "data").exists() for n in PG_NODES):
        return False
    if not (RUN_DIR / "secrets.json").exists():  # the encryption keys the data was written with
        return False
    built = json.loads(MARKER.read_text())
    return bool(built.get("villages") == args.villages and built.get("orders") == args.orders)


def database_up(reuse: bool) -> None:
    if not reuse:
        cluster.up_database()  # empties var/cluster's data folders first
        services.create_app_database()
        return
    services.pg_ctl_available()
    procs.net_down()
    procs.net_up()
    services.start_etcd()
    services.start_postgres_pair()
    # etcd kept the members of the last run: wait until Patroni reports both running again.
    took = procs.wait_until("PostgreSQL primary running, replica streaming", data_nodes_ready, 120)
    log(f"patroni: {services.summary_of_cluster()} ({took:.1f} s)")


def data_nodes_ready() -> bool:
    members = services.cluster_state().get("members", [])
    assert isinstance(members, list)
    states = sorted((m.get("role"), m.get("state")) for m in members)
    # The members' keys in etcd may still be the last run's: the nodes' own REST answers must agree.
    live = sorted(services.patroni_role(node) for node in PG_NODES)
    return live == ["primary", "replica"] and states == [("leader", "running"), ("replica", "streaming")]


def prepare_world(args: argparse.Namespace, results: dict[str, Any]) -> None:
    reuse = args.keep and can_reuse(args)
    phases = results["phases_s"]
    with _common.stopwatch() as elapsed:
        database_up(reuse)
        services.start_haproxy()
        services.start_pgbouncer()
        services.start_redis()
    phases["database_up"] = round(elapsed(), 1)
    if reuse:
        counts = world_tool("check")["counts"]
        log(f"--keep: reusing the world in var/cluster/ {counts}")
        if not world_matches(counts, args):
            raise SystemExit(f"the kept world is not the one asked for ({counts}); run without --keep")
        results["world"] = {"reused": True, "counts": counts}
    else:
        MARKER.unlink(missing_ok=True)
        with _common.stopwatch() as elapsed:
            built = world_tool(
                "build",
                "--villages",
                str(args.villages),
                "--orders",
                str(args.orders),
                "--citizens",
                str(args.citizens),
                "--seed",
                str(args.seed),
            )
        phases["world_build"] = round(elapsed(), 1)
        results["world"] = {"reused": False, **built}
        if not world_matches(built["counts"], args):
            raise SystemExit(f"the world built is not the one asked for: {built['counts']}")
        MARKER.write_text(json.dumps({"villages": args.villages, "orders": args.orders, "at": time.time()}))
    with _common.stopwatch() as elapsed:
        env = services.app_env()
        services.prepare_static(env)
        subprocess.run(  # noqa: S603
            [str(services.VENV_BIN / "python"), "scripts/cluster/appside.py", "world", str(RUN_DIR / "world.json")],
            cwd=ROOT,
            env=env,
            check=True,
        )
    phases["static_and_tokens"] = round(elapsed(), 1)


# --- the nodes -----------------------------------------------------------------------------------


def web_up_in_haproxy() -> set[str]:
    """The web nodes HAProxy's stats page (CSV) has UP."""
    import urllib.request

    with urllib.request.urlopen(f"http://{LB.address}:{HAPROXY_STATS_PORT}/;csv", timeout=3) as answer:
        rows = list(csv.DictReader(answer.read().decode().lstrip("# ").splitlines()))
    return {
        row["svname"]
        for row in rows
        if row["pxname"] == "web_nodes"
        and row["svname"] not in ("BACKEND", "FRONTEND")
        and row["status"].startswith("UP")
    }


def start_nodes(count: int) -> None:
    webs, workers = WEB_NODES[:count], WORKER_NODES[:count]
    for node in webs:
        services.start_web(node)
    for node in workers:
        services.start_worker(node)
        services.start_beat(node)
    for node in webs:
        log(f"gunicorn {node.name}: /healthz 200 after {services.wait_web(node):.1f} s")
    wanted = {node.name for node in webs}
    took = procs.wait_until(f"HAProxy to see exactly {sorted(wanted)} up", lambda: web_up_in_haproxy() == wanted, 60)
    log(f"HAProxy: web nodes up {sorted(wanted)} ({took:.1f} s)")
    took = procs.wait_until("a beat holding the lock", lambda: cluster.beat_holder() is not None, 60)
    log(f"beat: {cluster.beat_holder()} holds the lock ({took:.1f} s)")


def stop_nodes() -> None:
    names = [f"web-{n.name}" for n in WEB_NODES] + [
        f"{kind}-{n.name}" for n in WORKER_NODES for kind in ("worker", "beat")
    ]
    pids = [pid for pid in (procs.kill_group(name, signal.SIGTERM) for name in names) if pid]
    try:
        procs.wait_until("the nodes to stop", lambda: not any(procs.alive(pid) for pid in pids), 30, interval=0.2)
    except RuntimeError:
        for name in names:
            procs.kill_group(name, signal.SIGKILL)
    for name in names:
        (RUN_DIR / f"{name}.pid").unlink(missing_ok=True)
    for node in WORKER_NODES:  # beat_holder() reads the log after the last "beat stopped"
        path = CLUSTER_DIR / "logs" / f"beat-{node.name}.log"
        if path.exists():
            with path.open("a") as file:
                file.write("\nbeat stopped (province_load.py, end of a leg)\n")


# --- one leg -------------------------------------------------------------------------------------


def run_locust(folder: Path, args: argparse.Namespace) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    seconds = round(args.minutes * 60)
    env = {
        **os.environ,
        "CLUSTER_WORLD": str(RUN_DIR / "world.json"),
        "CLUSTER_RESULTS": str(folder),
        "PROVINCE_THINK": str(args.think),
    }
    log(
        f"locust: {args.users} users (+{args.spawn_rate}/s, think time × {args.think}), {seconds} s, "
        f"against http://{LB.address}"
    )
    with open(folder / "locust.log", "wb") as out:
        done = subprocess.run(  # noqa: S603
            [
                str(services.VENV_BIN / "locust"),
                "-f",
                LOCUSTFILE,
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://{LB.address}",
                "--csv",
                str(folder / "locust"),
                "--only-summary",
                "--stop-timeout",
                "20",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return done.returncode


def number(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # "N/A" when an endpoint has no sample
        return 0.0


def read_stats(folder: Path) -> dict[str, Any]:
    """locust's *_stats.csv per endpoint and its Aggregated row, with the 5xx / no-answer counts
    of the per-request log (requests.csv of cluster_mix.py)."""
    bad: dict[str, dict[str, int]] = {}
    requests_log = folder / "requests.csv"
    if requests_log.exists():
        with requests_log.open(newline="") as file:
            for _stamp, name, status in csv.reader(file):
                code = int(status)
                if code == 0 or code >= 500:
                    counts = bad.setdefault(name, {})
                    counts[str(code)] = counts.get(str(code), 0) + 1
    endpoints: list[dict[str, Any]] = []
    total: dict[str, Any] = {}
    with (folder / "locust_stats.csv").open(newline="") as file:
        for row in csv.DictReader(file):
            name = f"{row['Type']} {row['Name']}".strip()  # the key of requests.csv
            item = {
                "endpoint": row["Name"] if row["Name"] != "Aggregated" else "total",
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(number(row["Requests/s"]), 2),
                "p50_ms": number(row["50%"]),
                "p95_ms": number(row["95%"]),
                "p99_ms": number(row["99%"]),
                "max_ms": round(number(row["Max Response Time"])),
            }
            if row["Name"] == "Aggregated":
                item["5xx_or_no_answer"] = {k: sum(c.get(k, 0) for c in bad.values()) for c in bad.values() for k in c}
                total = item
            else:
                item["5xx_or_no_answer"] = bad.get(name, {})
                endpoints.append(item)
    return {"endpoints": sorted(endpoints, key=lambda e: -e["requests"]), "total": total}


def run_leg(count: int, args: argparse.Namespace) -> dict[str, Any]:
    folder = RESULTS / f"{count}-node"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    log(f"==== leg: {count} web node(s), {count} worker node(s) ====")
    with _common.stopwatch() as start_elapsed:
        start_nodes(count)
    try:
        queries_before = services.pgbouncer_queries()
        with _common.stopwatch() as load_elapsed:
            exit_code = run_locust(folder, args)
        queries = services.replica_share(queries_before, services.pgbouncer_queries())
    finally:
        stop_nodes()
    stats = read_stats(folder)
    leg = {
        "nodes": count,
        "nodes_start_s": round(start_elapsed(), 1),
        "load_s": round(load_elapsed(), 1),
        "locust_exit": exit_code,
        "queries_through_pgbouncer": queries,
        **stats,
    }
    print_leg(leg)
    return leg


def print_leg(leg: dict[str, Any]) -> None:
    print(f"\n---- {leg['nodes']} web node(s): {leg['load_s']:.0f} s of load (locust exit {leg['locust_exit']})")
    header = f"{'endpoint':42} {'requests':>9} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'fail':>6}  5xx/none"
    print(header)
    for item in [*leg["endpoints"], leg["total"]]:
        print(
            f"{item['endpoint'][:42]:42} {item['requests']:>9} {item['rps']:>7.2f} {item['p50_ms']:>7.0f} "
            f"{item['p95_ms']:>7.0f} {item['p99_ms']:>7.0f} {item['failures']:>6}  {item['5xx_or_no_answer'] or '-'}"
        )
    queries = leg["queries_through_pgbouncer"]
    print(
        f"(times in ms) queries through PgBouncer: primary {queries['primary']}, replicas {queries['replicas']} "
        f"(replica share {queries['replica_share']})",
        flush=True,
    )


def check(leg: dict[str, Any], args: argparse.Namespace) -> list[str]:
    total = leg["total"]
    failures = []
    label = f"{leg['nodes']}-node leg"
    if not total or not total.get("requests"):
        return [f"{label}: no request answered"]
    bad = sum(total["5xx_or_no_answer"].values())
    if bad:
        failures.append(f"{label}: {bad} responses with status 5xx or no answer {total['5xx_or_no_answer']}")
    rate = total["failures"] / total["requests"]
    if rate > args.max_error_rate:
        failures.append(f"{label}: failure rate {rate:.2%} above {args.max_error_rate:.2%}")
    return failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("province_load.py runs as root (the cluster's network namespaces, the postgres user)")
    os.chdir(ROOT)
    if not (CLUSTER_DIR / "venv" / "bin" / "patroni").exists():
        sys.exit("Patroni is not installed in var/cluster/venv: run `scripts/cluster_test.sh install` first")
    results = _common.start_results(
        villages=args.villages,
        orders=args.orders,
        minutes=args.minutes,
        users=args.users,
        think=args.think,
        spawn_rate=args.spawn_rate,
        nodes=args.nodes,
        phases_s={},
    )
    legs = {"both": [2, 1], "2": [2], "1": [1]}[args.nodes]
    failures: list[str] = []
    try:
        prepare_world(args, results)
        results["legs"] = []
        for count in legs:
            leg = run_leg(count, args)
            results["legs"].append(leg)
            results["phases_s"][f"leg_{count}_node"] = round(leg["nodes_start_s"] + leg["load_s"], 1)
            failures += check(leg, args)
    finally:
        with _common.stopwatch() as elapsed:
            procs.net_down()
        log(f"torn down: no gf-* namespaces, no cluster processes ({elapsed():.1f} s)")
    by_nodes = {leg["nodes"]: leg["total"] for leg in results["legs"]}
    if 1 in by_nodes and 2 in by_nodes and by_nodes[1].get("rps"):
        results["scaling"] = {
            "rps_2_over_1": round(by_nodes[2]["rps"] / by_nodes[1]["rps"], 2),
            "p95_2_over_1": round(by_nodes[2]["p95_ms"] / by_nodes[1]["p95_ms"], 2) if by_nodes[1]["p95_ms"] else None,
        }
    results["failures"] = failures
    print("\n================ province load summary ================")
    print(f"world: {args.villages:,} villages, {args.orders:,} generated orders; phases (s): {results['phases_s']}")
    for leg in results["legs"]:
        total = leg["total"]
        print(
            f"{leg['nodes']} node(s): {total['requests']} requests, {total['rps']:.2f} req/s, "
            f"p50 {total['p50_ms']:.0f} / p95 {total['p95_ms']:.0f} / p99 {total['p99_ms']:.0f} ms, "
            f"{total['failures']} failures, 5xx/no answer {total['5xx_or_no_answer'] or 0}"
        )
    if "scaling" in results:
        scaling = results["scaling"]
        print(f"scaling 2 nodes / 1 node: req/s × {scaling['rps_2_over_1']}, p95 × {scaling['p95_2_over_1']}")
    print("RESULT: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        print(f"results written to {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
