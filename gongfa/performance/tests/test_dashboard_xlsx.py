"""The shared xlsx writer (gongfa.performance.xlsx)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl

from gongfa.performance.xlsx import PERCENT, Table, sheet_title, workbook_from_tables, xlsx_response


def _load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_one_sheet_per_table_with_header_rows_and_formats() -> None:
    content = workbook_from_tables(
        [
            Table(
                "受理量",
                ["地区", "受理量", "按时办结率"],
                [["甲县", 120, Decimal("0.95")], ["乙县", 80, None]],
                formats={2: PERCENT},
            ),
            Table("趋势", ["月份", "受理量"], [[dt.date(2025, 1, 1), 3]], caption="2025年", notes=["注：测试"]),
        ]
    )
    workbook = _load(content)
    assert workbook.sheetnames == ["受理量", "趋势"]
    first = workbook["受理量"]
    assert [list(r) for r in first.iter_rows(values_only=True)] == [
        ["地区", "受理量", "按时办结率"],
        ["甲县", 120, 0.95],
        ["乙县", 80, None],
    ]
    assert first["C2"].number_format == PERCENT
    assert first.freeze_panes == "A2"
    second = list(workbook["趋势"].iter_rows(values_only=True))
    assert second[0][0] == "2025年"
    assert second[1] == ("月份", "受理量")
    assert second[2][0] == dt.datetime(2025, 1, 1)
    assert second[3][0] == "注：测试"


def test_tables_naming_one_sheet_are_stacked() -> None:
    content = workbook_from_tables([Table("甲", ["a"], [[1]], sheet="汇总"), Table("乙", ["b"], [[2]], sheet="汇总")])
    workbook = _load(content)
    assert workbook.sheetnames == ["汇总"]
    assert list(workbook["汇总"].iter_rows(values_only=True)) == [("甲",), ("a",), (1,), (None,), ("乙",), ("b",), (2,)]


def test_text_never_becomes_a_formula_and_control_characters_are_dropped() -> None:
    content = workbook_from_tables([Table("t", ["x"], [["=1+1"], ["a\x07b"]])])
    sheet = _load(content)["t"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "ab"


def test_sheet_titles_are_valid_and_unique() -> None:
    assert sheet_title("a/b:c*?[d]") == "a_b_c___d_"
    assert len(sheet_title("字" * 40)) == 31
    assert sheet_title("表", {"表"}) == "表(2)"
    content = workbook_from_tables([Table("同名", ["a"], []), Table("同名", ["b"], [], sheet="同名 ")])
    assert len(_load(content).sheetnames) == 2


def test_empty_workbook_and_response() -> None:
    assert _load(workbook_from_tables([])).sheetnames
    response = xlsx_response("工单统计", b"data")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(".xlsx")
