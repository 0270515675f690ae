"""Evaluation schemes as data: the shipped files load, install idempotently, and a bad file is
refused naming the file and each bad item."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongfa.performance.definitions import DATA as INDICATORS_FILE
from gongfa.performance.models import EvaluationItem, EvaluationScheme, Indicator
from gongfa.performance.schemes_loader import DIRECTORY, install_schemes, known_indicators, load_all

GOOD: dict[str, Any] = {
    "code": "points",
    "name": "平台考评",
    "subject_kind": "point",
    "grade_bands": [{"min": 90, "grade": "优秀"}, {"min": 0, "grade": "不合格"}],
    "items": [
        {"code": "quantity", "name": "服务数量", "component": "indicator", "indicator": "wo_received", "weight": 40},
        {
            "code": "timeliness",
            "name": "办理时效",
            "component": "indicator",
            "indicator": "wo_close_on_time_rate",
            "weight": 50,
            "bands": [{"min": 95, "score": 100}, {"min": 90, "score": 80}],
        },
        {"code": "self", "name": "自评", "component": "self", "weight": 10},
    ],
}


def write(tmp_path, content, name="bad.json"):
    (tmp_path / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def seed_indicators():
    for entry in json.loads(INDICATORS_FILE.read_text(encoding="utf-8")):
        fields = ("name", "numerator", "denominator", "scale", "unit", "decimals", "direction")
        Indicator.objects.update_or_create(code=entry["code"], defaults={f: entry[f] for f in fields if f in entry})


@pytest.mark.django_db
def test_the_shipped_schemes_load_and_install_idempotently():
    schemes = load_all()
    assert {s.code for s in schemes} == {
        "service_points",
        "legal_aid_agencies",
        "legal_aid_providers",
        "front_line_staff",
    }
    assert len(list(DIRECTORY.glob("*.json"))) == len(schemes)
    seed_indicators()
    install_schemes(schemes)
    install_schemes(schemes)
    assert EvaluationScheme.objects.exclude(code="village_advisors").count() == 4  # outreach loads its own
    points = EvaluationScheme.objects.get(code="service_points")
    assert points.subject_kind == "point"
    items = list(points.items.order_by("order").values_list("code", "component", "indicator__code", "weight"))
    assert items == [
        ("quantity", "indicator", "wo_received", Decimal("20.00")),
        ("timeliness", "indicator", "wo_close_on_time_rate", Decimal("30.00")),
        ("satisfaction", "citizen", None, Decimal("30.00")),
        ("self", "self", None, Decimal("10.00")),
        ("third_party", "third_party", None, Decimal("10.00")),
    ]
    assert EvaluationItem.objects.filter(scheme__code="legal_aid_agencies", component="legal_aid_quality").exists()


@pytest.mark.django_db
def test_a_good_file_loads(tmp_path):
    [scheme] = load_all(write(tmp_path, GOOD, "good.json"))
    assert scheme.code == "points" and len(scheme.items) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["items"][2].update(weight=5), "权重合计 95%，应为 100%。"),
        (lambda d: d["items"][1].update(indicator="no_such"), "第 2 项“办理时效”的指标“no_such”不存在。"),
        (
            lambda d: d["items"][1].update(bands=[{"min": 90, "score": 80}, {"min": 95, "score": 100}]),
            "第 2 项“办理时效”的评分档次第 2 档的界值 95 应从高到低排列（上一档 90）。",
        ),
        (
            lambda d: d["items"][0].update(scoring="value"),
            "第 1 项“服务数量”写明“按实际值计分”",
        ),
        (lambda d: d["items"][2].update(component="boss"), "第 3 项“自评”的评分来源“boss”不存在。"),
        (lambda d: d.update(grade_bands=[]), "等次划分至少要有一档"),
        (lambda d: d["items"][0].update(colour="red"), "第 1 项“服务数量”有不认识的字段：colour。"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_item(tmp_path, change, expected):
    content = copy.deepcopy(GOOD)
    change(content)
    with pytest.raises(ImproperlyConfigured) as caught:
        load_all(write(tmp_path, content))
    message = str(caught.value)
    assert message.startswith("考评方案文件 bad.json：")
    assert expected in message


@pytest.mark.django_db
def test_every_problem_of_a_file_at_once(tmp_path):
    content = copy.deepcopy(GOOD)
    content["items"][2]["weight"] = 5
    content["items"][1]["indicator"] = "no_such"
    with pytest.raises(ImproperlyConfigured) as caught:
        load_all(write(tmp_path, content))
    assert "权重合计 95%，应为 100%。" in str(caught.value) and "“no_such”不存在" in str(caught.value)


@pytest.mark.django_db
def test_unreadable_json_and_duplicate_codes_are_refused(tmp_path):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"考评方案文件 broken\.json 无法读取"):
        load_all(tmp_path)
    (tmp_path / "broken.json").unlink()
    write(tmp_path, GOOD, "a.json")
    write(tmp_path, GOOD, "b.json")
    with pytest.raises(ImproperlyConfigured, match=r"方案代码“points”与 a\.json 重复"):
        load_all(tmp_path)


def test_indicator_codes_come_from_the_seed_file_without_a_database(monkeypatch):
    monkeypatch.setattr(Indicator.objects, "all", list)
    known = known_indicators()
    assert known["wo_close_on_time_rate"].unit == "percent"
    assert known["la_review_days_mean"].direction == "lower"


@pytest.mark.django_db
def test_the_command_installs_the_schemes_or_names_the_bad_file(tmp_path):
    from django.core.management import CommandError, call_command

    seed_indicators()
    call_command("load_evaluation_schemes")
    assert EvaluationScheme.objects.exclude(code="village_advisors").count() == 4  # outreach loads its own
    content = copy.deepcopy(GOOD)
    content["items"][2]["weight"] = 5
    with pytest.raises(CommandError, match="权重合计 95%，应为 100%。"):
        call_command("load_evaluation_schemes", str(write(tmp_path, content)))
    assert EvaluationScheme.objects.exclude(code="village_advisors").count() == 4  # outreach loads its own
