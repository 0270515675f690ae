#!/usr/bin/env python
"""The province-sized world on the cluster's primary (run by benchmarks/province_load.py with the
cluster's environment, scripts/cluster/services.app_env(), less DATABASE_REPLICA_URLS).

    build_world.py build --villages 10000 --orders 1000000 [--citizens 2000] [--seed 0.42]
    build_world.py check                # what is there: villages, work orders, fact rows

build: migrate, import_statutes, import_faq --only-new, seed_demo --villages N (the bulk path),
ORDERS work orders generated in SQL (dashboard_scale.insert_orders: queue_scale's INSERT … SELECT
over every county's villages and townships, the past 364 days), VACUUM ANALYZE, then the fact
tables in SQL (dashboard_scale.facts_by_sql: DailyFact and RollupFact, as rollup.rebuild() would
write them, so the dashboards read rollups), VACUUM ANALYZE. Each step is timed.
Both print one JSON object as their last line.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parents[1]
ROOT = BENCHMARKS.parent
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def counts() -> dict[str, int]:
    from django.db import connection

    result: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('workorders_workorder') IS NOT NULL")
        if not cursor.fetchone()[0]:  # an empty database: not migrated
            return {"villages": 0, "work_orders": 0, "daily_facts": 0, "rollup_facts": 0}
        for label, query in (
            ("villages", "SELECT count(*) FROM network_region WHERE level = 5"),
            ("work_orders", "SELECT count(*) FROM workorders_workorder"),
            ("daily_facts", "SELECT count(*) FROM performance_dailyfact"),
            ("rollup_facts", "SELECT count(*) FROM performance_rollupfact"),
        ):
            cursor.execute(query)
            result[label] = int(cursor.fetchone()[0])
    return result


def fill_new_columns() -> list[str]:
    """queue_scale.INSERT_SQL (used by dashboard_scale.insert_orders) names the work order's columns
    of its day; a NOT NULL column added since (no database default) would fail the insert. Such
    columns get the model's empty value here: false, '' or 0."""
    import re

    import queue_scale
    from django.db import models
    from django.db.models.fields import NOT_PROVIDED

    from gongfa.workorders.models import WorkOrder

    match = re.search(r"INSERT INTO workorders_workorder \((.*?)\)\s*SELECT", queue_scale.INSERT_SQL, re.S)
    if match is None:
        raise SystemExit("queue_scale.INSERT_SQL changed: no INSERT INTO workorders_workorder (…) SELECT")
    named = {c.strip() for c in match.group(1).replace("/*DENORMALISED_COLUMNS*/", "").split(",")}
    named |= {"id", "region_code", "owner_region_code", "contact_phone_hash"}  # dashboard_scale adds these
    columns, values = [], []
    for field in WorkOrder._meta.concrete_fields:
        if field.column in named or field.null or getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        if isinstance(field, models.BooleanField):
            value = "false"
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            value = "''"
        elif isinstance(field, models.IntegerField):
            value = "0"
        else:
            raise SystemExit(f"work order column {field.column} ({type(field).__name__}): no empty value known")
        columns.append(field.column)
        values.append(value)
    if columns:
        queue_scale.INSERT_SQL = queue_scale.INSERT_SQL.replace(
            "/*DENORMALISED_COLUMNS*/", "".join(f", {c}" for c in columns) + " /*DENORMALISED_COLUMNS*/"
        ).replace("/*DENORMALISED_VALUES*/", "".join(f", {v}" for v in values) + " /*DENORMALISED_VALUES*/")
        print(f"    columns newer than queue_scale's INSERT, given their empty value: {', '.join(columns)}", flush=True)
    return columns


def step(timings: dict[str, float], label: str, action: Any) -> Any:
    print(f"==> {label}", flush=True)
    started = time.perf_counter()
    value = action()
    timings[label] = round(time.perf_counter() - started, 1)
    print(f"    {label}: {timings[label]:.1f} s", flush=True)
    return value


def build(args: argparse.Namespace) -> dict[str, Any]:
    import dashboard_scale
    from django.core.management import call_command

    timings: dict[str, float] = {}
    step(timings, "migrate", lambda: call_command("migrate", "--noinput", verbosity=0))
    step(timings, "import_statutes", lambda: call_command("import_statutes", stdout=io.StringIO()))
    step(timings, "import_faq", lambda: call_command("import_faq", "--only-new", stdout=io.StringIO()))
    step(
        timings,
        f"seed_demo --villages {args.villages} --citizens {args.citizens}",
        lambda: call_command(
            "seed_demo", villages=args.villages, citizens=args.citizens, no_accounts=True, stdout=io.StringIO()
        ),
    )
    fill_new_columns()
    generated = step(
        timings,
        f"insert {args.orders:,} work orders in SQL",
        lambda: dashboard_scale.insert_orders(args.orders, args.seed),
    )
    step(timings, "VACUUM ANALYZE work orders", lambda: dashboard_scale.vacuum("workorders_workorder"))
    facts = step(timings, "facts in SQL (DailyFact, RollupFact)", dashboard_scale.facts_by_sql)
    step(
        timings,
        "VACUUM ANALYZE facts",
        lambda: dashboard_scale.vacuum("performance_dailyfact", "performance_rollupfact"),
    )
    return {"timings_s": timings, "generated": generated, "fact_steps": facts, "counts": counts()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["build", "check"])
    parser.add_argument("--villages", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--citizens", type=int, default=2_000)
    parser.add_argument("--seed", type=float, default=0.42)
    args = parser.parse_args()
    import django

    django.setup()
    logging.getLogger("gongfa.sms").setLevel(logging.ERROR)
    result = build(args) if args.action == "build" else {"counts": counts()}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
