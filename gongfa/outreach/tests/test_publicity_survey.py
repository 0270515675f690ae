"""The event satisfaction survey's service: open only while the event is held or evaluated and the
survey is on; ratings 1–5; the summary's count, average and learned share."""

from __future__ import annotations

import pytest

from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.outreach.selectors.publicity import survey_summary
from gongfa.outreach.services import publicity as svc
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def test_the_survey_opens_when_held_and_closes_when_archived(world: World) -> None:
    event = plan_event(world, survey_enabled=True)
    with pytest.raises(DomainError) as early:
        svc.submit_survey(token=event.survey_token, rating=5, learned=True)
    assert early.value.code == "survey_not_open"
    hold(world, event)
    svc.submit_survey(token=event.survey_token, rating=5, learned=True)
    svc.submit_survey(token=event.survey_token, rating=4, learned=False, comment="希望多讲案例")
    summary = survey_summary(event)
    assert (summary.count, str(summary.average), str(summary.learned_rate)) == (2, "4.5", "50.0")
    svc.evaluate_event(actor=world.clerk, event=event, evaluation="好", score=90)
    svc.archive_event(actor=world.clerk, event=event)
    with pytest.raises(DomainError) as late:
        svc.submit_survey(token=event.survey_token, rating=5, learned=True)
    assert late.value.code == "survey_closed"


def test_a_survey_that_is_off_or_unknown_is_not_found(world: World) -> None:
    event = hold(world, plan_event(world))
    for token in (event.survey_token, "nope"):
        with pytest.raises(DomainError) as caught:
            svc.submit_survey(token=token, rating=5, learned=True)
        assert caught.value.code == "survey_not_found"


def test_answers_out_of_range_are_refused(world: World) -> None:
    event = hold(world, plan_event(world, survey_enabled=True))
    with pytest.raises(ValidationFailed) as caught:
        svc.submit_survey(token=event.survey_token, rating=6, learned=None, comment="x" * 501)
    assert {p.field for p in caught.value.problems} == {"rating", "learned", "comment"}
