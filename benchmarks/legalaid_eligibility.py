#!/usr/bin/env python
"""The legal-aid eligibility engine (`legalaid.eligibility.assess`, 资格审查建议) over generated
applications: time per application, and the mix of outcomes.

    .venv/bin/python benchmarks/legalaid_eligibility.py                    # 10,000 applications, seed 20261124
    .venv/bin/python benchmarks/legalaid_eligibility.py --n 100000 --seed 7 --json benchmarks/results/eligibility.json

What it does: builds N applications with a seeded random.Random (every national matter of
data/matters.json, claimed exempt groups with and without proof, priority groups, incomes from 0
to 30,000 yuan a month, households of 1–8, co-resident opponents, every verification method,
agents, unstarted retrials, foreigners, 第24条 other reasons) and a few hardship standards of each
basis (minimum wage, 低保 multiple, fixed amount, low-income household, an unverified one, one
without the credit commitment, and none at all), all built before the clock starts. Then it calls
`assess()` on every application 3 times: a warm-up pass, a pass timing each call on its own
(mean, p50, p95, max in microseconds) and a pass timing the whole loop (total). The timed passes
must return the same proposals (the engine is pure); the script exits 1 if they differ. No
database and no Django set-up: the engine imports only plain modules. The last line is one JSON
object. Aim: mean well under 50 µs per application.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import _common

from gongfa.core.choices import SpecialGroup
from gongfa.legalaid.choices import ExemptGroup, HardshipBasis, IncomeUnit, VerificationMethod
from gongfa.legalaid.eligibility import ApplicationFacts, HardshipRule, Proposal, assess, national_matters

AIM_MEAN_US = 50.0


def hardship_rules() -> list[HardshipRule | None]:
    """A few regions' standards of each basis (amounts are illustrative, not real data)."""
    return [
        HardshipRule("江苏省某县", HardshipBasis.MIN_WAGE, Decimal("2490.00"), source="江苏省2021年调整（◐）"),
        HardshipRule("某市", HardshipBasis.MIN_WAGE, Decimal("2100.00"), switch_to_individual=False),
        HardshipRule(
            "温州市", HardshipBasis.DIBAO_MULTIPLE, Decimal("1650.00"), verified=False, source="种子数据（⚠）"
        ),
        HardshipRule("某区", HardshipBasis.DIBAO_MULTIPLE, Decimal("2040.00"), credit_commitment_allowed=False),
        HardshipRule("某自治州", HardshipBasis.FIXED_AMOUNT, Decimal("1800.00"), income_unit=IncomeUnit.INDIVIDUAL),
        HardshipRule("某省", HardshipBasis.FIXED_AMOUNT, Decimal("2600.00"), effective_from=datetime.date(2026, 1, 1)),
        HardshipRule("呼和浩特市", HardshipBasis.LOW_INCOME_HOUSEHOLD, None),
        None,  # a region that has not set its standard yet
    ]


def money(rng: random.Random, high: int) -> Decimal:
    return Decimal(rng.randrange(0, high * 100)) / 100


def generate(rng: random.Random, n: int) -> list[tuple[ApplicationFacts, HardshipRule | None]]:
    """N applications, each with the standard of the region it was filed in."""
    matters = national_matters()
    rules = hardship_rules()
    groups = list(ExemptGroup.values)
    priorities = list(SpecialGroup.values)
    methods = ["", *VerificationMethod.values]
    applications = []
    for _ in range(n):
        size = rng.randint(1, 8)
        household = money(rng, 30_000) if rng.random() < 0.9 else None
        applicant = None
        if household is not None and rng.random() < 0.6:
            applicant = (household * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
        facts = ApplicationFacts(
            matter=rng.choice(matters),
            has_agent=rng.random() < 0.05,
            retrial_started=rng.random() < 0.7,
            other_reasons=rng.choice(["", "", "", "家属在外地，无法委托辩护人"]),
            exempt_group=rng.choice(groups) if rng.random() < 0.25 else "",
            exempt_proof=rng.random() < 0.7,
            household_size=size if rng.random() < 0.95 else None,
            household_monthly_income=household,
            applicant_monthly_income=applicant,
            opponent_co_resident=rng.random() < 0.2,
            verification=rng.choice(methods),
            credit_commitment_barred=rng.random() < 0.05,
            low_income_certificate=rng.random() < 0.5,
            is_foreign=rng.random() < 0.01,
            special_groups=sum(rng.sample(priorities, rng.choice([0, 0, 0, 1, 2]))),
        )
        applications.append((facts, rng.choice(rules)))
    return applications


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="applications to generate")
    parser.add_argument("--seed", type=int, default=20261124, help="seed of random.Random")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = parser.parse_args(argv)

    info = _common.machine()
    _common.print_machine(info)
    started = time.perf_counter()
    applications = generate(random.Random(args.seed), args.n)
    print(f"==> generated {len(applications):,} applications (seed {args.seed}) in "
          f"{time.perf_counter() - started:.2f} s", flush=True)  # fmt: skip

    for facts, rule in applications:  # warm-up: the catalogue cache, the Decimal context, branch caches
        assess(facts, rule)

    clock = time.perf_counter_ns
    samples_us: list[float] = []
    first: list[Proposal] = []
    for facts, rule in applications:
        before = clock()
        proposal = assess(facts, rule)
        samples_us.append((clock() - before) / 1000)
        first.append(proposal)

    before = clock()
    second = [assess(facts, rule) for facts, rule in applications]
    total_ms = (clock() - before) / 1e6

    deterministic = first == second
    outcomes = Counter(proposal.outcome for proposal in first)
    decisive = Counter(proposal.reasons[0].code for proposal in first)
    mean_us = statistics.fmean(samples_us)
    results: dict[str, Any] = {
        "applications": len(applications),
        "seed": args.seed,
        "total_ms": round(total_ms, 1),
        "mean_us": round(mean_us, 2),
        "p50_us": round(statistics.median(samples_us), 2),
        "p95_us": round(_common.percentile(samples_us, 0.95), 2),
        "max_us": round(max(samples_us), 1),
        "outcomes": dict(sorted(outcomes.items())),
        "deterministic": deterministic,
        "aim_mean_us": AIM_MEAN_US,
        "aim_met": mean_us < AIM_MEAN_US,
    }
    print(f"  total (one loop, {len(applications):,} calls): {results['total_ms']} ms")
    print(
        f"  per application (timed one by one): mean {results['mean_us']} µs, p50 {results['p50_us']} µs, "
        f"p95 {results['p95_us']} µs, max {results['max_us']} µs "
        f"(aim: mean < {AIM_MEAN_US:.0f} µs: {'met' if results['aim_met'] else 'NOT met'})"
    )
    print(f"  outcomes: {json.dumps(results['outcomes'])}")
    print(f"  decisive reasons: {json.dumps(dict(decisive.most_common()))}")
    print(f"  same proposals on a second pass: {'yes' if deterministic else 'NO'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        full = {"machine": info, **results, "decisive_reasons": dict(decisive.most_common())}
        args.json.write_text(json.dumps(full, ensure_ascii=False, indent=2))
    print(json.dumps(results, ensure_ascii=False))
    return 0 if deterministic else 1


if __name__ == "__main__":
    sys.exit(main())
