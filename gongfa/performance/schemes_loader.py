"""Evaluation schemes as data (考评方案数据): data/evaluation_schemes/*.json, checked on load.

A file holds one scheme:

    {"code": "service_points", "name": "…", "subject_kind": "point" | "agency" | "person",
     "description": "…", "source_document": "…",
     "grade_bands": [{"min": 90, "grade": "优秀"}, …],
     "items": [{"code": "timeliness", "name": "办理时效", "component": "indicator",
                "indicator": "wo_close_on_time_rate", "weight": 30,
                "bands": [{"min": 95, "score": 100}, …], "scoring": "bands", "note": "…"}, …]}

component: indicator | self | citizen | third_party | legal_aid_quality. scoring is optional and
only checked against what the item's shape implies (services.evaluation.scoring_of): "bands" when
bands are given, "share_of_best" for a count-like indicator without bands, "value" otherwise.

load_all() checks every file with the same rules as a form or the admin (services.evaluation
.check_items: weights total exactly 100 %, bands well-formed and descending, grade bands, the
components' constraints) and that every indicator code exists (the seeded indicators.json and the
Indicator table); a bad file raises ImproperlyConfigured naming the file and each bad item.
install_schemes() writes them to EvaluationScheme / EvaluationItem (idempotent, by code).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.performance.models import EvaluationItem, EvaluationScheme, Indicator
from gongfa.performance.services.evaluation import ItemSpec, check_items

DIRECTORY = Path(__file__).resolve().parent / "data" / "evaluation_schemes"
INDICATORS_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"
ITEM_KEYS = {"code", "name", "component", "indicator", "weight", "bands", "scoring", "note"}
SCHEME_KEYS = {"code", "name", "subject_kind", "description", "source_document", "grade_bands", "items"}


@dataclass(frozen=True)
class SchemeData:
    """A checked scheme file."""

    path: Path
    code: str
    name: str
    subject_kind: str
    description: str
    source_document: str
    grade_bands: list[dict[str, Any]]
    items: list[dict[str, Any]] = field(default_factory=list)


def known_indicators() -> dict[str, Indicator]:
    """Indicators by code: the seeded file's (unsaved) and the table's (which win)."""
    known: dict[str, Indicator] = {}
    if INDICATORS_FILE.exists():
        for entry in json.loads(INDICATORS_FILE.read_text(encoding="utf-8")):
            known[entry["code"]] = Indicator(
                code=entry["code"],
                name=entry["name"],
                unit=entry.get("unit", "count"),
                direction=entry.get("direction", "higher"),
                numerator=entry.get("numerator") or {},
                denominator=entry.get("denominator"),
            )
    for indicator in Indicator.objects.all():
        known[indicator.code] = indicator
    return known


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def parse_scheme(path: Path, raw: Any, indicators: dict[str, Indicator]) -> SchemeData:
    """One file's content, checked; ImproperlyConfigured naming the file and every bad item."""
    where = gettext("考评方案文件 {name}").format(name=path.name)
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(gettext("{where}：内容应为一个对象。").format(where=where))
    problems: list[str] = []
    unknown = sorted(set(raw) - SCHEME_KEYS)
    if unknown:
        problems.append(gettext("不认识的字段：{keys}。").format(keys="、".join(unknown)))
    for key in ("code", "name", "subject_kind"):
        if not _text(raw, key):
            problems.append(gettext("缺少 {key}。").format(key=key))
    items_raw = raw.get("items")
    if not isinstance(items_raw, list):
        problems.append(gettext("items 应为列表。"))
        items_raw = []
    specs: list[ItemSpec] = []
    for index, item in enumerate(items_raw, start=1):
        if not isinstance(item, dict):
            problems.append(gettext("第 {index} 项应为对象。").format(index=index))
            continue
        label = gettext("第 {index} 项“{name}”").format(index=index, name=_text(item, "name") or _text(item, "code"))
        extra = sorted(set(item) - ITEM_KEYS)
        if extra:
            problems.append(gettext("{label}有不认识的字段：{keys}。").format(label=label, keys="、".join(extra)))
        if not _text(item, "name"):
            problems.append(gettext("{label}缺少名称（name）。").format(label=label))
        indicator = None
        code = item.get("indicator")
        if code is not None:
            indicator = indicators.get(str(code))
            if indicator is None:
                problems.append(gettext("{label}的指标“{code}”不存在。").format(label=label, code=code))
        specs.append(
            ItemSpec(
                code=_text(item, "code"),
                name=_text(item, "name"),
                component=str(item.get("component", "")),
                weight=item.get("weight"),
                indicator=indicator,
                bands=item.get("bands") or [],
                scoring=str(item.get("scoring") or ""),
            )
        )
    try:
        check_items(_text(raw, "subject_kind"), specs, raw.get("grade_bands"))
    except DomainError as exc:
        problems.extend(problem.message for problem in exc.problems)
    if problems:
        raise ImproperlyConfigured(f"{where}：" + "；".join(problems))
    return SchemeData(
        path=path,
        code=_text(raw, "code"),
        name=_text(raw, "name"),
        subject_kind=_text(raw, "subject_kind"),
        description=_text(raw, "description"),
        source_document=_text(raw, "source_document"),
        grade_bands=list(raw["grade_bands"]),
        items=[dict(item) for item in items_raw],
    )


