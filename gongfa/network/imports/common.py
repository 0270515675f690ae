"""What every network import shares: a sheet kind (its columns, notes and examples, and how one
row is written), and the run that imports a workbook of that kind all or nothing.

A run reads the sheet (gongfa.core.xlsx), then goes through the rows inside one transaction:
each row is checked (its cells, duplicates in the file, what it refers to), and a row that passes
is written at once through the network's services, in a savepoint, so that a rule a service holds
(an adviser's eligibility, the five-village limit, a region's parent) is checked against what the
earlier rows wrote and its refusal becomes that row's error. After the last row, one error
anywhere rolls the whole transaction back: nothing is imported, and every error is reported,
第N行：…, in row order.
"""

from __future__ import annotations

import decimal
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.i18n import Label, stored_text
from gongfa.core.xlsx import (
    NO_ROWS,
    ImportRejected,
    SheetRow,
    cell_text,
    parse_date,
    parse_yes_no,
    read_xlsx,
    row_error,
    template_workbook,
)
from gongfa.network.models import Region

if TYPE_CHECKING:
    import datetime

    from gongfa.accounts.models import User

LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")


class NetworkImportError(ImportRejected):
    code = "network_import_invalid"


class RowProblem(Exception):
    """Raised while checking one row: the row's problems so far (each without 第N行)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Column:
    name: str
    note: Label
    required: bool = False


@dataclass
class ImportReport:
    title: Label
    created: int = 0

    def summary(self) -> str:
        return gettext("{title}导入完成：新增 {count} 条。").format(title=self.title, count=self.created)


class Row:
    """One sheet row being checked: typed reads of its cells that note each problem instead of
    stopping at the first, so a row reports all of its problems."""

    def __init__(self, sheet_row: SheetRow) -> None:
        self.line = sheet_row.line
        self.cells = sheet_row.cells
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = cell_text(self.cells.get(column))
        if required and not value:
            self.problem(gettext("{column}为空。").format(column=column))
        elif max_length is not None and len(value) > max_length:
            self.problem(
                gettext("{column}超过 {max_length} 个字（现在 {len} 个字）。").format(
                    column=column, max_length=max_length, len=len(value)
                )
            )
        return value

    def code(self, column: str, *, required: bool = True) -> str:
        """A region code cell: digits, whether Excel kept it as text or as a number."""
        value = self.text(column, required=required)
        return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value

    def choice(self, column: str, choices: type[models.Choices], *, required: bool = True) -> Any:
        """A choice by its label (公共法律服务工作站) or its value (station); None when blank."""
        word = self.text(column, required=required)
        if not word:
            return None
        found = choice_by_word(choices, word)
        if found is None:
            self.problem(
                gettext("{column}“{word}”无效，应为{join}之一。").format(
                    column=column, word=word, join="、".join(f"“{label}”" for label in choices.labels)
                )
            )
        return found

    def choices(self, column: str, choices: type[models.Choices]) -> list[str]:
        """A list of choices separated by 、 or ；, as values."""
        values: list[str] = []
        for word in split_list(self.text(column)):
            found = choice_by_word(choices, word)
            if found is None:
                self.problem(
                    gettext("{column}中的“{word}”无效，可选：{join}。").format(
                        column=column, word=word, join="、".join(str(label) for label in choices.labels)
                    )
                )
            elif found.value not in values:
                values.append(found.value)
        return values

    def yes_no(self, column: str, *, default: bool) -> bool:
        if not self.text(column):
            return default
        try:
            return parse_yes_no(self.cells.get(column))
        except ValueError:
            self.problem(
                gettext("{column}“{text}”无效，应填“是”或“否”。").format(column=column, text=self.text(column))
            )
            return default

    def date(self, column: str) -> datetime.date | None:
        try:
            return parse_date(self.cells.get(column))
        except (ValueError, OverflowError):
            self.problem(
                gettext("{column}“{text}”不是有效日期（应写成 2026-06-30）。").format(
                    column=column, text=self.text(column)
                )
            )
            return None

    def coordinate(self, column: str, limit: int) -> decimal.Decimal | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = decimal.Decimal(text).quantize(decimal.Decimal("0.000001"))
        except (decimal.InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite() or abs(value) > limit:
            self.problem(
                gettext("{column}“{text}”无效，应为 -{limit} 到 {limit} 之间的数。").format(
                    column=column, text=text, limit=limit
                )
            )
            return None
        return value

    def validated(self, column: str, value: str, validator: Callable[[str], None]) -> bool:
        """Run a field validator; its message (never the value: it may be personal data) is the problem."""
        try:
            validator(value)
        except ValidationError as exc:
            self.problem(f"{column}：{''.join(exc.messages)}")
            return False
        return True

    def region(self, column: str, regions: dict[str, Region], *, required: bool = True) -> Region | None:
        code = self.code(column, required=required)
        if not code:
            return None
        found = regions.get(code)
        if found is None:
            self.problem(gettext("{column}“{code}”不存在。").format(column=column, code=code))
        return found

    def model_problems(self, instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
        """The model's own field validators and clean(), each problem named by its column (the
        field's verbose name). Uniqueness is the import's to check, once for the whole file."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = _label(instance, name)
                for message in messages:
                    self.problem(f"{label}：{message}" if label else message)

    def done(self) -> None:
        """Raise RowProblem when anything was noted."""
        if self.problems:
            raise RowProblem(self.problems)


