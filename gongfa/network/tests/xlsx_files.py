"""Workbooks for the import tests: a header and rows, as an upload would bring them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from gongfa.network.imports import SheetKind


def workbook(kind: type[SheetKind], rows: Sequence[dict[str, Any]], header: Sequence[str] | None = None) -> io.BytesIO:
    """An xlsx with `kind`'s columns (or `header`) and one line per dict (column → value)."""
    names = list(header if header is not None else kind.column_names())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(names)
    for row in rows:
        sheet.append([row.get(name, "") for name in names])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer
