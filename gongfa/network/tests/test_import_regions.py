"""行政区划 import: all rows or none, every bad row reported as 第N行：…; the sheet-level refusals
(empty, wrong template, not a workbook) live here too, as the one shared mechanism."""

from __future__ import annotations

import io

import pytest

from gongfa.network.choices import RegionLevel
from gongfa.network.imports import NetworkImportError, RegionSheet, import_sheet
from gongfa.network.models import Region
from gongfa.network.tests.xlsx_files import workbook
from gongfa.testing.factories import build_network

pytestmark = pytest.mark.django_db


def refused(rows: list[dict[str, object]], **kwargs: object) -> list[str]:
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(RegionSheet, workbook(RegionSheet, rows, **kwargs))  # type: ignore[arg-type]
    assert caught.value.message.startswith("导入未进行，未写入任何数据")
    return caught.value.errors


def test_rows_become_regions_parents_first_whatever_the_order():
    build_network(townships=1, villages_per_township=1)
    report = import_sheet(
        RegionSheet,
        workbook(
            RegionSheet,
            [
                {"区划代码": "330102009001", "名称": "新村", "纬度": "30.1", "经度": "120.2", "脱贫村": "是"},
                {"区划代码": 330102009000, "名称": "新镇"},  # a number cell, as Excel keeps a typed code
            ],
        ),
    )
    assert report.created == 2 and report.summary() == "行政区划导入完成：新增 2 条。"
    village = Region.objects.get(code="330102009001")
    assert village.level == RegionLevel.VILLAGE and village.parent is not None and village.parent.name == "新镇"
    assert village.is_poverty_village and str(village.latitude) == "30.100000"


def test_three_bad_rows_among_good_ones_all_reported_and_nothing_imported():
    """The must-show: three bad rows among good ones; all three errors, not one region added."""
    build_network(townships=1, villages_per_township=1)
    before = Region.objects.count()
    errors = refused(
        [
            {"区划代码": "330102007000", "名称": "好镇"},
            {"区划代码": "33010200700X", "名称": "坏代码"},  # row 3
            {"区划代码": "330102007001", "名称": "好村"},
            {"区划代码": "330102001000", "名称": "已有的镇"},  # row 5: build_network made it
            {"区划代码": "330102007002", "名称": ""},  # row 6
            {"区划代码": "330102007003", "名称": "另一个好村"},
        ]
    )
    assert len(errors) == 3, errors
    assert errors[0] == "第3行：行政区划代码应为12位数字。"
    assert errors[1] == "第5行：区划代码 330102001000 已存在。"
    assert errors[2] == "第6行：名称为空。"
    assert Region.objects.count() == before
    assert not Region.objects.filter(code__startswith="330102007").exists()


def test_duplicates_in_the_file_a_missing_parent_and_a_bad_flag():
    build_network(townships=1, villages_per_township=1)
    errors = refused(
        [
            {"区划代码": "330102001005", "名称": "甲村"},
            {"区划代码": "330102001005", "名称": "甲村"},
            {"区划代码": "330102008001", "名称": "无镇之村"},
            {"区划代码": "330102001006", "名称": "乙村", "脱贫村": "大概"},
            {"区划代码": "330102001007", "名称": "丙村", "纬度": "95"},
            {"区划代码": "330102001000", "名称": "镇", "脱贫村": "是"},
        ]
    )
    assert errors == [
        "第3行：区划代码“330102001005”与第2行重复。",
        "第4行：上级区划 330102008000 不存在，请先添加上级区划。",
        "第5行：脱贫村“大概”无效，应填“是”或“否”。",
        "第6行：纬度“95”无效，应为 -90 到 90 之间的数。",
        "第7行：区划代码 330102001000 已存在。",
    ]
    assert not Region.objects.filter(code="330102001005").exists()


def test_poverty_flag_only_on_villages():
    build_network(townships=1, villages_per_township=1)
    errors = refused([{"区划代码": "330102004000", "名称": "丁镇", "脱贫村": "是"}])
    assert errors == ["第2行：脱贫村：只有村(社区)可以标为脱贫村，“丁镇”是乡镇(街道)级。"]
    assert not Region.objects.filter(code="330102004000").exists()


def test_an_empty_sheet_is_refused():
    assert refused([]) == ["文件中没有数据行。"]


def test_a_wrong_template_names_the_missing_columns():
    errors = refused([{"代码": "330102001001"}], header=["代码", "纬度"])
    assert errors == ["第1行：表头缺少“区划代码”“名称”列（表头应为：区划代码、名称、纬度、经度、脱贫村）。"]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(RegionSheet, io.BytesIO(b"code,name\n330102001001,x\n"))
    assert caught.value.errors == ["无法读取文件：请上传 Excel 工作簿（.xlsx）。"]