def _label(instance: models.Model, name: str) -> str:
    try:
        return str(getattr(instance._meta.get_field(name), "verbose_name", ""))
    except FieldDoesNotExist:  # NON_FIELD_ERRORS: a problem of the whole row
        return ""


def choice_by_word(choices: type[models.Choices], word: str) -> Any:
    """The choice `word` names: its label (as the page shows it, or in the site's language, so a
    sheet filled in Chinese imports from an English page too) or its value."""
    for choice in choices:
        if word in (str(choice.label), stored_text(choice.label), str(choice.value)):
            return choice
    return None


def split_list(text: str) -> list[str]:
    return [word for word in LIST_SEPARATORS.split(text) if word]


class Seen:
    """Keys already met in the file, to report a row that repeats an earlier one."""

    def __init__(self) -> None:
        self.lines: dict[Any, int] = {}

    def repeat(self, key: Any, line: int) -> int | None:
        """The earlier row with `key`, or None (and `key` is remembered as this row's)."""
        earlier = self.lines.get(key)
        if earlier is None:
            self.lines[key] = line
        return earlier


def places_by_name(found: Iterable[Any]) -> dict[str, list[Any]]:
    """Service points or agencies by name (a name may be shared)."""
    places: dict[str, list[Any]] = defaultdict(list)
    for place in found:
        places[place.name].append(place)
    return places


def one_by_name(row: Row, column: str, name: str, places: dict[str, list[Any]]) -> Any:
    """The one place called `name`, or None with the row's problem (none, or several)."""
    found = places.get(name, [])
    if len(found) != 1:
        row.problem(
            gettext("{column}“{name}”{value}。").format(
                column=column, name=name, value=gettext("不存在") if not found else gettext("有多个同名，无法确定")
            )
        )
        return None
    return found[0]


def regions_by_code(rows: Sequence[SheetRow], *columns: str) -> dict[str, Region]:
    """The regions the rows name in `columns`, by code (one query)."""
    codes = {Row(r).code(column, required=False) for r in rows for column in columns}
    return {region.code: region for region in Region.objects.filter(code__in=codes - {""})}


class SheetKind:
    """One kind of sheet. Subclasses name the columns and write one row (`write_row`), raising
    RowProblem or DomainError when it cannot be written."""

    slug = ""
    title: Label = ""  # 行政区划: names the model in the page and the summary
    columns: tuple[Column, ...] = ()
    examples: tuple[tuple[Any, ...], ...] = ()

    def __init__(self, rows: Sequence[SheetRow], *, actor: User | None, channel: str) -> None:
        self.rows = rows
        self.actor = actor
        self.channel = channel
        self.seen = Seen()

    @classmethod
    def column_names(cls) -> tuple[str, ...]:
        return tuple(c.name for c in cls.columns)

    @classmethod
    def required(cls) -> tuple[str, ...]:
        return tuple(c.name for c in cls.columns if c.required)

    @classmethod
    def template(cls) -> bytes:
        return template_workbook(
            str(cls.title),
            cls.column_names(),
            required=cls.required(),
            examples=cls.examples,
            notes=[(c.name, str(c.note)) for c in cls.columns],
        )

    def ordered(self) -> Sequence[SheetRow]:
        """The order rows are written in (file order unless a kind needs another)."""
        return self.rows

    def write_row(self, row: Row) -> None:
        raise NotImplementedError


def import_sheet(
    kind: type[SheetKind],
    source: str | Path | IO[bytes],
    *,
    actor: User | None = None,
    channel: str = Channel.WORKBENCH,
) -> ImportReport:
    """Import a workbook of `kind`: every row or none. Raises NetworkImportError listing every
    problem (第N行：…) and then nothing is written."""
    rows = read_xlsx(source, required=kind.required(), columns=kind.column_names(), error_class=NetworkImportError)
    if not rows:
        raise NetworkImportError([str(NO_ROWS)])
    report = ImportReport(kind.title)
    errors: list[tuple[int, str]] = []
    with transaction.atomic():
        importer = kind(rows, actor=actor, channel=channel)
        for sheet_row in importer.ordered():
            row = Row(sheet_row)
            try:
                with transaction.atomic():
                    importer.write_row(row)
            except RowProblem as exc:
                errors.extend((row.line, problem) for problem in exc.problems)
            except DomainError as exc:
                errors.extend((row.line, problem.message) for problem in exc.problems)
            except IntegrityError:
                errors.append((row.line, gettext("与已有数据重复或冲突。")))
            else:
                report.created += 1
        if errors:
            errors.sort(key=lambda item: item[0])  # stable: a row's problems keep their order
            raise NetworkImportError([row_error(line, problem) for line, problem in errors])
    return report
