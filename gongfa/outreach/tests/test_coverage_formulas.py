"""The coverage formulas as tables (issue #15): each rate computed through performance's real path —
rows made with the ORM, the facts rebuilt from the subjects (rollup.rebuild), the indicator computed
for a region and a period (compute.indicator_values) — against hand-computed figures, edge cases
included: no villages (no value, never a division by zero), an appointment ended mid-period, a
poverty village without an adviser, a township with two sites counted once, sites and schools out
of use left out.

The helpers here (make_log, make_site, make_school, value_of) serve the other statistics tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from gongfa.network.models import AdvisorAssignment, Region
from gongfa.outreach.choices import CultureSiteKind, SchoolLevel, VicePrincipalEmployer
from gongfa.outreach.models import AdvisorLog, CultureSite, School, VicePrincipal, WorkLogKind
from gongfa.outreach.reports import load_definitions
from gongfa.performance.compute import Value, indicator_values
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import rebuild
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)
NOV_END = datetime.date(2026, 11, 30)
D = datetime.date


def value_of(code: str, region: Region, start: datetime.date = NOV, end: datetime.date = NOV_END) -> Value:
    """The indicator through the real path: the outreach indicators loaded, every fact rebuilt from
    the subjects (stocks from the EPOCH), then computed for the region and period."""
    load_definitions()
    rebuild(EPOCH, end)
    return indicator_values([Indicator.objects.get(code=code)], region, start, end)[code]


def appoint(village: Region, started: datetime.date, ended: datetime.date | None = None) -> AdvisorAssignment:
    return AdvisorAssignment.objects.create(
        advisor=UserFactory(), village=village, started_on=started, ended_on=ended, is_active=ended is None
    )


def make_log(village: Region, day: datetime.date, kind: str = "visit", advisor: Any = None, **extra: Any) -> AdvisorLog:
    return AdvisorLog.objects.create(
        advisor=advisor or UserFactory(),
        village=village,
        kind=WorkLogKind.objects.get(code=kind),
        occurred_on=day,
        summary="到村值班，解答咨询",
        **extra,
    )


def make_site(region: Region, name: str, opened: datetime.date | None = None, active: bool = True) -> CultureSite:
    return CultureSite.objects.create(
        region=region, name=name, kind=CultureSiteKind.SQUARE, opened_on=opened, is_active=active
    )


def make_school(region: Region, name: str, active: bool = True) -> School:
    return School.objects.create(region=region, name=name, level=SchoolLevel.PRIMARY, is_active=active)


def appoint_vp(school: School, appointed: datetime.date, ended: datetime.date | None = None) -> VicePrincipal:
    return VicePrincipal.objects.create(
        school=school,
        name="李警官",
        employer=VicePrincipalEmployer.POLICE,
        organisation="派出所",
        appointed_on=appointed,
        ended_on=ended,
        is_active=ended is None,
    )


def poor(*villages: Region) -> None:
    Region.objects.filter(pk__in=[v.pk for v in villages]).update(is_poverty_village=True)


@pytest.fixture
def net() -> MiniNetwork:
    """Two townships of three villages each (v0–v2 in the first, v3–v5 in the second)."""
    return build_network()


@pytest.fixture
def empty_county() -> Region:
    """A county with no township and no village."""
    return build_network(prefix="330199", townships=0, name="空白").county


# --- adviser coverage: all villages (cov_village_advisor_rate) and poverty villages --------------


def _coverage_all_six(net: MiniNetwork) -> None:
    v = net.villages
    appoint(v[0], D(2026, 1, 1))
    appoint(v[1], D(2026, 3, 1))
    appoint(v[1], D(2026, 6, 1))  # two advisers in one village: it counts once
    appoint(v[2], D(2026, 2, 1), ended=D(2026, 11, 15))  # ended mid-November: not covered at the end
    appoint(v[3], D(2026, 12, 1))  # appointed after the period


def _poverty_one_without(net: MiniNetwork) -> None:
    v = net.villages
    poor(v[0], v[1], v[4])
    appoint(v[0], D(2026, 1, 1))  # covered
    appoint(v[1], D(2026, 1, 1), ended=D(2026, 11, 20))  # ended mid-period: not covered on 11-30
    appoint(v[2], D(2026, 1, 1))  # covered, but not a poverty village
    # v[4]: a poverty village with no adviser


def _poverty_all_covered(net: MiniNetwork) -> None:
    poor(net.villages[3], net.villages[4])
    appoint(net.villages[3], D(2025, 5, 1))
    appoint(net.villages[4], D(2026, 11, 30))  # appointed on the last day: covered at the end


def _no_poverty_village(net: MiniNetwork) -> None:
    appoint(net.villages[0], D(2026, 1, 1))


POVERTY_RATE = "out_poverty_village_advisor_rate"
COVERAGE: list[tuple[str, str, Callable[[MiniNetwork], None], str, tuple[int, int], str | None]] = [
    # (case, indicator, data, where, (numerator, denominator), value)
    ("all villages, overlaps once", "cov_village_advisor_rate", _coverage_all_six, "county", (2, 6), "33.3"),
    ("all villages, first township", "cov_village_advisor_rate", _coverage_all_six, "township0", (2, 3), "66.7"),
    ("all villages, second township", "cov_village_advisor_rate", _coverage_all_six, "township1", (0, 3), "0.0"),
    (
        "poverty, one without, one ended",
        "out_poverty_village_advisor_rate",
        _poverty_one_without,
        "county",
        (1, 3),
        "33.3",
    ),
    ("poverty, all covered", POVERTY_RATE, _poverty_all_covered, "county", (2, 2), "100.0"),
    ("no poverty village", POVERTY_RATE, _no_poverty_village, "county", (0, 0), None),
]


def _where(net: MiniNetwork, where: str) -> Region:
    if where == "county":
        return net.county
    return net.townships[int(where.removeprefix("township"))]


@pytest.mark.parametrize(("case", "code", "data", "where", "parts", "expected"), COVERAGE, ids=[c[0] for c in COVERAGE])
def test_adviser_coverage(
    net: MiniNetwork,
    case: str,
    code: str,
    data: Callable[[MiniNetwork], None],
    where: str,
    parts: tuple[int, int],
    expected: str | None,
) -> None:
    data(net)
    found = value_of(code, _where(net, where))
    assert (found.numerator, found.denominator) == parts
    assert found.value == (Decimal(expected) if expected is not None else None)


@pytest.mark.parametrize("code", ["cov_village_advisor_rate", "out_poverty_village_advisor_rate"])
def test_no_villages_no_value(empty_county: Region, code: str) -> None:
    found = value_of(code, empty_county)
    assert (found.numerator, found.denominator, found.value) == (0, 0, None)


def test_the_poverty_figure_follows_the_period_end(net: MiniNetwork) -> None:
    _poverty_one_without(net)
    # On 11-19 the second village still had its adviser: 2 of 3.
    found = value_of("out_poverty_village_advisor_rate", net.county, NOV, D(2026, 11, 19))
    assert (found.numerator, found.denominator, found.value) == (2, 3, Decimal("66.7"))


# --- adviser activity (per month) -----------------------------------------------------------------


def _activity(net: MiniNetwork) -> None:
    v = net.villages
    appoint(v[0], D(2026, 1, 1))
    appoint(v[1], D(2026, 1, 1))
    appoint(v[2], D(2026, 1, 1))
    appoint(v[5], D(2026, 1, 1), ended=D(2026, 11, 20))  # ended mid-month: out of both sides
    make_log(v[0], D(2026, 11, 3))
    make_log(v[0], D(2026, 11, 25), kind="lecture", audience=40)  # a second log: the month counts once
    make_log(v[1], D(2026, 11, 30))
    make_log(v[2], D(2026, 10, 31))  # October only
    make_log(v[3], D(2026, 11, 10))  # no adviser in post: not counted
    make_log(v[5], D(2026, 11, 5))  # its adviser left on 11-20


def _activity_new_adviser(net: MiniNetwork) -> None:
    appoint(net.villages[0], D(2026, 11, 15))  # appointed mid-month, logs after: the month counts
    make_log(net.villages[0], D(2026, 11, 16))


def _activity_none_covered(net: MiniNetwork) -> None:
    make_log(net.villages[0], D(2026, 11, 16))


ACTIVITY: list[tuple[str, Callable[[MiniNetwork], None], str, datetime.date, tuple[int, int], str | None]] = [
    ("november", _activity, "county", NOV, (2, 3), "66.7"),
    ("october", _activity, "county", D(2026, 10, 1), (1, 4), "25.0"),
    ("second township", _activity, "township1", NOV, (0, 0), None),
    ("appointed mid-month", _activity_new_adviser, "county", NOV, (1, 1), "100.0"),
    ("no covered village", _activity_none_covered, "county", NOV, (0, 0), None),
]


@pytest.mark.parametrize(
    ("case", "data", "where", "month", "parts", "expected"), ACTIVITY, ids=[c[0] for c in ACTIVITY]
)
def test_adviser_activity_rate(
    net: MiniNetwork,
    case: str,
    data: Callable[[MiniNetwork], None],
    where: str,
    month: datetime.date,
    parts: tuple[int, int],
    expected: str | None,
) -> None:
    data(net)
    month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    found = value_of("out_advisor_activity_rate", _where(net, where), month, month_end)
    assert (found.numerator, found.denominator) == parts
    assert found.value == (Decimal(expected) if expected is not None else None)


# --- culture sites: townships with a site in use --------------------------------------------------


def _sites(net: MiniNetwork) -> None:
    t0 = net.townships[0]
    make_site(t0, "镇法治广场", D(2020, 5, 1))
    make_site(net.villages[1], "村法治长廊")  # a second site in the first township: counted once
    make_site(net.villages[4], "旧法治书屋", D(2019, 1, 1), active=False)  # out of use: left out


def _sites_later(net: MiniNetwork) -> None:
    make_site(net.villages[0], "新法治公园", D(2026, 12, 8))  # opened after the period
    make_site(net.villages[3], "法治长廊", D(2026, 11, 30))


CULTURE: list[tuple[str, Callable[[MiniNetwork], None], str, tuple[int, int], str | None]] = [
    ("two sites count once, inactive out", _sites, "county", (1, 2), "50.0"),
    ("the township itself", _sites, "township0", (1, 1), "100.0"),
    ("only an inactive site", _sites, "township1", (0, 1), "0.0"),
    ("opened after the period", _sites_later, "county", (1, 2), "50.0"),
]


@pytest.mark.parametrize(("case", "data", "where", "parts", "expected"), CULTURE, ids=[c[0] for c in CULTURE])
def test_culture_site_township_coverage(
    net: MiniNetwork,
    case: str,
    data: Callable[[MiniNetwork], None],
    where: str,
    parts: tuple[int, int],
    expected: str | None,
) -> None:
    data(net)
    found = value_of("out_culture_township_rate", _where(net, where))
    assert (found.numerator, found.denominator) == parts
    assert found.value == (Decimal(expected) if expected is not None else None)


def test_culture_coverage_without_townships(empty_county: Region) -> None:
    make_site(empty_county, "县法治文化公园")
    found = value_of("out_culture_township_rate", empty_county)
    assert (found.numerator, found.denominator, found.value) == (0, 0, None)


# --- schools: vice-principal appointment rate -----------------------------------------------------


def _schools(net: MiniNetwork) -> None:
    appoint_vp(make_school(net.villages[0], "一小"), D(2025, 9, 1))
    appoint_vp(make_school(net.townships[0], "一中"), D(2024, 9, 1), ended=D(2026, 11, 10))  # ended mid-period
    make_school(net.villages[3], "二小")  # no vice-principal
    appoint_vp(make_school(net.villages[4], "停办小学", active=False), D(2024, 9, 1))  # not in operation: out
    s = make_school(net.townships[1], "二中")
    appoint_vp(s, D(2023, 9, 1), ended=D(2026, 8, 31))
    appoint_vp(s, D(2026, 9, 1))  # a successor the next day: covered


def _schools_later(net: MiniNetwork) -> None:
    appoint_vp(make_school(net.villages[0], "三小"), D(2026, 12, 1))  # after the period


VICE_PRINCIPALS: list[tuple[str, Callable[[MiniNetwork], None], str, tuple[int, int], str | None]] = [
    ("ended mid-period, inactive school out", _schools, "county", (2, 4), "50.0"),
    ("first township", _schools, "township0", (1, 2), "50.0"),
    ("successor", _schools, "township1", (1, 2), "50.0"),
    ("appointed after the period", _schools_later, "county", (0, 1), "0.0"),
]


@pytest.mark.parametrize(
    ("case", "data", "where", "parts", "expected"), VICE_PRINCIPALS, ids=[c[0] for c in VICE_PRINCIPALS]
)
def test_vice_principal_appointment_rate(
    net: MiniNetwork,
    case: str,
    data: Callable[[MiniNetwork], None],
    where: str,
    parts: tuple[int, int],
    expected: str | None,
) -> None:
    data(net)
    found = value_of("out_vp_appointment_rate", _where(net, where))
    assert (found.numerator, found.denominator) == parts
    assert found.value == (Decimal(expected) if expected is not None else None)


def test_no_schools_no_value(empty_county: Region) -> None:
    found = value_of("out_vp_appointment_rate", empty_county)
    assert (found.numerator, found.denominator, found.value) == (0, 0, None)
