"""POST /api/v1/qa/ask: public, answers with citations, topic, confidence and services; bad
questions refused with a structured error and nothing logged."""

import pytest
from django.test import Client

from gongfa.knowledge.models import QuestionLog

URL = "/api/v1/qa/ask"


def _ask(body, client=None):
    return (client or Client()).post(URL, body, content_type="application/json")


def test_anyone_may_ask_and_gets_cited_articles(statute_corpus, network):
    response = _ask(
        {"question": "老板拖欠工资三个月怎么办", "region_code": network.villages[0].code, "channel": "portal"}
    )
    assert response.status_code == 200
    data = response.json()
    first = data["citations"][0]
    assert first["cited"] == "《劳动合同法》第三十条" and first["status"] == "现行有效"
    assert first["law_name"] == "中华人民共和国劳动合同法" and first["version_date"] == "2013-07-01"
    start, end = first["highlights"][0]
    assert first["passage"][start:end] in "老板拖欠工资三个月怎么办"
    assert data["answer_source"] == "articles" and data["answer"]
    assert 0 < data["confidence"] <= 1 and data["low_confidence"] is False
    legal_aid = next(s for s in data["suggestions"] if s["service_code"] == "legal_aid")
    assert "免予核查" in legal_aid["reason"]
    log = QuestionLog.objects.get(pk=data["id"])
    assert log.region == network.villages[0] and log.channel == "portal"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"question": ""}, "question_required"),
        ({"question": "   "}, "question_required"),
        ({"question": "!!!???"}, "question_no_words"),
        ({"question": "Мне не платят зарплату"}, "question_not_chinese"),  # neither Chinese nor English
        ({"question": "欠" * 2001}, "question_too_long"),
        ({"question": "工资", "channel": "pigeon"}, "unknown_channel"),
    ],
)
def test_bad_questions_get_a_specific_error(statute_corpus, body, code):
    response = _ask(body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert not QuestionLog.objects.exists()


def test_an_english_question_gets_an_english_explanation(statute_corpus):
    data = _ask({"question": "how do I get my wages"}).json()
    assert data["language"] == "en" and data["answer_source"] == "none" and data["low_confidence"] is True
    assert "questions about the law of the People's Republic of China, asked in Chinese" in data["answer"]
    assert "转人工" in data["answer"] and data["citations"] == []
    assert QuestionLog.objects.get(pk=data["id"]).question == "how do I get my wages"
    chinese = _ask({"question": "工资被拖欠怎么办"}).json()
    assert chinese["language"] == "zh" and chinese["amount_note"] == ""


def test_unknown_region_and_missing_field_are_refused(statute_corpus):
    unknown = _ask({"question": "工资", "region_code": "999999999999"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_region"
    missing = _ask({})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "invalid_request"
    assert not QuestionLog.objects.exists()


def test_markup_comes_back_as_plain_json_text(statute_corpus):
    data = _ask({"question": "<script>alert(1)</script>拖欠工资"}).json()
    assert data["question"] == "<script>alert(1)</script>拖欠工资"


def test_anonymous_askers_are_rate_limited_per_address(statute_corpus, settings):
    client = Client()
    statuses = [_ask({"question": "拖欠工资"}, client).status_code for _ in range(settings.QA_ASK_PER_MINUTE + 1)]
    assert statuses[:-1] == [200] * settings.QA_ASK_PER_MINUTE
    assert statuses[-1] == 429
    assert QuestionLog.objects.count() == settings.QA_ASK_PER_MINUTE
