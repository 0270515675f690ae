#!/usr/bin/env python
"""Scale benchmark: the people's-mediation lists (人民调解) with 100,000 cases in PostgreSQL: the
mediator's own list (我的调解案件) and the committee's queue (调委会案件), page by page.

    .venv/bin/python benchmarks/mediation_queue.py                                  # 100,000 cases, 30 runs
    .venv/bin/python benchmarks/mediation_queue.py --cases 5000 --runs 10 \
        --json benchmarks/results/mediation_queue_small.json                     # quicker
    .venv/bin/python benchmarks/mediation_queue.py --keep                           # then, after a change:
    .venv/bin/python benchmarks/mediation_queue.py --reuse                          # measure again, no build

What it does, on a throwaway PostgreSQL database (gongfa_bench_mediation: dropped and created here,
dropped at the end unless --keep; --reuse measures again on a kept one: migrate, ANALYZE, no build):
1. migrate; seed_demo (default size); the demo county's committees, mediators and a year of cases
   through the real services (gongfa.demo.mediation.seed_mediation): the reference for the shape
   of the generated rows;
2. generates CASES cases in SQL (INSERT … SELECT generate_series, chunks of 20,000) over the demo
   county's committees (the county's committee, where the demo mediator works, takes 20 %), with
   statuses and outcomes in realistic shares (most cases closed; open ones recent), clocks
   consistent with the status (accepted, started with its one-month due date, ended, agreement in
   force with its 30-day confirmation window, closed), two parties a case (encrypted ID numbers and
   phones from a pool encrypted in Python, with their blind indexes) and a presiding mediator for
   every case past assignment; then VACUUM ANALYZE (and ANALYZE of the other tables, as autovacuum
   would have done: without statistics PostgreSQL guesses 2 regions where a county has 163);
3. checks that each status's (which clock fields are set) pattern among the generated rows is one
   the services produced for that status (where the services made one);
4. counts the queries of every page case (page 1, a deep page, a page of exactly one row): they
   must be equal;
5. times each page RUNS times after 3 warm-ups: p50/p95 (target p95 < --max-p95-ms, 150 ms);
6. EXPLAIN (ANALYZE, BUFFERS) of the main query of the slowest case.

Two kinds of page: (a)–(g) the lists as the data layer serves them (gongfa.mediation.selectors'
mediating / visible_to + filters + select_related + its CasePaginator of 20 + the parties and the
presiding mediator prefetched), where a one-row page can be compared with page 1 and a deep page;
(w1)–(w5) the workbench's mediation page itself (gongfa/workbench/views/mediation/cases.py: both
lists on one page), requested in-process with django.test.Client, page 1 against a deep page.

Cases: (a) the demo mediator's open cases, (b) the same, all statuses, a deep page, (c) the county
committee's open queue, (d) the same, in mediation only, (e) the same committee's whole archive
(all statuses), a deep page, (f) a township committee's queue (its full-time mediator), (g) the
county supervisor's open cases across every committee.

Exits 1 when the query counts differ between pages, a page's rows are wrong, a generated pattern
is not the services', or a p95 exceeds --max-p95-ms.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common

DEFAULT_URL = _common.default_database_url("gongfa_bench_mediation")
CHUNK = 20_000
PAGE_SIZE = 20  # as the workbench's lists (gongfa/workbench/views/mediation/cases.py)
POOL = 500  # encrypted ID numbers and phones, reused across the generated parties
DEMO_SHARE = 0.20  # of the generated cases, at the county's committee (the demo mediator's)
COUNTY = "339901000000"

# status, outcome, accepted, started, agreement (written/oral/''), ended, closed, weight, min age,
# max age (days before today), with a presiding mediator.
STATUSES: tuple[tuple[str, str, bool, bool, str, bool, bool, float, int, int, bool], ...] = (
    ("applied", "", False, False, "", False, False, 1.5, 0, 3, False),
    ("consent_pending", "", False, False, "", False, False, 1.5, 0, 6, False),
    ("not_accepted", "not_accepted", False, False, "", True, False, 0.5, 2, 365, False),
    ("not_mediated", "refused", False, False, "", True, False, 0.5, 5, 365, False),
    ("accepted", "", True, False, "", False, False, 1.0, 2, 6, False),
    ("mediator_assigned", "", True, False, "", False, False, 1.5, 2, 8, True),
    ("in_mediation", "", True, True, "", False, False, 5.0, 4, 33, True),
    ("terminated_by_party", "terminated", True, True, "", True, False, 0.5, 14, 365, True),
    ("failed", "failed", True, True, "", True, False, 1.0, 14, 365, True),
    ("agreement_effective", "written_agreement", True, True, "written", True, False, 3.0, 13, 40, True),
    ("jc_filed", "written_agreement", True, True, "written", True, False, 0.5, 20, 42, True),
    ("jc_confirmed", "written_agreement", True, True, "written", True, False, 0.5, 30, 365, True),
    ("nonperformance", "written_agreement", True, True, "written", True, False, 0.5, 30, 120, True),
    ("performed", "written_agreement", True, True, "written", True, False, 2.0, 30, 365, True),
    ("referred_to_court", "written_agreement", True, True, "written", True, False, 0.5, 45, 365, True),
    ("closed", "written_agreement", True, True, "written", True, True, 45.0, 45, 365, True),
    ("closed", "oral_agreement", True, True, "oral", True, True, 20.0, 45, 365, True),
    ("closed", "failed", True, True, "", True, True, 8.0, 45, 365, True),
    ("closed", "terminated", True, True, "", True, True, 2.0, 45, 365, True),
    ("closed", "refused", False, False, "", True, True, 2.5, 45, 365, False),
    ("closed", "not_accepted", False, False, "", True, True, 2.5, 45, 365, False),
)
SHAPE_FIELDS = (
    "accepted_at",
    "mediation_started_at",
    "due_on",
    "ended_at",
    "agreement_effective_on",
    "confirmation_window_ends_on",
    "closed_at",
)

INSERT_CASES = """
INSERT INTO mediation_mediationcase (
    number, status, outcome, committee_id, region_id, work_order_id, category_id, source, application_form,
    intake_channel, sender_name, sender_reference, feedback_due_on, feedback_sent_at, summary, facts, claims,
    amount_in_dispute, non_acceptance_reason, redirect_to, registered_at, accepted_at, mediation_started_at,
    due_on, extended_until, extension_reason, labour_arbitration_from, ended_at, agreement_effective_on,
    confirmation_window_ends_on, agreement_amount, escalation_risk, prevented_criminal, prevented_criminal_people,
    prevented_group_petition, prevented_group_petition_people, closed_at, created_by_id
)
SELECT
    'BENCH调〔' || extract(year FROM t.registered_at AT TIME ZONE %(tz)s)::int || '〕' || g.i || '号',
    s.status, s.outcome, c.committee_id,
    c.regions[1 + floor(g.r3 * array_length(c.regions, 1))::int],
    NULL, (%(categories)s::bigint[])[1 + floor(g.r4 * %(n_categories)s)::int],
    'party_application', CASE WHEN g.r4 < 0.4 THEN 'written' ELSE 'oral' END,
    CASE WHEN g.r3 < 0.5 THEN 'window' WHEN g.r3 < 0.8 THEN 'village_room' ELSE 'hotline' END,
    '', '', NULL, NULL,
    (%(summaries)s::text[])[1 + floor(g.r5 * %(n_summaries)s)::int], '纠纷事实（基准测试生成）', '',
    round((g.r5 * 20000)::numeric, 2), CASE WHEN s.outcome = 'not_accepted' THEN 'already_handled' ELSE '' END,
    CASE WHEN s.outcome = 'not_accepted' THEN '人民法院' ELSE '' END,
    t.registered_at,
    CASE WHEN s.accepted THEN t.registered_at + interval '1 day' END,
    CASE WHEN s.started THEN t.registered_at + interval '3 days' END,
    CASE WHEN s.started THEN ((t.registered_at + interval '3 days') AT TIME ZONE %(tz)s)::date + 30 END,
    NULL, '', NULL,
    CASE WHEN s.ended THEN t.registered_at + interval '12 days' END,
    CASE WHEN s.agreement <> '' THEN ((t.registered_at + interval '12 days') AT TIME ZONE %(tz)s)::date END,
    CASE WHEN s.agreement = 'written' THEN ((t.registered_at + interval '12 days') AT TIME ZONE %(tz)s)::date + 30 END,
    CASE WHEN s.agreement <> '' THEN round((g.r5 * 15000)::numeric, 2) END,
    false, false, 0, false, 0,
    CASE WHEN s.closed THEN t.registered_at + interval '40 days' END,
    NULL
