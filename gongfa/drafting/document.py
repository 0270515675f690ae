"""The document a definition's layout makes of one interview (文书正文): what the review page shows
and what the .docx and the PDF print, built once so the three cannot differ.

A layout (definitions.py) is a list of sections, each a table of rows in the order of the court's
element-style form (要素式): a row's label and its content, written from placeholders over the
answers and the computed values, with yes/no and choice answers shown as ☑/☐ boxes the way the
printed forms show them. A platform-authored template (``official: false``) says so in the footer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongfa.drafting.compute import Computation, Interest, amount_in_words
from gongfa.drafting.definitions import PLACEHOLDER, PLACEHOLDER_NAME, Definition, FieldSpec, Row

CHECKED, UNCHECKED = "☑", "☐"
NOT_OFFICIAL = "本文书由公共法律服务平台按法律规定自拟格式制作，非人民法院、仲裁机构发布的官方示范文本，使用前请核对。"
OFFICIAL = "本文书依照最高人民法院、司法部、中华全国律师协会发布的要素式示范文本制作。"


@dataclass(frozen=True)
class DocumentRow:
    label: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class DocumentSection:
    title: str
    rows: tuple[DocumentRow, ...]


@dataclass(frozen=True)
class Document:
    """A made document, ready for the review page and both renderers."""

    title: str
    code: str
    version: int
    official: bool
    sections: tuple[DocumentSection, ...]
    addressee: str = ""
    signer: str = ""
    dated: str = ""
    footer: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def all_text(self) -> str:
        """Everything printed, for the checks that nothing was left unfilled."""
        parts = [self.title, self.addressee, self.signer, self.dated, self.footer]
        for section in self.sections:
            parts.append(section.title)
            for row in section.rows:
                parts += [row.label, row.text]
        return "\n".join(part for part in parts if part)


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def display(spec: FieldSpec | None, value: Any) -> str:
    """An answer or computed value as the document prints it."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, Interest):
        return _money(value.amount)
    if spec is not None and spec.type == "choice":
        return dict(spec.choices).get(str(value), str(value))
    if spec is not None and spec.type == "multichoice":
        labels = dict(spec.choices)
        return "、".join(labels.get(str(item), str(item)) for item in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return chinese_date(value)
    if isinstance(value, Decimal):
        if spec is not None and spec.type == "percent":
            return f"{value.normalize():f}%"
        if spec is not None and spec.type == "integer":
            return f"{value:f}"
        return _money(value)
    if isinstance(value, list):
        return "、".join(display(spec, item) for item in value)
    return str(value)


def boxes(spec: FieldSpec, value: Any) -> str:
    """A yes/no or choice answer as the printed form's boxes: ☑是　☐否."""
    if spec.type == "yesno":
        options = [(True, "是"), (False, "否")]
        return "　".join(f"{CHECKED if value is choice else UNCHECKED}{label}" for choice, label in options)
    chosen = set(value or []) if spec.type == "multichoice" else {value}
    return "　".join(f"{CHECKED if key in chosen else UNCHECKED}{label}" for key, label in spec.choices)


class _Writer:
    def __init__(self, definition: Definition, answers: dict[str, Any], computation: Computation) -> None:
        self.definition = definition
        self.answers = answers
        self.computation = computation
        self.specs: dict[str, FieldSpec] = {spec.name: spec for spec in definition.all_fields()}

    def lookup(self, name: str, item: dict[str, Any] | None) -> Any:
        if item is not None and name in item:
            return item[name]
        if name in self.computation.values:
            return self.computation.values[name]
        return self.answers.get(name)

    def fill(self, text: str, item: dict[str, Any] | None = None, number: int = 0) -> str:
        def replace(match: Any) -> str:
            found = PLACEHOLDER_NAME.match(match.group(1).strip())
            if found is None:  # refused on load; never printed raw
                return ""
            name, spec_name = found.group(1), found.group(2)
            if name == "#":
                return str(number)
            value = self.lookup(name, item)
            if spec_name == "words":
                amount = value.amount if isinstance(value, Interest) else value
                return amount_in_words(amount) if amount not in (None, "") else ""
            if spec_name == "explain":
                return value.explanation if isinstance(value, Interest) else ""
            return display(self.specs.get(name), value)

        return PLACEHOLDER.sub(replace, text)

    def row(self, row: Row) -> list[DocumentRow]:
        items: list[dict[str, Any] | None]
        if row.each:
            items = list(self.computation.groups.get(row.each) or self.answers.get(row.each) or [])
            if not items:
                return [DocumentRow(self.fill(row.label.replace("{#}", "")), ("无",))]
        else:
            items = [None]
        made = []
        for number, item in enumerate(items, start=1):
            if row.when is not None and not row.when.holds(self.lookup(row.when.field, item)):
                continue
            lines: list[str] = []
            if row.check:
                lines.append(boxes(self.specs[row.check], self.lookup(row.check, item)))
            if row.text:
                lines += self.fill(row.text, item, number).split("\n")
            made.append(DocumentRow(self.fill(row.label, item, number), tuple(line.rstrip() for line in lines)))
        return made


def build_document(
    definition: Definition, answers: dict[str, Any], computation: Computation, *, made_on: datetime.date
) -> Document:
    """The document of these answers (cleaned, gongfa.drafting.answers) and their computation."""
    writer = _Writer(definition, answers, computation)
    sections = tuple(
        DocumentSection(section.title, tuple(made for row in section.rows for made in writer.row(row)))
        for section in definition.sections
    )
    return Document(
        title=definition.title,
        code=definition.code,
        version=definition.version,
        official=definition.official,
        sections=sections,
        addressee=writer.fill(definition.addressee),
        signer=writer.fill(definition.signer),
        dated=chinese_date(made_on),
        footer=OFFICIAL if definition.official else NOT_OFFICIAL,
        warnings=tuple(computation.warnings),
    )
