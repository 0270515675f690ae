"""The monthly report and the bulletin as files: xlsx tables (through performance.xlsx) and the
values both the xlsx and the PDF show. No personal data: regions, indicators and figures only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from gongfa.performance.choices import Direction, RowKind, ValueType
from gongfa.performance.models import Bulletin, MonthlyReport, ReportCell
from gongfa.performance.xlsx import Cell, Table, workbook_from_tables


def cell_number(cell: ReportCell | None, value: Decimal | None = None) -> int | Decimal | None:
    """The cell's number as the file shows it: an integer row as an int, others as Decimal."""
    number = value if cell is None else (cell.value if value is None else value)
    if number is None:
        return None
    if cell is not None and cell.row.value_type == ValueType.INTEGER and number == number.to_integral_value():
        return int(number)
    return trim(number)


def trim(number: Decimal) -> Decimal:
    """12.5000 → 12.5, 30.0000 → 30 (never 3E+1)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def plain(number: int | Decimal | None) -> str:
    if number is None:
        return ""
    if isinstance(number, int):
        return str(number)
    return format(trim(number), "f")


def _change(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    """(value − before) ÷ |before| in per cent, one decimal; none when either is missing or before is 0."""
    if value is None or before in (None, 0):
        return None
    assert before is not None
    return ((value - before) / abs(before) * 100).quantize(Decimal("0.1"))


def report_lines(report: MonthlyReport, cells: list[ReportCell]) -> list[dict[str, Any]]:
    """Every row of the form in order (headings too) with its cell, as the files print them."""
    by_row = {cell.row_id: cell for cell in cells}
    lines: list[dict[str, Any]] = []
    for row in report.template.rows.select_related("indicator").order_by("order"):
        cell = by_row.get(row.pk)
        if row.kind == RowKind.HEADING or cell is None:
            lines.append({"row": row, "heading": True})
            continue
        value = cell_number(cell)
        previous = cell_number(cell, cell.previous) if cell.previous is not None else None
        last_year = cell_number(cell, cell.last_year) if cell.last_year is not None else None
        change = _change(cell.value, cell.previous)
        year_change = _change(cell.value, cell.last_year)
        lines.append(
            {
                "row": row,
                "heading": False,
                "cell": cell,
                "value": cell.text if row.value_type == ValueType.TEXT else value,
                "value_text": cell.text if row.value_type == ValueType.TEXT else plain(value),
                "previous": previous,
                "previous_text": plain(previous),
                "change": change,
                "change_text": "" if change is None else f"{plain(change)}%",
                "last_year": last_year,
                "last_year_text": plain(last_year),
                "year_change": year_change,
                "year_change_text": "" if year_change is None else f"{plain(year_change)}%",
                "source": "系统取数" if row.kind == RowKind.INDICATOR else "手工填报",
            }
        )
    return lines


def report_table(report: MonthlyReport, cells: list[ReportCell]) -> Table:
    rows: list[list[Cell]] = []
    for line in report_lines(report, cells):
        if line["heading"]:
            rows.append([line["row"].label, None, None, None, None, None, None])
        else:
            rows.append(
                [
                    line["row"].label,
                    line["value"],
                    line["previous"],
                    line["change_text"],
                    line["last_year"],
                    line["year_change_text"],
                    line["source"],
                ]
            )
    status = report.get_status_display()
    return Table(
        title=gettext("{month:%Y年%m月}月报").format(month=report.month),
        columns=["栏目", "本月", "上月", "环比变化", "上年同月", "同比变化", "取数方式"],
        rows=rows,
        caption=(
            gettext("{name}　填报单位：{name2}　月份：{month:%Y年%m月}　状态：{status}").format(
                name=report.template.name, name2=report.region.name, month=report.month, status=status
            )
        ),
        notes=[
            f"报送期限：{report.due_on:%Y-%m-%d}",
            "系统取数栏目由平台按月汇总数据生成；手工填报栏目由填报单位填写。",
        ],
    )


def report_xlsx(report: MonthlyReport, cells: list[ReportCell]) -> bytes:
    return workbook_from_tables([report_table(report, cells)])


def bulletin_table(bulletin: Bulletin) -> Table:
    rows = bulletin.rows or []
    names = [cell["name"] for cell in rows[0]["cells"]] if rows else list(bulletin.indicator_codes)
    units = [cell.get("unit", "") for cell in rows[0]["cells"]] if rows else ["" for _ in names]
    columns = ["地区"]
    for name, unit in zip(names, units, strict=True):
        columns += [f"{name}（{unit}）" if unit else name, f"{name}排名"]
    table_rows: list[list[Cell]] = []
    for row in rows:
        values: list[Cell] = [row["region_name"]]
        for cell in row["cells"]:
            values.append(None if cell["value"] is None else Decimal(cell["value"]))
            values.append(cell["rank"])
        table_rows.append(values)
    directions = []
    if rows:
        for cell in rows[0]["cells"]:
            word = "越低越好" if cell.get("direction") == Direction.LOWER else "越高越好"
            directions.append(f"{cell['name']}：{word}")
    return Table(
        title=gettext("通报"),
        columns=columns,
        rows=table_rows,
        caption=gettext("{title}　{period_start:%Y-%m-%d} 至 {period_end:%Y-%m-%d}").format(
            title=bulletin.title, period_start=bulletin.period_start, period_end=bulletin.period_end
        ),
        notes=["排名：数值相同者名次并列；无数据者不参加排名。", *directions],
    )


def bulletin_xlsx(bulletin: Bulletin) -> bytes:
    return workbook_from_tables([bulletin_table(bulletin)])
