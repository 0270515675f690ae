"""The notarial matter list as data (data/notarial_matters.json): checked whole before anything is
written, every problem named with the file and the item (第N项（code）), then created or updated
by code with each matter's materials replaced. `manage.py load_notarial_matters` and the data
migration both use it."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from gongfa.appointments.choices import FeeWaiver, MatterCategory, TimeLimitKind
from gongfa.core.errors import DomainError, Problems

DATA = Path(__file__).resolve().parent / "data" / "notarial_matters.json"
KEYS = {
    "code",
    "name",
    "parent",
    "category",
    "time_limit",
    "fee_yuan",
    "fee_note",
    "fee_waivers",
    "in_person",
    "video_allowed",
    "agency_point_allowed",
    "source",
    "materials",
}
# Every matter waives for legal-aid recipients (《公证法》第34条、《法律援助法》第53条: a must) and, unless
# the file says otherwise, for the elderly (《老年人权益保障法》第56条第2款: encouraged).
DEFAULT_WAIVERS = [FeeWaiver.LEGAL_AID_RECIPIENT.value, FeeWaiver.ELDERLY.value]


def _check(entries: list[Any], name: str, known: set[str]) -> list[str]:
    """Every problem of the file, each naming the item. `known`: codes already in the database."""
    problems: list[str] = []
    seen: set[str] = set()
    parents = {str(e.get("parent")) for e in entries if isinstance(e, dict) and e.get("parent")}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{name} 第{index}项：应为一个对象。")
            continue
        code = str(entry.get("code") or "")
        where = f"{name} 第{index}项（{code or '?'}）"
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            problems.append(f"{where}：不认识的字段 {', '.join(unknown)}。")
        if not code or not code.replace("_", "").isalnum() or not code.isascii():
            problems.append(f"{where}：代码须为小写字母、数字和下划线。")
        elif code in seen:
            problems.append(f"{where}：代码重复。")
        seen.add(code)
        if not str(entry.get("name") or "").strip():
            problems.append(f"{where}：缺少名称。")
        if entry.get("category") not in MatterCategory.values:
            problems.append(f"{where}：类别“{entry.get('category')}”不是 {', '.join(MatterCategory.values)} 之一。")
        if entry.get("time_limit", TimeLimitKind.GENERAL) not in TimeLimitKind.values:
            problems.append(
                f"{where}：办理时限“{entry.get('time_limit')}”不是 {', '.join(TimeLimitKind.values)} 之一。"
            )
        parent = entry.get("parent")
        if parent and (parent == code or (parent not in seen and parent not in known)):
            problems.append(f"{where}：上级事项“{parent}”须在本项之前列出或已存在。")
        waivers = entry.get("fee_waivers", DEFAULT_WAIVERS)
        if not isinstance(waivers, list) or not set(waivers) <= set(FeeWaiver.values):
            problems.append(f"{where}：减免对象须为 {', '.join(FeeWaiver.values)} 中的若干项。")
        elif FeeWaiver.LEGAL_AID_RECIPIENT not in waivers:
            problems.append(f"{where}：法律援助受援人必须减免（《公证法》第34条、《法律援助法》第53条）。")
        fee = entry.get("fee_yuan")
        if fee is not None:
            try:
                amount = Decimal(str(fee))
            except InvalidOperation:
                amount = Decimal(-1)
            if not amount.is_finite() or amount < 0:
                problems.append(f"{where}：收费标准须为不小于 0 的数字。")
        materials = entry.get("materials", [])
        if not isinstance(materials, list) or not all(
            isinstance(m, list) and len(m) == 2 and str(m[0]).strip() for m in materials
        ):
            problems.append(f"{where}：材料须为 [材料, 说明] 的列表。")
        elif not materials and code not in parents:
            problems.append(f"{where}：可办理的事项须列出所需材料（一次性告知）。")
    return problems


def load_matters(path: Path = DATA, *, apps: Any = None) -> int:
    """Create or update the list's matters by code (the whole file or nothing); returns how many."""
    if apps is None:
        from django.apps import apps as current

        apps = current
    matter_model = apps.get_model("appointments", "NotarialMatter")
    material_model = apps.get_model("appointments", "MatterMaterial")
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.get("matters") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DomainError(gettext("{name}：应有 matters 列表。").format(name=path.name), code="invalid_file")
    known = set(matter_model.objects.values_list("code", flat=True))
    found = _check(entries, path.name, known)
    if found:
        problems = Problems()
        for message in found:
            problems.add(None, message, code="invalid_matter")
        problems.raise_if_any()
    with transaction.atomic():
        for order, entry in enumerate(entries, start=1):
            parent = matter_model.objects.get(code=entry["parent"]) if entry.get("parent") else None
            matter, _ = matter_model.objects.update_or_create(
                code=entry["code"],
                defaults={
                    "name": entry["name"],
                    "parent": parent,
                    "category": entry["category"],
                    "time_limit": entry.get("time_limit", TimeLimitKind.GENERAL),
                    "fee_yuan": Decimal(str(entry["fee_yuan"])) if entry.get("fee_yuan") is not None else None,
                    "fee_note": entry.get("fee_note", "按省定公证收费标准（《公证法》第46条）"),
                    "fee_waivers": entry.get("fee_waivers", DEFAULT_WAIVERS),
                    "in_person": bool(entry.get("in_person", False)),
                    "video_allowed": bool(entry.get("video_allowed", False)),
                    "agency_point_allowed": bool(entry.get("agency_point_allowed", False)),
                    "source": entry.get("source", ""),
                    "is_example": True,
                    "sort_order": order * 10,
                },
            )
            material_model.objects.filter(matter=matter).delete()
            material_model.objects.bulk_create(
                material_model(matter=matter, name=item[0], note=item[1], sort_order=n * 10)
                for n, item in enumerate(entry.get("materials", []), start=1)
            )
    return len(entries)
