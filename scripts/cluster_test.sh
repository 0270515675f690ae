#!/usr/bin/env bash
# The cluster test (#17): a province deployment in miniature, in network namespaces on this machine,
# under a mixed load while four faults strike; then the checks. Run as root on Debian 12:
#
#     scripts/cluster_test.sh                    # 20 users, 180 s of load (about 12 minutes in all)
#     CLUSTER_LOAD_SECONDS=120 CLUSTER_USERS=10 scripts/cluster_test.sh
#     scripts/cluster_test.sh down               # only tear down what an interrupted run left
#     scripts/cluster_test.sh install            # only install what it needs (benchmarks/province_load.py)
#
# Hosts (one namespace each, 10.77.0.0/24 on bridge gfbr0 = 10.77.0.1 in the root namespace):
#   etcd 10.77.0.10 · pg1 10.77.0.11, pg2 10.77.0.12 (PostgreSQL 15 under Patroni, streaming)
#   lb 10.77.0.20 (HAProxy: web :80, primary :5000, replicas :5001, stats :7000; PgBouncer :6432)
#   redis 10.77.0.30 (broker, cache, beat lock) · web1/web2 10.77.0.41/.42 (gunicorn)
#   work1/work2 10.77.0.51/.52 (Celery worker -c 1 and manage.py run_beat: one holds the lock)
# Load: locust (benchmarks/locust/cluster_mix.py) from the root namespace to 10.77.0.20.
# Faults: (a) kill -9 web1, (b) kill -9 a Celery worker while it runs a task, (c) stop the
# PostgreSQL primary (Patroni promotes the replica), (d) restart Redis. Checks: every acknowledged
# order exists once, no order left waiting for dispatch, no status 500, seconds of 503 per fault.
# Nothing listens outside 10.77.0.0/24 and loopback inside the namespaces; everything is torn down
# on exit (trap), so the script can be run again. Data, logs and results: var/cluster/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CLUSTER_DIR="$ROOT/var/cluster"
PATRONI_VERSION=4.1.5

if [[ $(id -u) -ne 0 ]]; then
    echo "cluster_test.sh: run as root (network namespaces, the postgres user)" >&2
    exit 2
fi
if [[ ! -x .venv/bin/python ]]; then
    echo "cluster_test.sh: no .venv; run 'make setup' first" >&2
    exit 2
fi

teardown() {
    .venv/bin/python scripts/cluster/cluster.py down || true
}

if [[ ${1:-} == down ]]; then
    teardown
    exit 0
fi

# --- what it needs, installed when missing (Debian 12) ----------------------------------------------
missing=()
command -v etcd >/dev/null || missing+=(etcd-server)
command -v pgbouncer >/dev/null || [[ -x /usr/sbin/pgbouncer ]] || missing+=(pgbouncer)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
command -v ip >/dev/null || missing+=(iproute2)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v setpriv >/dev/null || missing+=(util-linux)
[[ -x /usr/lib/postgresql/15/bin/postgres ]] || missing+=(postgresql-15)
dpkg -s python3-venv >/dev/null 2>&1 || missing+=(python3-venv)
if ((${#missing[@]})); then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    # policy-rc.d keeps Debian from starting the packages' own services: the test starts its own.
    created_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    ((created_policy)) && rm -f /usr/sbin/policy-rc.d
fi
# Patroni from PyPI, in a venv of its own made with Debian's Python (the postgres user runs it),
# never in the project's lock.
if [[ ! -x $CLUSTER_DIR/venv/bin/patroni ]] || ! "$CLUSTER_DIR/venv/bin/patroni" --version | grep -q " $PATRONI_VERSION\$"; then
    echo "==> Patroni $PATRONI_VERSION into var/cluster/venv"
    rm -rf "$CLUSTER_DIR/venv"
    mkdir -p "$CLUSTER_DIR"
    /usr/bin/python3 -m venv "$CLUSTER_DIR/venv"
    "$CLUSTER_DIR/venv/bin/pip" install -q "patroni[psycopg3,etcd3]==$PATRONI_VERSION"
fi

if [[ ${1:-} == install ]]; then
    exit 0
fi

trap teardown EXIT
trap 'exit 130' INT TERM
.venv/bin/python scripts/cluster/cluster.py run "$@"
