#!/usr/bin/env python
"""The cluster test's look inside gongfa (run with the cluster's environment, see services.app_env).

    appside.py world OUT.json     # API tokens for the load (integration and hotline agent), village codes
    appside.py verify ACKS.jsonl  # the acknowledged orders against the database: lost, duplicated, queued

verify prints one JSON object; it reads through DATABASE_URL (the primary, through PgBouncer).
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

LOAD_TAG = "[cluster-load "  # every load order's text carries [cluster-load KEY]


def token_for(username: str, *scopes: str) -> str:
    out = io.StringIO()
    arguments = [username]
    for scope in scopes:
        arguments += ["--scope", scope]
    call_command("issue_api_token", *arguments, "--name", "cluster test", stdout=out)
    return next(line for line in out.getvalue().splitlines() if line.startswith("gf_"))


def world(path: str) -> None:
    from gongfa.network.models import Region

    villages = list(Region.objects.filter(level=5).order_by("code").values_list("code", flat=True)[:200])
    data = {
        "integration_token": token_for("supervisor", "workorders:create", "workorders:read"),
        "hotline_token": token_for("hotline", "workorders:create"),
        "villages": villages,
        "staff": [["window", "gongfa-demo-2026"], ["advisor", "gongfa-demo-2026"]],
        "supervisors": [["supervisor", "gongfa-demo-2026"]],
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False))
    print(f"world: {len(villages)} villages, 2 tokens")


def verify(path: str) -> None:
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.models import IntakeKey, WorkOrder

    acks: dict[str, dict[str, str]] = {}
    conflicts = 0
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        ack = json.loads(line)
        previous = acks.get(ack["key"])
        if previous and previous["tracking_number"] != ack["tracking_number"]:
            conflicts += 1  # the same key acknowledged with two numbers: a duplicate seen by the client
        acks[ack["key"]] = ack
    numbers = {ack["tracking_number"] for ack in acks.values()}
    found = dict(WorkOrder.objects.filter(tracking_number__in=numbers).values_list("tracking_number", "status"))
    lost = sorted(numbers - set(found))
    # Duplicates: more than one order carrying a key's tag, or a key with more than one order.
    tagged: dict[str, int] = {}
    for text in WorkOrder.objects.filter(text__contains=LOAD_TAG).values_list("text", flat=True).iterator():
        key = text.split(LOAD_TAG, 1)[1].split("]", 1)[0]
        tagged[key] = tagged.get(key, 0) + 1
    duplicated = sorted(key for key, count in tagged.items() if count > 1)
    keys_rows = IntakeKey.objects.filter(key__in=list(acks)).count()
    still_queued = WorkOrder.objects.filter(
        tracking_number__in=numbers, status=WorkOrderStatus.NEW, manual_dispatch=False
    ).count()
    manual = WorkOrder.objects.filter(
        tracking_number__in=numbers, status=WorkOrderStatus.NEW, manual_dispatch=True
    ).count()
    statuses: dict[str, int] = {}
    for status in found.values():
        statuses[status] = statuses.get(status, 0) + 1
    print(
        json.dumps(
            {
                "acknowledged": len(acks),
                "found": len(found),
                "lost": len(lost),
                "lost_numbers": lost[:20],
                "orders_tagged": sum(tagged.values()),
                "keys_tagged": len(tagged),
                "unacknowledged_but_stored": len(set(tagged) - set(acks)),
                "duplicated": len(duplicated) + conflicts,
                "duplicated_keys": duplicated[:20],
                "intake_key_rows": keys_rows,
                "still_queued": still_queued,
                "manual_dispatch": manual,
                "statuses": statuses,
            }
        )
    )


if __name__ == "__main__":
    action, argument = sys.argv[1], sys.argv[2]
    {"world": world, "verify": verify}[action](argument)
