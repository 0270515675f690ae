#!/usr/bin/env python
"""Booking race (issue #14): 50 clients race for 10 slots through the real API over HTTP.

    .venv/bin/python benchmarks/booking_concurrency.py --json benchmarks/results/booking.json
    # options: --clients 50 --slots 10 --workers 5 --rounds 3 --database-url URL --keep

What it does, on a throwaway PostgreSQL database (dropped and created here, dropped at the end):
1. migrate (the reference data: catalogue, notarial matters …); a county network, a notary office
   with one room (业务室) offering SLOTS starts every day of the week, handling 亲属关系公证; CLIENTS
   citizens, each with an API token of scope appointments:book;
2. `gunicorn config.wsgi -w WORKERS` on loopback with
   DEBUG=0 (no broker: the confirmation text runs inside the request, as without a worker);
3. `GET /api/v1/appointments/offices/<id>/slots` gives the first free day's SLOTS slots; CLIENTS
   threads, released together by a barrier, each `POST /api/v1/appointments/bookings` (its own
   token and a fresh Idempotency-Key) for slot i mod SLOTS — five clients per slot by default;
4. checks: exactly SLOTS answers 201, every other answer 409 with code slot_taken and the message
   "已被预约"; in the database SLOTS bookings, no slot held twice; reports booking latency p50/p95
   (all answers, and the 201s and 409s apart). ROUNDS rounds on the next free days (a fresh race each).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_booking")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients per round")
    parser.add_argument("--slots", type=int, default=10, help="slots raced for per round")
    parser.add_argument("--rounds", type=int, default=3, help="races, each on the next free day")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


def build_world(clients: int, slots: int) -> dict[str, Any]:
    """The office, its room with SLOTS starts a day (every weekday; the calendar decides), and the
    citizens' tokens."""
    import datetime

    from gongfa.accounts.choices import Role
    from gongfa.accounts.models import User
    from gongfa.api.tokens import issue_token
    from gongfa.appointments.choices import ResourceKind
    from gongfa.appointments.models import BookableResource, NotarialMatter, OfficeMatter, SlotTemplate
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.testing.factories import build_network

    net = build_network(prefix="330199", name="压测")
    office = Agency.objects.create(
        name="压测县公证处", kind=AgencyKind.NOTARY_OFFICE, region=net.county, point=net.centre
    )
    room = BookableResource.objects.create(office=office, kind=ResourceKind.ROOM, name="第一业务室")
    for weekday in range(7):
        for index in range(slots):
            start = datetime.datetime(2000, 1, 1, 8) + datetime.timedelta(minutes=30 * index)
            SlotTemplate.objects.create(
                resource=room,
                weekday=weekday,
                starts_at=start.time(),
                ends_at=(start + datetime.timedelta(minutes=30)).time(),
            )
    kinship = NotarialMatter.objects.get(code="kinship")
    OfficeMatter.objects.create(office=office, matter=kinship)
    tokens = []
    for i in range(clients):
        # No password: the clients use tokens (hashing 50 passwords costs a minute on 2 cores).
        user = User.objects.create(
            username=f"bench-citizen-{i:02d}", role=Role.CITIZEN, real_name=f"群众{i:02d}", phone=f"1390000{i:04d}"
        )
        _token, plain = issue_token(user=user, scopes=["appointments:book"])
        tokens.append(plain)
    return {"office": office.pk, "room": room.pk, "tokens": tokens}


