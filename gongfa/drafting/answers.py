"""Answers to an interview, checked against their definition (代书填写校验).

`clean_answers` turns what a form or the API sent into typed values (Decimal, date, bool, lists, a
group's items) and refuses once with every problem found, each named by its path: `plaintiff_name`,
`loans.2.principal` (items counted from 1, as people count them). Questions hidden by a condition
are dropped, never checked. Required answers are enforced only when `complete` is asked for (saving
a half-filled step is allowed; generating the document is not).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from gongfa.core.errors import Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.drafting.definitions import Definition, FieldSpec

MONEY_LIMIT = Decimal("1000000000000")  # a trillion yuan: beyond any claim, below any overflow
TEXT_LIMIT = 5000
YES = {True, "true", "1", "yes", "on", "是"}
NO = {False, "false", "0", "no", "off", "否", ""}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _as_condition_value(definition: Definition, name: str, raw: Any) -> Any:
    """An answer as a condition compares it: a yes/no as True/False (a form sends "true"), a number
    as a Decimal, other answers as stripped text."""
    spec = definition.field(name)
    if spec is None or raw is None:
        return raw
    if spec.type == "yesno":
        text = str(raw).strip().lower() if not isinstance(raw, bool) else raw
        return True if text in YES else False if text in NO else raw
    if spec.type in ("integer", "money", "percent"):
        try:
            return Decimal(str(raw).strip())
        except InvalidOperation:
            return raw
    return raw.strip() if isinstance(raw, str) else raw


def visible(
    definition: Definition, spec: FieldSpec, answers: dict[str, Any], outer: dict[str, Any] | None = None
) -> bool:
    """Whether the question is asked, given the answers (a group item's own first, then the
    interview's), as sent: an earlier answer with a problem still decides."""
    if spec.when is None:
        return True
    scope = {**(outer or {}), **answers}
    return spec.when.holds(_as_condition_value(definition, spec.when.field, scope.get(spec.when.field)))


class _Cleaner:
    def __init__(self, definition: Definition, complete: bool) -> None:
        self.definition = definition
        self.complete = complete
        self.problems = Problems()

    def value(self, spec: FieldSpec, raw: Any, path: str) -> Any:
        """The typed answer, or None after recording a problem."""
        label = spec.label or spec.name
        if _empty(raw):
            if spec.required and self.complete:
                self.problems.add(path, gettext("请填写“{label}”。").format(label=label), code="required")
            return None
        kind = spec.type
        if kind in ("text", "textarea"):
            text = str(raw).strip()
            limit = spec.max_length or TEXT_LIMIT
            if len(text) > limit:
                self.problems.add(
                    path,
                    gettext("“{label}”最多 {limit} 个字，现在 {count} 个字。").format(
                        label=label, limit=limit, count=len(text)
                    ),
                    code="too_long",
                )
                return None
            return text
        if kind in ("integer", "money", "percent"):
            return self.number(spec, raw, path, label)
        if kind == "date":
            try:
                return raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw).strip())
            except ValueError:
                self.problems.add(
                    path, gettext("“{label}”不是有效的日期（如 2025-03-01）。").format(label=label), code="invalid_date"
                )
                return None
        if kind == "yesno":
            if raw in YES or str(raw).strip().lower() in YES:
                return True
            if raw in NO or str(raw).strip().lower() in NO:
                return False
            self.problems.add(path, gettext("“{label}”请选“是”或“否”。").format(label=label), code="invalid_choice")
            return None
        if kind in ("choice", "multichoice"):
            allowed = {value for value, _ in spec.choices}
            chosen = raw if isinstance(raw, list) else [raw]
            if kind == "choice" and len(chosen) != 1:
                chosen = [None]
            wrong = [str(item) for item in chosen if str(item) not in allowed]
            if wrong:
                self.problems.add(
                    path, gettext("“{label}”的选项不正确：{wrong}。").format(label=label, wrong="、".join(wrong)),
                    code="invalid_choice",
                )  # fmt: skip
                return None
            return str(chosen[0]) if kind == "choice" else [str(item) for item in chosen]
        if kind == "id_number":
            number = normalize_id_number(str(raw))
            try:
                validate_id_number(number)
            except ValidationError as exc:
                self.problems.add(path, f"{label}：{exc.messages[0]}", code="invalid_id_number")
                return None
            return number
        if kind == "phone":
            phone = normalize_phone(str(raw))
            try:
                validate_person_phone(phone)
            except ValidationError as exc:
                self.problems.add(path, f"{label}：{exc.messages[0]}", code="invalid_phone")
                return None
            return phone
        raise AssertionError(f"unhandled field type {kind}")  # the definition check refuses others

    def number(self, spec: FieldSpec, raw: Any, path: str, label: str) -> Decimal | int | None:
        try:
            if isinstance(raw, bool):
                raise InvalidOperation
            number = Decimal(str(raw).strip().replace(",", "").replace("，", ""))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problems.add(path, gettext("“{label}”请填写数字。").format(label=label), code="not_a_number")
            return None
        if spec.type == "integer" and number != number.to_integral_value():
            self.problems.add(path, gettext("“{label}”请填写整数。").format(label=label), code="not_an_integer")
            return None
        if spec.type == "money" and number.as_tuple().exponent < -2:  # type: ignore[operator]
            self.problems.add(
                path, gettext("“{label}”最多保留两位小数（分）。").format(label=label), code="too_precise"
            )
            return None
        if number < 0 and (spec.minimum is None or spec.minimum >= 0):
            self.problems.add(path, gettext("“{label}”不能是负数。").format(label=label), code="negative")
            return None
        if spec.minimum is not None and number < spec.minimum:
            self.problems.add(
                path,
                gettext("“{label}”不能小于 {minimum}。").format(label=label, minimum=spec.minimum),
                code="too_small",
            )
            return None
        if spec.maximum is not None and number > spec.maximum:
            self.problems.add(
                path,
                gettext("“{label}”不能大于 {maximum}。").format(label=label, maximum=spec.maximum),
                code="too_large",
            )
            return None
        if spec.type == "money" and number >= MONEY_LIMIT:
            self.problems.add(path, gettext("“{label}”金额过大，请核对。").format(label=label), code="too_large")
            return None
        return int(number) if spec.type == "integer" else number

    def group(self, spec: FieldSpec, raw: Any, path: str, outer: dict[str, Any]) -> list[dict[str, Any]]:
        label = spec.label or spec.name
        if _empty(raw):
            raw = []
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.problems.add(path, gettext("“{label}”的格式不正确。").format(label=label), code="invalid_group")
            return []
        if len(raw) > spec.max_items:
            # Refused before any item is read: the size of a request stays bounded.
            self.problems.add(
                path,
                gettext("“{label}”最多 {limit} 项，现在 {count} 项。").format(
                    label=label, limit=spec.max_items, count=len(raw)
                ),
                code="too_many_items",
            )
            return []
        if self.complete and len(raw) < spec.min_items:
            self.problems.add(
                path,
                gettext("“{label}”至少要填 {minimum} 项。").format(label=label, minimum=spec.min_items),
                code="too_few_items",
            )
        items = []
        for number, item in enumerate(raw, start=1):
            items.append(self.fields(spec.fields, item, f"{path}.{number}", outer))
        return items

    def fields(
        self, specs: tuple[FieldSpec, ...], raw: dict[str, Any], prefix: str, outer: dict[str, Any] | None
    ) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        for spec in specs:
            if not visible(self.definition, spec, raw, outer):
                continue
            path = f"{prefix}.{spec.name}" if prefix else spec.name
            if spec.is_group:
                cleaned[spec.name] = self.group(spec, raw.get(spec.name), path, raw)
            else:
                value = self.value(spec, raw.get(spec.name), path)
                if value is not None:
                    cleaned[spec.name] = value
        return cleaned


