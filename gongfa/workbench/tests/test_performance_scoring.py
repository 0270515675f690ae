"""The site-scoring pages: the sites list (scope, constant queries), the profile form, a new
inspection, the scores form (every bad item at once, 400, nothing saved), finalising, and the
supervision page listing the rectifications it opened."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.performance.choices import InspectionStatus
from gongfa.performance.models import ItemScore, PointProfile, ScoringItem, SiteInspection
from gongfa.performance.services import scoring
from gongfa.performance.tests.scoring_helpers import shipped_sheet
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.models import Rectification

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_the_collected_day():
    """TODAY is read when the module is collected: a run that crosses local midnight would compare
    against yesterday. Every test runs on that day."""
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def sheet():
    return shipped_sheet()


@pytest.fixture
def inspection(network, sheet, county_supervisor):
    return scoring.create_inspection(
        point=network.centre,
        sheet=sheet,
        actor=county_supervisor,
        site_level="municipal",
        mode="open",
        venue="remote",
        inspected_on=TODAY,
        inspectors="王检查",
    )


def manual(sheet):
    return list(ScoringItem.objects.filter(category__sheet=sheet, computed_by="").order_by("pk"))


def test_sites_list_shows_points_in_scope_with_their_latest_inspection(
    client, network, county_supervisor, township_supervisor, inspection
):
    other = build_network(prefix="330103", name="他")
    client.force_login(county_supervisor)
    response = client.get(reverse("workbench:perf_sites"))
    assert response.status_code == 200
    body = response.content.decode()
    assert network.centre.name in body and other.centre.name not in body
    assert reverse("workbench:perf_site_inspection", args=[inspection.pk]) in body
    assert "评分中" in body
    client.force_login(township_supervisor)
    body = client.get(reverse("workbench:perf_sites")).content.decode()
    assert network.centre.name not in body
    assert network.stations[network.townships[0].code].name in body
    assert network.stations[network.townships[1].code].name not in body


def test_sites_list_query_count_does_not_grow(client, network, county_supervisor, sheet, django_assert_max_num_queries):
    client.force_login(county_supervisor)
    client.get(reverse("workbench:perf_sites"))  # warm the session and scope
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workbench:perf_sites"))
    from gongfa.network.choices import PointTier
    from gongfa.network.models import Region, ServicePoint

    for n in range(10):
        village = Region.objects.create(
            code=f"330102001{n + 10:03d}", name=f"新村{n}", level=5, parent=network.townships[0]
        )
        point = ServicePoint.objects.create(name=f"新村{n}工作室", tier=PointTier.ROOM, region=village)
        SiteInspection.objects.create(
            sheet=sheet, point=point, site_level="standard", mode="open", venue="on_site", inspected_on=TODAY
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("workbench:perf_sites"))
    assert response.content.decode().count("新村") >= 20


def test_tier_filter(client, network, county_supervisor):
    client.force_login(county_supervisor)
    body = client.get(reverse("workbench:perf_sites"), {"tier": "station"}).content.decode()
    assert network.centre.name not in body and network.stations[network.townships[0].code].name in body


def test_pages_outside_scope_are_404(client, network, sheet, inspection):
    other = build_network(prefix="330103", name="他")
    outsider = UserFactory(role=Role.SUPERVISOR, username="outsider")
    post(outsider, other.centre)
    client.force_login(outsider)
    for url in (
        reverse("workbench:perf_site_point", args=[network.centre.pk]),
        reverse("workbench:perf_site_profile", args=[network.centre.pk]),
        reverse("workbench:perf_site_inspection_new", args=[network.centre.pk]),
        reverse("workbench:perf_site_inspection", args=[inspection.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("workbench:perf_site_finalise", args=[inspection.pk])).status_code == 404


def test_window_staff_cannot_open_the_pages(client, network, room_clerk):
    client.force_login(room_clerk)
    assert client.get(reverse("workbench:perf_sites")).status_code in (302, 403)


def test_profile_form_saves_and_shows(client, network, county_supervisor):
    client.force_login(county_supervisor)
    url = reverse("workbench:perf_site_profile", args=[network.centre.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "floor_area_m2": "120.5",
            "street_level": "on",
            "weekly_hours": "40",
            "posts": "法律咨询\n法律援助",
            "stationed_agencies": [network.legal_aid_centre.pk],
            "signage": ["name", "logo"],
        },
    )
    assert response.status_code == 302
    profile = PointProfile.objects.get(point=network.centre)
    assert profile.floor_area_m2 == Decimal("120.5") and profile.posts == ["法律咨询", "法律援助"]
    assert profile.signage["name"] and not profile.signage["rules"]
    body = client.get(reverse("workbench:perf_site_point", args=[network.centre.pk])).content.decode()
    assert "120.5㎡" in body and network.legal_aid_centre.name in body


def test_profile_form_bad_input_all_at_once(client, network, county_supervisor):
    client.force_login(county_supervisor)
    response = client.post(
        reverse("workbench:perf_site_profile", args=[network.centre.pk]),
        {"floor_area_m2": "很大", "weekly_hours": "200", "posts": "a\na", "signage": ["colour"]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "面积请填数字。",
        "每周开放时长应在 0 到 168 小时之间。",
        "岗位重复：a。",
        "六统一的选项不在列表中",
    ):
        assert message in body
    assert not PointProfile.objects.exists()


def test_new_inspection_form(client, network, county_supervisor, sheet):
    client.force_login(county_supervisor)
    url = reverse("workbench:perf_site_inspection_new", args=[network.centre.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "sheet": sheet.pk,
            "site_level": "provincial",
            "mode": "covert",
            "venue": "on_site",
            "inspected_on": TODAY.isoformat(),
            "inspectors": "王检查",
        },
    )
    inspection = SiteInspection.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{inspection.pk}/")
    assert inspection.mode == "covert" and inspection.scores.filter(computed=True).count() == 9
    body = client.get(response["Location"]).content.decode()
    assert "暗访" in body and "系统计算" in body


def test_new_inspection_bad_input_all_at_once(client, network, county_supervisor, sheet):
    client.force_login(county_supervisor)
    response = client.post(
        reverse("workbench:perf_site_inspection_new", args=[network.stations[network.townships[0].code].pk]),
        {"sheet": sheet.pk, "site_level": "", "mode": "", "venue": "remote", "inspected_on": "2026-13-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    for message in ("请选择评定级别。", "请选择检查方式。", "检查日期的格式不正确", "请填写检查人员。", "只适用于"):
        assert message in body
    assert not SiteInspection.objects.exists()


def test_scores_form_names_each_bad_item_at_once(client, network, county_supervisor, sheet, inspection):
    client.force_login(county_supervisor)
    items = manual(sheet)
    data = {f"score_{item.code}": str(item.points) for item in items}
    first, second, third = items[0], items[1], items[2]
    data[f"score_{first.code}"] = "99"
    data[f"score_{second.code}"] = "-1"
    data[f"score_{third.code}"] = "abc"
    response = client.post(reverse("workbench:perf_site_inspection", args=[inspection.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"“{first.name}”的得分不能超过该项分值 {first.points} 分。" in body
    assert f"“{second.name}”的得分不能为负数。" in body
    assert f"“{third.name}”的得分请填数字。" in body
    assert ItemScore.objects.filter(computed=False).count() == 0


def test_score_then_finalise_opens_rectifications_shown_on_the_supervision_page(
    client, network, county_supervisor, sheet, inspection
):
    client.force_login(county_supervisor)
    items = manual(sheet)
    data = {f"score_{item.code}": str(item.points) for item in items}
    data[f"score_{items[0].code}"] = "1"
    data[f"note_{items[0].code}"] = "门头灯箱损坏"
    response = client.post(reverse("workbench:perf_site_inspection", args=[inspection.pk]), data)
    assert response.status_code == 302
    due = TODAY + datetime.timedelta(days=20)
    response = client.post(
        reverse("workbench:perf_site_finalise", args=[inspection.pk]), {"rectification_due": due.isoformat()}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINAL
    # The computed items lost everything (no profile, no staff but the supervisor, no data), and
    # one typed item lost a point: one rectification per item below its points.
    lost = ItemScore.objects.filter(inspection=inspection).exclude(rectification=None).count()
    assert lost == Rectification.objects.count() and lost >= 2
    assert Rectification.objects.filter(issue__contains="门头灯箱损坏", due_on=due).exists()
    page = client.get(reverse("workbench:supervision")).content.decode()
    assert "门头灯箱损坏" in page and "检查扣分" in page
    body = client.get(reverse("workbench:perf_site_inspection", args=[inspection.pk])).content.decode()
    assert "已列入整改" in body and "保存评分" not in body


def test_finalise_incomplete_is_400(client, network, county_supervisor, inspection):
    client.force_login(county_supervisor)
    response = client.post(reverse("workbench:perf_site_finalise", args=[inspection.pk]), {"rectification_due": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "整改期限的格式不正确" in body
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT


def test_completing_a_site_rectification(client, network, county_supervisor, inspection, sheet):
    scoring.record_scores(
        inspection=inspection,
        actor=county_supervisor,
        scores={item.code: str(item.points) for item in manual(sheet)},
    )
    scoring.finalise_inspection(inspection=inspection, actor=county_supervisor)
    rectification = Rectification.objects.order_by("pk").first()
    assert rectification is not None and rectification.order is None
    client.force_login(county_supervisor)
    url = reverse("workbench:complete_rectification", args=[rectification.pk])
    assert client.post(url, {"text": "", "back": "supervision"}).status_code == 400
    response = client.post(url, {"text": "已更换门头标牌", "back": "supervision"})
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == "done" and rectification.measures == "已更换门头标牌"
    assert str(rectification).startswith("整改 ")
