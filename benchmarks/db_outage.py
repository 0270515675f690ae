#!/usr/bin/env python
"""Fault script: work-order intake through gunicorn while PostgreSQL is stopped and started again.

    .venv/bin/python benchmarks/db_outage.py                    # 8 clients, 30 s, PostgreSQL down 8 s from t=10 s
    .venv/bin/python benchmarks/db_outage.py --mode immediate   # the database crashes instead (recovery at start)

What it does, all on loopback, cleaning up after itself:
1. creates its own PostgreSQL cluster in a temporary folder with Debian's initdb/pg_ctl
   (/usr/lib/postgresql/<version>/bin; as the `postgres` user when run as root), on a free port;
2. migrates the project into it, seeds the demo network (seed_demo), imports a few statutes and
   builds their search index (readiness needs one), and issues an API token with workorders:create;
3. starts `gunicorn -c config/gunicorn.conf.py config.wsgi` (the shipped configuration, DEBUG=0) on
   a free port, and waits until /readyz answers 200;
4. drives intake: CLIENTS threads POST /api/v1/workorders for DURATION seconds, each request with its
   own Idempotency-Key and body; on a 503 the client waits (Retry-After, capped by --retry-cap) and
   sends the same key and body again, as a real client would, until it gets 201/200 (acknowledged);
5. meanwhile polls /readyz every 0.25 s, and at --outage-at stops PostgreSQL (pg_ctl stop -m MODE),
   waits --outage seconds and starts it again;
6. prints the totals: requests, count by status, 500s (must be 0), 503s without Retry-After (must
   be 0), whether readiness reported the outage (503 naming "database"), and the acknowledged orders
   against the rows in the database (0 lost, 0 duplicated). Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import io
import json
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _common

ROOT = _common.ROOT
PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="client threads posting work orders")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of new submissions")
    parser.add_argument("--outage-at", type=float, default=10.0, help="seconds into the load when PostgreSQL stops")
    parser.add_argument("--outage", type=float, default=8.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--mode", choices=["fast", "immediate"], default="fast", help="pg_ctl stop mode")
    parser.add_argument("--retry-cap", type=float, default=1.0, help="longest wait before retrying a 503 (s)")
    parser.add_argument("--give-up", type=float, default=60.0, help="a client stops retrying one key after this (s)")
    parser.add_argument("--workers", type=int, default=2, help="GUNICORN_WORKERS for the shipped configuration")
    parser.add_argument("--pg-bin", type=Path, default=PG_BIN_CANDIDATES[0] if PG_BIN_CANDIDATES else None)
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


SHIPPED_CONFIG = ["-c", "config/gunicorn.conf.py", "config.wsgi"]


# ---------------------------------------------------------------------------------------------
# The cluster.
# ---------------------------------------------------------------------------------------------
class Cluster:
    """A throwaway PostgreSQL cluster under `folder`, run as `postgres` when we are root."""

    def __init__(self, pg_bin: Path, folder: Path, port: int) -> None:
        self.pg_bin, self.folder, self.port = pg_bin, folder, port
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            account = pwd.getpwnam("postgres")
            os.chown(folder, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)  # noqa: S603

    def init(self) -> None:
        self._run(
            str(self.pg_bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c max_connections=100"
        self._run(str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        done = subprocess.run(  # noqa: S603
            [*self.as_user, str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "status"], capture_output=True
        )
        return done.returncode == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@contextlib.contextmanager
def cluster(pg_bin: Path) -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="gongfa-outage-pg-"))
    db = Cluster(pg_bin, folder, _common.free_port())
    try:
        db.init()
        db.start()
        print(f"==> PostgreSQL cluster {db.data} on 127.0.0.1:{db.port}", flush=True)
        yield db
    finally:
        with contextlib.suppress(Exception):
            if db.running():
                db.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The project on it.
# ---------------------------------------------------------------------------------------------
def prepare(url: str, var_dir: Path) -> tuple[str, list[str]]:
    """Migrate, seed, index a few statutes, issue a token; returns (token, village codes)."""
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE gongfa")
    os.environ["GONGFA_VAR_DIR"] = str(var_dir)
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    print(f"==> migrate: {_common.timed('migrate', lambda: call_command('migrate', verbosity=0)):.1f} s")
    call_command("seed_demo", no_accounts=True, stdout=io.StringIO())
    from gongfa.testing.statutes import import_small_corpus

    import_small_corpus(var_dir / "statutes")
    out = io.StringIO()
    call_command("issue_api_token", "supervisor", scope=["workorders:create"], name="db-outage", stdout=out)
    token = next(line.strip() for line in out.getvalue().splitlines() if line.strip().startswith("gf_"))
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
    connections.close_all()
    return token, villages


# ---------------------------------------------------------------------------------------------
# The load, the readiness poller and the outage.
# ---------------------------------------------------------------------------------------------
class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.missing_retry_after = 0
        self.unstructured_503 = 0
        self.acknowledged: dict[str, str] = {}  # Idempotency-Key → tracking number
        self.given_up: list[str] = []
        self.retried_keys = 0
        self.samples_500: list[str] = []


def client_thread(
    port: int, token: str, villages: list[str], args: argparse.Namespace, stop_at: float, tally: Tally, seed: int
) -> None:
    rng = random.Random(seed)
    texts = _common.request_texts()
    client = _common.HttpClient("127.0.0.1", port, timeout=30)
    while time.monotonic() < stop_at:
        key = str(uuid.uuid4())
        body = json.dumps(
            {
                "region_code": rng.choice(villages),
                "text": rng.choice(texts),
                "contact_name": "王女士",
                "contact_phone": _common.mobile_phone(rng),
                "channel": "api",
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"}
        first, give_up_at = True, time.monotonic() + args.give_up
        while True:  # the same key and body until acknowledged, as a client that must not lose it
            try:
                status, response_headers, data = client.request("POST", "/api/v1/workorders", body, headers)
            except OSError as exc:
                with tally.lock:
                    tally.statuses[f"connection error ({type(exc).__name__})"] += 1
                client.close()
                time.sleep(0.2)
                continue
            with tally.lock:
                tally.statuses[str(status)] += 1
            if status in (200, 201):
                with tally.lock:
                    tally.acknowledged[key] = json.loads(data)["tracking_number"]
                    if not first:
                        tally.retried_keys += 1
                break
            wait = 0.2
            if status == 503:
                retry_after = response_headers.get("retry-after")
                with tally.lock:
                    if retry_after is None:
                        tally.missing_retry_after += 1
                    try:
                        if json.loads(data)["error"]["code"] != "service_unavailable":
                            tally.unstructured_503 += 1
                    except (ValueError, KeyError, TypeError):
                        tally.unstructured_503 += 1
                wait = min(float(retry_after or 1), args.retry_cap)
            elif status == 500:
                with tally.lock:
                    if len(tally.samples_500) < 3:
                        tally.samples_500.append(data[:300].decode(errors="replace"))
            elif 400 <= status < 500:
                with tally.lock:
                    tally.given_up.append(f"{key}: {status} {data[:200]!r}")
                break
            if time.monotonic() > give_up_at:
                with tally.lock:
                    tally.given_up.append(f"{key}: still {status} after {args.give_up:.0f} s")
                break
            first = False
            time.sleep(wait)
    client.close()


def poll_readiness(port: int, stop: threading.Event, started: float, log: list[dict[str, Any]]) -> None:
    while not stop.is_set():
        at = time.monotonic() - started
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/readyz")
            answer = conn.getresponse()
            body = json.loads(answer.read() or b"{}")
            conn.close()
            log.append({"t": round(at, 2), "status": answer.status, "failing": body.get("failing", [])})
        except (OSError, ValueError) as exc:
            log.append({"t": round(at, 2), "status": None, "failing": [type(exc).__name__]})
        stop.wait(0.25)


def count_rows(url: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT w.tracking_number, k.key FROM workorders_workorder w "
            "LEFT JOIN workorders_intakekey k ON k.order_id = w.id WHERE w.channel = 'api'"
        ).fetchall()
    return {"rows": rows}


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.pg_bin is None or not (args.pg_bin / "pg_ctl").exists():
        raise SystemExit("needs PostgreSQL's server binaries (initdb, pg_ctl): --pg-bin /usr/lib/postgresql/15/bin")
    results = _common.start_results(
        clients=args.clients,
        duration_s=args.duration,
        outage_at_s=args.outage_at,
        outage_s=args.outage,
        stop_mode=args.mode,
        gunicorn_workers=args.workers,
    )
    # Both the seeding (in this process) and the server encrypt with the same throwaway keys.
    os.environ["FIELD_ENCRYPTION_KEYS"] = base64.b64encode(os.urandom(32)).decode()
    os.environ["BLIND_INDEX_KEY"] = base64.b64encode(os.urandom(32)).decode()
    with cluster(args.pg_bin) as db, tempfile.TemporaryDirectory(prefix="gongfa-outage-") as folder:
        url = db.url("gongfa")
        var_dir = Path(folder) / "var"
        token, villages = prepare(url, var_dir)
        env = _common.server_environment(url, var_dir)
        env.update(GUNICORN_WORKERS=str(args.workers), GUNICORN_ACCESS_LOG="", CELERY_BROKER_URL="")
        print(f"==> GUNICORN_WORKERS={env['GUNICORN_WORKERS']}", flush=True)
        with _common.gunicorn(
            env, log_path=Path(folder) / "gunicorn.log", arguments=SHIPPED_CONFIG, ready_path="/readyz"
        ) as (_host, port):
            tally, stop = Tally(), threading.Event()
            readiness: list[dict[str, Any]] = []
            started = time.monotonic()
            poller = threading.Thread(target=poll_readiness, args=(port, stop, started, readiness))
            poller.start()
            stop_at = started + args.duration
            clients = [
                threading.Thread(target=client_thread, args=(port, token, villages, args, stop_at, tally, n))
                for n in range(args.clients)
            ]
            for thread in clients:
                thread.start()
            time.sleep(max(0.0, started + args.outage_at - time.monotonic()))
            down_at = time.monotonic() - started
            db.stop(args.mode)
            print(f"==> t={down_at:.1f} s: pg_ctl stop -m {args.mode}", flush=True)
            time.sleep(args.outage)
            db.start()
            up_at = time.monotonic() - started
            print(f"==> t={up_at:.1f} s: pg_ctl start", flush=True)
            for thread in clients:
                thread.join(args.duration + args.give_up + 30)
            time.sleep(2)  # readiness back to 200 after the last retries
            stop.set()
            poller.join()
            log_tail = (Path(folder) / "gunicorn.log").read_text(errors="replace")[-2000:]
        found = count_rows(url)

    rows = found["rows"]
    in_db: dict[str, str] = {key: number for number, key in rows if key is not None}
    orphans = [number for number, key in rows if key is None]
    numbers = Counter(number for number, _key in rows)
    lost = [key for key, number in tally.acknowledged.items() if in_db.get(key) != number]
    duplicated = len(orphans) + sum(count - 1 for count in numbers.values() if count > 1)
    unacknowledged_stored = [key for key in in_db if key not in tally.acknowledged]
    during = [r for r in readiness if down_at <= r["t"] <= up_at + 1]
    reported = any(r["status"] == 503 and "database" in r["failing"] for r in during)
    first_503 = next((r["t"] for r in readiness if r["t"] >= down_at and r["status"] == 503), None)
    back_200 = next((r["t"] for r in readiness if r["t"] >= up_at and r["status"] == 200), None)
    total = sum(tally.statuses.values())
    results.update(
        requests=total,
        by_status=dict(sorted(tally.statuses.items())),
        status_500=tally.statuses.get("500", 0),
        status_503=tally.statuses.get("503", 0),
        status_503_without_retry_after=tally.missing_retry_after,
        status_503_not_structured=tally.unstructured_503,
        acknowledged=len(tally.acknowledged),
        acknowledged_after_retry=tally.retried_keys,
        rows=len(rows),
        lost=len(lost),
        duplicated=duplicated,
        stored_not_acknowledged=len(unacknowledged_stored),
        given_up=tally.given_up[:5],
        given_up_count=len(tally.given_up),
        samples_500=tally.samples_500,
        outage_window_s=[round(down_at, 2), round(up_at, 2)],
        readiness_polls=len(readiness),
        readiness_reported_outage=reported,
        readiness_first_503_s=first_503,
        readiness_back_200_s=back_200,
        readiness_during_outage=Counter(str(r["status"]) for r in during),
    )
    results["checks"] = {
        "no 500": results["status_500"] == 0,
        "every 503 has Retry-After": tally.missing_retry_after == 0,
        "every 503 is the API's error body": tally.unstructured_503 == 0,
        "readiness reported the outage": reported,
        "0 lost": not lost,
        "0 duplicated": duplicated == 0,
        "every key acknowledged": not tally.given_up and not unacknowledged_stored,
    }
    if not all(results["checks"].values()):
        results["gunicorn_log_tail"] = log_tail
    return results


def report(results: dict[str, Any]) -> None:
    print()
    print(f"requests: {results['requests']}  by status: {results['by_status']}")
    print(
        f"500s: {results['status_500']}   503s: {results['status_503']}   "
        f"503s without Retry-After: {results['status_503_without_retry_after']}"
    )
    low, high = results["outage_window_s"]
    print(
        f"PostgreSQL down t={low:.1f}–{high:.1f} s; readiness: first 503 at t={results['readiness_first_503_s']} s, "
        f"200 again at t={results['readiness_back_200_s']} s, "
        f"reported the outage: {results['readiness_reported_outage']}"
    )
    print(
        f"acknowledged orders: {results['acknowledged']} ({results['acknowledged_after_retry']} after a retry); "
        f"rows in the database: {results['rows']}; lost: {results['lost']}; duplicated: {results['duplicated']}; "
        f"stored but never acknowledged: {results['stored_not_acknowledged']}"
    )
    for name, ok in results["checks"].items():
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    if results.get("samples_500"):
        print("first 500 bodies:", results["samples_500"])
    if "gunicorn_log_tail" in results:
        print("gunicorn log (tail):\n" + results["gunicorn_log_tail"])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.outage_at + args.outage >= args.duration:
        raise SystemExit("--outage-at + --outage must end before --duration")
    results = run(args)
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    return 0 if all(results["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
