"""The indicator admin: the definition as JSON text, checked against the measure registry, every
problem on the page at once and nothing saved; the registered measures listed as help."""

from __future__ import annotations

import json

import pytest

from gongfa.audit.models import Event
from gongfa.performance.models import Indicator
from gongfa.performance.tests.admin_setup import logged_in

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "code": "wo_hotline_on_time_rate",
        "name": "热线按时办结率",
        "category": "时效",
        "description": "",
        "numerator": json.dumps({"measures": ["wo.closed_on_time"], "filters": {"channel": ["hotline"]}}),
        "denominator": json.dumps({"measures": ["wo.closed"], "filters": {"channel": ["hotline"]}}),
        "scale": "100",
        "unit": "percent",
        "decimals": "1",
        "direction": "higher",
        "levels": ["3", "4"],
        "source_kind": "practice",
        "source_document": "",
        "benchmark": "",
        "sort_order": "100",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_new_indicator_is_saved_with_an_event(client):
    logged_in(client)
    response = client.post("/admin/performance/indicator/add/", _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator = Indicator.objects.get(code="wo_hotline_on_time_rate")
    assert indicator.numerator == {"measures": ["wo.closed_on_time"], "filters": {"channel": ["hotline"]}}
    assert indicator.denominator == {"measures": ["wo.closed"], "filters": {"channel": ["hotline"]}}
    assert indicator.levels == [3, 4]
    event = Event.objects.get(verb="performance.indicator_created")
    assert event.data["code"] == "wo_hotline_on_time_rate"


def test_an_unknown_measure_is_refused(client):
    logged_in(client)
    response = client.post("/admin/performance/indicator/add/", _form(numerator=json.dumps({"measures": ["xxx"]})))
    assert response.status_code == 200
    assert "计量“xxx”未登记" in response.content.decode()
    assert not Indicator.objects.filter(code="wo_hotline_on_time_rate").exists()
    assert not Event.objects.filter(verb__startswith="performance.indicator").exists()


def test_every_problem_of_a_definition_at_once(client):
    logged_in(client)
    numerator = {"measures": ["wo.closed_on_time", "wo.nope"], "filters": {"weather": ["rain"], "special_group": [3]}}
    denominator = {"measures": ["la.nothing"], "filters": {"special_group": ["any", "elderly"]}}
    response = client.post(
        "/admin/performance/indicator/add/",
        _form(numerator=json.dumps(numerator), denominator=json.dumps(denominator), unit="furlongs"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "分子中的计量“wo.nope”未登记",
        "分子的筛选维度“weather”不存在",
        "分子的特殊群体取值“3”无效",
        "分母中的计量“la.nothing”未登记",
        "分母的特殊群体取值“elderly”无效",
        "单位的选项不在列表中",
    ):
        assert message in page, message
    assert not Indicator.objects.filter(code="wo_hotline_on_time_rate").exists()


def test_json_that_does_not_parse_is_refused_beside_the_other_side_s_problems(client):
    logged_in(client)
    response = client.post(
        "/admin/performance/indicator/add/",
        _form(numerator='{"measures": ["wo.closed"', denominator=json.dumps({"measures": []})),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "分子不是有效的 JSON" in page
    assert "分母至少要列出一个计量（measures）" in page
    assert not Indicator.objects.filter(code="wo_hotline_on_time_rate").exists()


def test_an_empty_numerator_and_a_null_one_are_refused(client):
    logged_in(client)
    for numerator in ("", "null"):
        response = client.post("/admin/performance/indicator/add/", _form(numerator=numerator))
        assert response.status_code == 200
        assert "请填写分子" in response.content.decode()
    assert not Indicator.objects.filter(code="wo_hotline_on_time_rate").exists()


def test_changing_a_definition_keeps_the_code_and_records_the_fields(client):
    logged_in(client)
    indicator = Indicator.objects.create(code="la_closed_x", name="结案数", numerator={"measures": ["la.closed"]})
    response = client.post(
        f"/admin/performance/indicator/{indicator.pk}/change/",
        _form(
            code="renamed",
            name="法律援助结案数",
            numerator=json.dumps({"measures": ["la.closed"]}),
            denominator="",
            unit="count",
            scale="1",
            levels=[],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator.refresh_from_db()
    assert indicator.code == "la_closed_x"  # read-only once created
    assert indicator.name == "法律援助结案数"
    assert indicator.denominator is None
    assert indicator.levels == []
    event = Event.objects.get(verb="performance.indicator_changed")
    assert "name" in event.data["fields"]


def test_a_bad_change_leaves_the_indicator_as_it_was(client):
    logged_in(client)
    indicator = Indicator.objects.create(code="la_closed_x", name="结案数", numerator={"measures": ["la.closed"]})
    response = client.post(
        f"/admin/performance/indicator/{indicator.pk}/change/",
        _form(name="改名", numerator=json.dumps({"measures": ["la.closd"]}), denominator="", unit="count"),
    )
    assert response.status_code == 200
    assert "计量“la.closd”未登记" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name == "结案数"
    assert indicator.numerator == {"measures": ["la.closed"]}


def test_the_registered_measures_are_listed_as_help(client):
    logged_in(client)
    page = client.get("/admin/performance/indicator/add/").content.decode()
    assert "已登记的计量" in page
    for code in ("wo.received", "wo.closed_on_time", "la.granted", "net.villages_with_advisor"):
        assert f"<code>{code}</code>" in page, code
    assert "<code>wo.rated_satisfied</code>" in page  # a derived measure, by the region's setting
    assert "special_group" in page


def test_indicators_are_not_deleted_but_switched_off(client):
    logged_in(client)
    indicator = Indicator.objects.create(code="la_closed_x", name="结案数", numerator={"measures": ["la.closed"]})
    response = client.post(f"/admin/performance/indicator/{indicator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_list_searches_and_filters(client):
    logged_in(client)
    Indicator.objects.create(code="zz_alpha", name="甲指标", category="数量", numerator={"measures": ["la.closed"]})
    Indicator.objects.create(
        code="zz_beta", name="乙指标", category="时效", is_public=True, numerator={"measures": ["la.closed"]}
    )
    page = client.get("/admin/performance/indicator/?q=甲指标").content.decode()
    assert "zz_alpha" in page and "zz_beta" not in page
    page = client.get("/admin/performance/indicator/?is_public__exact=1&q=zz_").content.decode()
    assert "zz_beta" in page and "zz_alpha" not in page
