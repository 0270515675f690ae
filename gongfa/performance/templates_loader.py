"""Report templates as data (报表模板): the JSON files in ``data/report_templates/``, checked and
upserted by ``manage.py load_report_templates`` and by the data migration (``load_all(apps)``).

A file is one template::

    {"code": "workorder-legalaid-monthly", "name": "…", "version": 1, "description": "…",
     "source_document": "…", "reporting_level": 3,
     "rows": [{"code": "h1", "label": "一、…", "kind": "heading"},
              {"code": "wo_received", "label": "…", "kind": "indicator", "indicator": "wo_received",
               "outlier_ratio": "0.5"},
              {"code": "la_funds", "label": "…", "kind": "typed", "value_type": "decimal",
               "required": true, "allow_negative": false, "help_text": "…"}]}

Rows are ordered as listed. An indicator row's value type follows its indicator (percent for a
percentage, integer without decimals, else decimal) unless the row names one. Every problem of a
file is reported at once, each naming the file and the row; nothing is written when any file of
the batch has a problem. A row dropped from a file is deleted unless a report already holds a
value for it (then the loader refuses: give the changed form a new template code).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction
from django.utils.translation import gettext

TEMPLATE_DIR = Path(__file__).resolve().parent / "data" / "report_templates"

ROW_KINDS = ("heading", "indicator", "typed")
VALUE_TYPES = ("integer", "decimal", "percent", "text")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
TEMPLATE_KEYS = {"code", "name", "version", "description", "source_document", "reporting_level", "rows", "is_active"}
ROW_KEYS = {
    "code",
    "label",
    "kind",
    "indicator",
    "value_type",
    "allow_negative",
    "required",
    "help_text",
    "outlier_ratio",
}


class TemplateFileError(ValueError):
    """One or more template files are wrong; ``problems`` lists every one (file, row, message)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class CheckedTemplate:
    file_name: str
    fields: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _models(apps: Any) -> tuple[Any, Any, Any, Any]:
    registry = apps or global_apps
    return (
        registry.get_model("performance", "ReportTemplate"),
        registry.get_model("performance", "ReportRow"),
        registry.get_model("performance", "ReportCell"),
        registry.get_model("performance", "Indicator"),
    )


