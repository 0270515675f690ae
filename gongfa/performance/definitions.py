"""Checking an indicator's definition (指标口径校验) against the measure registry, and loading the
seeded indicators from data/indicators.json.

A definition names only registered (or derived) measures and filters on known dimensions; a
special-group filter names group bits or "any". Every problem is reported at once, with the part of
the definition it is in; nothing is saved when one is found.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from gongfa.core.errors import Problems
from gongfa.network.choices import RegionLevel
from gongfa.performance import registry
from gongfa.performance.choices import Direction, SourceKind, Unit
from gongfa.performance.models import Indicator

DATA = Path(__file__).resolve().parent / "data" / "indicators.json"
SIDES = {"numerator": "分子", "denominator": "分母"}


def check_term(problems: Problems, side: str, term: Any) -> None:
    label = SIDES[side]
    if not isinstance(term, dict):
        problems.add(
            side, gettext("{label}应为对象，含 measures 与可选的 filters。").format(label=label), code="term_shape"
        )
        return
    measures = term.get("measures")
    if not isinstance(measures, list) or not measures or not all(isinstance(code, str) for code in measures):
        problems.add(side, gettext("{label}至少要列出一个计量（measures）。").format(label=label), code="no_measure")
    else:
        for code in measures:
            if not registry.is_known(code):
                problems.add(
                    side,
                    gettext("{label}中的计量“{code}”未登记，请检查拼写或先由业务模块登记。").format(
                        label=label, code=code
                    ),
                    code="unknown_measure",
                )
    filters = term.get("filters") or {}
    if not isinstance(filters, dict):
        problems.add(side, gettext("{label}的筛选条件（filters）应为对象。").format(label=label), code="filters_shape")
        return
    for name, values in filters.items():
        if name not in registry.FILTER_DIMENSIONS:
            known = "、".join(registry.FILTER_DIMENSIONS)
            problems.add(
                side,
                gettext("{label}的筛选维度“{name}”不存在，可用：{known}。").format(label=label, name=name, known=known),
                code="unknown_dimension",
            )
            continue
        if not isinstance(values, list) or not values:
            problems.add(
                side,
                gettext("{label}的筛选维度“{name}”应列出至少一个取值。").format(label=label, name=name),
                code="filter_values",
            )
            continue
        if name == "special_group":
            for value in values:
                text = str(value)
                if text != registry.ANY_SPECIAL_GROUP and not (text.isdigit() and int(text) & (int(text) - 1) == 0):
                    problems.add(
                        side,
                        gettext("{label}的特殊群体取值“{text}”无效：应为群体代码或 any。").format(
                            label=label, text=text
                        ),
                        code="bad_group",
                    )


def check_definition(numerator: Any, denominator: Any) -> None:
    """Raise (ValidationFailed / DomainError) with every problem of the definition."""
    problems = Problems()
    check_term(problems, "numerator", numerator)
    if denominator is not None:
        check_term(problems, "denominator", denominator)
    problems.raise_if_any()


def check_indicator_fields(data: dict[str, Any]) -> Problems:
    problems = Problems()
    for key in ("code", "name", "numerator"):
        if not data.get(key):
            problems.add(key, gettext("缺少 {key}。").format(key=key), code="required")
    if data.get("unit", Unit.COUNT) not in Unit.values:
        problems.add("unit", gettext("单位“{get}”无效。").format(get=data.get("unit")), code="bad_unit")
    if data.get("direction", Direction.HIGHER) not in Direction.values:
        problems.add("direction", gettext("方向“{get}”无效。").format(get=data.get("direction")), code="bad_direction")
    if data.get("source_kind", SourceKind.PRACTICE) not in SourceKind.values:
        problems.add(
            "source_kind", gettext("依据类型“{get}”无效。").format(get=data.get("source_kind")), code="bad_source_kind"
        )
    for level in data.get("levels", []):
        if level not in RegionLevel.values:
            problems.add("levels", gettext("层级“{level}”无效，应为 1–5。").format(level=level), code="bad_level")
    try:
        Decimal(str(data.get("scale", 1)))
    except InvalidOperation:
        problems.add("scale", gettext("换算系数应为数字。"), code="bad_scale")
    with problems.check():
        check_definition(data.get("numerator"), data.get("denominator"))
    return problems


FIELDS = (
    "name",
    "category",
    "description",
    "numerator",
    "denominator",
    "scale",
    "unit",
    "decimals",
    "direction",
    "levels",
    "source_kind",
    "source_document",
    "benchmark",
    "is_public",
    "sort_order",
)


def load_indicators(path: Path = DATA) -> int:
    """Create or update the seeded indicators (by code); refuses the whole file on any problem,
    naming the file and the indicator."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    problems = Problems()
    for index, entry in enumerate(entries, start=1):
        for problem in check_indicator_fields(entry):
            where = f"{path.name} 第{index}项（{entry.get('code', '?')}）"
            problems.add(problem.field, f"{where}：{problem.message}", code=problem.code)
    problems.raise_if_any()
    with transaction.atomic():
        for order, entry in enumerate(entries, start=1):
            values = {name: entry[name] for name in FIELDS if name in entry}
            values.setdefault("sort_order", order * 10)
            Indicator.objects.update_or_create(code=entry["code"], defaults=values)
    return len(entries)
