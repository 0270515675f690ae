"""The evaluation-scheme admin: items inline, checked with services.evaluation.check_items on save
(weights total 100 %, bands, components), every problem at once, nothing saved."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.performance.models import EvaluationInput, EvaluationItem, EvaluationScheme
from gongfa.performance.tests.admin_setup import logged_in, one_of_everything, rate_indicator
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

GRADES = json.dumps([{"min": 90, "grade": "优秀"}, {"min": 60, "grade": "合格"}])


def _item(index: int, **values: Any) -> dict[str, str]:
    return {f"items-{index}-{key}": str(value) for key, value in values.items()}


def _scheme(items: list[dict[str, Any]], initial: int = 0, **overrides: str) -> dict[str, str]:
    data = {
        "code": "points-2026",
        "name": "服务平台考评",
        "subject_kind": "point",
        "description": "",
        "source_document": "",
        "grade_bands": GRADES,
        "is_active": "on",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        values = {"order": index + 1, "bands": "[]", "note": "", "indicator": ""}
        values.update(item)
        data.update(_item(index, **values))
    data.update(overrides)
    return data


def _good_items() -> list[dict[str, Any]]:
    indicator = rate_indicator()
    return [
        {
            "code": "sat",
            "name": "群众满意",
            "component": "indicator",
            "indicator": indicator.pk,
            "weight": "60",
            "bands": json.dumps([{"min": 95, "score": 100}, {"min": 90, "score": 80}]),
        },
        {"code": "self", "name": "自评", "component": "self", "weight": "40"},
    ]


def test_a_scheme_whose_weights_total_100_is_saved(client):
    logged_in(client)
    response = client.post("/admin/performance/evaluationscheme/add/", _scheme(_good_items()))
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = EvaluationScheme.objects.get(code="points-2026")
    assert [(item.code, item.weight) for item in scheme.items.order_by("order")] == [
        ("sat", Decimal(60)),
        ("self", Decimal(40)),
    ]
    assert scheme.items.get(code="self").bands == []
    assert Event.objects.filter(verb="performance.scheme_created").exists()
    assert Event.objects.filter(verb="performance.scheme_items_changed").exists()


def test_weights_not_totalling_100_are_refused(client):
    logged_in(client)
    items = _good_items()
    items[1]["weight"] = "35"
    response = client.post("/admin/performance/evaluationscheme/add/", _scheme(items))
    assert response.status_code == 200
    assert "权重合计 95%，应为 100%。" in response.content.decode()
    assert not EvaluationScheme.objects.filter(code="points-2026").exists()
    assert not EvaluationItem.objects.filter(code="sat").exists()


def test_every_problem_of_a_scheme_at_once(client):
    logged_in(client)
    items = _good_items()
    items[0]["bands"] = json.dumps([{"min": 90, "score": 80}, {"min": 95, "score": 100}])
    items[1].update(weight="50")
    items.append({"code": "ind", "name": "办结", "component": "indicator", "weight": "10"})
    items.append({"code": "qual", "name": "案件质量", "component": "legal_aid_quality", "weight": "5"})
    response = client.post(
        "/admin/performance/evaluationscheme/add/",
        _scheme(items, grade_bands=json.dumps([{"min": 60, "grade": "合格"}, {"min": 90, "grade": "优秀"}])),
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "权重合计 125%，应为 100%。",
        "第 1 项“群众满意”的评分档次第 2 档的界值 95 应从高到低排列（上一档 90）。",
        "第 3 项“办结”须指定一个系统指标。",
        "法律援助质量指数只能考评承办人员或承办机构，不能考评服务平台",
        "等次划分第 2 档的分数线 90 应低于上一档的 60。",
    ):
        assert message in page, message
    assert not EvaluationScheme.objects.filter(code="points-2026").exists()


def test_a_row_with_its_own_error_does_not_add_a_misleading_total(client):
    logged_in(client)
    items = _good_items()
    items[1]["weight"] = "四十"
    response = client.post("/admin/performance/evaluationscheme/add/", _scheme(items))
    assert response.status_code == 200
    page = response.content.decode()
    assert "权重请填数字" in page
    assert "权重合计" not in page
    assert not EvaluationScheme.objects.filter(code="points-2026").exists()


def _existing(scheme: EvaluationScheme, **changes: dict[str, Any]) -> dict[str, str]:
    items = []
    for item in scheme.items.order_by("order"):
        values: dict[str, Any] = {
            "id": item.pk,
            "scheme": scheme.pk,
            "order": item.order,
            "code": item.code,
            "name": item.name,
            "component": item.component,
            "indicator": item.indicator_id or "",
            "weight": item.weight,
            "bands": json.dumps(item.bands),
            "note": item.note,
        }
        values.update(changes.get(item.code, {}))
        items.append(values)
    return _scheme(
        items,
        initial=len(items),
        code=scheme.code,
        name=scheme.name,
        subject_kind=scheme.subject_kind,
        grade_bands=json.dumps(scheme.grade_bands),
    )


def test_lowering_a_stored_weight_is_refused_and_nothing_changes(client, network):
    logged_in(client)
    scheme = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))["scheme"]
    url = f"/admin/performance/evaluationscheme/{scheme.pk}/change/"
    response = client.post(url, _existing(scheme, sat={"weight": "90"}))
    assert response.status_code == 200
    assert "权重合计 90%，应为 100%。" in response.content.decode()
    assert scheme.items.get(code="sat").weight == Decimal(100)
    # Deleting the only item leaves no weight at all: refused too.
    data = _existing(scheme)
    data["items-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "考评方案至少要有一个考评项目" in response.content.decode()
    assert scheme.items.count() == 1


def test_a_scheme_with_runs_keeps_its_subject_kind(client, network):
    logged_in(client)
    scheme = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))["scheme"]
    data = _existing(scheme)
    data["subject_kind"] = "agency"
    response = client.post(f"/admin/performance/evaluationscheme/{scheme.pk}/change/", data)
    assert response.status_code == 200
    assert "该方案已有考评记录，不能更改考评对象" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.subject_kind == "point"


def test_a_valid_change_is_saved_with_its_events(client, network):
    logged_in(client)
    scheme = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))["scheme"]
    data = _existing(scheme, sat={"weight": "70"})
    data.update(_item(1, order=2, code="third", name="第三方评估", component="third_party", weight="30", bands="[]"))
    data.update({"items-1-note": "", "items-1-indicator": "", "items-TOTAL_FORMS": "2"})
    response = client.post(f"/admin/performance/evaluationscheme/{scheme.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(scheme.items.values_list("code", "weight")) == [("sat", Decimal(70)), ("third", Decimal(30))]
    event = Event.objects.get(verb="performance.scheme_items_changed")
    assert event.data["items"]["added"] == ["第三方评估"]


def test_the_list_shows_the_weight_total(client, network):
    logged_in(client)
    one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    page = client.get("/admin/performance/evaluationscheme/").content.decode()
    assert "测试方案" in page and "权重合计" in page


def test_an_item_with_typed_scores_cannot_be_deleted(client, network):
    logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    scheme, run = made["scheme"], made["run"]
    item = scheme.items.get()
    EvaluationInput.objects.create(run=run, item=item, subject_id=network.centre.pk, score=Decimal(90))
    data = _existing(scheme)
    data["items-0-DELETE"] = "on"
    data.update(_item(1, order=2, code="third", name="第三方评估", component="third_party", weight="100", bands="[]"))
    data.update({"items-1-note": "", "items-1-indicator": "", "items-TOTAL_FORMS": "2"})
    response = client.post(f"/admin/performance/evaluationscheme/{scheme.pk}/change/", data)
    assert response.status_code == 200
    assert "“满意率”已有考评录入分记录，不能删除。" in response.content.decode()
    assert list(scheme.items.values_list("code", flat=True)) == ["sat"]
