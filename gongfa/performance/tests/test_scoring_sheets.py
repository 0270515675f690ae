"""The scoring sheets as data: the shipped 100-point sheet, and a bad file named by file and item."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongfa.performance.models import ScoringItem, ScoringSheet
from gongfa.performance.sheets_loader import SHEETS_DIR, SheetError, check_sheet, load_all

pytestmark = pytest.mark.django_db


def shipped() -> dict:
    return json.loads((SHEETS_DIR / "centre_standard_100.json").read_text(encoding="utf-8"))


def test_the_shipped_sheet_loads_with_six_categories_and_27_items_adding_up_to_100():
    (sheet,) = load_all()
    assert sheet.total_points == Decimal(100)
    assert "示例，按本地评分细则调整" in sheet.description
    categories = list(sheet.categories.order_by("order").values_list("name", flat=True))
    assert categories == ["外观标识", "基础设施", "功能设置", "队伍建设", "制度建设", "业务开展"]
    items = ScoringItem.objects.filter(category__sheet=sheet)
    assert items.count() == 27
    assert sum(item.points for item in items) == Decimal(100)
    computed = set(items.exclude(computed_by="").values_list("computed_by", flat=True))
    assert computed >= {"opening_hours", "staffing", "satisfaction", "on_time_rate", "signage", "floor_area"}
    floor = items.get(code="floor_area")
    assert floor.parameters["min_area_by_level"] == {"2": 200, "3": 100}


def test_loading_again_updates_in_place(tmp_path: Path):
    load_all()
    data = shipped()
    data["categories"][0]["items"][0]["name"] = "六统一（改）"
    (tmp_path / "sheet.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    load_all(tmp_path)
    assert ScoringSheet.objects.count() == 1
    assert ScoringItem.objects.get(code="signage").name == "六统一（改）"
    assert ScoringItem.objects.count() == 27


def test_every_problem_names_the_file_and_the_item():
    data = shipped()
    items = data["categories"][1]["items"]
    items[0]["points"] = 6  # floor_area 5 → 6: the sum is 101
    items[1]["computed_by"] = "no_such_rule"
    items[2]["points"] = -1
    items[3]["code"] = "floor_area"  # duplicate
    data["categories"][3]["items"][0]["parameters"] = {"min_staff": "五"}
    problems = check_sheet(data, "bad.json")
    text = "\n".join(problems)
    assert all(problem.startswith("bad.json：") for problem in problems)
    assert "项目 street_level：未知的系统计算规则“no_such_rule”" in text
    assert "项目 functional_zones：分值 points 应为正数" in text
    assert "项目 floor_area：项目代码重复" in text
    assert "项目 staffing：参数 min_staff" in text
    # 100 − 4 (functional_zones refused) + 1 (floor_area 6) = 97
    assert "各项分值合计 97 分，与满分 100 分不符" in text


def test_points_that_do_not_add_up_are_refused():
    data = shipped()
    data["categories"][5]["items"][4]["points"] = 4  # publicity 5 → 4
    assert check_sheet(data, "x.json") == ["x.json：各项分值合计 99 分，与满分 100 分不符。"]


def test_a_bad_file_loads_nothing(tmp_path: Path):
    good = shipped()
    good["code"] = "sheet-a"  # not the shipped sheet, which the migration has loaded
    bad = copy.deepcopy(good)
    bad["code"] = "other"
    bad["total_points"] = 90
    (tmp_path / "a.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "c.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SheetError) as caught:
        load_all(tmp_path)
    assert any(p.startswith("b.json：各项分值合计 100 分，与满分 90 分不符") for p in caught.value.problems)
    assert any(p.startswith("c.json：无法读取") for p in caught.value.problems)
    assert not ScoringSheet.objects.filter(code__in=["sheet-a", "other"]).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(code="空 格"), "评分表代码 code"),
        (lambda d: d.update(tiers=["castle"]), "适用层级 tiers"),
        (lambda d: d.update(categories=[]), "请列出评分类别"),
        (lambda d: d["categories"][0]["items"][1].update(parameters={"x": 1}), "项目 door_plate：没有系统计算规则"),
        (lambda d: d["categories"][0]["items"][1].update(points="2.125"), "项目 door_plate：分值 points"),
        (lambda d: d["categories"][0]["items"][1].update(points=True), "项目 door_plate：分值 points"),
        (
            lambda d: d["categories"][2]["items"][1].update(parameters={"required_kinds": ["castle"]}),
            "项目 stationed_agencies：参数 required_kinds 含未知取值：castle",
        ),
        (
            lambda d: d["categories"][5]["items"][0].update(parameters={"bands": [[95, 2]]}),
            "项目 satisfaction：参数 bands",
        ),
    ],
)
def test_bad_sheet_data(change, message):
    data = shipped()
    change(data)
    assert any(message in problem for problem in check_sheet(data, "s.json"))
