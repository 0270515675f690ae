#!/usr/bin/env python
"""The cluster test's driver (scripts/cluster_test.sh runs it as root; see that file).

cluster.py down          # tear down whatever a previous run left (namespaces, processes)
cluster.py up            # network, etcd, Patroni pair, HAProxy, PgBouncer, Redis, migrate + seed,
                         # two web nodes, two workers, beat (run_beat on both worker nodes)
cluster.py db-failover   # only the database part: up to Patroni, then stop the primary, check promotion
cluster.py run           # up, the load with the four faults, the checks; exit 1 on a failed check
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import procs
import services
from procs import log
from topology import (
    CLUSTER_DIR,
    LB,
    LOG_DIR,
    ROOT,
    RUN_DIR,
    WEB_NODES,
    WORKER_NODES,
)


def fresh_dirs() -> None:
    """Data of a previous run goes: every run starts from an empty cluster (the venv stays)."""
    import shutil

    for name in ("etcd", "pg1", "pg2", "pgbouncer", "redis", "app", "shared-media", "logs", "run", "results"):
        shutil.rmtree(CLUSTER_DIR / name, ignore_errors=True)
    for path in CLUSTER_DIR.glob("beat-schedule-*"):
        path.unlink()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    RUN_DIR.mkdir(parents=True, exist_ok=True)


def up_database() -> None:
    services.pg_ctl_available()
    procs.net_down()
    fresh_dirs()
    procs.net_up()
    services.start_etcd()
    services.start_postgres_pair()


def up() -> None:
    """The whole cluster, seeded, every node answering."""
    up_database()
    services.create_app_database()
    services.start_haproxy()
    services.start_pgbouncer()
    services.start_redis()
    env = services.app_env()
    started = time.monotonic()
    for step in (
        ["migrate", "--noinput", "-v0"],
        ["import_statutes"],
        ["import_faq", "--only-new"],
        ["seed_demo", "--no-accounts"],
    ):
        t0 = time.monotonic()
        services.manage(*step, env=env, capture=True)
        log(f"manage.py {step[0]}: {time.monotonic() - t0:.1f} s")
    services.prepare_static(env)
    world = RUN_DIR / "world.json"
    subprocess.run(  # noqa: S603
        [str(services.VENV_BIN / "python"), "scripts/cluster/appside.py", "world", str(world)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log(f"seeded in {time.monotonic() - started:.1f} s")
    for node in WEB_NODES:
        services.start_web(node)
    for node in WORKER_NODES:
        services.start_worker(node)
        services.start_beat(node)
    for node in WEB_NODES:
        log(f"gunicorn {node.name}: /healthz 200 after {services.wait_web(node):.1f} s")
    took = procs.wait_until(
        "HAProxy to see both web nodes", lambda: procs.http_status(f"http://{LB.address}/readyz", timeout=5) == 200, 60
    )
    log(f"web through HAProxy: /readyz 200 ({took:.1f} s)")
    took = procs.wait_until("a beat holding the lock", lambda: beat_holder() is not None, 60)
    log(f"beat: {beat_holder()} holds the lock, the other node stands by ({took:.1f} s)")


def beat_holder() -> str | None:
    for node in WORKER_NODES:
        text = (
            (LOG_DIR / f"beat-{node.name}.log").read_text(errors="replace")
            if (LOG_DIR / f"beat-{node.name}.log").exists()
            else ""
        )
        if "holding the beat lock" in text.rsplit("beat stopped", 1)[-1]:
            return node.name
    return None


def db_failover() -> None:
    up_database()
    old = services.primary()
    assert old is not None
    started = time.monotonic()
    log(f"stopping patroni on {old.name} (SIGTERM: PostgreSQL stops, the leader key is released)")
    os.kill(procs.pid_of(f"patroni-{old.name}") or 0, signal.SIGTERM)
    took = procs.wait_until("the replica's promotion", lambda: services.primary() not in (None, old), 60, interval=0.25)
    new = services.primary()
    log(f"promoted {new.name if new else '?'} {took:.1f} s after the stop ({time.monotonic() - started:.1f} s)")
    services.start_patroni(old)
    took = procs.wait_until("the old primary back as a replica", lambda: len(services.streaming_replicas()) == 1, 120)
    log(f"{old.name} streaming again after {took:.1f} s: {services.summary_of_cluster()}")


# --- load, faults, checks -----------------------------------------------------------------------

RESULTS = CLUSTER_DIR / "results"
FAULTS: list[dict[str, object]] = []


def fault(label: str, **details: object) -> None:
    FAULTS.append({"fault": label, "at": time.time(), **details})
    log(f"FAULT {label} {json.dumps(details, ensure_ascii=False)}")


LONG_TASK = "gongfa.knowledge.tasks.train_topic_classifier"  # seconds of work, safe to run twice


def send_long_task() -> str:
    """Queue the topic model's training (its docstring: a killed run leaves the old model, a rerun
    trains again) and return its task id."""
    answer = subprocess.run(  # noqa: S603
        [str(services.VENV_BIN / "celery"), "-A", "config", "call", LONG_TASK],
        cwd=ROOT,
        env=services.app_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return answer.stdout.strip().splitlines()[-1]


def worker_log(node_name: str) -> str:
    return (LOG_DIR / f"worker-{node_name}.log").read_text(errors="replace")


def fault_kill_web() -> None:
    node = WEB_NODES[0]
    pid = procs.kill_group(f"web-{node.name}", signal.SIGKILL)
    fault("a: kill -9 web node", node=node.name, pid=pid)
    time.sleep(15)  # systemd's RestartSec in deploy/systemd/gongfa-web.service is 5 s; a slow restart here
    services.start_web(node)
    log(f"web {node.name} restarted, /healthz 200 after {services.wait_web(node):.1f} s")


def fault_kill_worker() -> None:
    """kill -9 the worker (main process and pool) that is running LONG_TASK, while it runs."""
    task_id = send_long_task()
    procs.wait_until(
        f"a worker to start task {task_id}",
        lambda: any(f"[{task_id}] received" in worker_log(n.name) for n in WORKER_NODES),
        60,
        interval=0.2,
    )
    victim = next(n for n in WORKER_NODES if f"[{task_id}] received" in worker_log(n.name))
    time.sleep(1.0)
    finished_before = f"[{task_id}] succeeded" in worker_log(victim.name)
    pid = procs.kill_group(f"worker-{victim.name}", signal.SIGKILL)
    fault(
        "b: kill -9 celery worker",
        node=victim.name,
        pid=pid,
        task=f"{LONG_TASK}[{task_id}]",
        mid_task=not finished_before,
    )
    KILLED_TASKS.append(task_id)
    time.sleep(10)
    services.start_worker(victim)
    log(f"worker {victim.name} restarted")


KILLED_TASKS: list[str] = []


def killed_tasks_done() -> bool:
    logs = "".join(worker_log(n.name) for n in WORKER_NODES)
    return all(f"[{task_id}] succeeded" in logs for task_id in KILLED_TASKS)


def fault_stop_primary() -> None:
    old = services.primary()
    assert old is not None
    os.kill(procs.pid_of(f"patroni-{old.name}") or 0, signal.SIGTERM)
    fault("c: stop the PostgreSQL primary", node=old.name)
    took = procs.wait_until("promotion", lambda: services.primary() not in (None, old), 90, interval=0.25)
    new = services.primary()
    log(f"Patroni promoted {new.name if new else '?'} {took:.1f} s after the stop")
    FAULTS[-1]["promoted"] = new.name if new else None
    FAULTS[-1]["promotion_s"] = round(took, 1)
    time.sleep(10)
    services.start_patroni(old)
    took = procs.wait_until("the old primary back as a replica", lambda: len(services.streaming_replicas()) == 1, 120)
    log(f"{old.name} rejoined as a streaming replica after {took:.1f} s")


def fault_restart_broker() -> None:
    pid = procs.kill_group("redis", signal.SIGTERM)
    fault("d: restart the broker (Redis)", pid=pid)
    procs.wait_until("Redis to stop", lambda: not procs.alive(pid), 30, interval=0.1)
    time.sleep(2)
    services.start_redis()


def run_load(seconds: int, users: int) -> subprocess.Popen[bytes]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CLUSTER_WORLD": str(RUN_DIR / "world.json"), "CLUSTER_RESULTS": str(RESULTS)}
    log(f"locust: {users} users, {seconds} s, against http://{LB.address}")
    with open(LOG_DIR / "locust.log", "wb") as out:
        return subprocess.Popen(  # noqa: S603
            [
                str(services.VENV_BIN / "locust"),
                "-f",
                "benchmarks/locust/cluster_mix.py",
                "--headless",
                "-u",
                str(users),
                "-r",
                "5",
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://{LB.address}",
                "--csv",
                str(RESULTS / "locust"),
                "--only-summary",
                "--stop-timeout",
                "20",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def verify() -> dict[str, object]:
    answer = subprocess.run(  # noqa: S603
        [str(services.VENV_BIN / "python"), "scripts/cluster/appside.py", "verify", str(RESULTS / "acks.jsonl")],
        cwd=ROOT,
        env=services.app_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(answer.stdout.strip().splitlines()[-1]))


def outage_seconds(
    rows: list[tuple[float, str, int]], start: float, end: float, statuses: set[int]
) -> dict[str, object]:
    hits = [t for t, _name, status in rows if start <= t < end and status in statuses]
    if not hits:
        return {"seconds": 0, "requests": 0}
    return {
        "seconds": len({int(t) for t in hits}),
        "requests": len(hits),
        "first_after_fault_s": round(hits[0] - start, 1),
        "last_after_fault_s": round(hits[-1] - start, 1),
    }


def analyse(load_start: float, load_end: float) -> dict[str, object]:
    import csv

    rows: list[tuple[float, str, int]] = []
    with open(RESULTS / "requests.csv", newline="") as file:
        for stamp_, name, raw in csv.reader(file):
            rows.append((float(stamp_), name, int(raw)))
    rows.sort()
    by_status: dict[str, int] = {}
    for _t, _name, code in rows:
        by_status[str(code)] = by_status.get(str(code), 0) + 1
    per_fault = []
    times = [float(f["at"]) for f in FAULTS] + [load_end + 1]  # type: ignore[arg-type]
    for index, item in enumerate(FAULTS):
        start, end = times[index], times[index + 1]
        per_fault.append(
            {
                "fault": item["fault"],
                "at_s": round(start - load_start, 1),
                "503": outage_seconds(rows, start, end, {503}),
                "502/504": outage_seconds(rows, start, end, {502, 504}),
                "no answer": outage_seconds(rows, start, end, {0}),
                "500": outage_seconds(rows, start, end, {500}),
            }
        )
    before = [r for r in rows if r[0] < times[0]]
    return {
        "requests": len(rows),
        "by_status": dict(sorted(by_status.items())),
        "status_500": by_status.get("500", 0),
        "errors_before_first_fault": sum(1 for r in before if r[2] == 0 or r[2] >= 500),
        "per_fault": per_fault,
    }


def run(seconds: int, users: int, settle: int) -> int:
    up()
    queries_before = services.pgbouncer_queries()
    locust = run_load(seconds, users)
    load_start = time.time()
    schedule = [
        (0.14, fault_kill_web),
        (0.32, fault_kill_worker),
        (0.50, fault_stop_primary),
        (0.75, fault_restart_broker),
    ]
    for fraction, action in schedule:
        delay = load_start + fraction * seconds - time.time()
        if delay > 0:
            time.sleep(delay)
        action()
    locust.wait()
    load_end = time.time()
    reads = services.replica_share(queries_before, services.pgbouncer_queries())
    log(f"locust finished (exit {locust.returncode}); waiting up to {settle} s for queued dispatch")
    checked: dict[str, object] = {}
    deadline = time.monotonic() + settle
    while True:
        checked = verify()
        if (checked["still_queued"] == 0 and killed_tasks_done()) or time.monotonic() > deadline:
            break
        time.sleep(10)
    traffic = analyse(load_start, load_end)
    holders = [n.name for n in WORKER_NODES if "holding the beat lock" in (LOG_DIR / f"beat-{n.name}.log").read_text()]
    summary = {
        "load_seconds": seconds,
        "users": users,
        "faults": FAULTS,
        "traffic": traffic,
        "orders": checked,
        "beat_lock_holders": holders,
        "queries_through_pgbouncer": reads,
        "killed_task_redelivered_and_done": killed_tasks_done(),
        "cluster_after": services.summary_of_cluster(),
    }
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    failures = []
    if not checked.get("acknowledged"):
        failures.append("no order was acknowledged")
    if checked.get("lost"):
        failures.append(f"{checked['lost']} acknowledged orders lost")
    if checked.get("duplicated"):
        failures.append(f"{checked['duplicated']} duplicated orders")
    if checked.get("still_queued"):
        failures.append(f"{checked['still_queued']} orders still waiting for dispatch")
    if traffic["status_500"]:
        failures.append(f"{traffic['status_500']} responses with status 500")
    if any(f.get("mid_task") is False for f in FAULTS):
        failures.append("the worker was not killed while its task ran (the task had finished)")
    if not killed_tasks_done():
        failures.append(f"the task of the killed worker {KILLED_TASKS} was not run again to the end")
    if len(holders) != 1:
        failures.append(f"beat lock held by {holders} (expected exactly one node)")
    if not reads["replicas"]:  # dashboards, reports and the directory read from a replica (#17 item 2)
        failures.append("the replicas served no query")
    print_summary(summary, failures)
    return 1 if failures else 0


def print_summary(summary: dict[str, object], failures: list[str]) -> None:
    orders = summary["orders"]
    traffic = summary["traffic"]
    assert isinstance(orders, dict)
    assert isinstance(traffic, dict)
    print("\n================ cluster test summary ================")
    print(f"load: {summary['users']} users for {summary['load_seconds']} s; {traffic['requests']} requests")
    print(f"responses by status: {traffic['by_status']}")
    for item in summary["faults"]:  # type: ignore[attr-defined]
        details = {k: v for k, v in item.items() if k not in ("fault", "at")}
        print(f"fault {item['fault']} at {time.strftime('%H:%M:%S', time.localtime(item['at']))} {details}")
    for item in traffic["per_fault"]:
        print(
            f"  after {item['fault']} (t+{item['at_s']} s): 503 {item['503']}; 502/504 {item['502/504']}; "
            f"no answer {item['no answer']}; 500 {item['500']}"
        )
    print(
        f"orders: acknowledged {orders['acknowledged']}, found {orders['found']}, lost {orders['lost']}, "
        f"duplicated {orders['duplicated']}, still queued for dispatch {orders['still_queued']} "
        f"(handed to manual dispatch {orders['manual_dispatch']}); statuses {orders['statuses']}"
    )
    print(f"status 500 responses: {traffic['status_500']}")
    print(f"task of the killed worker run again to the end: {summary['killed_task_redelivered_and_done']}")
    print(f"beat lock holder(s) over the run: {summary['beat_lock_holders']}")
    reads = summary["queries_through_pgbouncer"]
    assert isinstance(reads, dict)
    print(
        f"queries through PgBouncer during the load: primary {reads['primary']}, replicas {reads['replicas']} "
        f"(replica share {reads['replica_share']})"
    )
    print(f"cluster after: {summary['cluster_after']}")
    print("RESULT: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["down", "up", "db-failover", "run"])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("CLUSTER_LOAD_SECONDS", "180")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("CLUSTER_USERS", "20")))
    parser.add_argument("--settle", type=int, default=180, help="seconds to wait for queued dispatch after the load")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("the cluster test runs as root (network namespaces, the postgres user)")
    os.chdir(ROOT)
    if args.action == "down":
        procs.net_down()
        log("torn down: no gf-* namespaces, no cluster processes")
        return 0
    if args.action == "up":
        up()  # left running on purpose, to look around; `cluster.py down` clears it
        return 0
    if not 30 <= args.seconds <= 900 or not 1 <= args.users <= 200:
        sys.exit("--seconds must be 30–900 and --users 1–200")
    try:
        if args.action == "db-failover":
            db_failover()
            return 0
        return run(args.seconds, args.users, args.settle)
    finally:
        procs.net_down()
        log("torn down: no gf-* namespaces, no cluster processes")


if __name__ == "__main__":
    sys.exit(main())
