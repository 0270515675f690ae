"""The publicity list pages answer in a constant number of queries however many rows they show
(plans with their progress, prompts, culture sites with the coverage, schools with the
appointment rate), and the survey switch on the event page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.outreach.services import publicity as svc
from gongfa.outreach.services import publicity_prompts as prompts_svc
from gongfa.outreach.services import publicity_sites as sites
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def count_queries(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"workbench:outreach_publicity_{name}"))
    assert response.status_code == 200
    return len(queries)


def add_rows(world: World, n: int, start: int) -> None:
    for i in range(start, start + n):
        plan = svc.create_plan(actor=world.admin, region=world.net.villages[i % 6], year=2000 + i, title=f"计划{i}")
        hold(world, plan_event(world, actor=world.admin, region=world.net.villages[i % 6]), 10)
        assert plan.pk
        prompts_svc.issue_prompt(actor=world.clerk, region=world.net.county, department=f"部门{i}", issue="未宣传")
        sites.save_site(actor=world.clerk, region=world.net.villages[i % 6], name=f"阵地{i}", kind="park")
        school = sites.add_school(actor=world.clerk, region=world.net.villages[i % 6], name=f"学校{i}", level="primary")
        if i % 2:
            sites.appoint_vice_principal(
                actor=world.clerk,
                school=school,
                name=f"副校长{i}",
                employer="police",
                organisation="派出所",
                appointed_on=plan.created_at.date(),
            )


def test_list_pages_are_constant_queries(client: Client, world: World) -> None:
    client.force_login(world.clerk)
    add_rows(world, 2, 0)
    names = ("plans", "prompts", "sites", "schools", "events")
    few = {name: count_queries(client, name) for name in names}
    add_rows(world, 6, 2)
    more = {name: count_queries(client, name) for name in names}
    assert more == few


def test_the_survey_is_switched_on_and_off_from_the_event_page(client: Client, world: World) -> None:
    event = plan_event(world)
    client.force_login(world.clerk)
    url = reverse("workbench:outreach_publicity_event_action", args=[event.number, "survey"])
    page = client.get(reverse("workbench:outreach_publicity_event", args=[event.number])).content.decode()
    assert "开启满意度调查" in page
    assert client.post(url, {"survey-enabled": "on"}).status_code == 302
    event.refresh_from_db()
    assert event.survey_enabled
    assert client.post(url, {}).status_code == 302
    event.refresh_from_db()
    assert not event.survey_enabled
