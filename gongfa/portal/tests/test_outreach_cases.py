"""The portal's typical cases: only published cases are listed and shown (others 404); the search
finds every word of the query in the text, the topic filters, pages are numbered and the list runs
in a constant number of queries; the Q&A answer page suggests cases of the question's topic."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.outreach.choices import TypicalCaseStatus as S
from gongfa.outreach.selectors.cases import search, search_terms, typical_cases_for
from gongfa.outreach.tests.cases_testing import published_case
from gongfa.portal.outreach.cases import PAGE_SIZE

LIST = reverse("portal:outreach_cases")


def detail(case) -> str:
    return reverse("portal:outreach_case", args=[case.number])


def numbers(response) -> list[str]:
    page = response.content.decode()
    return [piece.split('"')[0] for piece in page.split('data-testid="outreach-case-')[1:]]


@pytest.mark.django_db
def test_only_published_cases_are_public(client, network):
    shown = published_case(network)
    hidden = {
        status: published_case(network, status=status, published_at=None)
        for status in (S.NOMINATED, S.DEIDENTIFIED, S.IN_REVIEW, S.RETURNED, S.WITHDRAWN)
    }
    assert numbers(client.get(LIST)) == [shown.number]
    page = client.get(detail(shown))
    assert page.status_code == 200 and shown.significance in page.content.decode()
    for case in hidden.values():
        assert client.get(detail(case)).status_code == 404
    assert client.get(reverse("portal:outreach_case", args=["AL2099000001"])).status_code == 404


@pytest.mark.django_db
def test_the_search_needs_every_word_and_the_topic_filters(client, network):
    wages = published_case(network, title="农民工讨薪案", facts="包工头拖欠工资三万元。", topic="labour")
    divorce = published_case(
        network, title="离婚财产分割案", facts="夫妻共同财产的分割。", handling="调解离婚。", topic="marriage_family"
    )
    assert numbers(client.get(LIST, {"q": "拖欠工资"})) == [wages.number]
    assert numbers(client.get(LIST, {"q": "离婚"})) == [divorce.number]
    assert numbers(client.get(LIST, {"q": "离婚 工资"})) == []  # every word must be found
    assert numbers(client.get(LIST, {"topic": "marriage_family"})) == [divorce.number]
    assert numbers(client.get(LIST, {"q": "工资", "topic": "marriage_family"})) == []
    empty = client.get(LIST, {"q": "宅基地"}).content.decode()
    assert "没有找到相关案例" in empty
    response = client.get(LIST, {"topic": "no-such-topic"})
    assert response.status_code == 400 and "领域的选项不在列表中" in response.content.decode()


def test_search_terms_drop_single_characters_and_compounds():
    assert search_terms("劳动争议仲裁") == ["劳动", "争议", "仲裁"]
    assert "的" not in search_terms("老板拖欠的工资")
    assert search_terms("") == []


@pytest.mark.django_db
def test_search_is_the_same_query_on_every_database(network):
    case = published_case(network, significance="用人单位应当依法支付劳动报酬")
    assert list(search("劳动报酬")) == [case]
    assert list(search("LABOUR")) == []


@pytest.mark.django_db
def test_the_list_is_paginated_in_constant_queries(client, network):
    published_case(network)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST, {"q": "工资"})
    for _ in range(PAGE_SIZE + 2):
        published_case(network)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"q": "工资"})
    assert len(many) == len(one)
    assert len(numbers(response)) == PAGE_SIZE
    assert "page=2" in response.content.decode() and "q=%E5%B7%A5%E8%B5%84" in response.content.decode()
    assert len(numbers(client.get(LIST, {"q": "工资", "page": 2}))) == 3


@pytest.mark.django_db
def test_typical_cases_for_prefers_the_topic_and_shared_words(network):
    near = published_case(network, title="拖欠工资仲裁案", facts="老板拖欠工资。", topic="labour")
    other = published_case(network, title="工伤认定案", facts="工地受伤。", topic="labour")
    published_case(network, title="离婚案", facts="拖欠工资的丈夫。", topic="marriage_family")
    published_case(network, title="未发布", facts="老板拖欠工资。", topic="labour", status=S.IN_REVIEW)
    assert typical_cases_for("labour", "老板拖欠工资怎么办") == [near, other]
    assert typical_cases_for("labour", "老板拖欠工资怎么办", limit=1) == [near]
    assert typical_cases_for("", "工地受伤") == [other]  # no topic: two shared words at least
    assert typical_cases_for("", "怎么办") == []
    assert typical_cases_for("tort", "狗咬人") == []


def test_the_qa_page_suggests_typical_cases(client, statute_corpus, network):
    case = published_case(network, title="拖欠工资仲裁案", facts="老板拖欠工资三个月。", topic="labour")
    page = client.post(reverse("portal:qa"), {"question": "老板拖欠工资三个月不给怎么办"}).content.decode()
    assert 'data-testid="suggested-cases"' in page and detail(case) in page


def test_the_qa_page_shows_no_section_without_a_case(client, statute_corpus, network):
    published_case(network, title="拖欠工资仲裁案", topic="labour", status=S.WITHDRAWN)
    page = client.post(reverse("portal:qa"), {"question": "老板拖欠工资三个月不给怎么办"}).content.decode()
    assert 'data-testid="suggested-cases"' not in page
