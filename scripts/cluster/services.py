"""Configuration and start-up of each component of the test cluster.

The settings mirror deploy/ (see docs/deploy.md), scaled down for one small machine: Patroni's
timings shorter so a failover fits in the test, two gunicorn workers per web node, one Celery
process per worker node.
"""

from __future__ import annotations

import base64
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import procs
from procs import log
from topology import (
    APP_DB,
    APP_PASSWORD,
    APP_USER,
    CLUSTER_DIR,
    ETCD,
    HAPROXY_PG_PRIMARY_PORT,
    HAPROXY_PG_REPLICA_PORT,
    HAPROXY_STATS_PORT,
    LB,
    PATRONI_PORT,
    PATRONI_VENV,
    PG_BIN,
    PG_NODES,
    PG_REPLICATION_PASSWORD,
    PG_SUPERUSER_PASSWORD,
    PGBOUNCER_PORT,
    PREFIX_LEN,
    REDIS,
    REDIS_PORT,
    ROOT,
    RUN_DIR,
    SUBNET,
    WEB_NODES,
    WEB_PORT,
    Host,
)

VENV_BIN = ROOT / ".venv" / "bin"
NETWORK = f"{SUBNET}.0/{PREFIX_LEN}"


# --- etcd ----------------------------------------------------------------------------------------


def start_etcd() -> None:
    data = CLUSTER_DIR / "etcd"
    data.mkdir(parents=True, exist_ok=True)
    procs.start(
        ETCD,
        "etcd",
        [
            "etcd",
            "--name=etcd1",
            f"--data-dir={data}",
            f"--listen-client-urls=http://{ETCD.address}:2379,http://127.0.0.1:2379",
            f"--advertise-client-urls=http://{ETCD.address}:2379",
            "--listen-peer-urls=http://127.0.0.1:2380",
            "--initial-advertise-peer-urls=http://127.0.0.1:2380",
            "--initial-cluster=etcd1=http://127.0.0.1:2380",
            "--initial-cluster-state=new",
            "--log-level=warn",
        ],
    )
    procs.wait_until("etcd", lambda: procs.http_status(f"http://{ETCD.address}:2379/health") == 200, 30)
    log(f"etcd up on {ETCD.address}:2379")


# --- PostgreSQL under Patroni --------------------------------------------------------------------