def race(address: tuple[str, int], world: dict[str, Any], slots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every client at once (a barrier), one booking request each; the answers with their latency."""
    tokens: list[str] = world["tokens"]
    barrier = threading.Barrier(len(tokens))
    answers: list[dict[str, Any]] = [{} for _ in tokens]

    def client(i: int) -> None:
        slot = slots[i % len(slots)]
        body = json.dumps(
            {
                "office_id": world["office"],
                "resource_id": world["room"],
                "matter_code": "kinship",
                "date": slot["date"],
                "starts_at": slot["starts_at"][:5],
                "name": f"群众{i:02d}",
                "phone": f"1390000{i:04d}",
            },
            ensure_ascii=False,
        ).encode()
        headers = {
            "Authorization": f"Bearer {tokens[i]}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        http = _common.HttpClient(*address, timeout=120)
        barrier.wait()
        began = time.perf_counter()
        status, _headers, data = http.request("POST", "/api/v1/appointments/bookings", body=body, headers=headers)
        elapsed = (time.perf_counter() - began) * 1000
        http.close()
        answers[i] = {"status": status, "ms": elapsed, "body": json.loads(data or b"{}"), "slot": slot["key"]}

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return answers


def check_round(answers: list[dict[str, Any]], slots: list[dict[str, Any]], expected: int) -> dict[str, Any]:
    from django.db.models import Count

    from gongfa.appointments.choices import SLOT_HOLDING_STATUSES
    from gongfa.appointments.models import Booking

    statuses = Counter(a["status"] for a in answers)
    losers = [a for a in answers if a["status"] != 201]
    clear_409 = all(
        a["status"] == 409
        and a["body"]["error"]["code"] == "slot_taken"
        and "已被预约" in a["body"]["error"]["message"]
        for a in losers
    )
    won_slots = Counter(a["slot"] for a in answers if a["status"] == 201)
    dates = {s["date"] for s in slots}
    held = Booking.objects.filter(date__in=dates, status__in=SLOT_HOLDING_STATUSES)
    doubled = held.values("resource_id", "date", "starts_at").annotate(n=Count("pk")).filter(n__gt=1).count()
    checks = {
        "exactly_slots_succeeded": statuses[201] == expected,
        "others_409_slot_taken": clear_409 and statuses[409] == len(answers) - expected,
        "one_winner_per_slot": len(won_slots) == expected and set(won_slots.values()) == {1},
        "db_bookings_equal_slots": held.count() == expected,
        "no_slot_doubled_in_db": doubled == 0,
    }
    return {
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "checks": checks,
        "sample_409": losers[0]["body"]["error"] if losers else None,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = _common.start_results(
        clients=args.clients, slots=args.slots, rounds=args.rounds, gunicorn_workers=args.workers
    )
    url, drop = _common.postgres_database(args.database_url)
    try:
        _common.setup_django(url)
        import io

        from django.core.management import call_command
        from django.db import connection

        results["database_version"] = _common.database_version(connection)
        results["migrate_s"] = _common.timed(
            "migrate", lambda: call_command("migrate", verbosity=0, stdout=io.StringIO())
        )
        results["setup_s"] = _common.timed(
            "office, slots and tokens", lambda: results.update(world=build_world(args.clients, args.slots))
        )
        world = results.pop("world")
        connection.close()
        with tempfile.TemporaryDirectory() as folder:
            env = _common.server_environment(url, Path(folder) / "var")
            env.pop("CELERY_BROKER_URL", None)
            env["CELERY_BROKER_URL"] = ""
            # No collectstatic: the API answers JSON and renders no template, so the static manifest
            # is never read (collecting node_modules with compression takes minutes on 2 cores).
            with _common.gunicorn(env, workers=args.workers, log_path=Path(folder) / "gunicorn.log") as address:
                reader = _common.HttpClient(*address)
                status, _h, data = reader.request("GET", f"/api/v1/appointments/offices/{world['office']}/slots")
                if status != 200:
                    raise SystemExit(f"slots: HTTP {status} {data[:300]!r}")
                free = json.loads(data)
                days = sorted({s["date"] for s in free})
                all_ms: list[float] = []
                won_ms: list[float] = []
                lost_ms: list[float] = []
                rounds = []
                for number in range(args.rounds):
                    day = days[number]
                    slots = [s for s in free if s["date"] == day][: args.slots]
                    print(
                        f"==> round {number + 1}: {args.clients} clients race for {len(slots)} slots on {day}",
                        flush=True,
                    )
                    answers = race(address, world, slots)
                    outcome = check_round(answers, slots, len(slots))
                    outcome["summary_ms"] = _common.summary_ms([a["ms"] for a in answers])
                    rounds.append({"day": day, **outcome})
                    all_ms += [a["ms"] for a in answers]
                    won_ms += [a["ms"] for a in answers if a["status"] == 201]
                    lost_ms += [a["ms"] for a in answers if a["status"] == 409]
                    print(f"    {outcome['statuses']} {outcome['checks']} {outcome['summary_ms']}", flush=True)
                results["rounds"] = rounds
                results["latency_all"] = _common.summary_ms(all_ms)
                results["latency_201"] = _common.summary_ms(won_ms)
                results["latency_409"] = _common.summary_ms(lost_ms)
        results["passed"] = all(all(r["checks"].values()) for r in results["rounds"])
        print(json.dumps({k: results[k] for k in ("latency_all", "latency_201", "latency_409", "passed")}, indent=1))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return 0 if results["passed"] else 1
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop()


if __name__ == "__main__":
    sys.exit(main())
