"""The public satisfaction survey page (/outreach/survey/<token>/): anonymous, works without JS;
open only while the event is held or evaluated and the survey is on; one answer per session."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongfa.outreach.models import SurveyResponse
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def survey_url(token: str) -> str:
    return reverse("portal:outreach_survey", args=[token])


def test_an_anonymous_visitor_answers_once(client: Client, world: World) -> None:
    event = hold(world, plan_event(world, survey_enabled=True))
    page = client.get(survey_url(event.survey_token))
    assert page.status_code == 200 and event.theme in page.content.decode()
    answer = {"rating": "5", "learned": "yes", "comment": "讲得很清楚"}
    assert client.post(survey_url(event.survey_token), answer).status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.rating, response.learned, response.event) == (5, True, event)
    again = client.post(survey_url(event.survey_token), answer)
    assert again.status_code == 200 and "您的评价已收到" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_missing_answers_are_all_named(client: Client, world: World) -> None:
    event = hold(world, plan_event(world, survey_enabled=True))
    response = client.post(survey_url(event.survey_token), {"rating": "9"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "请选择 1–5 分之间的满意程度。" in body and "请选择是否有收获。" in body
    assert not SurveyResponse.objects.exists()


def test_closed_or_unknown_surveys_say_so(client: Client, world: World) -> None:
    planned = plan_event(world, survey_enabled=True)
    response = client.get(survey_url(planned.survey_token))
    assert response.status_code == 404 and "活动举办后才能参加满意度调查。" in response.content.decode()
    off = hold(world, plan_event(world))
    assert client.post(survey_url(off.survey_token), {"rating": "5", "learned": "yes"}).status_code == 404
    assert client.get(survey_url("no-such-token")).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_an_address_without_cookies_is_held_back(client: Client, world: World, monkeypatch) -> None:
    from gongfa.portal.outreach import survey

    monkeypatch.setattr(survey, "ADDRESS_LIMIT", 2)
    event = hold(world, plan_event(world, survey_enabled=True))
    answer = {"rating": "4", "learned": "no"}
    for _ in range(2):
        assert Client().post(survey_url(event.survey_token), answer).status_code == 302
    refused = Client().post(survey_url(event.survey_token), answer)
    assert refused.status_code == 400 and "提交次数过多" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2
