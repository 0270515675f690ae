#!/usr/bin/env python
"""The Python side of the point-in-time restore drill (scripts/restore_drill.sh; docs/backup.md).

    drill.py workload --orders N --label NAME     # work orders (and one legal-aid application)
                                                  # written through the platform's services
    drill.py snapshot --out FILE [--target time|name]
                                                  # the row counts, the last tracking number and a
                                                  # fingerprint, in one statement (one snapshot);
                                                  # with --target, the recovery target taken there
    drill.py compare TARGET.json FINAL.json RESTORED.json
                                                  # the table; exit 1 on any mismatch

workload and snapshot run against the database in DATABASE_URL (the drill sets it); compare only
reads the three files."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent

# What is compared: (key shown in the table, model, and for audit events the model whose events
# are counted, or "" for all rows).
# Work orders and their events are what the drill writes after the target, so they must differ
# between the target and the end of the live run; the others must simply come back unchanged.
COUNTED: tuple[tuple[str, str, str], ...] = (
    ("users (accounts.User)", "accounts.User", ""),
    ("work orders (workorders.WorkOrder)", "workorders.WorkOrder", ""),
    ("work-order events (audit.Event)", "audit.Event", "workorders.WorkOrder"),
    ("all audit events (audit.Event)", "audit.Event", ""),
    ("personal-data views (audit.PersonalDataAccess)", "audit.PersonalDataAccess", ""),
    ("intake keys (workorders.IntakeKey)", "workorders.IntakeKey", ""),
    ("notifications (notifications.Notification)", "notifications.Notification", ""),
    ("legal-aid applications (legalaid.LegalAidApplication)", "legalaid.LegalAidApplication", ""),
    ("mediation cases (mediation.MediationCase)", "mediation.MediationCase", ""),
    ("service points (network.ServicePoint)", "network.ServicePoint", ""),
    ("regions (network.Region)", "network.Region", ""),
)
LAST_TRACKING = "last tracking number"
FINGERPRINT = "md5 of all tracking numbers"
LAST_PHONE = "last order's phone decrypts (sha256)"
# Must change between the target and the end of the live run, or the drill proves nothing.
MUST_MOVE = ("work orders (workorders.WorkOrder)", LAST_TRACKING)


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# ------------------------------------------------------------------------------------------------
# workload
# ------------------------------------------------------------------------------------------------
def workload(orders: int, label: str) -> None:
    """Write `orders` portal work orders from the demo citizens (each dispatched automatically,
    every third one answered by the handler it went to) and one legal-aid application, all through
    the domain services, so the rows, events, deadlines and sequences are the real ones."""
    _setup_django()
    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.core.choices import Channel
    from gongfa.demo.data import QUESTIONS
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region
    from gongfa.workorders.choices import ResultCode
    from gongfa.workorders.services import answer_work_order, create_work_order

    started = time.perf_counter()
    citizens = list(User.objects.filter(role=Role.CITIZEN, is_active=True).order_by("pk")[:50])
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    if not citizens or not villages:
        raise SystemExit("drill workload: no citizens or villages; run seed_demo first")
    numbers: list[str] = []
    answered = 0
    for i in range(orders):
        citizen = citizens[i % len(citizens)]
        village = villages[(i * 7) % len(villages)]
        _, question, answer = QUESTIONS[i % len(QUESTIONS)]
        result = create_work_order(
            channel=Channel.PORTAL,
            region=village,
            text=f"{question}（{label} #{i + 1}）",
            requester=citizen,
            contact_phone=citizen.phone,
        )
        order = result.order
        numbers.append(order.tracking_number)
        if i % 3 == 0 and order.owner_user is not None and answer:
            answer_work_order(order=order, actor=order.owner_user, answer=answer, close_with=ResultCode.ANSWERED)
            answered += 1
    applied = _legal_aid_application(label)
    took = time.perf_counter() - started
    print(
        f"    workload {label}: {orders} orders {numbers[0]} … {numbers[-1]}, {answered} answered and closed, "
        f"{applied} legal-aid application ({took:.1f} s)"
    )


def _legal_aid_application(label: str) -> int:
    """One citizen's wage-arrears application, submitted online (it opens its own work order)."""
    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.legalaid import services as legal_aid
    from gongfa.legalaid.models import LegalAidApplication
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    applied = set(LegalAidApplication.objects.values_list("applicant_id", flat=True))
    applicant = next(
        (
            user
            for user in User.objects.filter(role=Role.CITIZEN, is_active=True).order_by("pk")
            if user.pk not in applied and user.id_number
        ),
        None,
    )
    village = Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code").first()
    if applicant is None or village is None:
        return 0
    draft = legal_aid.save_draft(
        applicant=applicant,
        region=village,
        data={
            "matter_code": "labour_pay",
            "phone": applicant.phone,
            "opponent_name": "某建筑劳务有限公司",
            "facts": f"在工地做了四个月小工，包工头拖欠工资一万六千元，多次讨要未果。（{label}）",
            "exempt_group": "migrant_worker",
        },
    )
    legal_aid.submit_application(application=draft, actor=applicant)
    return 1


