"""The workbench's publicity pages (普法计划与活动): lists in constant queries, planning and holding
an event through the pages (every problem at once, 400, nothing saved; the absurd audience asked to
confirm with a checkbox, then accepted), the event page's QR code and survey summary, uploads, the
plan's progress, prompts, culture sites and schools, and 404 for someone else's region."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongfa.outreach.choices import EventStatus, PromptStatus
from gongfa.outreach.models import Attachment, CultureSite, PublicityEvent, PublicityPlan, PublicityPrompt
from gongfa.outreach.services import publicity as svc
from gongfa.outreach.services import publicity_sites as sites
from gongfa.outreach.tests.test_publicity_world import World, build_world, hold, plan_event
from gongfa.testing.files import PNG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def as_user(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"workbench:outreach_publicity_{name}", args=args)


def test_the_event_list_is_constant_queries_and_scoped(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    mine = plan_event(world)
    theirs = plan_event(world, actor=world.outsider, region=world.other.villages[0])
    as_user(client, world.clerk)
    with django_assert_max_num_queries(12) as few:  # type: ignore[operator]
        body = client.get(url("events")).content.decode()
    assert mine.number in body and theirs.number not in body
    for _ in range(6):
        hold(world, plan_event(world))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as more:
        assert client.get(url("events")).status_code == 200
    assert len(more) == len(few.captured_queries)


def test_the_menu_entry_is_there_for_window_staff(client: Client, world: World) -> None:
    body = as_user(client, world.clerk).get(url("events")).content.decode()
    assert 'data-testid="outreach-home-link"' in body  # 普法与公益, which links the publicity pages


def test_planning_an_event_shows_every_problem_at_once(client: Client, world: World) -> None:
    as_user(client, world.station_clerk)
    response = client.post(url("event_new"), {"region": str(world.far_village.pk), "theme": "", "event_type": ""})
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "请选择活动类型。",
        "请填写活动主题。",
        "请填写活动日期。",
        "请填写主办单位。",
        "不在您管理的区域内",
    ):
        assert message in body
    assert not PublicityEvent.objects.exists()


def test_planning_an_event_through_the_page(client: Client, world: World) -> None:
    as_user(client, world.clerk)
    assert client.get(url("event_new")).status_code == 200
    response = client.post(
        url("event_new"),
        {
            "event_type": "lecture",
            "theme": "宪法进万家",
            "held_on": TODAY().isoformat(),
            "organiser": "县司法局",
            "point": str(world.net.rooms[world.village.code].pk),
            "speakers": [str(world.clerk.pk)],
            "survey_enabled": "on",
        },
    )
    event = PublicityEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == url("event", event.number)
    assert event.region == world.village and event.survey_enabled


def test_holding_with_an_absurd_audience_asks_to_confirm_then_accepts(client: Client, world: World) -> None:
    event = plan_event(world)
    as_user(client, world.clerk)
    data = {"hold-held_on": TODAY().isoformat(), "hold-audience_size": "500000", "hold-audience_groups": ["villagers"]}
    response = client.post(url("event_action", event.number, "hold"), data)
    assert response.status_code == 400
    assert "超过 100000 人" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    response = client.post(url("event_action", event.number, "hold"), {**data, "hold-confirm_audience": "on"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.audience_size) == (EventStatus.HELD, 500000)


def test_holding_with_a_negative_audience_and_a_future_date(client: Client, world: World) -> None:
    event = plan_event(world)
    as_user(client, world.clerk)
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("event_action", event.number, "hold"),
        {"hold-held_on": future, "hold-audience_size": "-3", "hold-audience_groups": ["elderly"]},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "受众人数不能是负数。" in body and "举办日期不能晚于今天" in body


def test_the_event_page_shows_the_qr_code_link_and_survey_summary(client: Client, world: World) -> None:
    event = hold(world, plan_event(world, survey_enabled=True))
    svc.submit_survey(token=event.survey_token, rating=4, learned=True)
    svc.submit_survey(token=event.survey_token, rating=5, learned=True)
    body = as_user(client, world.clerk).get(url("event", event.number)).content.decode()
    assert "<svg" in body and f"/outreach/survey/{event.survey_token}/" in body
    assert "已收到 2 份评价" in body and "平均 4.5 分" in body


def test_an_upload_that_does_not_decode_comes_back_with_its_error(client: Client, world: World) -> None:
    event = plan_event(world)
    as_user(client, world.clerk)
    broken = SimpleUploadedFile("a.png", PNG[:40], content_type="image/png")
    response = client.post(url("event_action", event.number, "attach"), {"attach-file": broken})
    assert response.status_code == 400 and "无法打开" in response.content.decode()
    good = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    assert client.post(url("event_action", event.number, "attach"), {"attach-file": good}).status_code == 302
    assert Attachment.objects.filter(event=event).count() == 1


def test_someone_elses_event_is_404(client: Client, world: World) -> None:
    event = plan_event(world)
    as_user(client, world.outsider)
    assert client.get(url("event", event.number)).status_code == 404
    assert client.post(url("event_action", event.number, "cancel"), {"cancel-reason": "x"}).status_code == 404


def test_a_duplicate_plan_and_the_plan_progress_page(client: Client, world: World) -> None:
    as_user(client, world.clerk)
    data = {"region": str(world.net.county.pk), "year": "2026", "title": "2026 年普法计划", "target_events": "5"}
    assert client.post(url("plan_new"), data).status_code == 302
    again = client.post(url("plan_new"), data)
    assert again.status_code == 400 and "不能重复制定" in again.content.decode()
    plan = PublicityPlan.objects.get()
    response = client.post(
        url("plan", plan.pk), {"theme": "constitution_day", "starts_on": "2026-12-01", "ends_on": "2026-11-30"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期。" in response.content.decode()
    body = client.get(url("plan", plan.pk)).content.decode()
    assert 'data-testid="plan-progress"' in body
    assert client.get(url("plans")).status_code == 200


def test_prompts_through_the_pages(client: Client, world: World) -> None:
    as_user(client, world.clerk)
    bad = client.post(
        url("prompt_new"),
        {
            "region": str(world.net.county.pk),
            "department": "县交通局",
            "issue": "未宣传",
            "issued_on": TODAY().isoformat(),
            "feedback_due": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 400 and "反馈期限不能早于发出日期。" in bad.content.decode()
    ok = client.post(
        url("prompt_new"), {"region": str(world.net.county.pk), "department": "县交通局", "issue": "未宣传"}
    )
    prompt = PublicityPrompt.objects.get()
    assert ok.status_code == 302
    assert prompt.number in client.get(url("prompts")).content.decode()
    assert client.post(url("prompt", prompt.number), {"feedback": "已整改"}).status_code == 302
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.CLOSED


def test_sites_and_schools_pages(client: Client, world: World) -> None:
    as_user(client, world.clerk)
    created = client.post(
        url("site_new"), {"region": str(world.village.pk), "name": "法治长廊", "kind": "corridor", "is_listed": "on"}
    )
    assert created.status_code == 302
    site = CultureSite.objects.get()
    body = client.get(url("sites")).content.decode()
    assert "法治长廊" in body and "1 / 2 个乡镇" in body and "50.0%" in body
    dup = client.post(url("site_new"), {"region": str(world.village.pk), "name": "法治长廊", "kind": "park"})
    assert dup.status_code == 400
    assert client.get(url("site_edit", site.pk)).status_code == 200
    assert client.post(url("site_active", site.pk), {"active": "0"}).status_code == 302
    site.refresh_from_db()
    assert not site.is_active
    school = sites.add_school(actor=world.clerk, region=world.village, name="一小", level="primary")
    body = client.get(url("schools")).content.decode()
    assert 'data-testid="schools-without"' in body and "0 / 1" in body
    appointed = client.post(
        url("school", school.pk),
        {"name": "李警官", "employer": "police", "organisation": "派出所", "appointed_on": TODAY().isoformat()},
    )
    assert appointed.status_code == 302
    assert "1 / 1" in client.get(url("schools")).content.decode()
    vp = school.vice_principals.get()
    assert client.post(url("vp_end", vp.pk), {}).status_code == 302
    vp.refresh_from_db()
    assert not vp.is_active
