"""Spreadsheet import (xlsx 导入), the one mechanism every bulk import uses.

An import reads the first sheet of an Excel workbook whose first row names the columns, checks
every row, and writes all rows or none: each bad row is reported as 第N行：… (N is the row number
Excel shows), every problem of the file at once, and `ImportRejected` carries them. The header
must have the required columns (a missing one is named); an empty sheet, a file that is not a
workbook and a sheet over `max_rows` are refused the same way.

`template_workbook` builds the blank template an administrator downloads (header, example rows,
a sheet of notes); `XlsxUploadForm` is the upload. Values of personal data never go into an error
message: a message says which column is wrong, not what it holds.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.errors import DomainError
from gongfa.core.forms import Form

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MAX_ROWS = 5000
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
NOT_A_WORKBOOK = _("无法读取文件：请上传 Excel 工作簿（.xlsx）。")
NO_ROWS = _("文件中没有数据行。")
WHOLE_FILE_NOTE = _("只读取第一个工作表；第一行为表头，不要改动。示例行请删除或改成实际数据。有一行出错则全部不导入。")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
YES_WORDS = frozenset({"是", "Y", "YES", "TRUE", "1", "✓", "√"})
NO_WORDS = frozenset({"否", "N", "NO", "FALSE", "0", ""})


class ImportRejected(DomainError):
    """The file cannot be imported; `errors` lists every problem (第N行：…). Nothing was written."""

    code = "import_invalid"

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__(
            gettext("导入未进行，未写入任何数据：文件中有 {count} 处错误。").format(count=len(self.errors))
        )


@dataclass(frozen=True)
class SheetRow:
    """One row as read: its row number in the sheet and the cells by column name."""

    line: int
    cells: dict[str, Any]

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))


@dataclass
class RowErrors:
    """The problems found so far, each as 第N行：…, in the order found."""

    errors: list[str] = field(default_factory=list)

    def add(self, line: int, problem: str) -> None:
        self.errors.append(row_error(line, problem))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self, error_class: type[ImportRejected] = ImportRejected) -> None:
        if self.errors:
            raise error_class(self.errors)


def row_error(line: int, problem: str) -> str:
    return gettext("第{row}行：{message}").format(row=line, message=problem)


def cell_text(value: Any) -> str:
    """A cell as trimmed text: blank for an empty cell, 12 rather than 12.0 for a whole number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """A date cell (date, datetime, Excel serial number) or text such as 2025-06-30; None when
    blank; raises ValueError when it is not a date."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        if isinstance(converted, datetime.datetime):
            return converted.date()
        raise ValueError(value)
    text = cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_yes_no(value: Any) -> bool:
    """是/否 (also Y/N, TRUE/FALSE, 1/0; blank is 否); raises ValueError otherwise."""
    if isinstance(value, bool):
        return value
    text = cell_text(value).upper()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError(text)


def validation_messages(exc: ValidationError) -> list[str]:
    return [str(message) for message in exc.messages]


def check_header(
    names: Iterable[str],
    required: Sequence[str],
    columns: Sequence[str],
    error_class: type[ImportRejected] = ImportRejected,
) -> None:
    present = set(names)
    missing = [name for name in required if name not in present]
    if missing:
        raise error_class(
            [
                gettext("第1行：表头缺少“{join}”列（表头应为：{join2}）。").format(
                    join="”“".join(missing), join2="、".join(columns)
                )
            ]
        )


def read_xlsx(
    source: str | Path | IO[bytes],
    *,
    required: Sequence[str],
    columns: Sequence[str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    error_class: type[ImportRejected] = ImportRejected,
) -> list[SheetRow]:
    """The data rows of the first sheet, keyed by the header row; blank rows are skipped. Raises
    `error_class` when the file is not a readable xlsx, lacks a required column or is too long."""
    import openpyxl  # only when a sheet is read: it costs every manage.py process a noticeable start-up

    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # a broken or foreign file: zipfile, KeyError, openpyxl's own errors…
        raise error_class([str(NOT_A_WORKBOOK)]) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        names = [cell_text(cell) for cell in header or ()]
        check_header(names, required, columns or required, error_class)
        found: list[SheetRow] = []
        for line, values in enumerate(rows, start=2):
            cells = {name: value for name, value in zip(names, values, strict=False) if name}
            if all(cell_text(v) == "" for v in cells.values()):
                continue
            found.append(SheetRow(line, cells))
            if len(found) > max_rows:
                raise error_class([gettext("一次最多导入 {max_rows} 行，请分批导入。").format(max_rows=max_rows)])
        return found
    finally:
        workbook.close()


def template_workbook(
    title: str,
    columns: Sequence[str],
    *,
    required: Sequence[str] = (),
    examples: Iterable[Sequence[Any]] = (),
    notes: Iterable[tuple[str, str]] = (),
) -> bytes:
    """A workbook to fill in: the header (required columns marked bold and red), example rows,
    and a second sheet 填写说明 with a note per column."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="C00000" if cell.value in required else None)
    for example in examples:
        sheet.append(list(example))
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, len(str(name)) * 3)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(gettext("填写说明"))
    help_sheet.append([gettext("列"), gettext("说明")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    help_sheet.append([gettext("（整体）"), str(WHOLE_FILE_NOTE)])
    for name, note in notes:
        help_sheet.append([name, (gettext("必填。") if name in required else gettext("选填。")) + note])
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XlsxUploadForm(Form):
    """The upload of an import page: one .xlsx file, at most UPLOAD_MAX_BYTES."""

    file = forms.FileField(label=_("xlsx 文件"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args: Any, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = help_text or gettext("有一行出错则全部不导入。")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(gettext("请上传 Excel 工作簿（.xlsx 文件）。"))
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                gettext("文件不能超过 {value} MB。").format(value=UPLOAD_MAX_BYTES // 1024 // 1024)
            )
        return upload
