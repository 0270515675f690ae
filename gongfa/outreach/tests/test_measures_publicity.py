"""Publicity's facts (outreach/measures/publicity.py): events count once held (and stay counted when
evaluated and archived), constitution talks by type or campaign theme, sites and schools in use,
and the events that re-contribute a site's township and a school."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from gongfa.audit.services import record_event
from gongfa.outreach.choices import CampaignTheme, EventStatus, EventType
from gongfa.outreach.measures.publicity import (
    _events,
    _schools,
    event_contributions,
    school_contributions,
    schools_of_event,
    site_contributions,
    townships_of_event,
)
from gongfa.outreach.models import PlanCampaign, PublicityEvent, PublicityPlan
from gongfa.outreach.tests.test_coverage_formulas import NOV, appoint_vp, make_school, make_site, value_of
from gongfa.performance.compute import indicator_values
from gongfa.performance.models import Indicator, PendingRefresh
from gongfa.performance.rollup import refresh_pending
from gongfa.testing.factories import MiniNetwork, build_network

pytestmark = pytest.mark.django_db
D = datetime.date
_numbers = iter(range(1, 10_000))


@pytest.fixture
def net() -> MiniNetwork:
    return build_network()


def make_event(net: MiniNetwork, status: str, **extra: object) -> PublicityEvent:
    values: dict[str, object] = {
        "event_type": EventType.LECTURE,
        "theme": "民法典进乡村",
        "region": net.villages[0],
        "held_on": D(2026, 11, 12),
        "organiser": "县司法局",
        "audience_size": 80,
        "status": status,
        **extra,
    }
    return PublicityEvent.objects.create(number=f"PF{next(_numbers):06d}", **values)


def facts(event: PublicityEvent) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in event_contributions(_events().get(pk=event.pk)):
        assert item.day == event.held_on
        found[item.measure] += item.value
    return found


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (EventStatus.PLANNED, False),
        (EventStatus.HELD, True),
        (EventStatus.EVALUATED, True),
        (EventStatus.ARCHIVED, True),
        (EventStatus.CANCELLED, False),
    ],
)
def test_an_event_counts_once_held(net: MiniNetwork, status: str, counted: bool) -> None:
    event = make_event(net, status, consultations_on_site=12)
    expected = {"out.pub_events": 1, "out.pub_audience": 80, "out.pub_consultations": 12} if counted else {}
    assert facts(event) == Counter(expected)


def test_constitution_talks_by_type_or_campaign(net: MiniNetwork) -> None:
    plan = PublicityPlan.objects.create(region=net.county, year=2026, title="2026年普法计划")
    week = PlanCampaign.objects.create(
        plan=plan, theme=CampaignTheme.CONSTITUTION_DAY, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 7)
    )
    month = PlanCampaign.objects.create(
        plan=plan, theme=CampaignTheme.CIVIL_CODE_MONTH, starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 31)
    )
    by_type = make_event(net, EventStatus.HELD, event_type=EventType.CONSTITUTION_TALK, audience_size=None)
    by_theme = make_event(net, EventStatus.HELD, event_type=EventType.EXHIBITION, campaign=week)
    neither = make_event(net, EventStatus.HELD, campaign=month)
    assert facts(by_type) == Counter({"out.pub_events": 1, "out.pub_constitution_talks": 1})
    assert facts(by_theme)["out.pub_constitution_talks"] == 1
    assert facts(neither)["out.pub_constitution_talks"] == 0


def test_the_publicity_indicators(net: MiniNetwork) -> None:
    make_event(net, EventStatus.HELD, audience_size=120)
    make_event(net, EventStatus.ARCHIVED, audience_size=30, region=net.townships[1])
    make_event(net, EventStatus.HELD, audience_size=500, held_on=D(2026, 10, 31))  # October
    make_event(net, EventStatus.PLANNED, audience_size=999)
    assert value_of("out_pub_events", net.county).value == Decimal(2)
    assert value_of("out_pub_audience", net.county).value == Decimal(150)
    assert value_of("out_pub_audience", net.townships[0]).value == Decimal(120)


def test_sites_in_use_from_their_opening(net: MiniNetwork) -> None:
    opened = make_site(net.villages[0], "法治广场", D(2021, 4, 1))
    undated = make_site(net.villages[1], "法治长廊")
    closed = make_site(net.villages[2], "法治书屋", active=False)
    assert [(c.measure, c.day) for c in site_contributions(opened)] == [("out.culture_sites", D(2021, 4, 1))]
    assert [c.day.year for c in site_contributions(undated)] == [2000]
    assert list(site_contributions(closed)) == []
    assert value_of("out_culture_sites", net.county).value == Decimal(2)


def test_a_site_event_refreshes_its_township(net: MiniNetwork) -> None:
    site = make_site(net.villages[4], "法治公园", D(2026, 11, 5))
    event = record_event(site, "outreach.culturesite.create", region=site.region)
    assert list(townships_of_event(event)) == [net.townships[1].pk]
    refresh_pending()
    before = value_of("out_culture_township_rate", net.county)
    assert (before.numerator, before.denominator) == (1, 2)
    site.is_active = False
    site.save()
    record_event(site, "outreach.culturesite.deactivate", region=site.region)
    assert PendingRefresh.objects.filter(source="outreach.township", subject_id=net.townships[1].pk).exists()
    refresh_pending()
    indicator = Indicator.objects.get(code="out_culture_township_rate")
    after = indicator_values([indicator], net.county, NOV, D(2026, 11, 30))["out_culture_township_rate"]
    assert (after.numerator, after.denominator) == (0, 2)


def test_a_school_event_refreshes_the_school(net: MiniNetwork) -> None:
    school = make_school(net.villages[0], "一小")
    vp = appoint_vp(school, D(2026, 9, 1))
    on_school = record_event(school, "outreach.school.appoint_vice_principal", data={"vice_principal": vp.pk})
    on_post = record_event(vp, "outreach.viceprincipal.end")
    other = record_event(net.villages[0], "network.region_changed")
    assert list(schools_of_event(on_school)) == [school.pk]
    assert list(schools_of_event(on_post)) == [school.pk]
    assert list(schools_of_event(other)) == []
    facts = [(c.measure, c.day, c.value) for c in school_contributions(_schools().get(pk=school.pk))]
    assert facts == [("out.schools", D(2000, 1, 1), 1), ("out.schools_with_vp", D(2026, 9, 1), 1)]
