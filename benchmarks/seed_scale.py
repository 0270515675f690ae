#!/usr/bin/env python
"""Scale benchmark: seed a province-sized demo world, then time the region-subtree query.

    .venv/bin/python benchmarks/seed_scale.py                       # SQLite, 10,000 villages, 100,000 citizens
    .venv/bin/python benchmarks/seed_scale.py --villages 600 --citizens 2000     # a quick smoke run
    .venv/bin/python benchmarks/seed_scale.py --database-url postgres://postgres@127.0.0.1:5432/gongfa_bench

What it does, on a throwaway database (a fresh SQLite file under var/bench/, or the PostgreSQL
database named in --database-url, which it drops and creates itself and drops again at the end):
1. migrate;
2. time `seed_demo --villages N --citizens M` (bulk path), then time a second, idempotent run;
3. pick a county with exactly 300 villages and time `list(Region.objects.subtree(county))`
   (313 rows: the county, its 12 townships and 300 villages) RUNS times after a warm-up,
   reporting the median and the 95th percentile;
4. print the query plan (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN ANALYZE`), which
   must show one range scan on the unique index of `code` and no recursion.

The settings are config.settings with DEBUG=1 (so no SECRET_KEY is needed); query logging, which
DEBUG switches on, is switched off again before anything is timed.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import _common
from _common import percentile, timed


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--villages", type=int, default=10_000)
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None, help="seed_demo's --seed (default: its default)")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50, help="timed runs of the subtree query")
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://user@host:port/name — a database this script may drop and create (default: SQLite)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.database_url:
        url, cleanup = _common.postgres_database(args.database_url)
    else:
        url, cleanup = _common.sqlite_database("seed")
    # DEBUG=1 only gets past the SECRET_KEY guard; setup_django switches query logging off again.
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    vendor = connection.vendor
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "database": vendor,
        "database_version": _common.database_version(connection),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "villages": args.villages,
        "citizens": args.citizens,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }
    try:
        results["migrate_s"] = timed("migrate", lambda: call_command("migrate", verbosity=0))
        options: dict[str, Any] = {
            "villages": args.villages,
            "citizens": args.citizens,
            "batch_size": args.batch_size,
            "no_accounts": True,
        }
        if args.seed is not None:
            options["seed"] = args.seed
        results["seed_s"] = timed(
            f"seed_demo --villages {args.villages} --citizens {args.citizens}",
            lambda: call_command("seed_demo", stdout=sys.stdout, **options),
        )
        rerun = io.StringIO()
        results["seed_rerun_s"] = timed(
            "seed_demo again (idempotent: nothing to write)",
            lambda: call_command("seed_demo", stdout=rerun, **options),
        )
        print("    " + rerun.getvalue().strip().splitlines()[-1], flush=True)
        results["rows"] = {
            "regions": Region.objects.count(),
            "villages": Region.objects.villages().count(),
            "users": _count("accounts.User"),
        }
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
        results["subtree"] = measure_subtree(args.runs, RegionLevel, Region, vendor)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept the database: {url}")
        else:
            cleanup()
    return results


def _count(label: str) -> int:
    from django.apps import apps

    return int(apps.get_model(label)._default_manager.count())


def measure_subtree(runs: int, level_enum: Any, region_model: Any, vendor: str) -> dict[str, Any]:
    county = None
    for candidate in region_model.objects.filter(level=level_enum.COUNTY).order_by("code"):
        if region_model.objects.subtree(candidate).villages().count() == 300:
            county = candidate
            break
    if county is None:
        raise SystemExit("no county with exactly 300 villages: use --villages 300 or more")
    queryset = region_model.objects.subtree(county)
    for _ in range(3):  # warm-up: connection, statement cache, pages in memory
        list(queryset.all())
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = list(queryset.all())
        samples.append((time.perf_counter() - started) * 1000)
    # The same range as plain tuples: what is left once no model instances are built.
    tuples = queryset.values_list("id", "code", "name", "level", "parent_id")
    tuple_samples = []
    for _ in range(runs):
        started = time.perf_counter()
        list(tuples.all())
        tuple_samples.append((time.perf_counter() - started) * 1000)
    plan = queryset.explain(analyze=True) if vendor == "postgresql" else queryset.explain()
    result = {
        "county": f"{county.code} {county.name}",
        "rows": len(rows),
        "runs": runs,
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(percentile(samples, 0.95), 3),
        "min_ms": round(min(samples), 3),
        "values_list_median_ms": round(statistics.median(tuple_samples), 3),
        "values_list_p95_ms": round(percentile(tuple_samples, 0.95), 3),
        "sql": str(queryset.query),
        "explain": plan,
    }
    print(f"==> Region.objects.subtree({county.name}) → {len(rows)} rows, {runs} runs")
    print(f"    median {result['median_ms']:.3f} ms, p95 {result['p95_ms']:.3f} ms, min {result['min_ms']:.3f} ms")
    print(
        f"    as values_list tuples: median {result['values_list_median_ms']:.3f} ms, "
        f"p95 {result['values_list_p95_ms']:.3f} ms"
    )
    print(f"    SQL: {result['sql']}")
    print("    plan:")
    for line in plan.splitlines():
        print(f"      {line}")
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    results = run(args)
    print("==> summary")
    print(
        f"    {results['database']} {results['database_version']}, {results['cpus']} CPUs, {results['date']}: "
        f"migrate {results['migrate_s']:.1f} s, seed {results['seed_s']:.1f} s, "
        f"re-run {results['seed_rerun_s']:.1f} s, subtree median {results['subtree']['median_ms']:.3f} ms "
        f"/ p95 {results['subtree']['p95_ms']:.3f} ms"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        print(f"    results written to {args.json}")


if __name__ == "__main__":
    main()
