"""Publicity events (普法活动): planning (place in the manager's region, campaign of the plan and in
its window), holding (audience: negative refused, absurd asked to confirm; held date not in the
future), evaluation, archive, cancel, attachments (an image that does not decode is refused) and
every problem of a form at once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.network.models import RegionSetting
from gongfa.outreach.choices import CampaignTheme, EventStatus
from gongfa.outreach.models import Attachment, PublicityEvent
from gongfa.outreach.services import publicity as svc
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event, yesterday
from gongfa.testing.files import PNG, jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def codes(exc: DomainError) -> dict[str | None, str]:
    return {p.field: p.code for p in exc.problems}


def make_plan(world: World, year: int | None = None):
    return svc.create_plan(
        actor=world.clerk,
        region=world.net.county,
        year=year or yesterday().year,
        title="年度普法计划",
        target_events=10,
        target_audience=1000,
        target_constitution_talks=2,
    )


def test_planning_numbers_the_event_and_audits_it(world: World) -> None:
    event = plan_event(world, speakers=[world.clerk], other_speakers="王律师")
    assert event.number.startswith("PF") and event.status == EventStatus.PLANNED
    assert list(event.speakers.all()) == [world.clerk]
    assert Event.objects.filter(verb="outreach.publicityevent.plan", subject_id=str(event.pk)).exists()


def test_a_place_outside_the_managers_region_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        plan_event(world, actor=world.station_clerk, region=world.far_village)
    assert codes(caught.value) == {"region": "outside_region"}
    assert "不在您管理的区域内" in caught.value.message
    with pytest.raises(DomainError) as caught:
        plan_event(world, actor=world.station_clerk, region=None, point=world.net.rooms[world.far_village.code])
    assert codes(caught.value) == {"point": "outside_region"}
    assert not PublicityEvent.objects.exists()


def test_held_at_a_point_takes_the_points_region(world: World) -> None:
    room = world.net.rooms[world.village.code]
    event = plan_event(world, region=None, point=room)
    assert event.region == world.village and event.point == room


def test_a_campaign_not_of_the_chosen_plan_is_refused(world: World) -> None:
    plan = make_plan(world)
    other_plan = svc.create_plan(actor=world.admin, region=world.other.county, year=plan.year, title="邻县计划")
    day = yesterday()
    campaign = svc.add_campaign(
        actor=world.admin, plan=other_plan, theme=CampaignTheme.CIVIL_CODE_MONTH, starts_on=day, ends_on=day
    )
    with pytest.raises(DomainError) as caught:
        plan_event(world, actor=world.admin, plan=plan, campaign=campaign, held_on=day)
    assert codes(caught.value) == {"campaign": "campaign_not_of_plan"}
    assert "不属于所选年度计划" in caught.value.message


def test_a_date_outside_the_campaign_window_is_refused(world: World) -> None:
    day = yesterday()
    plan = make_plan(world, day.year)
    campaign = svc.add_campaign(
        actor=world.clerk, plan=plan, theme=CampaignTheme.CONSTITUTION_DAY, starts_on=day, ends_on=day
    )
    with pytest.raises(DomainError) as caught:
        plan_event(world, plan=plan, campaign=campaign, held_on=day - datetime.timedelta(days=1))
    assert codes(caught.value) == {"held_on": "outside_campaign"}
    event = plan_event(world, campaign=campaign, held_on=day)
    assert event.plan == plan  # the campaign's plan when none was chosen


def test_every_problem_of_the_form_at_once(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        svc.plan_event(
            actor=world.station_clerk,
            event_type="nope",
            theme=" ",
            held_on=None,
            organiser="",
            region=world.far_village,
        )
    assert codes(caught.value) == {
        "event_type": "required",
        "theme": "required",
        "held_on": "required",
        "organiser": "required",
        "region": "outside_region",
    }


def test_holding_records_audience_groups_and_formats(world: World) -> None:
    event = hold(world, plan_event(world, held_on=yesterday()), audience=120, materials_distributed=300)
    event.refresh_from_db()
    assert event.status == EventStatus.HELD and event.audience_size == 120
    assert event.audience_groups == ["villagers", "elderly"] and event.accessible_formats == ["large_print"]
    assert event.materials_distributed == 300


def test_a_negative_audience_is_refused(world: World) -> None:
    event = plan_event(world)
    with pytest.raises(DomainError) as caught:
        hold(world, event, audience=-5)
    assert codes(caught.value) == {"audience_size": "negative"}
    assert caught.value.message == "受众人数不能是负数。"
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED


def test_an_absurd_audience_must_be_confirmed_then_is_accepted(world: World) -> None:
    event = plan_event(world)
    with pytest.raises(DomainError) as caught:
        hold(world, event, audience=250_000)
    assert codes(caught.value) == {"audience_size": "audience_confirm"}
    assert "超过 100000 人" in caught.value.message and "确认受众人数无误" in caught.value.message
    assert hold(world, event, audience=250_000, confirm_audience=True).audience_size == 250_000


def test_the_confirm_threshold_is_the_regions_setting(world: World) -> None:
    RegionSetting.objects.create(region=world.net.county, key="outreach.audience_confirm_above", value=500)
    with pytest.raises(DomainError):
        hold(world, plan_event(world), audience=501)


def test_a_held_date_in_the_future_is_refused(world: World) -> None:
    event = plan_event(world, held_on=yesterday() + datetime.timedelta(days=5))
    with pytest.raises(DomainError) as caught:
        hold(world, event)
    assert codes(caught.value) == {"held_on": "held_in_future"}


def test_holding_names_every_problem_at_once(world: World) -> None:
    event = plan_event(world, held_on=yesterday() + datetime.timedelta(days=5))
    with pytest.raises(ValidationFailed) as caught:
        hold(world, event, audience=-1, audience_groups=[], materials_distributed=-2, hours=0)
    assert set(codes(caught.value)) == {
        "held_on",
        "audience_size",
        "audience_groups",
        "materials_distributed",
        "hours",
    }


def test_evaluate_archive_and_the_score_range(world: World) -> None:
    event = hold(world, plan_event(world))
    with pytest.raises(ValidationFailed) as caught:
        svc.evaluate_event(actor=world.clerk, event=event, evaluation="", score=101)
    assert codes(caught.value) == {"evaluation": "required", "score": "score_range"}
    svc.evaluate_event(actor=world.clerk, event=event, evaluation="群众反响好", score=92)
    svc.archive_event(actor=world.clerk, event=event)
    event.refresh_from_db()
    assert (event.status, event.evaluation_score) == (EventStatus.ARCHIVED, 92)


def test_cancel_needs_a_reason_and_only_while_planned(world: World) -> None:
    event = plan_event(world)
    with pytest.raises(DomainError) as caught:
        svc.cancel_event(actor=world.clerk, event=event, reason=" ")
    assert codes(caught.value) == {"reason": "required"}
    svc.cancel_event(actor=world.clerk, event=event, reason="暴雨")
    with pytest.raises(InvalidTransition):
        hold(world, event)


def test_someone_outside_the_region_may_not_act(world: World) -> None:
    event = plan_event(world)
    with pytest.raises(NotPermitted):
        hold(world, event, actor=world.outsider)


def test_an_image_that_does_not_decode_is_refused(world: World) -> None:
    event = plan_event(world)
    broken = SimpleUploadedFile("photo.png", PNG[:40], content_type="image/png")
    with pytest.raises(DomainError) as caught:
        svc.add_attachment(actor=world.clerk, event=event, upload=broken)
    assert codes(caught.value) == {"file": "invalid_image"}
    assert "无法打开" in caught.value.message
    assert not Attachment.objects.exists()


def test_a_photo_is_stored_re_encoded_without_its_metadata(world: World) -> None:
    event = plan_event(world)
    photo = SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    attachment = svc.add_attachment(actor=world.clerk, event=event, upload=photo, caption="现场")
    assert attachment.event == event and attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert not image.getexif()


def test_an_event_outside_the_plans_region_or_year_is_refused(world: World) -> None:
    plan = make_plan(world)
    other = world.other.villages[0]
    with pytest.raises(ValidationFailed) as caught:
        plan_event(world, actor=world.admin, plan=plan, region=other, held_on=datetime.date(plan.year - 1, 6, 1))
    assert codes(caught.value) == {"plan": "outside_plan_region", "held_on": "outside_plan_year"}
