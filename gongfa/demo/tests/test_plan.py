"""The plan is a pure function of the seed: shape, determinism and validity, no database."""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
from collections import Counter

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.validators import validate_id_number, validate_mobile
from gongfa.demo.generator import (
    ADVISOR_MAX_VILLAGES,
    DEMO_CITIZEN_PHONES,
    PlanError,
    build_plan,
    county_sizes,
    iter_citizens,
    split_evenly,
    township_codes,
    township_count,
    village_codes,
)
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import ancestor_codes, level_of_code

START = datetime.date(2026, 11, 24)


@pytest.fixture(scope="module")
def plan():
    return build_plan(start=START)


def assert_codes_valid(plan) -> None:
    codes = [r.code for r in plan.regions]
    assert len(codes) == len(set(codes))
    for region in plan.regions:
        assert level_of_code(region.code) == region.level, region
        if region.level > RegionLevel.PROVINCE:
            assert region.parent_code == ancestor_codes(region.code, region.level)[-1], region


def test_the_default_plan_is_one_county_of_twelve_townships_and_150_villages(plan):
    levels = Counter(r.level for r in plan.regions)
    assert levels == {
        RegionLevel.PROVINCE: 1,
        RegionLevel.CITY: 1,
        RegionLevel.COUNTY: 1,
        RegionLevel.TOWNSHIP: 12,
        RegionLevel.VILLAGE: 150,
    }
    assert_codes_valid(plan)
    county = next(r for r in plan.regions if r.level == RegionLevel.COUNTY)
    assert (county.code, county.name) == ("339901000000", "青山县")
    villages = [r for r in plan.regions if r.level == RegionLevel.VILLAGE]
    assert {"村", "社区"} == {"社区" if v.name.endswith("社区") else v.name[-1] for v in villages}
    assert len({v.name for v in villages}) == 150  # unique within the county
    tiers = Counter(p.tier for p in plan.points)
    assert tiers == {PointTier.CENTRE: 1, PointTier.STATION: 12, PointTier.ROOM: 150}


def test_townships_and_villages_use_the_statistical_code_ranges(plan):
    townships = [r for r in plan.regions if r.level == RegionLevel.TOWNSHIP]
    for township in townships:
        segment = int(township.code[6:9])
        expected = range(1, 100) if township.name.endswith("街道") else range(100, 200)
        if township.name.endswith("乡"):
            expected = range(200, 400)
        assert segment in expected, township
    for village in (r for r in plan.regions if r.level == RegionLevel.VILLAGE):
        segment = int(village.code[9:])
        assert segment in (range(1, 200) if village.name.endswith("社区") else range(200, 400)), village


def test_every_village_but_about_ten_percent_has_exactly_one_advisor_serving_at_most_five(plan):
    villages = {r.code for r in plan.regions if r.level == RegionLevel.VILLAGE}
    served = Counter(a.village_code for a in plan.advisors)
    assert set(served.values()) == {1}
    unstaffed = villages - set(served)
    assert unstaffed == set(plan.unstaffed_village_codes)
    assert len(unstaffed) == 15
    per_advisor = Counter(a.username for a in plan.advisors)
    assert max(per_advisor.values()) <= ADVISOR_MAX_VILLAGES
    assert per_advisor["advisor"] == ADVISOR_MAX_VILLAGES
    roles = {p.username: p.role for p in plan.staff}
    assert {roles[u] for u in per_advisor} == {Role.LAWYER, Role.VILLAGE_ADVISOR}


def test_every_staff_role_has_a_posting_and_the_demo_usernames_exist(plan):
    roles = {p.username: p.role for p in plan.staff}
    posted = {roles[p.username] for p in plan.postings}
    assert posted == set(Role.values) - {Role.CITIZEN}
    for username in ("admin", "supervisor", "hotline", "window", "advisor", "reviewer", "lawyer", "mediator"):
        assert username in roles
    assert roles["notary"] == Role.NOTARY
    assert roles["clerk"] == Role.NOTARY_CLERK
    assert roles["appraiser"] == Role.APPRAISER
    assert roles["arbitration"] == Role.ARBITRATION_STAFF
    usernames = [p.username for p in plan.staff]
    assert len(usernames) == len(set(usernames))


def test_duty_shifts_cover_fourteen_days_at_the_centre_and_every_station(plan):
    days = {s.date for s in plan.shifts}
    assert min(days) == START
    assert max(days) == START + datetime.timedelta(days=13)
    assert {s.point[1] for s in plan.shifts} == {PointTier.CENTRE, PointTier.STATION}
    assert len({s.point for s in plan.shifts if s.point[1] == PointTier.STATION}) == 12
    assert all(s.ends_at > s.starts_at for s in plan.shifts)


def test_people_have_valid_phones_and_id_numbers_and_realistic_names(plan):
    citizens = list(iter_citizens(plan.seed, 3000, plan))
    people = [*plan.staff, *plan.demo_citizens, *citizens]
    phones = [p.phone for p in people]
    assert len(phones) == len(set(phones))
    assert len({p.id_number for p in people}) == len(people)
    for person in people:
        validate_mobile(person.phone)
        validate_id_number(person.id_number)
        assert person.id_number[:6] == "339901"
        assert person.id_number[6:14] == f"{person.birth:%Y%m%d}"
        assert int(person.id_number[16]) % 2 == (1 if person.sex == "M" else 0)
        assert 2 <= len(person.real_name) <= 4
    years = [p.birth.year for p in citizens]
    assert min(years) >= 1940
    assert max(years) <= 2005
    elderly = sum(1 for y in years if START.year - y >= 60) / len(years)
    assert 0.1 < elderly < 0.4
    assert any(p.elder_mode for p in citizens)
    surnames = Counter(p.real_name[0] for p in citizens)
    assert {s for s, _ in surnames.most_common(5)} & {"王", "李", "张"} == {"王", "李", "张"}
    assert [p.phone for p in plan.demo_citizens] == list(DEMO_CITIZEN_PHONES)


