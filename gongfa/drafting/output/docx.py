"""The document as an editable Word file (.docx), filled by docxtpl into ``templates/document.docx``
(made by ``make_docx_template.py``; the layout is described there).

Text is placed, never interpreted: the Jinja environment escapes every value (autoescape), so a
``<``, ``&`` or ``"`` in an answer is text in the file, not markup; characters XML cannot hold (C0
controls other than tab and line break) are dropped first (``context.printable``). A line break inside a value becomes a
``<w:br/>`` (docxtpl turns ``\\n`` into one); each of a row's lines is a paragraph of its own, written
as a RichText so that ☑/☐ get a font that has them (Segoe UI Symbol in Word; other programs fall
back to one of theirs, e.g. DejaVu Sans in LibreOffice).
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichText
from jinja2 import Environment, StrictUndefined

from gongfa.drafting.document import CHECKED, UNCHECKED, Document
from gongfa.drafting.output.context import document_context, printable

TEMPLATE = Path(__file__).resolve().parent / "templates" / "document.docx"
BOX_FONT = "eastAsia:Segoe UI Symbol"  # docxtpl: ascii, hAnsi, cs and eastAsia all Segoe UI Symbol
BOXES = re.compile(f"([{CHECKED}{UNCHECKED}]+)")


def rich_line(line: str) -> RichText:
    """One line of a row as runs: the text in the paragraph's font, ☑/☐ in the box font."""
    rich = RichText()
    for part in BOXES.split(line):
        if not part:
            continue
        if BOXES.fullmatch(part):
            rich.add(part, font=BOX_FONT)
        else:
            rich.add(part)
    return rich


def docx_context(document: Document) -> dict[str, Any]:
    """The shared context (printable text), each row's lines as RichText."""
    context = document_context(document)
    for section in context["sections"]:
        section["rows"] = [
            {"label": row.label, "lines": [rich_line(line) for line in row.lines]} for row in section["rows"]
        ]
    return context


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    template = DocxTemplate(TEMPLATE)
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    template.render(docx_context(document), jinja_env=environment)
    properties = template.docx.core_properties
    properties.title = printable(document.title)
    properties.keywords = f"{document.code} v{document.version}"
    properties.created = properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
