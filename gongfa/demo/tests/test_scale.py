"""A small scale run: bulk paths, exact counts, the ≤ 5 rule, and the plan written as planned."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.demo.generator import ADVISOR_MAX_VILLAGES, build_plan, iter_citizens
from gongfa.demo.tests.conftest import START
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import AdvisorAssignment, Region, ServicePoint


@pytest.mark.django_db
def test_600_villages_and_2000_citizens():
    out = io.StringIO()
    call_command("seed_demo", villages=600, citizens=2000, start_date=START, batch_size=500, stdout=out)
    assert Region.objects.villages().count() == 600
    assert ServicePoint.objects.filter(tier=PointTier.ROOM).count() == 600
    assert User.objects.filter(role=Role.CITIZEN).count() == 2000
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    assert [c.code for c in counties] == ["339901000000", "339902000000"]
    for county in counties:
        assert Region.objects.subtree(county).villages().count() == 300
        assert Region.objects.subtree(county).filter(level=RegionLevel.TOWNSHIP).count() == 12
    assert ServicePoint.objects.filter(tier=PointTier.CENTRE).count() == 2

    # Bulk path: no per-assignment events, but the ≤ 5 rule still holds, one advisor per village.
    loads = AdvisorAssignment.objects.filter(is_active=True).values("advisor").annotate(n=Count("pk"))
    assert max(row["n"] for row in loads) <= ADVISOR_MAX_VILLAGES
    assert AdvisorAssignment.objects.values("village").distinct().count() == AdvisorAssignment.objects.count() == 540
    assert not Event.objects.filter(verb="network.advisor_assigned").exists()

    # The database holds exactly the plan for this seed.
    plan = build_plan(villages=600, citizens=2000, start=START)
    assert set(Region.objects.values_list("code", "name")) == {(r.code, r.name) for r in plan.regions}
    planned = {p.username for p in iter_citizens(plan.seed, plan.generated_citizens, plan)}
    planned |= {p.username for p in plan.demo_citizens}
    assert set(User.objects.filter(role=Role.CITIZEN).values_list("username", flat=True)) == planned
    assert "群众账号" in out.getvalue()  # progress lines