def check_template(data: Any, file_name: str, *, apps: Any = None) -> tuple[CheckedTemplate | None, list[str]]:
    """The template's fields and rows ready to save, and the problems (each naming the file and
    the row, 第 n 行 counting the rows of "rows" from 1)."""
    _t, _r, _c, indicator_model = _models(apps)
    problems: list[str] = []

    def fail(message: str, row: int | None = None, code: str = "") -> None:
        where = file_name
        if row is not None:
            where = gettext("{file} 第{row}行").format(file=where, row=row)
        if code:
            where += f"（{code}）"
        problems.append(f"{where}：{message}")

    if not isinstance(data, dict):
        fail(gettext("文件内容应为一个 JSON 对象。"))
        return None, problems
    for key in sorted(set(data) - TEMPLATE_KEYS):
        fail(gettext("未知的字段“{key}”。").format(key=key))
    code = data.get("code")
    if not isinstance(code, str) or not _SLUG.match(code) or len(code) > 64:
        fail(gettext("模板代码（code）须为不超过 64 个字符的字母、数字、-、_。"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 128:
        fail(gettext("报表名称（name）须填写，且不超过 128 个字。"))
    level = data.get("reporting_level", 3)
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        fail(gettext("填报层级（reporting_level）须为 1–5 的整数（县为 3）。"))
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 32767:
        fail(gettext("版本（version）须为正整数。"))
    for key, limit in (("description", 10000), ("source_document", 255)):
        if not isinstance(data.get(key, ""), str) or len(data.get(key, "")) > limit:
            fail(gettext("{key} 须为不超过 {limit} 个字的文字。").format(key=key, limit=limit))
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        fail(gettext("须有栏目（rows），且至少一行。"))
        rows = []
    indicators = {i.code: i for i in indicator_model.objects.filter(code__in=_indicator_codes(rows))}
    seen: set[str] = set()
    checked_rows: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            fail(gettext("栏目应为 JSON 对象。"), number)
            continue
        row_code = row.get("code")
        shown = str(row_code) if row_code else ""
        for key in sorted(set(row) - ROW_KEYS):
            fail(gettext("未知的字段“{key}”。").format(key=key), number, shown)
        if not isinstance(row_code, str) or not _SLUG.match(row_code) or len(row_code) > 64:
            fail(gettext("栏目代码（code）须为不超过 64 个字符的字母、数字、-、_。"), number, shown)
        elif row_code in seen:
            fail(gettext("栏目代码重复。"), number, shown)
        else:
            seen.add(row_code)
        label = row.get("label")
        if not isinstance(label, str) or not label.strip() or len(label) > 128:
            fail(gettext("栏目名称（label）须填写，且不超过 128 个字。"), number, shown)
        kind = row.get("kind")
        if kind not in ROW_KINDS:
            fail(gettext("取数方式（kind）须为 {values}。").format(values=" / ".join(ROW_KINDS)), number, shown)
        indicator = None
        indicator_code = row.get("indicator")
        if kind == "indicator":
            indicator = indicators.get(indicator_code) if isinstance(indicator_code, str) else None
            if indicator is None:
                fail(gettext("指标“{code}”不存在。").format(code=indicator_code), number, shown)
        elif indicator_code:
            fail(gettext("只有系统取数（indicator）栏目可以绑定指标。"), number, shown)
        value_type = row.get("value_type") or (_value_type_of(indicator) if indicator is not None else "integer")
        if value_type not in VALUE_TYPES:
            fail(gettext("数值类型（value_type）须为 {values}。").format(values=" / ".join(VALUE_TYPES)), number, shown)
        for flag in ("allow_negative", "required"):
            if flag in row and not isinstance(row[flag], bool):
                fail(gettext("{flag} 须为 true 或 false。").format(flag=flag), number, shown)
        help_text = row.get("help_text", "")
        if not isinstance(help_text, str) or len(help_text) > 255:
            fail(gettext("填报说明（help_text）不能超过 255 个字。"), number, shown)
        ratio = _ratio(row.get("outlier_ratio", "1"))
        if ratio is None:
            fail(gettext('环比异常阈值（outlier_ratio）须为大于 0、小于 10000 的数，如 "0.5"。'), number, shown)
        checked_rows.append(
            {
                "order": number,
                "code": row_code,
                "label": (label or "").strip() if isinstance(label, str) else "",
                "kind": kind,
                "indicator": indicator,
                "value_type": value_type,
                "allow_negative": bool(row.get("allow_negative", False)),
                "required": bool(row.get("required", kind == "typed")),
                "help_text": help_text if isinstance(help_text, str) else "",
                "outlier_ratio": ratio or Decimal(1),
            }
        )
    if problems:
        return None, problems
    fields = {
        "name": name.strip() if isinstance(name, str) else "",
        "version": version,
        "description": data.get("description", ""),
        "source_document": data.get("source_document", ""),
        "reporting_level": level,
        "is_active": bool(data.get("is_active", True)),
    }
    return CheckedTemplate(file_name, {"code": code, **fields}, checked_rows), []


def _indicator_codes(rows: Any) -> set[str]:
    return {str(row["indicator"]) for row in rows if isinstance(row, dict) and isinstance(row.get("indicator"), str)}


def _value_type_of(indicator: Any) -> str:
    if indicator.unit == "percent":
        return "percent"
    return "integer" if indicator.decimals == 0 else "decimal"


def _ratio(raw: Any) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value >= 10000 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return value


def _save(checked: CheckedTemplate, apps: Any) -> tuple[Any, list[str]]:
    template_model, row_model, cell_model, _i = _models(apps)
    fields = dict(checked.fields)
    code = fields.pop("code")
    template, _created = template_model.objects.update_or_create(code=code, defaults=fields)
    existing = {row.code: row for row in row_model.objects.filter(template=template)}
    wanted = {row["code"] for row in checked.rows}
    dropped = [row for row_code, row in existing.items() if row_code not in wanted]
    held = set(cell_model.objects.filter(row__in=dropped).values_list("row__code", flat=True)) if dropped else set()
    if held:
        return template, [
            gettext("{file}：栏目“{code}”已有月报数据，不能删除；请改用新的模板代码。").format(
                file=checked.file_name, code=row_code
            )
            for row_code in sorted(held)
        ]
    row_model.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    # Move the kept rows out of the way first: (template, order) is unique.
    for offset, row in enumerate(existing.values(), start=1):
        if row.code in wanted:
            row_model.objects.filter(pk=row.pk).update(order=20000 + offset)
    for values in checked.rows:
        row_code = values["code"]
        defaults = {key: value for key, value in values.items() if key != "code"}
        row_model.objects.update_or_create(template=template, code=row_code, defaults=defaults)
    return template, []


def load_files(paths: list[Path], *, apps: Any = None) -> list[Any]:
    """Check every file, then (only if all are right) upsert them in one transaction."""
    problems: list[str] = []
    checked: list[CheckedTemplate] = []
    codes: dict[str, str] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(gettext("{file}：无法读取 JSON（{error}）。").format(file=path.name, error=exc))
            continue
        result, found = check_template(data, path.name, apps=apps)
        problems.extend(found)
        if result is not None:
            other = codes.get(result.fields["code"])
            if other is not None:
                problems.append(
                    gettext("{file}：模板代码“{code}”与 {other} 重复。").format(
                        file=path.name, code=result.fields["code"], other=other
                    )
                )
            codes[result.fields["code"]] = path.name
            checked.append(result)
    if problems:
        raise TemplateFileError(problems)
    templates = []
    with transaction.atomic():
        for item in checked:
            template, refused = _save(item, apps)
            problems.extend(refused)
            templates.append(template)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise TemplateFileError(problems)
    return templates


def template_files(directory: Path = TEMPLATE_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def load_all(apps: Any = None, schema_editor: Any = None) -> list[Any]:
    """Load every shipped template (usable as a RunPython function with the historical apps)."""
    return load_files(template_files(), apps=apps)
