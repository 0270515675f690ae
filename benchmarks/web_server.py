#!/usr/bin/env python
"""Web server benchmark: latency of the home page while other users hit the heavy pages, with the
old command (`gunicorn config.wsgi -w 2`, sync workers) and the shipped config/gunicorn.conf.py.

    .venv/bin/python benchmarks/web_server.py                  # 10 s per phase
    .venv/bin/python benchmarks/web_server.py --duration 5

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate; seed_demo (default size, with the demo accounts); a few statutes imported and indexed;
   collectstatic into a temporary folder;
2. for each server command, on a free loopback port with DEBUG=0:
   - alone: one client requests `/` back to back for DURATION seconds;
   - loaded: the same client, while one signed-in supervisor per heavy page requests it back to back
     (the work-order queue, legal-aid statistics, the Q&A demand analysis, the overview) and one
     anonymous visitor asks the statute search (`/qa/?q=…`);
3. prints the median and p95 of `/` in both phases for both commands, and the heavy pages' medians.
Every client keeps its connection open where the server allows it (sync workers close it).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_web")
HEAVY_PAGES = ["/workbench/queue/", "/workbench/legal-aid/stats/", "/workbench/qa/demand/", "/workbench/overview/"]
SEARCH = "/qa/?" + urllib.parse.urlencode({"q": "老板拖欠工资不给怎么办"})
SUPERVISOR = "supervisor"
COMMANDS = {
    "old: gunicorn config.wsgi -w 2 (sync)": ["config.wsgi", "-w", "2", "--log-level", "warning"],
    "shipped: gunicorn -c config/gunicorn.conf.py config.wsgi": ["-c", "config/gunicorn.conf.py", "config.wsgi"],
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def hammer(
    client: _common.HttpClient, path: str, stop: threading.Event, samples: list[float], errors: list[str]
) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, _, _ = client.request("GET", path)
        except OSError as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            client.close()
            continue
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        samples.append((time.perf_counter() - started) * 1000)


def measure(port: int, duration: float, *, loaded: bool, password: str) -> dict[str, Any]:
    stop = threading.Event()
    threads: list[threading.Thread] = []
    heavy: dict[str, list[float]] = {}
    errors: list[str] = []
    if loaded:
        for path in [*HEAVY_PAGES, SEARCH]:
            client = _common.HttpClient("127.0.0.1", port)
            if path.startswith("/workbench/"):
                _common.staff_login(client, SUPERVISOR, password)
            heavy[path] = []
            threads.append(threading.Thread(target=hammer, args=(client, path, stop, heavy[path], errors)))
    home: list[float] = []
    home_client = _common.HttpClient("127.0.0.1", port)
    for _ in range(5):  # warm the worker that answers it
        home_client.request("GET", "/")
    threads.append(threading.Thread(target=hammer, args=(home_client, "/", stop, home, errors)))
    for thread in threads:
        thread.start()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join(120)
    return {
        "home": _common.summary_ms(home),
        "heavy": {path: _common.summary_ms(samples) for path, samples in heavy.items()},
        "errors": sorted(set(errors))[:10],
        "error_count": len(errors),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["FIELD_ENCRYPTION_KEYS"] = base64.b64encode(os.urandom(32)).decode()
    os.environ["BLIND_INDEX_KEY"] = base64.b64encode(os.urandom(32)).decode()
    url, cleanup = _common.postgres_database(args.database_url)
    results = _common.start_results(duration_s=args.duration, heavy_pages=[*HEAVY_PAGES, SEARCH])
    try:
        with tempfile.TemporaryDirectory(prefix="gongfa-bench-web-") as folder:
            var_dir = Path(folder) / "var"
            os.environ["GONGFA_VAR_DIR"] = str(var_dir)
            _common.setup_django(url)
            from django.core.management import call_command
            from django.db import connections

            from gongfa.demo.generator import DEMO_PASSWORD
            from gongfa.testing.statutes import import_small_corpus

            call_command("migrate", verbosity=0)
            results["seed_s"] = _common.timed("seed_demo", lambda: call_command("seed_demo", stdout=io.StringIO()))
            import_small_corpus(var_dir / "statutes")
            connections.close_all()
            env = _common.server_environment(url, var_dir)
            env["CELERY_BROKER_URL"] = ""
            print(f"==> collectstatic: {_common.collectstatic(env):.1f} s")
            results["servers"] = {}
            for label, arguments in COMMANDS.items():
                print(f"==> {label}", flush=True)
                with _common.gunicorn(
                    {**env, "GUNICORN_ACCESS_LOG": ""}, log_path=Path(folder) / "gunicorn.log", arguments=arguments
                ) as (_host, port):
                    alone = measure(port, args.duration, loaded=False, password=DEMO_PASSWORD)
                    loaded = measure(port, args.duration, loaded=True, password=DEMO_PASSWORD)
                results["servers"][label] = {"alone": alone, "loaded": loaded}
                print(
                    f"    / alone: p50 {alone['home']['p50_ms']:.1f} ms; with the heavy pages: "
                    f"p50 {loaded['home']['p50_ms']:.1f} ms, p95 {loaded['home']['p95_ms']:.1f} ms "
                    f"({loaded['error_count']} errors)",
                    flush=True,
                )
    finally:
        if "django" in sys.modules and "django.db" in sys.modules:
            from django.db import connections as open_connections

            open_connections.close_all()
        cleanup()
    return results


def report(results: dict[str, Any]) -> None:
    print()
    heavy_names = "queue, stats, demand, overview, search"
    print(f"| server | `/` alone p50 | `/` with heavy pages p50 | p95 | heavy pages p50 ({heavy_names}) |")
    print("|---|---:|---:|---:|---|")
    for label, found in results["servers"].items():
        heavy = ", ".join(f"{v['p50_ms']:.0f}" for v in found["loaded"]["heavy"].values())
        print(
            f"| {label} | {found['alone']['home']['p50_ms']:.1f} ms | {found['loaded']['home']['p50_ms']:.1f} ms "
            f"| {found['loaded']['home']['p95_ms']:.1f} ms | {heavy} ms |"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    errors = sum(
        found["loaded"]["error_count"] + found["alone"]["error_count"] for found in results["servers"].values()
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
