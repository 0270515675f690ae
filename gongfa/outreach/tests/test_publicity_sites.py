"""Culture sites (法治文化阵地) and schools' vice-principals (法治副校长): coverage of townships,
the appointment rate, and their refusals (duplicate names, outside the region, dates)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.outreach.choices import CultureSiteKind, SchoolLevel, VicePrincipalEmployer
from gongfa.outreach.selectors.publicity import school_appointment, site_coverage
from gongfa.outreach.services import publicity_sites as sites
from gongfa.outreach.tests.test_publicity_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def site(world: World, region, name: str = "法治文化公园"):
    return sites.save_site(actor=world.clerk, region=region, name=name, kind=CultureSiteKind.PARK)


def test_coverage_counts_townships_with_an_active_site(world: World) -> None:
    first = site(world, world.village)  # a village of township 1
    assert str(site_coverage(world.net.county).rate) == "50.0"
    site(world, world.net.townships[1], "法治广场")
    with CaptureQueriesContext(connection) as queries:
        coverage = site_coverage(world.net.county)
    assert len(queries) == 3  # townships, sites, the region's target
    assert (str(coverage.rate), coverage.met, coverage.uncovered) == ("100.0", True, [])
    sites.set_site_active(actor=world.clerk, site=first, active=False)
    coverage = site_coverage(world.net.county)
    assert coverage.uncovered == [world.net.townships[0]] and not coverage.met


def test_a_site_is_refused_with_every_problem(world: World) -> None:
    site(world, world.village)
    with pytest.raises(ValidationFailed) as caught:
        sites.save_site(
            actor=world.clerk,
            region=world.village,
            name="法治文化公园",
            kind="",
            latitude=None,
            longitude=Decimal(200),
            opened_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert {p.code for p in caught.value.problems} == {"duplicate_site", "required", "out_of_range", "opened_in_future"}
    with pytest.raises(DomainError) as outside:
        site(world.__class__(**{**world.__dict__, "clerk": world.station_clerk}), world.far_village)
    assert outside.value.code == "outside_region"


def test_editing_a_site_keeps_its_name_unique(world: World) -> None:
    park = site(world, world.village)
    edited = sites.save_site(actor=world.clerk, site=park, region=world.village, name="法治文化公园", kind="square")
    assert edited.pk == park.pk and edited.kind == "square"


def test_the_appointment_rate_and_schools_without_one(world: World) -> None:
    a = sites.add_school(actor=world.clerk, region=world.village, name="一小", level=SchoolLevel.PRIMARY)
    b = sites.add_school(actor=world.clerk, region=world.far_village, name="二中", level=SchoolLevel.JUNIOR)
    closed = sites.add_school(actor=world.clerk, region=world.far_village, name="旧校", level=SchoolLevel.OTHER)
    sites.set_school_active(actor=world.clerk, school=closed, active=False)
    vp = sites.appoint_vice_principal(
        actor=world.clerk,
        school=a,
        name="李警官",
        employer=VicePrincipalEmployer.POLICE,
        organisation="派出所",
        appointed_on=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as queries:
        rate = school_appointment(world.net.county)
    assert len(queries) == 3  # totals, schools without one, the region's target
    assert (rate.schools, rate.appointed, str(rate.rate), rate.without) == (2, 1, "50.0", [b])
    sites.end_vice_principal(actor=world.clerk, vice_principal=vp)
    assert school_appointment(world.net.county).appointed == 0


def test_school_and_appointment_refusals(world: World) -> None:
    sites.add_school(actor=world.clerk, region=world.village, name="一小", level=SchoolLevel.PRIMARY)
    with pytest.raises(ValidationFailed) as caught:
        sites.add_school(actor=world.clerk, region=world.village, name="一小", level="")
    assert {p.code for p in caught.value.problems} == {"duplicate_school", "required"}
    school = sites.add_school(actor=world.clerk, region=world.village, name="二小", level=SchoolLevel.PRIMARY)
    with pytest.raises(ValidationFailed) as appoint:
        sites.appoint_vice_principal(
            actor=world.clerk,
            school=school,
            name="",
            employer="",
            organisation="",
            appointed_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert {p.field for p in appoint.value.problems} == {"name", "employer", "organisation", "appointed_on"}
    vp = sites.appoint_vice_principal(
        actor=world.clerk,
        school=school,
        name="张检察官",
        employer="procuratorate",
        organisation="县检察院",
        appointed_on=timezone.localdate(),
    )
    with pytest.raises(DomainError) as ended:
        sites.end_vice_principal(
            actor=world.clerk, vice_principal=vp, ended_on=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert ended.value.code == "ended_before_appointed"


def test_the_targets_are_region_settings(world: World) -> None:
    import datetime

    from gongfa.network.services import set_region_setting

    site(world, world.village)  # one township of two: 50 %
    assert site_coverage(world.net.county).target == 95 and not site_coverage(world.net.county).met
    set_region_setting(
        region=world.net.county, key="outreach.site_coverage_target", value=50, effective_from=datetime.date(2020, 1, 1)
    )
    coverage = site_coverage(world.net.county)
    assert coverage.target == 50 and coverage.met
    set_region_setting(
        region=world.net.county,
        key="outreach.vice_principal_target",
        value=80,
        effective_from=datetime.date(2020, 1, 1),
    )
    assert school_appointment(world.net.county).target == 80
