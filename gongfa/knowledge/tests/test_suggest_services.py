"""knowledge.qa.suggest_services: the rules table says which services fit and why."""

import pytest

from gongfa.catalog.models import ServiceType
from gongfa.knowledge.citations import check_citations
from gongfa.knowledge.qa import suggest_services, suggestion_rules

pytestmark = pytest.mark.django_db


def test_domestic_violence_is_legal_aid_without_the_hardship_condition():
    found = {s.code: s for s in suggest_services("丈夫经常家暴我，我想离婚", "marriage_family")}
    assert "不受经济困难条件的限制" in found["legal_aid"].reason
    assert "第三十二条" in found["legal_aid"].basis
    assert "mediation" in found  # a family dispute can also be mediated


def test_a_labour_topic_suggests_the_arbitration_guidance_service():
    found = {s.code: s for s in suggest_services("单位违法解除劳动合同", "labour")}
    arbitration = found["arbitration"]
    assert arbitration.name == "仲裁指引" and "一年" in arbitration.reason
    assert "第二十七条" in arbitration.basis


def test_an_arbitration_clause_suggests_arbitration_whatever_the_topic():
    found = {s.code: s for s in suggest_services("合同里有仲裁条款，对方违约我能去法院起诉吗", "contract")}
    assert "不予受理" in found["arbitration"].reason and "第五条" in found["arbitration"].basis


def test_each_service_is_suggested_once_with_every_reason():
    found = [s for s in suggest_services("农民工工伤后老板不给工资", "labour") if s.code == "legal_aid"]
    assert len(found) == 1
    assert "工伤" in found[0].reason and "劳动报酬" in found[0].reason


def test_nothing_specific_falls_back_to_consultation():
    assert [s.code for s in suggest_services("随便问问", None)] == ["consultation"]


def test_a_service_switched_off_in_the_catalogue_is_not_suggested():
    ServiceType.objects.filter(code="legal_aid").update(is_active=False)
    codes = {s.code for s in suggest_services("老板拖欠工资", "labour")}
    assert "legal_aid" not in codes and "arbitration" in codes  # arbitration still comes


def test_every_rule_names_a_catalogue_service_or_an_outside_body_and_well_formed_basis():
    codes = set(ServiceType.objects.values_list("code", flat=True))
    for rule in suggestion_rules():
        assert rule["reason"]
        assert rule.get("cues") or rule.get("topics")
        assert rule["service"] in codes or (rule["service"] == "" and rule["name"])
        if rule["basis"]:
            # Each basis parses as citations (all were checked against the full corpus: 现行有效).
            assert check_citations(rule["basis"]), rule["basis"]
