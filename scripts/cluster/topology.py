"""The cluster test's hosts: one network namespace each, on one bridge in the root namespace.

Every address is in 10.77.0.0/24 and exists only on this machine, created by netns.py; the root
namespace holds the bridge (10.77.0.1), from where locust and the checks reach the load balancer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_DIR = Path(os.environ.get("GONGFA_CLUSTER_DIR", str(ROOT / "var" / "cluster")))
LOG_DIR = CLUSTER_DIR / "logs"
RUN_DIR = CLUSTER_DIR / "run"
PATRONI_VENV = CLUSTER_DIR / "venv"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

SUBNET = "10.77.0"
PREFIX_LEN = 24
BRIDGE = "gfbr0"
BRIDGE_ADDRESS = f"{SUBNET}.1"
NS_PREFIX = "gf-"


@dataclass(frozen=True)
class Host:
    name: str
    address: str

    @property
    def netns(self) -> str:
        return f"{NS_PREFIX}{self.name}"

    @property
    def veth_root(self) -> str:
        # interface names are at most 15 characters
        return f"gfv-{self.name}"[:15]


ETCD = Host("etcd", f"{SUBNET}.10")
PG1 = Host("pg1", f"{SUBNET}.11")
PG2 = Host("pg2", f"{SUBNET}.12")
LB = Host("lb", f"{SUBNET}.20")  # HAProxy (web :80, PostgreSQL :5000/:5001, stats :7000) and PgBouncer :6432
REDIS = Host("redis", f"{SUBNET}.30")
WEB1 = Host("web1", f"{SUBNET}.41")
WEB2 = Host("web2", f"{SUBNET}.42")
WORK1 = Host("work1", f"{SUBNET}.51")
WORK2 = Host("work2", f"{SUBNET}.52")

HOSTS = [ETCD, PG1, PG2, LB, REDIS, WEB1, WEB2, WORK1, WORK2]
PG_NODES = [PG1, PG2]
WEB_NODES = [WEB1, WEB2]
WORKER_NODES = [WORK1, WORK2]

# Test-only credentials for a throwaway cluster that listens on 10.77.0.0/24 only.
PG_SUPERUSER_PASSWORD = "cluster-test-postgres"  # noqa: S105
PG_REPLICATION_PASSWORD = "cluster-test-replicator"  # noqa: S105
APP_DB = "gongfa"
APP_USER = "gongfa"
APP_PASSWORD = "cluster-test-gongfa"  # noqa: S105

WEB_PORT = 8000
PGBOUNCER_PORT = 6432
HAPROXY_PG_PRIMARY_PORT = 5000
HAPROXY_PG_REPLICA_PORT = 5001
HAPROXY_STATS_PORT = 7000
PATRONI_PORT = 8008
REDIS_PORT = 6379
