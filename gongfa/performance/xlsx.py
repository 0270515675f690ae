"""A small xlsx writer shared by the performance pages: a workbook made of titled tables.

The dashboards export the tables they show beside their charts, the monthly report and the
bulletin export their forms; all of them go through here so every workbook looks the same
(bold header, frozen header row, sensible column widths) and no cell can become a formula.

API::

    from gongfa.performance.xlsx import Table, workbook_from_tables, xlsx_response

    table = Table(
        title="各地区工单受理量",              # the sheet's name (cut to 31 characters, []:*?/\\ replaced)
        columns=["地区", "受理量", "按时办结率"],
        rows=[["甲县", 120, Decimal("0.95")], ["乙县", 80, None]],
        caption="2025年1月—2025年12月",        # optional: a line above the header
        formats={2: PERCENT},                  # optional: number format per column index (0-based)
        notes=["按时办结率 = 按时办结数 ÷ 办结数"],  # optional: lines below the table
        sheet="",                              # optional: tables naming the same sheet are stacked on it
    )
    content: bytes = workbook_from_tables([table, ...])
    return xlsx_response("工单统计.xlsx", content)  # an HttpResponse that downloads the file

Cell values may be ``str``, ``int``, ``float``, ``Decimal``, ``date``/``datetime``, ``bool`` or
``None`` (an empty cell).  Strings are always written as text (a leading ``=`` stays text: no
formula injection) and characters that xlsx cannot hold (control characters) are dropped.
The caller decides what goes in: this module never looks at the database, so it is the
caller's job to put no personal data in an export.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Union

from django.http import HttpResponse
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Cell = Union[str, int, float, Decimal, dt.date, dt.datetime, bool, None]  # noqa: UP007 (a runtime alias)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Number formats for ``Table.formats``.
PERCENT = "0.0%"
DECIMAL_2 = "0.00"
INTEGER = "#,##0"
DATE = "yyyy-mm-dd"

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_MAX_SHEET_TITLE = 31
_MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class Table:
    """One titled table: a header row and rows of cells (see the module's docstring)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    caption: str = ""
    formats: Mapping[int, str] = field(default_factory=dict)
    notes: Sequence[str] = ()
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet title for ``name``: forbidden characters replaced, at most 31
    characters, a numeric suffix when ``taken`` already holds it."""
    title = _SHEET_TITLE_FORBIDDEN.sub("_", _ILLEGAL_CHARACTERS.sub("", name)).strip().strip("'") or "Sheet"
    title = title[:_MAX_SHEET_TITLE]
    if taken is None:
        return title
    candidate, number = title, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({number})"
        candidate = title[: _MAX_SHEET_TITLE - len(suffix)] + suffix
        number += 1
    return candidate


def _clean(value: Cell) -> Cell:
    if isinstance(value, str):
        return _ILLEGAL_CHARACTERS.sub("", value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # xlsx has no time zones; the caller gives local time
    return value


def _width(value: Cell) -> int:
    if value is None:
        return 0
    text = str(value)
    # A CJK character is about two Latin ones wide.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_table(sheet: Worksheet, table: Table, start_row: int, widths: dict[int, int]) -> int:
    """Write ``table`` from ``start_row`` (1-based); return the next free row."""
    from openpyxl.styles import Alignment, Font

    row = start_row
    if table.sheet and table.title:  # stacked tables name themselves; a sheet's own table is named by its tab
        cell = sheet.cell(row=row, column=1, value=_clean(table.title))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=12)
        row += 1
    if table.caption:
        cell = sheet.cell(row=row, column=1, value=_clean(table.caption))
        cell.data_type = "s"
        cell.font = Font(italic=True)
        row += 1
    header_row = row
    for index, name in enumerate(table.columns):
        cell = sheet.cell(row=row, column=index + 1, value=_clean(name))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths[index] = max(widths.get(index, 0), _width(name))
    row += 1
    for values in table.rows:
        for index, value in enumerate(values):
            value = _clean(value)
            cell = sheet.cell(row=row, column=index + 1, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            number_format = table.formats.get(index)
            if number_format:
                cell.number_format = number_format
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = DATE
            widths[index] = max(widths.get(index, 0), _width(value))
        row += 1
    for note in table.notes:
        cell = sheet.cell(row=row, column=1, value=_clean(note))
        cell.data_type = "s"
        row += 1
    if header_row == 1 and not table.sheet:
        sheet.freeze_panes = sheet.cell(row=2, column=1)
    return row


def workbook_from_tables(tables: Sequence[Table]) -> bytes:
    """The bytes of an xlsx workbook holding ``tables``: one sheet per table, in order, except
    that tables naming the same ``sheet`` are stacked on it with a blank row between them.
    An empty list gives a workbook with one empty sheet."""
    import openpyxl  # imported here: it costs every process a noticeable start-up

    workbook = openpyxl.Workbook()
    default = workbook.active
    sheets: dict[str, tuple[Worksheet, int, dict[int, int]]] = {}
    taken: set[str] = set()
    for table in tables:
        key = table.sheet_name
        if key not in sheets:
            title = sheet_title(key, taken)
            taken.add(title)
            if not sheets and default is not None:
                sheet = default
                sheet.title = title
            else:
                sheet = workbook.create_sheet(title)
            sheets[key] = (sheet, 1, {})
        sheet, next_row, widths = sheets[key]
        if next_row > 1:
            next_row += 1  # a blank row between stacked tables
        next_row = _write_table(sheet, table, next_row, widths)
        sheets[key] = (sheet, next_row, widths)
    for sheet, _, widths in sheets.values():
        from openpyxl.utils import get_column_letter

        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), _MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """An HTTP response that downloads ``content`` as ``filename`` (Chinese names are fine:
    RFC 5987 ``filename*``). Not cached by shared caches."""
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response
