"""Report templates as data: the shipped files load, a wrong file is refused naming the file and
the row (every problem at once, nothing written), and reloading updates in place."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongfa.performance.choices import RowKind, ValueType
from gongfa.performance.models import Indicator, ReportCell, ReportRow, ReportTemplate
from gongfa.performance.templates_loader import TemplateFileError, load_all, load_files, template_files

pytestmark = pytest.mark.django_db


def _indicators_of_shipped_files() -> set[str]:
    codes = set()
    for path in template_files():
        for row in json.loads(path.read_text(encoding="utf-8"))["rows"]:
            if row.get("indicator"):
                codes.add(row["indicator"])
    return codes


@pytest.fixture
def indicators():
    for code in _indicators_of_shipped_files() | {"wo_received", "wo_satisfaction_rate"}:
        percent = code.endswith("_rate")
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": code,
                "numerator": {"measures": ["wo.received"]},
                "denominator": {"measures": ["wo.received"]} if percent else None,
                "unit": "percent" if percent else "count",
                "decimals": 1 if percent else 0,
            },
        )


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_templates_load(indicators):
    templates = load_all()
    # The Yunnan return names out_* indicators: outreach.reports loads it (outreach/tests/test_indicators_reports.py).
    assert {t.code for t in templates} == {"workorder-legalaid-monthly"}
    form = ReportTemplate.objects.get(code="workorder-legalaid-monthly")
    typed = list(form.rows.filter(kind=RowKind.TYPED))
    assert [(row.code, row.value_type, row.required) for row in typed] == [("la_funds_spent", "decimal", True)]
    rate = form.rows.get(code="wo_satisfaction_rate")
    assert rate.indicator is not None
    assert (rate.indicator.code, rate.value_type) == ("wo_satisfaction_rate", ValueType.PERCENT)  # from the indicator
    assert form.rows.get(code="wo_received").value_type == ValueType.INTEGER
    # loading again changes nothing
    load_all()
    assert ReportRow.objects.filter(template=form).count() == len(
        json.loads((template_files()[0]).read_text(encoding="utf-8"))["rows"]
    )


def test_a_wrong_file_names_the_file_and_every_row(tmp_path, indicators):
    bad = _write(
        tmp_path,
        "bad.json",
        {
            "code": "bad form",
            "name": "",
            "reporting_level": 9,
            "rows": [
                {"code": "a", "label": "甲", "kind": "indicator", "indicator": "nosuch"},
                {"code": "a", "label": "乙", "kind": "typed", "value_type": "money"},
                {"code": "c", "label": "丙", "kind": "typed", "indicator": "wo_received", "outlier_ratio": "-1"},
                {"code": "d", "label": "", "kind": "sum", "colour": "red"},
            ],
        },
    )
    good = _write(
        tmp_path, "good.json", {"code": "good", "name": "好", "rows": [{"code": "x", "label": "x", "kind": "typed"}]}
    )
    with pytest.raises(TemplateFileError) as caught:
        load_files([good, bad])
    assert caught.value.problems == [
        "bad.json：模板代码（code）须为不超过 64 个字符的字母、数字、-、_。",
        "bad.json：报表名称（name）须填写，且不超过 128 个字。",
        "bad.json：填报层级（reporting_level）须为 1–5 的整数（县为 3）。",
        "bad.json 第1行（a）：指标“nosuch”不存在。",
        "bad.json 第2行（a）：栏目代码重复。",
        "bad.json 第2行（a）：数值类型（value_type）须为 integer / decimal / percent / text。",
        "bad.json 第3行（c）：只有系统取数（indicator）栏目可以绑定指标。",
        'bad.json 第3行（c）：环比异常阈值（outlier_ratio）须为大于 0、小于 10000 的数，如 "0.5"。',
        "bad.json 第4行（d）：未知的字段“colour”。",
        "bad.json 第4行（d）：栏目名称（label）须填写，且不超过 128 个字。",
        "bad.json 第4行（d）：取数方式（kind）须为 heading / indicator / typed。",
    ]
    assert not ReportTemplate.objects.filter(code="good").exists()  # the good file is not written either


def test_unreadable_json_and_duplicate_codes(tmp_path, indicators):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    one = _write(
        tmp_path, "one.json", {"code": "same", "name": "一", "rows": [{"code": "x", "label": "x", "kind": "typed"}]}
    )
    two = _write(
        tmp_path, "two.json", {"code": "same", "name": "二", "rows": [{"code": "x", "label": "x", "kind": "typed"}]}
    )
    with pytest.raises(TemplateFileError) as caught:
        load_files([broken, one, two])
    assert caught.value.problems[0].startswith("broken.json：无法读取 JSON")
    assert caught.value.problems[1] == "two.json：模板代码“same”与 one.json 重复。"


def test_reloading_reorders_updates_and_drops_rows(tmp_path, indicators):
    rows = [
        {"code": "a", "label": "甲", "kind": "typed"},
        {"code": "b", "label": "乙", "kind": "indicator", "indicator": "wo_received"},
        {"code": "c", "label": "丙", "kind": "typed"},
    ]
    path = _write(tmp_path, "t.json", {"code": "t", "name": "表", "rows": rows})
    load_files([path])
    _write(tmp_path, "t.json", {"code": "t", "name": "新表", "rows": [{**rows[2], "label": "丙二"}, rows[0]]})
    load_files([path])
    template = ReportTemplate.objects.get(code="t")
    assert template.name == "新表"
    assert list(template.rows.values_list("order", "code", "label")) == [(1, "c", "丙二"), (2, "a", "甲")]


def test_a_row_holding_report_values_is_not_dropped(tmp_path, indicators, network):
    import datetime

    from gongfa.performance.models import MonthlyReport

    path = _write(
        tmp_path,
        "t.json",
        {
            "code": "t",
            "name": "表",
            "rows": [{"code": "a", "label": "甲", "kind": "typed"}, {"code": "b", "label": "乙", "kind": "typed"}],
        },
    )
    (template,) = load_files([path])
    report = MonthlyReport.objects.create(
        template=template, region=network.county, month=datetime.date(2026, 11, 1), due_on=datetime.date(2026, 12, 25)
    )
    ReportCell.objects.create(report=report, row=template.rows.get(code="b"))
    _write(tmp_path, "t.json", {"code": "t", "name": "改名", "rows": [{"code": "a", "label": "甲", "kind": "typed"}]})
    with pytest.raises(TemplateFileError) as caught:
        load_files([path])
    assert caught.value.problems == ["t.json：栏目“b”已有月报数据，不能删除；请改用新的模板代码。"]
    template.refresh_from_db()
    assert template.name == "表" and template.rows.count() == 2


def test_the_command(tmp_path, indicators):
    out = StringIO()
    call_command("load_report_templates", stdout=out)
    assert "已导入：workorder-legalaid-monthly" in out.getvalue()
    bad = _write(tmp_path, "bad.json", {"code": "x", "name": "x", "rows": []})
    with pytest.raises(CommandError, match=r"bad\.json：须有栏目"):
        call_command("load_report_templates", str(bad))
