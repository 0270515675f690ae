"""POST /api/v1/knowledge/citations/check: public, every citation judged, bad input refused clearly."""

import json

import pytest
from django.test import Client

from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder

URL = "/api/v1/knowledge/citations/check"


@pytest.fixture
def corpus(db, tmp_path):
    law = {
        "name": "中华人民共和国测试法",
        "status": "现行有效",
        "effective_date": "2020-01-01",
        "articles": [
            {"number": "第一条", "text": "为了测试，制定本法。"},
            {"number": "第二条", "text": "本法适用于测试。"},
        ],
    }
    (tmp_path / "law.json").write_text(json.dumps(law, ensure_ascii=False), encoding="utf-8")
    import_statutes(read_folder(tmp_path), source="test")


def _check(text):
    return Client().post(URL, {"text": text}, content_type="application/json")


def test_each_citation_is_judged_without_logging_in(corpus):
    response = _check("依据《测试法》第1条、第三条以及《不存在法》第二条，另见<script>x</script>")
    assert response.status_code == 200
    data = response.json()
    assert (data["total"], data["valid"]) == (3, 1)
    first, second, third = data["citations"]
    assert first["verdict"] == "current" and first["valid"] and first["text"] == "为了测试，制定本法。"
    assert (
        first["article"] == "第一条"
        and first["law_name"] == "中华人民共和国测试法"
        and first["cited"] == "《测试法》第1条"
    )
    assert second["verdict"] == "article_not_found" and second["verdict_label"] == "条文不存在"
    assert third["verdict"] == "law_not_found" and third["law_name"] == "" and third["text"] == ""
    assert "2 处有问题" in data["message"]


def test_no_citation_in_the_text(corpus):
    data = _check("老板三个月不发工资怎么办").json()
    assert data["total"] == 0 and "未发现" in data["message"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 400, "text_required"),
        ({"text": "   \n "}, 400, "text_required"),
        ({"text": "字" * 20_001}, 400, "text_too_long"),
        ({}, 422, "invalid_request"),
        ({"text": 12}, 422, "invalid_request"),
    ],
)
def test_bad_input(corpus, body, status, code):
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
