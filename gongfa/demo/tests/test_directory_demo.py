"""The demo's directory (法律服务名录): coordinates and public details in the plan and the database."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from gongfa.accounts.choices import Role
from gongfa.demo.generator import build_plan, place_directory
from gongfa.network import directory
from gongfa.network.choices import AgencyKind, PointTier, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting

START = datetime.date(2026, 11, 24)


@pytest.fixture(scope="module")
def plan():
    return build_plan(start=START)


def _km(a, b) -> float:
    return directory.haversine_km(float(a.latitude), float(a.longitude), float(b.latitude), float(b.longitude))


def test_every_county_township_and_village_has_a_centre_near_its_parent(plan):
    regions = {r.code: r for r in plan.regions}
    placed = [r for r in plan.regions if r.level >= RegionLevel.COUNTY]
    assert placed and all(r.latitude is not None and r.longitude is not None for r in placed)
    for region in placed:
        assert 20 < region.latitude < 40 and 110 < region.longitude < 125  # somewhere in the east of China
        if region.level == RegionLevel.TOWNSHIP:
            assert 0.5 < _km(region, regions[region.parent_code]) < 26
        elif region.level == RegionLevel.VILLAGE:
            assert 0.2 < _km(region, regions[region.parent_code]) < 5
    # Not all in one spot: the villages of a county spread over tens of kilometres.
    villages = [r for r in placed if r.level == RegionLevel.VILLAGE]
    spread = max(_km(villages[0], v) for v in villages)
    assert spread > 15


def test_points_and_agencies_have_positions_hours_languages_and_accessibility(plan):
    regions = {r.code: r for r in plan.regions}
    for point in plan.points:
        assert point.latitude is not None and "普通话" in point.languages
        assert _km(point, regions[point.region_code]) < 0.5
        if point.tier != PointTier.ROOM:
            assert point.accessibility and point.description
    assert any("畲语" in p.languages for p in plan.points)
    assert not all("畲语" in p.languages for p in plan.points if p.tier == PointTier.ROOM)
    for agency in plan.agencies:
        assert agency.latitude is not None and agency.opening_hours and "普通话" in agency.languages
    notary = next(a for a in plan.agencies if a.kind == AgencyKind.NOTARY_OFFICE)
    assert notary.services == ("notarization",) and notary.website.startswith("https://")
    assert "上门" in notary.accessibility
    centre = next(p for p in plan.points if p.tier == PointTier.CENTRE)
    assert _km(notary, centre) < 0.05  # in the centre's building
    bureaus = [a for a in plan.agencies if a.kind == AgencyKind.JUSTICE_BUREAU]
    assert bureaus and not any(a.is_listed for a in bureaus)
    assert all(a.is_listed for a in plan.agencies if a.kind != AgencyKind.JUSTICE_BUREAU)


def test_the_demo_services_of_each_kind_are_the_directory_s():
    from gongfa.demo import data

    assert {kind: tuple(services) for kind, services in directory.KIND_SERVICES.items()} == data.AGENCY_SERVICES


def test_a_few_staff_agreed_to_be_listed(plan):
    listed = [p for p in plan.postings if p.listed_publicly]
    assert {Role.NOTARY, Role.APPRAISER, Role.ARBITRATION_STAFF} <= {p.role for p in listed}
    assert 0 < len(listed) < len(plan.postings) / 2
    assert not any(p.role in (Role.WINDOW_STAFF, Role.HOTLINE_AGENT, Role.LEGAL_AID_REVIEWER) for p in listed)
    lawyers = [p for p in plan.postings if p.role == Role.LAWYER and p.agency and "律师事务所" in p.agency]
    assert 0 < sum(p.listed_publicly for p in lawyers) < len(lawyers)


def test_the_coordinates_follow_the_seed_and_leave_the_rest_of_the_plan_alone(plan):
    again = build_plan(start=START)
    assert [(r.latitude, r.longitude) for r in again.regions] == [(r.latitude, r.longitude) for r in plan.regions]
    other = build_plan(7, start=START)
    assert [r.latitude for r in other.regions[3:10]] != [r.latitude for r in plan.regions[3:10]]
    # Placing again draws the same numbers from its own stream: nothing moves.
    before = plan.fingerprint()
    place_directory(plan)
    assert plan.fingerprint() == before


def test_several_counties_lie_apart():
    big = build_plan(start=START, villages=700, citizens=2, work_orders=0)
    seats = [r for r in big.regions if r.level == RegionLevel.COUNTY]
    assert len(seats) == 3
    assert min(_km(a, b) for a in seats for b in seats if a is not b) > 25


# -- in the database ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_seeded_directory_finds_the_notary_office_near_the_demo_village(seeded):
    village = Region.objects.filter(level=RegionLevel.VILLAGE, latitude__isnull=False).order_by("code").first()
    assert village is not None
    centre = directory.region_centre(village)
    assert centre is not None
    results = directory.search_places(
        directory.Search(origin=directory.Origin(*centre, village.name), kind=AgencyKind.NOTARY_OFFICE)
    )
    assert len(results.entries) == 1 and results.entries[0].distance_km is not None
    office = Agency.objects.get(pk=results.entries[0].pk)
    assert office.kind == AgencyKind.NOTARY_OFFICE and office.website and office.languages
    named = directory.listed_staff(office)
    assert named and all(p.role == Role.NOTARY.label for p in named)
    assert not Agency.objects.filter(kind=AgencyKind.JUSTICE_BUREAU, is_listed=True).exists()
    assert not ServicePoint.objects.filter(latitude__isnull=True).exists()


@pytest.mark.django_db
def test_seeding_again_fills_the_directory_of_an_older_demo_database(seeded):
    # A database seeded before the directory existed: no coordinates, nobody listed.
    Region.objects.update(latitude=None, longitude=None)
    ServicePoint.objects.update(latitude=None, longitude=None, languages=[], accessibility="", description="")
    Agency.objects.update(latitude=None, longitude=None, languages=[], description="", is_listed=True)
    StaffPosting.objects.update(listed_publicly=False)
    call_command("seed_demo", start_date=START, stdout=io.StringIO(), no_accounts=True)
    assert not Region.objects.filter(level__gte=RegionLevel.COUNTY, latitude__isnull=True).exists()
    assert not Agency.objects.filter(latitude__isnull=True).exists()
    assert ServicePoint.objects.exclude(languages=[]).count() == ServicePoint.objects.count()
    assert StaffPosting.objects.filter(listed_publicly=True, role=Role.NOTARY).exists()
    assert not Agency.objects.filter(kind=AgencyKind.JUSTICE_BUREAU, is_listed=True).exists()
    # A third run changes nothing.
    before = list(Agency.objects.order_by("pk").values_list("latitude", "longitude", "description"))
    call_command("seed_demo", start_date=START, stdout=io.StringIO(), no_accounts=True)
    assert list(Agency.objects.order_by("pk").values_list("latitude", "longitude", "description")) == before
