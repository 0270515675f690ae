"""Scoring sheets as data (评分表): performance/data/scoring_sheets/*.json, checked and loaded.

A sheet file: {"code", "name", "version", "total_points", "tiers", "description",
"source_document", "categories": [{"name", "items": [{"code", "name", "points", "evidence",
"computed_by", "parameters"}]}]}. `load_all()` checks every file before it writes anything: each
problem names the file and the item, and the items' points must add up to the sheet's total.
Loading again updates the sheets in place (items matched by code); an item already scored in an
inspection cannot be dropped.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from gongfa.network.choices import PointTier
from gongfa.performance import scoring_rules
from gongfa.performance.models import ItemScore, ScoringCategory, ScoringItem, ScoringSheet

SHEETS_DIR = Path(__file__).resolve().parent / "data" / "scoring_sheets"
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class SheetError(ValueError):
    """A scoring sheet file is wrong; `problems` lists every problem, each naming file and item."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _points(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0 or number != number.quantize(Decimal("0.01")):
        return None
    return number


def check_sheet(data: Any, name: str) -> list[str]:
    """Every problem of one sheet's data; `name` (the file) starts each message."""
    if not isinstance(data, dict):
        return [gettext("{name}：内容应为一个对象（评分表）。").format(name=name)]
    problems: list[str] = []
    code = data.get("code")
    if not isinstance(code, str) or not _SLUG.match(code) or len(code) > 64:
        problems.append(
            gettext("{name}：评分表代码 code 应为字母、数字、下划线或连字符（64 字以内）。").format(name=name)
        )
    if not isinstance(data.get("name"), str) or not data["name"].strip() or len(data["name"]) > 128:
        problems.append(gettext("{name}：请填写评分表名称 name（128 字以内）。").format(name=name))
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(gettext("{name}：版本 version 应为正整数。").format(name=name))
    total = _points(data.get("total_points"))
    if total is None:
        problems.append(gettext("{name}：满分 total_points 应为正数（最多两位小数）。").format(name=name))
    tiers = data.get("tiers", [])
    if not isinstance(tiers, list) or any(tier not in PointTier.values for tier in tiers):
        problems.append(
            gettext("{name}：适用层级 tiers 只能取 {values}。").format(name=name, values="、".join(PointTier.values))
        )
    categories = data.get("categories")
    if not isinstance(categories, list) or not categories:
        problems.append(gettext("{name}：请列出评分类别 categories。").format(name=name))
        return problems
    seen: set[str] = set()
    added = Decimal(0)
    for c_index, category in enumerate(categories, start=1):
        if not isinstance(category, dict) or not isinstance(category.get("name"), str) or not category["name"].strip():
            problems.append(gettext("{name}：第 {index} 个类别没有名称。").format(name=name, index=c_index))
            continue
        items = category.get("items")
        if not isinstance(items, list) or not items:
            problems.append(
                gettext("{name}：类别“{category}”没有评分项目。").format(name=name, category=category["name"])
            )
            continue
        for i_index, item in enumerate(items, start=1):
            where = gettext("{name}：类别“{category}”第 {index} 项").format(
                name=name, category=category["name"], index=i_index
            )
            if not isinstance(item, dict):
                problems.append(gettext("{where}应为一个对象。").format(where=where))
                continue
            item_code = item.get("code")
            if isinstance(item_code, str) and _SLUG.match(item_code) and len(item_code) <= 64:
                where = gettext("{name}：项目 {code}").format(name=name, code=item_code)
                if item_code in seen:
                    problems.append(gettext("{where}：项目代码重复。").format(where=where))
                seen.add(item_code)
            else:
                problems.append(gettext("{where}：项目代码 code 应为字母、数字、下划线或连字符。").format(where=where))
            if not isinstance(item.get("name"), str) or not item["name"].strip() or len(item["name"]) > 255:
                problems.append(gettext("{where}：请填写评分内容 name（255 字以内）。").format(where=where))
            if len(str(item.get("evidence", ""))) > 255:
                problems.append(gettext("{where}：评分依据 evidence 不能超过 255 字。").format(where=where))
            points = _points(item.get("points"))
            if points is None:
                problems.append(gettext("{where}：分值 points 应为正数（最多两位小数）。").format(where=where))
            else:
                added += points
            computed_by = item.get("computed_by", "")
            parameters = item.get("parameters", {})
            if not isinstance(parameters, dict):
                problems.append(gettext("{where}：计算参数 parameters 应为对象。").format(where=where))
                parameters = {}
            if computed_by:
                found = scoring_rules.rule(str(computed_by))
                if found is None:
                    known = "、".join(sorted(scoring_rules.RULES))
                    problems.append(
                        gettext("{where}：未知的系统计算规则“{rule}”（可用：{known}）。").format(
                            where=where, rule=computed_by, known=known
                        )
                    )
                else:
                    problems.extend(
                        gettext("{where}：{problem}。").format(where=where, problem=message)
                        for message in found.check(parameters)
                    )
            elif parameters:
                problems.append(gettext("{where}：没有系统计算规则 computed_by，却给了计算参数。").format(where=where))
    if total is not None and added != total:
        problems.append(
            gettext("{name}：各项分值合计 {added} 分，与满分 {total} 分不符。").format(
                name=name, added=added, total=total
            )
        )
    return problems