def patroni_config(node: Host) -> dict[str, object]:
    base = CLUSTER_DIR / node.name
    return {
        "scope": "gongfa",
        "namespace": "/gongfa-cluster-test/",
        "name": node.name,
        "log": {"level": "INFO"},
        "restapi": {"listen": f"{node.address}:{PATRONI_PORT}", "connect_address": f"{node.address}:{PATRONI_PORT}"},
        "etcd3": {"hosts": [f"{ETCD.address}:2379"]},
        "bootstrap": {
            "dcs": {
                # Leader key lifetime and loop: a dead primary is replaced within ttl; a stopped one
                # hands over at once (it deletes its key on the way down).
                "ttl": 20,
                "loop_wait": 5,
                "retry_timeout": 5,
                "maximum_lag_on_failover": 16 * 1024 * 1024,
                "postgresql": {
                    "use_pg_rewind": True,
                    "use_slots": True,
                    "parameters": {
                        "wal_level": "replica",
                        "hot_standby": "on",
                        "wal_log_hints": "on",
                        "max_wal_senders": 10,
                        "max_replication_slots": 10,
                        "max_connections": 200,
                        "shared_buffers": "128MB",
                    },
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
        },
        "postgresql": {
            "listen": f"{node.address},127.0.0.1:5432",
            "connect_address": f"{node.address}:5432",
            "data_dir": str(base / "data"),
            "bin_dir": str(PG_BIN),
            "pgpass": str(base / "pgpass"),
            "authentication": {
                "superuser": {"username": "postgres", "password": PG_SUPERUSER_PASSWORD},
                "replication": {"username": "replicator", "password": PG_REPLICATION_PASSWORD},
            },
            # Its own socket folder: the machine's PostgreSQL keeps /var/run/postgresql.
            "parameters": {
                "unix_socket_directories": str(base / "run"),
                "logging_collector": "on",
                "log_directory": str(base / "log"),
                "log_min_messages": "warning",
            },
            "pg_hba": [
                "local all all trust",
                "host all all 127.0.0.1/32 trust",
                f"host replication replicator {NETWORK} scram-sha-256",
                f"host all all {NETWORK} scram-sha-256",
            ],
        },
        "tags": {"nofailover": False, "noloadbalance": False, "clonefrom": False, "nosync": False},
    }


def _postgres_user() -> pwd.struct_passwd:
    return pwd.getpwnam("postgres")


def start_patroni(node: Host) -> None:
    base = CLUSTER_DIR / node.name
    (base / "run").mkdir(parents=True, exist_ok=True)
    (base / "log").mkdir(parents=True, exist_ok=True)
    config = base / "patroni.yml"
    config.write_text(json.dumps(patroni_config(node), indent=2))  # JSON is YAML
    pg = _postgres_user()
    for path in (base, base / "run", base / "log", config):
        os.chown(path, pg.pw_uid, pg.pw_gid)
    base.chmod(0o700)
    env = {"PATH": f"{PATRONI_VENV / 'bin'}:/usr/bin:/bin", "HOME": str(base), "LANG": "C.UTF-8"}
    procs.start(
        node,
        f"patroni-{node.name}",
        [str(PATRONI_VENV / "bin" / "patroni"), str(config)],
        env=env,
        user="postgres",
        cwd=str(base),
    )


def patroni_role(node: Host) -> str:
    """'primary', 'replica' or '' (down) from Patroni's REST health endpoints."""
    try:
        if procs.http_status(f"http://{node.address}:{PATRONI_PORT}/primary", timeout=1) == 200:
            return "primary"
        if procs.http_status(f"http://{node.address}:{PATRONI_PORT}/replica", timeout=1) == 200:
            return "replica"
    except OSError:
        pass
    return ""


def cluster_state() -> dict[str, object]:
    for node in PG_NODES:
        try:
            with urllib.request.urlopen(f"http://{node.address}:{PATRONI_PORT}/cluster", timeout=2) as answer:
                return dict(json.loads(answer.read()))
        except OSError:
            continue
    return {}


def primary() -> Host | None:
    for node in PG_NODES:
        if patroni_role(node) == "primary":
            return node
    return None


def streaming_replicas() -> list[str]:
    state = cluster_state()
    members = state.get("members", [])
    assert isinstance(members, list)
    return [m["name"] for m in members if m.get("role") == "replica" and m.get("state") == "streaming"]


def start_postgres_pair() -> None:
    pg = _postgres_user()
    for node in PG_NODES:
        start_patroni(node)
        if node is PG_NODES[0]:
            took = procs.wait_until("the first PostgreSQL primary", lambda: primary() is not None, 120)
            log(f"patroni {node.name}: primary after {took:.1f} s")
    took = procs.wait_until("a streaming replica", lambda: len(streaming_replicas()) == 1, 120)
    log(f"patroni: replica streaming after {took:.1f} s; cluster {summary_of_cluster()}")
    del pg


def summary_of_cluster() -> str:
    members = cluster_state().get("members", [])
    assert isinstance(members, list)
    return ", ".join(f"{m['name']}={m.get('role')}/{m.get('state')} lag={m.get('lag', 0)}" for m in members)


def create_app_database() -> None:
    """The application's role and database, on the current primary (owner may create pg_trgm)."""
    import psycopg

    leader = primary()
    assert leader is not None
    dsn = f"host={leader.address} port=5432 user=postgres password={PG_SUPERUSER_PASSWORD} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_USER,)).fetchone()
        if not exists:
            connection.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{APP_PASSWORD}'")
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (APP_DB,)).fetchone():
            connection.execute(f"CREATE DATABASE {APP_DB} OWNER {APP_USER}")
    log(f"database {APP_DB} (owner {APP_USER}) on {leader.name}")


# --- HAProxy and PgBouncer (host lb) -------------------------------------------------------------


def haproxy_config() -> str:
    web = "\n".join(f"    server {n.name} {n.address}:{WEB_PORT} check inter 1s fall 2 rise 2" for n in WEB_NODES)
    pg = "\n".join(f"    server {n.name} {n.address}:5432 maxconn 100 check port {PATRONI_PORT}" for n in PG_NODES)
    return f"""# generated by scripts/cluster/services.py (see deploy/haproxy/haproxy.cfg for the commented version)
global
    maxconn 4000
    log stdout format raw local0 warning

defaults
    log global
    timeout connect 3s
    timeout client 60s
    timeout server 60s
    timeout check 2s
    retries 3

frontend web
    mode http
    bind {LB.address}:80
    option forwardfor
    default_backend web_nodes

backend web_nodes
    mode http
    balance leastconn
    option redispatch 1
    retry-on conn-failure empty-response
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host {LB.address}
    http-check expect status 200
{web}

listen pg_primary
    mode tcp
    bind 127.0.0.1:{HAPROXY_PG_PRIMARY_PORT}
    bind {LB.address}:{HAPROXY_PG_PRIMARY_PORT}
    timeout client 30m
    timeout server 30m
    option httpchk OPTIONS /primary
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
{pg}

listen pg_replicas
    mode tcp
    bind 127.0.0.1:{HAPROXY_PG_REPLICA_PORT}
    bind {LB.address}:{HAPROXY_PG_REPLICA_PORT}
    timeout client 30m
    timeout server 30m
    balance leastconn
    option httpchk OPTIONS /replica
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
{pg}

listen stats
    mode http
    bind {LB.address}:{HAPROXY_STATS_PORT}
    stats enable
    stats uri /
"""


def start_haproxy() -> None:
    path = CLUSTER_DIR / "haproxy.cfg"
    path.write_text(haproxy_config())
    procs.sh("haproxy", "-c", "-q", "-f", str(path))
    procs.start(LB, "haproxy", ["haproxy", "-W", "-db", "-f", str(path)])
    procs.wait_until("HAProxy", lambda: procs.http_status(f"http://{LB.address}:{HAPROXY_STATS_PORT}/") == 200, 20)
    log(
        f"haproxy up on {LB.address} (web :80, primary :{HAPROXY_PG_PRIMARY_PORT}, replicas :{HAPROXY_PG_REPLICA_PORT})"
    )


def start_pgbouncer() -> None:
    base = CLUSTER_DIR / "pgbouncer"
    base.mkdir(parents=True, exist_ok=True)
    (base / "userlist.txt").write_text(f'"{APP_USER}" "{APP_PASSWORD}"\n')
    (base / "pgbouncer.ini").write_text(
        f"""; generated by scripts/cluster/services.py (see deploy/pgbouncer/pgbouncer.ini)
[databases]
{APP_DB} = host=127.0.0.1 port={HAPROXY_PG_PRIMARY_PORT} dbname={APP_DB}
{APP_DB}_replica = host=127.0.0.1 port={HAPROXY_PG_REPLICA_PORT} dbname={APP_DB}

[pgbouncer]
listen_addr = {LB.address}
listen_port = {PGBOUNCER_PORT}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {base / "userlist.txt"}
pool_mode = session
max_client_conn = 1000
default_pool_size = 40
reserve_pool_size = 5
server_login_retry = 1
server_connect_timeout = 3
server_check_delay = 5
query_wait_timeout = 20
server_lifetime = 600
server_idle_timeout = 60
stats_users = {APP_USER}
ignore_startup_parameters = extra_float_digits,options
logfile =
pidfile =
"""
    )
    pg = _postgres_user()
    for path in (base, base / "userlist.txt", base / "pgbouncer.ini"):
        os.chown(path, pg.pw_uid, pg.pw_gid)
    procs.start(LB, "pgbouncer", ["/usr/sbin/pgbouncer", str(base / "pgbouncer.ini")], user="postgres")
    import psycopg

    def answers() -> bool:
        with psycopg.connect(
            host=LB.address, port=PGBOUNCER_PORT, user=APP_USER, password=APP_PASSWORD, dbname=APP_DB, connect_timeout=3
        ) as connection:
            return connection.execute("SELECT 1").fetchone() == (1,)

    procs.wait_until("PgBouncer", answers, 30)
    log(f"pgbouncer up on {LB.address}:{PGBOUNCER_PORT} ({APP_DB} → primary, {APP_DB}_replica → replicas)")


def pgbouncer_queries() -> dict[str, int]:
    """Queries PgBouncer has passed on since it started, per database ({APP_DB}: the primary,
    {APP_DB}_replica: the replicas), from its console's SHOW STATS (psql: the console speaks only
    the simple query protocol)."""
    answer = subprocess.run(  # noqa: S603
        [
            str(PG_BIN / "psql"),
            f"host={LB.address} port={PGBOUNCER_PORT} dbname=pgbouncer user={APP_USER} connect_timeout=3",
            "-AF|",
            "-c",
            "SHOW STATS",
        ],
        env={**os.environ, "PGPASSWORD": APP_PASSWORD},
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout.splitlines()
    header = answer[0].split("|")
    found = {}
    for line in answer[1:]:
        cells = dict(zip(header, line.split("|"), strict=False))
        if cells.get("database", "").startswith(APP_DB) and cells.get("total_query_count", "").isdigit():
            found[cells["database"]] = int(cells["total_query_count"])
    return found


def replica_share(before: dict[str, int], after: dict[str, int]) -> dict[str, object]:
    """Queries on the primary and on the replicas between two pgbouncer_queries() readings."""
    primary = after.get(APP_DB, 0) - before.get(APP_DB, 0)
    replicas = after.get(f"{APP_DB}_replica", 0) - before.get(f"{APP_DB}_replica", 0)
    total = primary + replicas
    return {"primary": primary, "replicas": replicas, "replica_share": round(replicas / total, 3) if total else None}


# --- Redis (broker, cache, beat lock) ------------------------------------------------------------


def start_redis() -> None:
    data = CLUSTER_DIR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    procs.start(
        REDIS,
        "redis",
        [
            "redis-server",
            "--bind",
            REDIS.address,
            "--port",
            str(REDIS_PORT),
            "--dir",
            str(data),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
            "--protected-mode",
            "no",
            "--daemonize",
            "no",
        ],
    )
    import redis

    procs.wait_until("Redis", lambda: bool(redis.Redis(host=REDIS.address, port=REDIS_PORT).ping()), 20)
    log(f"redis up on {REDIS.address}:{REDIS_PORT} (append-only file)")


# --- gongfa --------------------------------------------------------------------------------------


def app_env() -> dict[str, str]:
    """The gongfa processes' environment (as deploy/gongfa.env.example), with test-only secrets."""
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    secret_file = RUN_DIR / "secrets.json"
    if secret_file.exists():
        secret = json.loads(secret_file.read_text())
    else:
        secret = {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "FIELD_ENCRYPTION_KEYS": base64.b64encode(secrets.token_bytes(32)).decode(),
            "BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        }
        secret_file.write_text(json.dumps(secret))
    var = CLUSTER_DIR / "app"
    media = CLUSTER_DIR / "shared-media"
    var.mkdir(parents=True, exist_ok=True)
    media.mkdir(parents=True, exist_ok=True)
    hosts = [LB.address, *(n.address for n in WEB_NODES), "127.0.0.1", "localhost"]
    return {
        "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        **secret,
        "ALLOWED_HOSTS": ",".join(hosts),
        "CSRF_TRUSTED_ORIGINS": f"http://{LB.address}",
        "SITE_URL": f"http://{LB.address}",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "TRUSTED_PROXIES": LB.address,
        "DATABASE_URL": f"postgres://{APP_USER}:{APP_PASSWORD}@{LB.address}:{PGBOUNCER_PORT}/{APP_DB}",
        "DATABASE_REPLICA_URLS": f"postgres://{APP_USER}:{APP_PASSWORD}@{LB.address}:{PGBOUNCER_PORT}/{APP_DB}_replica",
        "DATABASE_CONNECT_TIMEOUT": "3",
        "READ_YOUR_WRITES_SECONDS": "5",
        "REPLICA_MAX_LAG_SECONDS": "10",
        "GONGFA_VAR_DIR": str(var),
        "GONGFA_MEDIA_ROOT": str(media),
        "REDIS_URL": f"redis://{REDIS.address}:{REDIS_PORT}/1",
        "CELERY_BROKER_URL": f"redis://{REDIS.address}:{REDIS_PORT}/0",
        "BEAT_LOCK_URL": f"redis://{REDIS.address}:{REDIS_PORT}/2",
        # Short limits, so a task of a killed worker comes back within the test.
        "CELERY_TASK_TIME_LIMIT": "60",
        "CELERY_VISIBILITY_TIMEOUT": "75",
        # One client address (the load generator) makes every anonymous request here.
        "QA_ASK_PER_MINUTE": "100000",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_BIND": f"0.0.0.0:{WEB_PORT}",
        "GUNICORN_FORWARDED_ALLOW_IPS": LB.address,
        "GUNICORN_ACCESS_LOG": "",
    }


def manage(*arguments: str, env: dict[str, str] | None = None, capture: bool = False) -> str:
    """manage.py in the root namespace (it reaches the cluster over the bridge)."""
    result = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=env or app_env(),
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} failed ({result.returncode}): {result.stderr[-3000:] if capture else ''}"
        )
    return result.stdout if capture else ""


STATIC_CACHE = CLUSTER_DIR / "static-cache"


def static_key() -> str:
    """What the collected vendor files depend on: the locked Python and npm packages."""
    import hashlib

    digest = hashlib.sha256()
    for name in ("requirements.lock", "package-lock.json"):
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def static_cache_is_current() -> bool:
    """The cache holds the same packages' files and a byte-identical copy of each of our own
    static files (collectstatic keeps the original names beside the hashed ones)."""
    stamp = STATIC_CACHE / ".cluster-key"
    if not (stamp.exists() and stamp.read_text() == static_key() and (STATIC_CACHE / "staticfiles.json").exists()):
        return False
    for folder in ROOT.glob("gongfa/*/static"):
        for path in folder.rglob("*"):
            if path.is_file():
                cached = STATIC_CACHE / path.relative_to(folder)
                if not cached.is_file() or cached.read_bytes() != path.read_bytes():
                    return False
    return True


def prepare_static(env: dict[str, str]) -> None:
    """collectstatic (DEBUG off needs whitenoise's manifest) takes minutes on this machine: the
    result is kept in var/cluster/static-cache and reused while its sources are unchanged."""
    if not static_cache_is_current():
        log("collectstatic: sources changed or no cache, collecting (several minutes the first time)")
        STATIC_CACHE.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        manage("collectstatic", "--noinput", "-v0", env={**env, "GONGFA_VAR_DIR": str(CLUSTER_DIR / "static-build")})
        shutil.rmtree(STATIC_CACHE)
        (CLUSTER_DIR / "static-build" / "static").rename(STATIC_CACHE)
        shutil.rmtree(CLUSTER_DIR / "static-build", ignore_errors=True)
        (STATIC_CACHE / ".cluster-key").write_text(static_key())
        log(f"collectstatic: {time.monotonic() - started:.0f} s")
    link = Path(env["GONGFA_VAR_DIR"]) / "static"
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(STATIC_CACHE)


def start_web(node: Host) -> None:
    procs.start(
        node,
        f"web-{node.name}",
        [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        env=app_env(),
        cwd=str(ROOT),
    )


def wait_web(node: Host, timeout: float = 60) -> float:
    return procs.wait_until(
        f"gunicorn on {node.name}",
        lambda: procs.http_status(f"http://{node.address}:{WEB_PORT}/healthz") == 200,
        timeout,
    )


def start_worker(node: Host) -> None:
    procs.start(
        node,
        f"worker-{node.name}",
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "worker",
            "-c",
            "1",
            "-n",
            f"worker@{node.name}",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        env=app_env(),
        cwd=str(ROOT),
    )


def start_beat(node: Host) -> None:
    """manage.py run_beat on a worker node: both nodes run it, the Redis lock lets one schedule."""
    schedule = CLUSTER_DIR / f"beat-schedule-{node.name}"
    procs.start(
        node,
        f"beat-{node.name}",
        [
            str(VENV_BIN / "python"),
            "manage.py",
            "run_beat",
            "--lock-ttl",
            "15",
            "--schedule",
            str(schedule),
            "--loglevel",
            "INFO",
        ],
        env=app_env(),
        cwd=str(ROOT),
    )


def pg_ctl_available() -> None:
    if not (PG_BIN / "postgres").exists():
        sys.exit(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql-15)")
    if shutil.which("etcd") is None or shutil.which("haproxy") is None:
        sys.exit("etcd or haproxy missing: run scripts/cluster_test.sh (it installs them)")


def sleep(seconds: float) -> None:
    time.sleep(seconds)