def load_file(path: Path, indicators: dict[str, Indicator] | None = None) -> SchemeData:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            gettext("考评方案文件 {name} 无法读取：{exc}").format(name=path.name, exc=exc)
        ) from exc
    return parse_scheme(path, raw, indicators if indicators is not None else known_indicators())


def load_all(directory: Path | None = None, indicators: dict[str, Indicator] | None = None) -> list[SchemeData]:
    """Every scheme file of the directory, checked (codes unique across files)."""
    folder = directory or DIRECTORY
    known = indicators if indicators is not None else known_indicators()
    schemes = [load_file(path, known) for path in sorted(folder.glob("*.json"))]
    seen: dict[str, Path] = {}
    for scheme in schemes:
        if scheme.code in seen:
            raise ImproperlyConfigured(
                gettext("考评方案文件 {name}：方案代码“{code}”与 {name2} 重复。").format(
                    name=scheme.path.name, code=scheme.code, name2=seen[scheme.code].name
                )
            )
        seen[scheme.code] = scheme.path
    return schemes


def install_schemes(schemes: list[SchemeData] | None = None) -> list[EvaluationScheme]:
    """Write the schemes to the database by code (items by code; an item no longer in the file is
    removed unless typed scores refer to it). The indicators must be in the Indicator table."""
    schemes = load_all() if schemes is None else schemes
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    installed: list[EvaluationScheme] = []
    with transaction.atomic():
        for data in schemes:
            missing = [
                str(i["indicator"]) for i in data.items if i.get("indicator") and i["indicator"] not in indicators
            ]
            if missing:
                raise ImproperlyConfigured(
                    gettext("考评方案文件 {name}：指标 {join} 尚未载入指标表，请先载入指标。").format(
                        name=data.path.name, join="、".join(missing)
                    )
                )
            scheme, _ = EvaluationScheme.objects.update_or_create(
                code=data.code,
                defaults={
                    "name": data.name,
                    "subject_kind": data.subject_kind,
                    "description": data.description,
                    "source_document": data.source_document,
                    "grade_bands": data.grade_bands,
                },
            )
            codes = []
            for order, item in enumerate(data.items, start=1):
                codes.append(item["code"])
                EvaluationItem.objects.update_or_create(
                    scheme=scheme,
                    code=item["code"],
                    defaults={
                        "order": order,
                        "name": item["name"],
                        "component": item["component"],
                        "indicator": indicators.get(item["indicator"]) if item.get("indicator") else None,
                        "weight": Decimal(str(item["weight"])),
                        "bands": item.get("bands") or [],
                        "note": str(item.get("note", ""))[:255],
                    },
                )
            stale = EvaluationItem.objects.filter(scheme=scheme).exclude(code__in=codes)
            stale.exclude(pk__in=_referenced(stale)).delete()
            installed.append(scheme)
    return installed


def _referenced(items: Any) -> Any:
    from gongfa.performance.models import EvaluationInput

    return EvaluationInput.objects.filter(item__in=items).values("item_id")
