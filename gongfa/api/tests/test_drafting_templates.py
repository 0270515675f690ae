"""The template library through the API: public (no personal data), every template with its kind
and basis, and one template's steps and questions as a client draws them."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.test import Client

from gongfa.drafting.models import TemplateVersion
from gongfa.drafting.services import library, start_interview
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/drafting/templates"


def fields_by_name(step: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in step["fields"]}


def test_every_template_is_listed_for_anyone() -> None:
    response = Client().get(BASE)
    assert response.status_code == 200
    listed = response.json()
    assert [t["code"] for t in listed] == [definition.code for definition in library()]
    loan = next(t for t in listed if t["code"] == "private_loan_complaint")
    assert loan == {
        "code": "private_loan_complaint",
        "version": 1,
        "title": "民事起诉状（民间借贷纠纷）",
        "kind": "complaint",
        "kind_label": "民事起诉状",
        "official": True,
        "basis": ["《中华人民共和国民事诉讼法》第一百二十四条"],
        "case_type": "民间借贷纠纷",
    }
    assert listed.index(loan) < [t["official"] for t in listed].index(False)  # official forms first


def test_one_templates_steps_and_questions() -> None:
    response = Client().get(f"{BASE}/private_loan_complaint")
    assert response.status_code == 200
    body = response.json()
    assert [step["key"] for step in body["steps"]] == [
        "plaintiff", "defendants", "agent", "service", "loans", "guarantee", "claims", "venue", "facts", "court",
    ]  # fmt: skip
    steps = {step["key"]: step for step in body["steps"]}
    plaintiff = fields_by_name(steps["plaintiff"])
    assert steps["plaintiff"]["intro"] == "起诉的一方是原告。请按身份证填写。"
    assert plaintiff["plaintiff_name"]["required"] and plaintiff["plaintiff_name"]["max_length"] == 64
    assert plaintiff["plaintiff_sex"]["choices"] == [
        {"value": "male", "label": "男"},
        {"value": "female", "label": "女"},
    ]
    assert plaintiff["plaintiff_id_number"]["type"] == "id_number"
    agent = fields_by_name(steps["agent"])
    assert agent["agent_name"]["when"] == {"field": "has_agent", "operator": "equals", "value": True}
    assert agent["agent_authority"]["statute"] == "《中华人民共和国民事诉讼法》第六十二条"
    loans = fields_by_name(steps["loans"])["loans"]
    assert (loans["type"], loans["min_items"], loans["max_items"]) == ("group", 1, 20)
    inner = fields_by_name(loans)
    assert inner["principal"]["type"] == "money" and inner["principal"]["min"] == "0.01"
    assert (inner["agreed_rate"]["min"], inner["agreed_rate"]["max"]) == ("0", "100")
    assert inner["delivery"]["fields"] == [] and inner["delivery"]["min_items"] is None
    guarantors = fields_by_name(steps["guarantee"])["guarantors"]
    assert guarantors["when"] == {"field": "has_guarantor", "operator": "equals", "value": True}


def test_a_registered_version_or_an_unknown_one() -> None:
    """An interview keeps the version it was started with: its definition is read from the row."""
    current = start_interview(code="iou", actor=CitizenFactory()).template  # registers the current one
    text = re.sub(r"(?m)^version: \d+", "version: 900", current.definition_text)
    TemplateVersion.objects.create(
        code="iou", version=900, title=current.title, kind=current.kind, source=current.source,
        definition_text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), is_current=False,
    )  # fmt: skip
    old = Client().get(f"{BASE}/iou", {"version": 900})
    assert old.status_code == 200 and old.json()["version"] == 900
    now = Client().get(f"{BASE}/iou", {"version": current.version})
    assert now.status_code == 200 and now.json()["version"] == current.version
    for response in (Client().get(f"{BASE}/iou", {"version": 99}), Client().get(f"{BASE}/no_such_template")):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "unknown_template"
    assert Client().get(f"{BASE}/Not-A-Code").status_code == 422
    assert Client().get(f"{BASE}/iou", {"version": 0}).status_code == 422