# ------------------------------------------------------------------------------------------------
# snapshot
# ------------------------------------------------------------------------------------------------
def snapshot(out: Path, target: str) -> None:
    """Everything compared, read in one SQL statement (so in one snapshot), then the recovery
    target: the server's clock_timestamp() read inside that same statement, or a restore point
    created right after it. Nothing else writes to the drill's cluster meanwhile, so the values are
    exactly the database's state at the target."""
    _setup_django()
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from gongfa.workorders.models import WorkOrder

    quote = connection.ops.quote_name
    orders_table = quote(WorkOrder._meta.db_table)
    parts: list[str] = []
    params: list[int] = []
    # Table names come from the models, quoted; the only value is passed as a parameter.
    for _, label, subject in COUNTED:
        table = quote(apps.get_model(label)._meta.db_table)
        if subject:
            parts.append(f"(SELECT count(*) FROM {table} WHERE subject_type_id = %s)")  # noqa: S608
            params.append(ContentType.objects.get_for_model(apps.get_model(subject)).pk)
        else:
            parts.append(f"(SELECT count(*) FROM {table})")  # noqa: S608
    parts.append(f"(SELECT tracking_number FROM {orders_table} ORDER BY created_at DESC, id DESC LIMIT 1)")  # noqa: S608
    parts.append(f"(SELECT md5(string_agg(tracking_number, ',' ORDER BY tracking_number)) FROM {orders_table})")  # noqa: S608
    parts.append("clock_timestamp()::text")
    parts.append("pg_is_in_recovery()")
    sql = "SELECT " + ",\n       ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None
    *counts, last_tracking, fingerprint, clock, in_recovery = row
    if in_recovery:
        raise SystemExit("drill snapshot: the server is still in recovery")
    values: dict[str, Any] = {key: int(count) for (key, _, _), count in zip(COUNTED, counts, strict=True)}
    values[LAST_TRACKING] = last_tracking or ""
    values[FINGERPRINT] = fingerprint or ""
    # The newest order read back through the ORM: its encrypted phone must decrypt with the keys.
    last = WorkOrder.objects.order_by("-created_at", "-pk").first()
    phone = last.contact_phone if last is not None else ""
    values[LAST_PHONE] = hashlib.sha256(phone.encode()).hexdigest()[:16] if phone else ""
    result: dict[str, Any] = {"taken_at": clock, "values": values}
    if target == "time":
        result["target"] = clock
    elif target == "name":
        name = "gongfa-drill-" + datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_create_restore_point(%s)::text", [name])
            lsn = cursor.fetchone()
        result["target"] = name
        result["restore_point_lsn"] = lsn[0] if lsn else ""
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# compare
# ------------------------------------------------------------------------------------------------
def compare(target_file: Path, final_file: Path, restored_file: Path) -> int:
    target = json.loads(target_file.read_text(encoding="utf-8"))
    final = json.loads(final_file.read_text(encoding="utf-8"))
    restored = json.loads(restored_file.read_text(encoding="utf-8"))
    rows = []
    mismatches = 0
    for key, at_target in target["values"].items():
        got = restored["values"].get(key, "(missing)")
        ok = got == at_target
        mismatches += not ok
        rows.append((key, str(at_target), str(final["values"].get(key, "")), str(got), "OK" if ok else "MISMATCH"))
    headers = ("table / value", "live at target", "live at end", "restored", "OK")
    widths = [max(len(header), *(len(row[i]) for row in rows)) for i, header in enumerate(headers)]
    line = "  ".join("-" * width for width in widths)
    print(f"Recovery target: {target['target']}  (values read at {target['taken_at']})")
    print("  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(line)
    unmoved = [key for key in MUST_MOVE if target["values"].get(key) == final["values"].get(key)]
    if unmoved:
        print(f"NOT A POINT-IN-TIME PROOF: nothing was written after the target ({', '.join(unmoved)} unchanged)")
        return 1
    moved = sum(1 for key in target["values"] if target["values"][key] != final["values"].get(key))
    if mismatches:
        print(f"{mismatches} value(s) differ from the live database at the target")
        return 1
    print(
        f"All {len(rows)} values equal the live database at the target; {moved} of them had changed by the end "
        "of the live run, so the restore stopped at the target, not at the end of the archive."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    work = commands.add_parser("workload")
    work.add_argument("--orders", type=int, required=True)
    work.add_argument("--label", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--target", choices=("time", "name", "none"), default="none")
    comp = commands.add_parser("compare")
    comp.add_argument("files", type=Path, nargs=3, metavar="FILE")
    args = parser.parse_args(argv)
    if args.command == "workload":
        if args.orders < 1:
            parser.error("--orders must be at least 1")
        workload(args.orders, args.label)
        return 0
    if args.command == "snapshot":
        snapshot(args.out, args.target)
        return 0
    return compare(*args.files)


if __name__ == "__main__":
    sys.exit(main())
