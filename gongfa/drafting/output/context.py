"""What both renderers print, in order, as plain values (the templates only place them).

Text is made printable first: line ends become ``\\n``, and control characters (C0 other than tab
and line break, DEL, C1), lone surrogates and non-characters are dropped. None has a glyph (a PDF
would show a box) and XML cannot hold most of them (a .docx would not open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gongfa.drafting.document import Document, DocumentRow, DocumentSection

# A row this short is kept on one page (a longer one, e.g. the facts, breaks where the page ends).
KEEP_CHARACTERS, KEEP_LINES = 300, 12
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def printable(text: str) -> str:
    return UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class AddresseeLine:
    text: str
    indent: bool  # 此致 starts two characters in; the court's name below it is flush left


@dataclass(frozen=True)
class PrintedRow:
    label: str
    lines: tuple[str, ...]  # at least one, perhaps empty
    keep: bool  # short enough to keep on one page


def addressee_lines(addressee: str) -> list[AddresseeLine]:
    lines = [line.strip() for line in printable(addressee).split("\n") if line.strip()]
    return [AddresseeLine(line, line.startswith("此致")) for line in lines]


def printed_row(row: DocumentRow) -> PrintedRow:
    lines = tuple(printable(line) for line in row.lines) or ("",)
    keep = sum(len(line) for line in lines) <= KEEP_CHARACTERS and len(lines) <= KEEP_LINES
    return PrintedRow(printable(row.label), lines, keep)


def printed_sections(sections: tuple[DocumentSection, ...]) -> list[dict[str, Any]]:
    """The sections with rows (a section whose rows all had their condition fail prints nothing)."""
    return [
        {"title": printable(section.title), "rows": [printed_row(row) for row in section.rows]}
        for section in sections
        if section.rows
    ]


def document_context(document: Document) -> dict[str, Any]:
    return {
        "title": printable(document.title),
        "code": document.code,
        "version": document.version,
        "official": document.official,
        "sections": printed_sections(document.sections),
        "addressee": addressee_lines(document.addressee),
        "signer": printable(document.signer),
        "dated": printable(document.dated),
        "footer": printable(document.footer),
    }