FROM (
    SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
    FROM generate_series(%(low)s, %(high)s) AS i
) AS g
JOIN bench_status s ON g.r1 >= s.lo AND g.r1 < s.hi
JOIN bench_committee c ON g.r2 >= c.lo AND g.r2 < c.hi
CROSS JOIN LATERAL (
    SELECT %(now)s::timestamptz
        - make_interval(secs => (s.min_age + g.r6 * (s.max_age - s.min_age)) * 86400 + 3600) AS registered_at
) AS t
"""

INSERT_MEDIATORS = """
INSERT INTO mediation_casemediator (case_id, mediator_id, role, chosen_by_parties, assigned_by_id, assigned_at,
                                    recused_at, recusal_basis, recusal_reason)
SELECT m.id, c.mediators[1 + (m.id %% array_length(c.mediators, 1))::int], 'presiding', false, NULL,
       m.registered_at + interval '1 day', NULL, '', ''
FROM mediation_mediationcase m
JOIN bench_committee c ON c.committee_id = m.committee_id
JOIN bench_status s ON s.status = m.status AND s.outcome = m.outcome
WHERE m.number LIKE 'BENCH%%' AND s.with_mediator AND m.id BETWEEN %(low)s AND %(high)s
"""

INSERT_PARTIES = """
INSERT INTO mediation_caseparty (case_id, side, kind, user_id, name, id_number, id_number_hash, phone, address,
                                 representative_name, representative_user_id)
