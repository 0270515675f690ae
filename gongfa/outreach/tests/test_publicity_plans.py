"""Annual plans and campaigns (年度普法计划、主题宣传活动): one plan per region and year, campaign
windows, and the progress selector (held events, audience and constitution talks against the
targets, per campaign) in a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.outreach.choices import CampaignTheme, EventType
from gongfa.outreach.selectors.publicity import plan_progress
from gongfa.outreach.services import publicity as svc
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def test_a_duplicate_plan_for_the_same_region_and_year_is_refused(world: World) -> None:
    svc.create_plan(actor=world.clerk, region=world.net.county, year=2026, title="2026 计划")
    with pytest.raises(DomainError) as caught:
        svc.create_plan(actor=world.clerk, region=world.net.county, year=2026, title="重复")
    assert caught.value.field == "year" and caught.value.code == "duplicate_plan"
    assert "不能重复制定" in caught.value.message


def test_a_plan_names_all_its_problems(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        svc.create_plan(
            actor=world.station_clerk,
            region=world.net.county,
            year=1999,
            title="",
            target_events=-1,
            target_audience=-3,
        )
    assert {p.field for p in caught.value.problems} == {"region", "year", "title", "target_events", "target_audience"}


def test_a_campaign_window_lies_in_the_plan_year_and_ends_after_it_starts(world: World) -> None:
    plan = svc.create_plan(actor=world.clerk, region=world.net.county, year=2026, title="计划")
    with pytest.raises(ValidationFailed) as caught:
        svc.add_campaign(
            actor=world.clerk,
            plan=plan,
            theme="",
            starts_on=datetime.date(2026, 12, 7),
            ends_on=datetime.date(2026, 12, 1),
            target_events=-1,
        )
    assert {p.code for p in caught.value.problems} == {"required", "ends_before_start", "negative"}
    with pytest.raises(DomainError) as caught_year:
        svc.add_campaign(
            actor=world.clerk,
            plan=plan,
            theme=CampaignTheme.CONSTITUTION_DAY,
            starts_on=datetime.date(2025, 12, 1),
            ends_on=datetime.date(2026, 12, 7),
        )
    assert caught_year.value.code == "outside_year"


def test_progress_counts_held_events_per_campaign_in_constant_queries(world: World) -> None:
    day = yesterday()
    plan = svc.create_plan(
        actor=world.clerk,
        region=world.net.county,
        year=day.year,
        title="计划",
        target_events=4,
        target_audience=400,
        target_constitution_talks=2,
    )
    week = svc.add_campaign(
        actor=world.clerk,
        plan=plan,
        theme=CampaignTheme.CONSTITUTION_DAY,
        starts_on=day,
        ends_on=day,
        target_events=2,
        target_audience=100,
    )
    svc.add_campaign(actor=world.clerk, plan=plan, theme=CampaignTheme.OTHER, starts_on=day, ends_on=day)
    hold(world, plan_event(world, plan=plan, campaign=week, held_on=day, event_type=EventType.CONSTITUTION_TALK), 60)
    hold(world, plan_event(world, plan=plan, held_on=day), 100)
    plan_event(world, plan=plan, held_on=day)  # planned only
    cancelled = plan_event(world, plan=plan, held_on=day)
    svc.cancel_event(actor=world.clerk, event=cancelled, reason="改期")
    plan_event(world, held_on=day)  # not in the plan
    with CaptureQueriesContext(connection) as few:
        progress = plan_progress(plan)
    assert (progress.events.done, progress.audience.done, progress.constitution_talks.done) == (2, 160, 1)
    assert (progress.planned, progress.cancelled) == (1, 1)
    assert str(progress.events.rate) == "50.0"
    first = progress.campaigns[0]
    assert (first.events.done, first.audience.done, first.audience.met) == (1, 60, False)
    for _ in range(3):
        hold(world, plan_event(world, plan=plan, campaign=week, held_on=day), 10)
    with CaptureQueriesContext(connection) as more:
        again = plan_progress(plan)
    assert again.campaigns[0].events.done == 4
    assert len(more) == len(few) == 2