def read_sheets(directory: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Every sheet file of the directory, checked: [(file name, data)], or SheetError."""
    directory = directory or SHEETS_DIR
    problems: list[str] = []
    sheets: list[tuple[str, dict[str, Any]]] = []
    codes: dict[str, str] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(gettext("{name}：无法读取（{error}）。").format(name=path.name, error=exc))
            continue
        found = check_sheet(data, path.name)
        if not found and data["code"] in codes:
            found = [
                gettext("{name}：评分表代码 {code} 与 {other} 重复。").format(
                    name=path.name, code=data["code"], other=codes[data["code"]]
                )
            ]
        problems.extend(found)
        if not found:
            codes[data["code"]] = path.name
            sheets.append((path.name, data))
    if problems:
        raise SheetError(problems)
    return sheets


def _save(name: str, data: dict[str, Any]) -> ScoringSheet:
    sheet, _ = ScoringSheet.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"].strip(),
            "version": data.get("version", 1),
            "total_points": Decimal(str(data["total_points"])),
            "tiers": data.get("tiers", []),
            "description": data.get("description", ""),
            "source_document": str(data.get("source_document", ""))[:255],
            "is_active": data.get("is_active", True),
        },
    )
    existing = {item.code: item for item in ScoringItem.objects.filter(category__sheet=sheet)}
    wanted: set[str] = set()
    for order, category_data in enumerate(data["categories"], start=1):
        category, _ = ScoringCategory.objects.update_or_create(
            sheet=sheet, order=order, defaults={"name": category_data["name"].strip()}
        )
        for item_order, item_data in enumerate(category_data["items"], start=1):
            wanted.add(item_data["code"])
            fields = {
                "category": category,
                "order": item_order,
                "name": item_data["name"].strip(),
                "points": Decimal(str(item_data["points"])),
                "evidence": str(item_data.get("evidence", "")),
                "computed_by": str(item_data.get("computed_by", "")),
                "parameters": item_data.get("parameters", {}),
            }
            item = existing.get(item_data["code"])
            if item is None:
                ScoringItem.objects.create(code=item_data["code"], **fields)
            else:
                for key, value in fields.items():
                    setattr(item, key, value)
                item.save()
    dropped = [item for code, item in existing.items() if code not in wanted]
    used = set(ItemScore.objects.filter(item__in=dropped).values_list("item__code", flat=True))
    if used:
        raise SheetError(
            [
                gettext("{name}：项目 {code} 已有检查评分记录，不能删除；请另立评分表代码。").format(
                    name=name, code=code
                )
                for code in sorted(used)
            ]
        )
    ScoringItem.objects.filter(pk__in=[item.pk for item in dropped]).delete()
    ScoringCategory.objects.filter(sheet=sheet, order__gt=len(data["categories"])).delete()
    return sheet


def load_all(directory: Path | None = None) -> list[ScoringSheet]:
    """Check every sheet file, then create or update the sheets (all or nothing)."""
    sheets = read_sheets(directory)
    with transaction.atomic():
        return [_save(name, data) for name, data in sheets]
