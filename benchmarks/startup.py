#!/usr/bin/env python
"""How long `make run` takes to serve its first page: from an empty database, then stopped and
started again on the same database (issue #11, "Must show").

    .venv/bin/python benchmarks/startup.py                  # fresh VAR_DIR under /tmp, port 8011
    .venv/bin/python benchmarks/startup.py --port 8012 --keep

What it does: a throwaway VAR_DIR (its SQLite database, search index and topic model; deleted
afterwards unless --keep), then twice — "empty" and "restart" — the steps of the Makefile's `run`
target with GONGFA_VAR_DIR set to it: setup, then prepare_demo (migrate, import_statutes,
import_faq --only-new, seed_demo, train_topic_classifier in one process; the time of each
is read from its output), then runserver on loopback, timed until `/` answers 200 and stopped.
Every step is bounded (--step-timeout); a step that fails or times out stops the run with its
output. The shared var/ is never touched. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The Makefile's `run` target, step by step (keep in step with it).
STEPS: list[tuple[str, list[str]]] = [
    ("setup", ["scripts/bootstrap.sh"]),
    ("prepare_demo", [PYTHON, "manage.py", "prepare_demo"]),
]
PART = re.compile(r"^==> (\w+): ([0-9.]+) s$", re.MULTILINE)  # prepare_demo's time per step


def run_step(name: str, command: list[str], env: dict[str, str], timeout: float) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - the Makefile's own steps
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"{name}: no result within {timeout:.0f} s")
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{name} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    parts = {part: float(value) for part, value in PART.findall(done.stdout)}
    print(f"  {name:<24} {seconds:6.1f} s", flush=True)
    for part, value in parts.items():
        print(f"    {part:<22} {value:6.1f} s", flush=True)
    return seconds, parts


def first_page(env: dict[str, str], port: int, timeout: float) -> float:
    """Seconds from starting runserver (as `make run` does, with the reloader) to `/` answering 200."""
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the reloader's child is stopped with it
    )
    try:
        while time.perf_counter() - started < timeout:
            if server.poll() is not None:
                sys.exit(f"runserver exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    if response.status == 200:
                        seconds = time.perf_counter() - started
                        print(f"  {'runserver first page':<24} {seconds:6.1f} s", flush=True)
                        return seconds
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        sys.exit(f"no first page within {timeout:.0f} s")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def start(env: dict[str, str], port: int, timeout: float) -> dict[str, Any]:
    steps: dict[str, Any] = {}
    for name, command in STEPS:
        seconds, parts = run_step(name, command, env, timeout)
        steps[name] = round(seconds, 1)
        if parts:
            steps[f"{name}_steps"] = parts
    steps["first_page"] = round(first_page(env, port, timeout), 1)
    steps["total"] = round(sum(v for v in steps.values() if isinstance(v, float)), 1)
    print(f"  {'total':<24} {steps['total']:6.1f} s", flush=True)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--step-timeout", type=float, default=300.0, help="seconds allowed per step")
    parser.add_argument("--keep", action="store_true", help="keep the VAR_DIR (printed) afterwards")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="gongfa-startup-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update({"DEBUG": "1", "GONGFA_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"})
    results: dict[str, dict[str, Any]] = {}
    try:
        for case in ("empty", "restart"):
            print(f"{case} (GONGFA_VAR_DIR={var_dir}):", flush=True)
            results[case] = start(env, args.port, args.step_timeout)
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps({"benchmark": "startup", "cpus": os.cpu_count(), **results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