def test_the_same_seed_gives_the_same_plan_and_another_seed_another(plan):
    again = build_plan(start=START)
    assert again.fingerprint() == plan.fingerprint()
    assert list(iter_citizens(plan.seed, 500, plan)) == list(iter_citizens(again.seed, 500, again))
    other = build_plan(7, start=START)
    assert [r.name for r in other.regions[3:]] != [r.name for r in plan.regions[3:]]
    assert [p.phone for p in other.staff] != [p.phone for p in plan.staff]
    assert [p.id_number for p in iter_citizens(7, 50, other)] != [
        p.id_number for p in iter_citizens(plan.seed, 50, plan)
    ]


def test_the_number_of_citizens_does_not_change_the_network():
    small = build_plan(citizens=10, start=START)
    large = build_plan(citizens=50_000, start=START)
    assert small.regions == large.regions
    assert small.staff == large.staff
    assert small.advisors == large.advisors
    first = list(iter_citizens(small.seed, 100, small))
    assert first == list(iter_citizens(large.seed, 1000, large))[:100]


def test_county_sizes_keep_300_villages_per_county_and_at_most_99_counties():
    assert county_sizes(150) == [150]
    assert county_sizes(600) == [300, 300]
    sizes = county_sizes(10_000)
    assert len(sizes) == 34
    assert sizes[0] == 300
    assert sum(sizes) == 10_000
    huge = county_sizes(100_000)
    assert len(huge) <= 99
    assert sum(huge) == 100_000
    assert all(township_count(n) <= 999 for n in huge)
    with pytest.raises(PlanError):
        county_sizes(0)
    with pytest.raises(PlanError):
        county_sizes(99 * 999 * 999 + 1)


def test_township_count_aims_at_25_villages_and_at_least_12_townships():
    assert township_count(150) == 12
    assert township_count(300) == 12
    assert township_count(301) == 13
    assert township_count(5) == 5
    assert township_count(30_000) == 999  # ~30 villages each once the 999-township limit binds
    assert township_count(999 * 999) == 999
    with pytest.raises(PlanError):
        township_count(999 * 999 + 1)


def test_split_evenly_is_exact_positive_and_capped():
    rng = random.Random(1)
    for total, parts, cap in [(150, 12, 999), (12, 12, 999), (300, 12, 999), (9990, 10, 999), (1000, 2, 999)]:
        sizes = split_evenly(rng, total, parts, cap=cap)
        assert sum(sizes) == total
        assert len(sizes) == parts
        assert all(1 <= s <= cap for s in sizes)
    with pytest.raises(PlanError):
        split_evenly(rng, 5, 6, cap=999)


def test_codes_fall_back_to_sequential_numbers_when_the_ranges_are_too_small():
    kinds = ["街道"] * 150 + ["镇"] * 10
    codes = township_codes("339901", kinds)
    assert len(set(codes)) == 160
    assert all(level_of_code(c) == RegionLevel.TOWNSHIP for c in codes)
    many = village_codes("339901001", 10, 500)
    assert len(set(many)) == 510
    assert many[-1] == "339901001510"


def test_a_scale_plan_has_valid_codes_and_a_county_with_exactly_300_villages():
    big = build_plan(villages=10_000, citizens=2, work_orders=0, start=START)
    assert_codes_valid(big)
    villages = [r for r in big.regions if r.level == RegionLevel.VILLAGE]
    assert len(villages) == 10_000
    per_township = Counter(v.parent_code for v in villages)
    assert max(per_township.values()) <= 999
    per_county = Counter(v.code[:6] for v in villages)
    assert per_county["339901"] == 300
    assert len(per_county) == 34
    assert max(Counter(a.username for a in big.advisors).values()) <= ADVISOR_MAX_VILLAGES
    assert len({a.village_code for a in big.advisors}) == len(big.advisors)
    assert len(big.advisors) == 10_000 - len(big.unstaffed_village_codes)
    usernames = [p.username for p in big.staff]
    assert len(usernames) == len(set(usernames))
    assert len({p.phone for p in big.staff}) == len(big.staff)


def test_too_few_citizens_is_refused():
    with pytest.raises(PlanError, match="不能少于 2"):
        build_plan(citizens=1)


def test_the_plan_does_not_depend_on_the_process_hash_seed():
    """Same seed, two fresh interpreters with different PYTHONHASHSEED: byte-identical plans."""
    script = (
        "import datetime, hashlib, itertools;"
        "from gongfa.demo.generator import build_plan, iter_citizens;"
        "p = build_plan(start=datetime.date(2026, 11, 24));"
        "c = list(iter_citizens(p.seed, 200, p));"
        "print(hashlib.sha256(repr((p.fingerprint(), c)).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [sys.executable, "-c", script]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
        digests.add(result.stdout.strip())
    assert len(digests) == 1
