"""The scoring-sheet admin: a sheet with its categories, a category with its items. The items'
points never pass the sheet's total and equal it while the sheet is in use; an item's rule
parameters are checked; every problem at once, nothing saved. Point profiles checked as on the
workbench."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.performance.models import ItemScore, PointProfile, ScoringCategory, ScoringItem, ScoringSheet
from gongfa.performance.sheets_loader import load_all
from gongfa.performance.tests.admin_setup import logged_in, one_of_everything
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sheet(total: str = "10", active: bool = True) -> tuple[ScoringSheet, ScoringCategory, ScoringCategory]:
    sheet = ScoringSheet.objects.create(code="t-sheet", name="测试表", total_points=Decimal(total), is_active=active)
    first = sheet.categories.create(order=1, name="基础设施")
    second = sheet.categories.create(order=2, name="服务质量")
    ScoringItem.objects.create(category=first, order=1, code="area", name="面积", points=Decimal(4))
    ScoringItem.objects.create(
        category=first, order=2, code="hours", name="开放时长", points=Decimal(2), computed_by="opening_hours"
    )
    ScoringItem.objects.create(category=second, order=1, code="service", name="服务规范", points=Decimal(4))
    return sheet, first, second


def _category_form(category: ScoringCategory, changes: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    changes = changes or {}
    data = {"order": str(category.order), "name": category.name}
    items = list(category.items.order_by("order"))
    for index, item in enumerate(items):
        values: dict[str, Any] = {
            "id": item.pk,
            "category": category.pk,
            "order": item.order,
            "code": item.code,
            "name": item.name,
            "points": item.points,
            "evidence": item.evidence,
            "computed_by": item.computed_by,
            "parameters": json.dumps(item.parameters) if item.parameters else "",
        }
        values.update(changes.get(item.code, {}))
        data.update({f"items-{index}-{key}": str(value) for key, value in values.items()})
    data.update(
        {
            "items-TOTAL_FORMS": str(len(items)),
            "items-INITIAL_FORMS": str(len(items)),
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        }
    )
    return data


def _add_item(data: dict[str, str], **values: Any) -> None:
    index = int(data["items-TOTAL_FORMS"])
    row = {"order": index + 1, "evidence": "", "computed_by": "", "parameters": ""}
    row.update(values)
    data.update({f"items-{index}-{key}": str(value) for key, value in row.items()})
    data["items-TOTAL_FORMS"] = str(index + 1)


def _url(category: ScoringCategory) -> str:
    return f"/admin/performance/scoringcategory/{category.pk}/change/"


def test_items_above_the_sheet_total_are_refused(client):
    logged_in(client)
    _made, first, _second = _sheet()
    response = client.post(_url(first), _category_form(first, {"area": {"points": "6"}}))
    assert response.status_code == 200
    assert "各项分值合计 12 分，超过满分 10 分。" in response.content.decode()
    assert ScoringItem.objects.get(code="area").points == Decimal(4)


def test_the_shipped_sheet_refuses_a_point_more(client):
    logged_in(client)
    load_all()
    sheet = ScoringSheet.objects.get(code="centre_standard_100")
    category = sheet.categories.get(order=1)
    item = category.items.order_by("order").first()
    assert item is not None
    response = client.post(_url(category), _category_form(category, {item.code: {"points": item.points + 1}}))
    assert response.status_code == 200
    assert "各项分值合计 101 分，超过满分 100 分。" in response.content.decode()
    item.refresh_from_db()
    assert sum(ScoringItem.objects.filter(category__sheet=sheet).values_list("points", flat=True)) == Decimal(100)


def test_an_active_sheet_stays_whole_and_an_inactive_one_changes_step_by_step(client):
    logged_in(client)
    sheet, first, second = _sheet()
    response = client.post(_url(first), _category_form(first, {"area": {"points": "3"}}))
    assert response.status_code == 200
    assert "各项分值合计 9 分，与满分 10 分不符。启用中的评分表各项分值须合计等于满分" in response.content.decode()
    assert ScoringItem.objects.get(code="area").points == Decimal(4)

    ScoringSheet.objects.filter(pk=sheet.pk).update(is_active=False)
    response = client.post(_url(first), _category_form(first, {"area": {"points": "3"}}), follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    assert "现合计 9 分，满分 10 分" in response.content.decode()  # a warning, not a refusal
    assert ScoringItem.objects.get(code="area").points == Decimal(3)

    # Switching the sheet on while it adds up to 9 of 10 is refused …
    sheet_form = {
        "name": sheet.name,
        "version": "1",
        "total_points": "10",
        "description": "",
        "source_document": "",
        "is_active": "on",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "2",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for index, category in enumerate((first, second)):
        sheet_form.update(
            {
                f"categories-{index}-id": str(category.pk),
                f"categories-{index}-sheet": str(sheet.pk),
                f"categories-{index}-order": str(category.order),
                f"categories-{index}-name": category.name,
            }
        )
    response = client.post(f"/admin/performance/scoringsheet/{sheet.pk}/change/", sheet_form)
    assert response.status_code == 200
    assert "各项分值合计 9 分，与满分 10 分不符" in response.content.decode()
    sheet.refresh_from_db()
    assert not sheet.is_active
    # … and accepted once the total says 9.
    response = client.post(f"/admin/performance/scoringsheet/{sheet.pk}/change/", {**sheet_form, "total_points": "9"})
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet.refresh_from_db()
    assert sheet.is_active and sheet.total_points == Decimal(9)
    assert Event.objects.filter(verb="performance.scoring_items_changed").exists()
    assert Event.objects.filter(verb="performance.scoring_sheet_changed").exists()


def test_a_total_changed_away_from_the_items_is_refused(client):
    logged_in(client)
    sheet, _first, _second = _sheet()
    data = {
        "name": sheet.name,
        "version": "1",
        "total_points": "12",
        "is_active": "on",
        "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/performance/scoringsheet/{sheet.pk}/change/", data)
    assert response.status_code == 200
    assert "各项分值合计 10 分，与满分 12 分不符" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.total_points == Decimal(10)


def test_every_item_problem_at_once(client):
    logged_in(client)
    _made, first, _second = _sheet()
    data = _category_form(
        first,
        {
            "area": {"points": "0", "parameters": json.dumps({"min_hours": 40})},
            "hours": {"parameters": json.dumps({"min_hours": -1})},
        },
    )
    _add_item(data, code="service", name="重复代码", points="1", computed_by="no_such_rule")
    response = client.post(_url(first), data)
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "分值应大于 0。",
        "没有选择系统计算规则，却填了计算参数。",
        "参数 min_hours 应为正数。",
        "项目代码“service”已用于本评分表的类别“服务质量”。",
        "系统计算的选项不在列表中",
    ):
        assert message in page, message
    assert first.items.count() == 2
    assert ScoringItem.objects.get(code="hours").parameters == {}


def test_a_scored_item_cannot_be_deleted(client, network):
    logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    category = made["category"]
    data = _category_form(category)
    data["items-0-DELETE"] = "on"
    response = client.post(_url(category), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“面积”已有项目得分记录，不能删除。" in page
    assert "各项分值合计 0 分，与满分 10 分不符" in page  # both at once
    assert ScoringItem.objects.filter(category=category).count() == 1
    assert ItemScore.objects.count() == 1


def test_a_category_with_scored_items_cannot_be_deleted(client, network):
    logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    sheet, category = made["sheet"], made["category"]
    data = {
        "name": sheet.name,
        "version": "1",
        "total_points": "10",
        "is_active": "on",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "1",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-id": str(category.pk),
        "categories-0-sheet": str(sheet.pk),
        "categories-0-order": "1",
        "categories-0-name": category.name,
        "categories-0-DELETE": "on",
    }
    response = client.post(f"/admin/performance/scoringsheet/{sheet.pk}/change/", data)
    assert response.status_code == 200
    assert "“基础设施”已有项目得分记录，不能删除。" in response.content.decode()
    assert ScoringCategory.objects.filter(pk=category.pk).exists()


def test_a_new_sheet_starts_switched_off(client):
    logged_in(client)
    base = {
        "code": "new-sheet",
        "name": "新评分表",
        "version": "1",
        "total_points": "100",
        "tiers": ["station", "room"],
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-order": "1",
        "categories-0-name": "基础设施",
    }
    response = client.post("/admin/performance/scoringsheet/add/", {**base, "is_active": "on"})
    assert response.status_code == 200
    assert "新建评分表请先不勾选“启用”" in response.content.decode()
    assert not ScoringSheet.objects.filter(code="new-sheet").exists()
    response = client.post("/admin/performance/scoringsheet/add/", base)
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet = ScoringSheet.objects.get(code="new-sheet")
    assert sheet.tiers == ["station", "room"] and not sheet.is_active
    assert sheet.categories.get().name == "基础设施"


def _profile_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "floor_area_m2": "120.5",
        "weekly_hours": "40",
        "posts": "法律咨询\n法律援助\n\n人民调解",
        "signage": ["name", "logo"],
        "street_level": "on",
    }
    data.update(overrides)
    return data


def test_a_point_profile_is_saved_as_the_workbench_saves_it(client, network):
    logged_in(client)
    response = client.post(
        "/admin/performance/pointprofile/add/",
        _profile_form(point=network.centre.pk, stationed_agencies=[network.legal_aid_centre.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = PointProfile.objects.get(point=network.centre)
    assert profile.posts == ["法律咨询", "法律援助", "人民调解"]
    assert profile.signage == {
        "name": True,
        "logo": True,
        "layout": False,
        "services": False,
        "process": False,
        "rules": False,
    }
    assert profile.floor_area_m2 == Decimal("120.5") and profile.street_level
    assert list(profile.stationed_agencies.all()) == [network.legal_aid_centre]
    event = Event.objects.get(verb="performance.profile_updated")
    assert event.data["posts"] == ["法律咨询", "法律援助", "人民调解"] and event.data["created"] is True
    page = client.get(f"/admin/performance/pointprofile/{profile.pk}/change/").content.decode()
    assert "法律咨询\n法律援助\n人民调解" in page


def test_a_bad_profile_names_every_problem(client, network):
    logged_in(client)
    profile = PointProfile.objects.create(point=network.centre, floor_area_m2=Decimal(80), posts=["法律咨询"])
    response = client.post(
        f"/admin/performance/pointprofile/{profile.pk}/change/",
        _profile_form(floor_area_m2="-5", weekly_hours="200", posts="调解\n调解"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in ("面积应大于 0", "每周开放时长应在 0 到 168 小时之间。", "岗位重复：调解。"):
        assert message in page, message
    profile.refresh_from_db()
    assert profile.floor_area_m2 == Decimal(80) and profile.posts == ["法律咨询"]
