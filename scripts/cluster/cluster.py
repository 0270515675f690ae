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
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import procs
import services
from procs import log
from topology import (
    CLUSTER_DIR,
    LOG_DIR,
    ROOT,
    RUN_DIR,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["down", "up", "db-failover", "run"])
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("the cluster test runs as root (network namespaces, the postgres user)")
    os.chdir(ROOT)
    if args.action == "down":
        procs.net_down()
        log("torn down: no gf-* namespaces, no cluster processes")
        return 0
    if args.action == "db-failover":
        db_failover()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