SELECT m.id, sides.side, 'person', NULL, p.name, p.id_number, p.id_number_hash, p.phone, p.address, '', NULL
FROM mediation_mediationcase m
CROSS JOIN (VALUES (0, 'applicant'), (1, 'respondent')) AS sides(n, side)
JOIN bench_party p ON p.id = 1 + ((m.id * 2 + sides.n) %% %(pool)s)
WHERE m.number LIKE 'BENCH%%' AND m.id BETWEEN %(low)s AND %(high)s
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases generated in SQL")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per page (after 3 warm-ups)")
    parser.add_argument("--deep-page", type=int, default=20)
    parser.add_argument("--max-p95-ms", type=float, default=150.0, help="fail when a page's p95 exceeds this")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL database this script may drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on a database kept by --keep: migrate (a new index), ANALYZE, no build; keeps it",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------ data


def seed_services() -> dict[str, Any]:
    from django.utils import timezone

    from gongfa.demo.mediation import seed_mediation

    result = seed_mediation(args_seed(), COUNTY, timezone.localdate())
    return {"committees": result.committees, "mediators": result.mediators, "cases": result.cases}


_SEED = [20261124]


def args_seed() -> int:
    return _SEED[0]


def build_tables(seed: int) -> dict[str, Any]:
    """The helper tables the INSERTs draw from: statuses by weight, committees by weight (with their
    villages and mediators), and a pool of encrypted parties."""
    from django.db import connection

    from gongfa.core.crypto import blind_index, encrypt_text
    from gongfa.demo.data import SURNAMES
    from gongfa.demo.generator import make_id_number
    from gongfa.mediation.models import Committee, Mediator
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import Region

    rng = random.Random(seed)
    total = sum(row[7] for row in STATUSES)
    statuses, low = [], 0.0
    for status, outcome, accepted, started, agreement, ended, closed, weight, min_age, max_age, with_m in STATUSES:
        high = low + weight / total
        statuses.append(
            (status, outcome, accepted, started, agreement, ended, closed, low, high, min_age, max_age, with_m)
        )
        low = high
    statuses[-1] = (*statuses[-1][:8], 1.0001, *statuses[-1][9:])
    villages = list(
        Region.objects.filter(code__startswith=COUNTY[:6], level=RegionLevel.VILLAGE).values_list("pk", "parent_id")
    )
    committees = list(
        Committee.objects.filter(agency__region__code__startswith=COUNTY[:6]).select_related("agency__region")
    )
    demo = Mediator.objects.select_related("committee").get(user__username="mediator")
    rows = []
    others = [c for c in committees if c.pk != demo.committee_id]
    low = 0.0
    for committee in [demo.committee, *others]:
        share = DEMO_SHARE if committee.pk == demo.committee_id else (1 - DEMO_SHARE) / len(others)
        region = committee.agency.region
        if region.level == RegionLevel.VILLAGE:
            regions = [region.pk]
        elif region.level == RegionLevel.TOWNSHIP:
            regions = [pk for pk, parent in villages if parent == region.pk] or [region.pk]
        else:
            regions = [pk for pk, _ in villages]
        mediators = list(Mediator.objects.filter(committee=committee).order_by("pk").values_list("pk", flat=True))
        if committee.pk == demo.committee_id:
            mediators = [demo.pk] * max(1, len(mediators) - 1) + [m for m in mediators if m != demo.pk]
        rows.append((committee.pk, regions, mediators, low, low + share))
        low += share
    rows[-1] = (*rows[-1][:4], 1.0001)
    surnames = [name for name, _weight in SURNAMES]
    parties = []
    for index in range(POOL):
        birth = datetime.date(rng.randint(1950, 2002), rng.randint(1, 12), rng.randint(1, 28))
        id_number = make_id_number(COUNTY, birth, index % 1000)
        phone = _common.mobile_phone(rng)
        parties.append(
            (
                index + 1,
                f"{rng.choice(surnames)}某{index % 10}",
                encrypt_text(id_number),
                blind_index(id_number, "id_number"),
                encrypt_text(phone),
                encrypt_text(""),
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_status (status text, outcome text, accepted bool, started bool, "
            "agreement text, ended bool, closed bool, lo float8, hi float8, min_age int, max_age int, "
            "with_mediator bool)"
        )
        cursor.executemany("INSERT INTO bench_status VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", statuses)
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_committee (committee_id bigint, regions bigint[], mediators bigint[], "
            "lo float8, hi float8)"
        )
        cursor.executemany("INSERT INTO bench_committee VALUES (%s, %s, %s, %s, %s)", rows)
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_party (id int PRIMARY KEY, name text, id_number text, id_number_hash text, "
            "phone text, address text)"
        )
        cursor.executemany("INSERT INTO bench_party VALUES (%s, %s, %s, %s, %s, %s)", parties)
        cursor.execute("ANALYZE bench_status; ANALYZE bench_committee; ANALYZE bench_party")
    return {"committees": len(rows), "demo_committee": demo.committee.agency.name, "party_pool": POOL}


def insert_cases(count: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongfa.mediation.models import DisputeCategory

    categories = list(DisputeCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    summaries = [
        "邻里纠纷（基准）",
        "婚姻家庭纠纷（基准）",
        "合同纠纷（基准）",
        "损害赔偿纠纷（基准）",
        "宅基地纠纷（基准）",
    ]
    params: dict[str, Any] = {
        "tz": str(timezone.get_current_timezone()),
        "now": timezone.now(),
        "categories": categories,
        "n_categories": len(categories),
        "summaries": summaries,
        "n_summaries": len(summaries),
        "pool": POOL,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
    started = time.perf_counter()
    for low in range(0, count, CHUNK):
        high = min(count, low + CHUNK) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM mediation_mediationcase")
            first_id = cursor.fetchone()[0] + 1
            cursor.execute(INSERT_CASES, {**params, "low": low, "high": high})
            cursor.execute("SELECT max(id) FROM mediation_mediationcase")
            last_id = cursor.fetchone()[0]
            ids = {"low": first_id, "high": last_id, "pool": POOL}
            cursor.execute(INSERT_MEDIATORS, ids)
            cursor.execute(INSERT_PARTIES, ids)
        done = high + 1
        print(f"    {done:>9,} cases ({done / (time.perf_counter() - started):,.0f}/s)", flush=True)


def patterns(queryset: Any) -> dict[str, set[tuple[bool, ...]]]:
    found: dict[str, set[tuple[bool, ...]]] = {}
    for row in queryset.values_list("status", *SHAPE_FIELDS).distinct():
        found.setdefault(row[0], set()).add(tuple(value is not None for value in row[1:]))
    return found


def check_shapes() -> list[str]:
    """Every generated (status, set clock fields) pattern is one the services made for that status
    (statuses the services did not reach are reported, not failed)."""
    from gongfa.mediation.models import MediationCase

    services = patterns(MediationCase.objects.exclude(number__startswith="BENCH"))
    generated = patterns(MediationCase.objects.filter(number__startswith="BENCH"))
    problems = []
    for status, shapes in sorted(generated.items()):
        if status not in services:
            print(f"    {status}: no service-built case to compare with")
            continue
        for shape in sorted(shapes - services[status]):
            fields = [name for name, on in zip(SHAPE_FIELDS, shape, strict=True) if on]
            problems.append(f"{status}: generated with {fields or 'no clock'}, a pattern the services never made")
    return problems


def describe() -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from gongfa.mediation.models import MediationCase

    by_status = dict(MediationCase.objects.values_list("status").annotate(n=Count("id")).order_by())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('mediation_mediationcase'))")
        size = cursor.fetchone()[0]
    return {"total": sum(by_status.values()), "by_status": by_status, "table_size": size}


# ------------------------------------------------------------------------------------ the pages


def listed(queryset: Any) -> Any:
    """What a list row shows: category, committee, region; the parties' names; the presiding
    mediator (two prefetch queries whatever the page's length)."""
    from django.db.models import Prefetch

    from gongfa.mediation.models import CaseMediator, CaseParty

    return queryset.select_related("category", "committee__agency", "region").prefetch_related(
        Prefetch("parties", queryset=CaseParty.objects.only("id", "case_id", "side", "name").order_by("side", "pk")),
        Prefetch(
            "mediators",
            queryset=CaseMediator.objects.filter(recused_at__isnull=True).select_related("mediator__user"),
            to_attr="current_mediators",
        ),
    )


def my_cases(user: Any, status: str | None = None) -> Any:
    from gongfa.mediation.choices import OPEN_STATUSES
    from gongfa.mediation.selectors import mediating

    queryset = mediating(user)
    if status == "all":
        return queryset.order_by("-registered_at", "-pk")
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
    return queryset.order_by("due_on", "-registered_at", "-pk")


def committee_cases(user: Any, status: str | None = None) -> Any:
    from gongfa.mediation.choices import OPEN_STATUSES
    from gongfa.mediation.selectors import Action, visible_to

    queryset = visible_to(user, Action.MANAGE)
    if status == "all":
        pass
    elif status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    return queryset.order_by("-registered_at", "-pk")


def render_page(queryset: Any, page: int) -> list[dict[str, Any]]:
    from gongfa.mediation.selectors import CasePaginator

    current = CasePaginator(listed(queryset), PAGE_SIZE).get_page(page)
    return [
        {
            "number": case.number,
            "status": case.get_status_display(),
            "category": case.category.name,
            "committee": case.committee.agency.name,
            "region": case.region.name,
            "parties": "、".join(p.name for p in case.parties.all()),
            "mediator": "、".join(m.mediator.user.display_name for m in case.current_mediators),
            "pages": current.paginator.num_pages,
        }
        for case in current.object_list
    ]


def page_cases() -> list[tuple[str, str, Callable[[Any], Any]]]:
    from gongfa.accounts.models import User
    from gongfa.mediation.choices import CommitteeType, Employment
    from gongfa.mediation.models import Mediator

    township = (
        Mediator.objects.filter(committee__committee_type=CommitteeType.TOWNSHIP, employment=Employment.FULL_TIME)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert township is not None
    supervisor = User.objects.get(username="supervisor")
    return [
        ("(a) mediator: my open cases", "mediator", lambda u: my_cases(u)),
        ("(b) mediator: all my cases", "mediator", lambda u: my_cases(u, "all")),
        ("(c) county committee: open queue", "mediator", lambda u: committee_cases(u)),
        ("(d) county committee: in mediation", "mediator", lambda u: committee_cases(u, "in_mediation")),
        ("(e) county committee: archive", "mediator", lambda u: committee_cases(u, "all")),
        ("(f) township committee: open queue", township.user.username, lambda u: committee_cases(u)),
        ("(g) county supervisor: open cases", supervisor.username, lambda u: committee_cases(u)),
    ]


def count_queries(action: Callable[[], Any]) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured.captured_queries), result


def measure_case(label: str, username: str, build: Callable[[Any], Any], runs: int, deep: int) -> dict[str, Any]:
    from gongfa.accounts.models import User
    from gongfa.network.scope import scope_for

    user = User.objects.get(username=username)
    scope_for(user)  # the scope is cached per user, as in a request
    total = build(user).count()
    pages = max(1, -(-total // PAGE_SIZE))
    deep_page = max(1, min(deep, pages))
    first_number = build(user).values_list("number", flat=True).first()

    def one(u: Any) -> Any:
        # The same list narrowed to its first case: a page of exactly one row. (Until 2026-12-03 the
        # committee's list of that number, which ran the same queries only while every list did.)
        return build(u).filter(number=first_number) if first_number else build(u)

    queries_1, rows_1 = count_queries(lambda: render_page(build(user), 1))
    queries_deep, rows_deep = count_queries(lambda: render_page(build(user), deep_page))
    queries_one, rows_one = count_queries(lambda: render_page(one(user), 1))
    samples: dict[str, list[float]] = {"page1": [], "deep": []}
    for which, page in (("page1", 1), ("deep", deep_page)):
        for run in range(runs + 3):
            started = time.perf_counter()
            render_page(build(user), page)
            if run >= 3:
                samples[which].append((time.perf_counter() - started) * 1000)
    result = {
        "case": label,
        "user": username,
        "rows_in_list": total,
        "pages": pages,
        "deep_page": deep_page,
        "queries_page1": queries_1,
        "queries_deep": queries_deep,
        "queries_one_row": queries_one,
        "rows_page1": len(rows_1),
        "rows_deep": len(rows_deep),
        "rows_one_row": len(rows_one),
        "page1": _common.summary_ms(samples["page1"]),
        "deep": _common.summary_ms(samples["deep"]),
    }
    print(
        f"    {label}: {total:,} rows ({pages:,} pages); queries page 1 {queries_1}, page {deep_page} "
        f"{queries_deep}, 1 row {queries_one}; page 1 p50 {result['page1']['p50_ms']} ms p95 "
        f"{result['page1']['p95_ms']} ms; page {deep_page} p50 {result['deep']['p50_ms']} ms p95 "
        f"{result['deep']['p95_ms']} ms",
        flush=True,
    )
    return result


def measure(runs: int, deep: int) -> list[dict[str, Any]]:
    return [measure_case(label, username, build, runs, deep) for label, username, build in page_cases()]


def workbench_page(runs: int, deep: int) -> list[dict[str, Any]]:
    """The workbench's mediation page (我的调解案件 and 调委会案件 on one page, 20 rows each), requested
    in-process (django.test.Client): its queries on page 1 and on a deep page (page and cpage),
    and its time."""
    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from gongfa.accounts.models import User

    try:
        path = reverse("workbench:mediation")
    except NoReverseMatch:
        print("    the workbench's mediation page is not installed: skipped")
        return []
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    township = page_cases()[5][1]
    results = []
    for label, username, query in (
        ("(w1) mediator, page 1", "mediator", ""),
        (f"(w2) mediator, page {deep}", "mediator", f"?page={deep}&cpage={deep}"),
        ("(w3) mediator, in mediation", "mediator", "?status=in_mediation"),
        ("(w4) township mediator, page 1", township, ""),
        (f"(w5) county supervisor, page {deep}", "supervisor", f"?cpage={deep}"),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(path + query)
        if response.status_code != 200:
            raise RuntimeError(f"{path}{query} as {username}: HTTP {response.status_code}")
        queries, _ = count_queries(lambda c=client, q=query: c.get(path + q))  # type: ignore[misc]
        samples = []
        for run in range(runs + 3):
            started = time.perf_counter()
            client.get(path + query)
            if run >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        result = {"case": label, "user": username, "path": path + query, "queries": queries}
        result.update(_common.summary_ms(samples))
        print(f"    {label}: {queries} queries, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms", flush=True)
        results.append(result)
    return results


def explain(slowest: str) -> str:
    from django.contrib.auth import get_user_model
    from django.db import connection

    _label, username, build = next(case for case in page_cases() if case[0] == slowest)
    user = get_user_model().objects.get(username=username)
    from gongfa.mediation.selectors import CasePaginator

    rows: Any = CasePaginator(listed(build(user)), PAGE_SIZE).page(1).object_list
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def run(args: argparse.Namespace) -> dict[str, Any]:
    _SEED[0] = args.seed
    if args.reuse:
        url, cleanup = args.database_url, lambda: None
        args.keep = True
    else:
        url, cleanup = _common.postgres_database(args.database_url)
    _common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    results = _common.start_results(cases=args.cases, runs=args.runs, max_p95_ms=args.max_p95_ms, reused=args.reuse)

    def vacuum() -> None:
        with connection.cursor() as cursor:
            for table in ("mediation_mediationcase", "mediation_casemediator", "mediation_caseparty"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            # The other tables too (regions, committees, mediators: seed_demo's), as autovacuum would
            # have done in a running system: without statistics PostgreSQL guesses 2 regions in a
            # county's code range (there are 163) and loops over them.
            cursor.execute("ANALYZE")

    try:
        if args.reuse:
            results["database_version"] = _common.database_version(connection)
            results["migrate_s"] = _common.timed("migrate", lambda: call_command("migrate", verbosity=0))
            print(f"    reusing {url} (built by an earlier --keep run)")
        else:
            _common.migrate_and_seed(results, needs="arrays and generate_series")
            services: dict[str, Any] = {}
            results["services_s"] = _common.timed(
                "committees, mediators and a year of cases through the services (seed_mediation)",
                lambda: services.update(seed_services()),
            )
            results["services"] = services
            results["tables"] = build_tables(args.seed)
            results["insert_s"] = _common.timed(
                f"insert {args.cases:,} cases (INSERT … SELECT generate_series, chunks of {CHUNK:,})",
                lambda: insert_cases(args.cases, args.seed),
            )
        results["vacuum_analyze_s"] = _common.timed("VACUUM ANALYZE", vacuum)
        results["data"] = describe()
        if args.reuse and results["data"]["total"] < args.cases:
            raise SystemExit(f"--reuse: the database has {results['data']['total']:,} cases, fewer than --cases")
        print(
            f"    {results['data']['total']:,} cases ({results['data']['table_size']}): {results['data']['by_status']}"
        )
        print("==> shapes: generated clock patterns against the services'")
        results["shape_problems"] = check_shapes()
        for problem in results["shape_problems"]:
            print(f"    {problem}")
        results["load_average_before_timing"] = [round(load, 2) for load in os.getloadavg()]
        print(
            f"==> pages: queries (page 1 / deep / one row) and {args.runs} timed runs after 3 warm-ups "
            f"(load average {results['load_average_before_timing']})"
        )
        results["pages"] = measure(args.runs, args.deep_page)
        slowest = max(results["pages"], key=lambda r: r["page1"]["p95_ms"])
        results["explain"] = {slowest["case"]: explain(slowest["case"])}
        print(f"==> the workbench page, in-process, {args.runs} timed runs after 3 warm-ups")
        results["workbench"] = workbench_page(args.runs, args.deep_page)
        results["load_average_after_timing"] = [round(load, 2) for load in os.getloadavg()]
        print(f"    load average after timing: {results['load_average_after_timing']}")
    finally:
        connections.close_all()
        if args.keep:
            print(f"kept the database: {url}")
        else:
            cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    pages = results["pages"]
    constant = all(
        r["queries_page1"] == r["queries_deep"] == r["queries_one_row"]
        and r["rows_one_row"] == 1
        and r["rows_page1"] == min(PAGE_SIZE, r["rows_in_list"])
        for r in pages
    )
    workbench = results["workbench"]
    # The same user's page 1 and deep page run the same queries.
    constant = constant and (len(workbench) < 2 or workbench[0]["queries"] == workbench[1]["queries"])
    slow = [r for r in pages if max(r["page1"]["p95_ms"], r["deep"]["p95_ms"]) >= args.max_p95_ms]
    slow += [r for r in workbench if r["p95_ms"] >= args.max_p95_ms]
    print("==> summary")
    print(f"    queries per page constant (1 row = page 1 = deep page): {'yes' if constant else 'NO'}")
    for r in pages:
        print(
            f"      {r['case']}: {r['queries_one_row']} / {r['queries_page1']} / {r['queries_deep']}; "
            f"p95 {r['page1']['p95_ms']} / {r['deep']['p95_ms']} ms"
        )
    for r in workbench:
        print(f"      {r['case']}: {r['queries']} queries; p95 {r['p95_ms']} ms")
    print(f"    p95 under {args.max_p95_ms:.0f} ms: {'all pages' if not slow else f'{len(slow)} case(s) over'}")
    print(f"    generated shapes as the services': {'yes' if not results['shape_problems'] else 'NO'}")
    results["passed"] = constant and not slow and not results["shape_problems"]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        print(f"    results written to {args.json}")
    return 0 if results["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