def clean_answers(
    definition: Definition, raw: dict[str, Any], *, steps: list[str] | None = None, complete: bool = False
) -> dict[str, Any]:
    """The typed answers of `steps` (all when None), or ValidationFailed listing every problem.
    Answers the definition does not ask for are dropped."""
    cleaner = _Cleaner(definition, complete)
    cleaned: dict[str, Any] = {}
    raw = raw if isinstance(raw, dict) else {}
    for step in definition.steps:
        if steps is not None and step.key not in steps:
            continue
        if step.when is not None and not step.when.holds(
            _as_condition_value(definition, step.when.field, raw.get(step.when.field))
        ):
            continue
        cleaned.update(cleaner.fields(step.fields, raw, "", None))
    dates_in_order(definition, cleaned, cleaner.problems)
    cleaner.problems.raise_if_any()
    return cleaned


# Pairs of dates that must not be reversed, by field name (inside a group item or at the top).
DATE_ORDER = (
    ("contract_date", "lent_on", gettext_noop("实际交付日期不能早于借款合同（借条）签订日期。")),
    ("lent_on", "due_date", gettext_noop("约定还款日期不能早于实际交付日期。")),
    ("start_date", "end_date", gettext_noop("结束日期不能早于开始日期。")),
)
# A date of the interview that must not come before a date of any group item.
DATE_AFTER_ITEMS = (
    ("lent_on", "interest_until", gettext_noop("利息计算截止日不能早于第 {number} 笔借款的交付日期。")),
)


def dates_in_order(definition: Definition, answers: dict[str, Any], problems: Problems) -> None:
    """An end before its start is a problem of the later date."""

    def check(values: dict[str, Any], prefix: str) -> None:
        for first, second, message in DATE_ORDER:
            a, b = values.get(first), values.get(second)
            if isinstance(a, datetime.date) and isinstance(b, datetime.date) and b < a:
                problems.add(f"{prefix}{second}", gettext(message), code="dates_out_of_order")

    check(answers, "")
    for spec in definition.all_fields():
        if spec.is_group:
            for number, item in enumerate(answers.get(spec.name) or [], start=1):
                check(item, f"{spec.name}.{number}.")
                for inner, outer, message in DATE_AFTER_ITEMS:
                    a, b = item.get(inner), answers.get(outer)
                    if isinstance(a, datetime.date) and isinstance(b, datetime.date) and b < a:
                        problems.add(outer, gettext(message).format(number=number), code="dates_out_of_order")
