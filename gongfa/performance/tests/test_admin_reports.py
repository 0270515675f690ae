"""The report-template admin: rows inline, each row checked (an indicator row names its indicator
and only it does, codes and orders unique, outlier ratio positive), every problem at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.performance.models import ReportRow, ReportTemplate
from gongfa.performance.tests.admin_setup import logged_in, one_of_everything, rate_indicator
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _template(rows: list[dict[str, Any]], initial: int = 0, **overrides: str) -> dict[str, str]:
    data = {
        "code": "county-monthly",
        "name": "县级月报",
        "version": "1",
        "description": "",
        "source_document": "",
        "reporting_level": "3",
        "is_active": "on",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        values: dict[str, Any] = {
            "order": index + 1,
            "value_type": "integer",
            "outlier_ratio": "1",
            "indicator": "",
            "help_text": "",
            "required": "on",
        }
        values.update(row)
        data.update({f"rows-{index}-{key}": str(value) for key, value in values.items()})
    data.update(overrides)
    return data


def test_a_template_with_its_rows_is_saved(client):
    logged_in(client)
    indicator = rate_indicator()
    rows: list[dict[str, Any]] = [
        {"code": "h1", "label": "一、工单", "kind": "heading", "required": ""},
        {"code": "sat", "label": "满意率", "kind": "indicator", "indicator": indicator.pk, "value_type": "percent"},
        {"code": "funds", "label": "经费（万元）", "kind": "typed", "value_type": "decimal", "outlier_ratio": "0.5"},
    ]
    response = client.post("/admin/performance/reporttemplate/add/", _template(rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    template = ReportTemplate.objects.get(code="county-monthly")
    assert list(template.rows.order_by("order").values_list("code", "kind")) == [
        ("h1", "heading"),
        ("sat", "indicator"),
        ("funds", "typed"),
    ]
    assert template.rows.get(code="funds").outlier_ratio == Decimal("0.5")
    assert Event.objects.filter(verb="performance.report_template_created").exists()
    assert Event.objects.get(verb="performance.report_rows_changed").data["rows"]["added"] == [
        "一、工单",
        "满意率",
        "经费（万元）",
    ]


def test_every_row_problem_at_once(client):
    logged_in(client)
    indicator = rate_indicator()
    rows: list[dict[str, Any]] = [
        {"code": "sat", "label": "满意率", "kind": "indicator"},
        {"code": "funds", "label": "经费", "kind": "typed", "indicator": indicator.pk},
        {"code": "note", "label": "说明", "kind": "indicator", "indicator": indicator.pk, "value_type": "text"},
        {"code": "funds", "label": "经费二", "kind": "typed", "outlier_ratio": "0", "order": 2},
        {"code": "late", "label": "迟报", "kind": "typed", "order": "第五"},
    ]
    response = client.post("/admin/performance/reporttemplate/add/", _template(rows, reporting_level="7"))
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "栏目“满意率”是系统取数，须选择指标。",
        "栏目“经费”不是系统取数，不能绑定指标。",
        "栏目“说明”是系统取数，数值类型不能是文字。",
        "栏目“经费二”的环比异常阈值应大于 0",
        "栏目代码“funds”重复。",
        "顺序 2 重复",
        "填报层级的选项不在列表中",
        "顺序请填整数。",
    ):
        assert message in page, message
    assert not ReportTemplate.objects.filter(code="county-monthly").exists()
    assert not ReportRow.objects.filter(code="sat").exists()


def test_a_template_needs_a_row(client):
    logged_in(client)
    response = client.post("/admin/performance/reporttemplate/add/", _template([]))
    assert response.status_code == 200
    assert "报表至少要有一个栏目。" in response.content.decode()
    assert not ReportTemplate.objects.filter(code="county-monthly").exists()


def test_a_row_holding_report_values_cannot_be_deleted(client, network):
    logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    template = made["template"]
    row = template.rows.get()
    data = _template(
        [
            {
                "id": row.pk,
                "template": template.pk,
                "code": row.code,
                "label": row.label,
                "kind": row.kind,
                "indicator": row.indicator_id,
                "value_type": row.value_type,
                "DELETE": "on",
            },
            {"code": "extra", "label": "备注", "kind": "typed", "value_type": "text", "required": ""},
        ],
        initial=1,
        name=template.name,
    )
    response = client.post(f"/admin/performance/reporttemplate/{template.pk}/change/", data)
    assert response.status_code == 200
    assert "“满意率”已有报表数值记录，不能删除。" in response.content.decode()
    assert template.rows.filter(pk=row.pk).exists()
    assert not template.rows.filter(code="extra").exists()


def test_the_code_of_a_stored_template_does_not_change(client, network):
    logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    template = made["template"]
    row = template.rows.get()
    data = _template(
        [
            {
                "id": row.pk,
                "template": template.pk,
                "code": row.code,
                "label": "群众满意率",
                "kind": row.kind,
                "indicator": row.indicator_id,
                "value_type": "percent",
            }
        ],
        initial=1,
        code="renamed",
        name="测试月报（修订）",
    )
    response = client.post(f"/admin/performance/reporttemplate/{template.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template.refresh_from_db()
    assert template.code == "admin-test" and template.name == "测试月报（修订）"
    assert template.rows.get().label == "群众满意率"
    assert Event.objects.get(verb="performance.report_rows_changed").data["rows"]["changed"] == ["群众满意率"]
