"""Before a document is made: the elements its kind requires by law are there, and every article
cited in the free text is in force."""

from __future__ import annotations

from typing import Any

import pytest

from gongfa.drafting.answers import clean_answers
from gongfa.drafting.checks import check_before_output
from gongfa.drafting.compute import FUNCTIONS, compute_values
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.library import FOLDER

pytestmark = pytest.mark.django_db

COMPLETE: dict[str, Any] = {
    "plaintiff_name": "王小明",
    "plaintiff_address": "某县某镇某村1号",
    "defendants": [{"defendant_name": "李四", "defendant_address": "某县某街2号"}],
    "loans": [{"contract_date": "2024-03-01", "principal": "50000", "lent_on": "2024-03-01", "delivery": "cash"}],
    "interest_until": "2025-03-01",
    "facts": "2024年3月1日被告向原告借款五万元，约定一年内归还，至今未还。",
    "evidence": [{"evidence_name": "借条原件"}],
    "court": "某县人民法院",
}


@pytest.fixture(scope="module")
def loan():
    return next(d for d in load_definitions(FOLDER, FUNCTIONS) if d.code == "private_loan_complaint")


def _check(definition, raw):
    answers = clean_answers(definition, raw)
    return {p.field: p.code for p in check_before_output(definition, answers, compute_values(definition, answers))}


def test_a_complete_complaint_passes(loan, statute_corpus):
    assert _check(loan, COMPLETE) == {}


def test_each_missing_element_is_named_with_the_article(loan, statute_corpus):
    raw = {**COMPLETE, "defendants": [{"defendant_name": "李四"}], "loans": [], "evidence": []}
    answers = clean_answers(loan, raw)
    problems = list(check_before_output(loan, answers, compute_values(loan, answers)))
    assert {p.field: p.code for p in problems} == {
        "defendant": "element_missing",
        "claims": "element_missing",
        "evidence": "element_missing",
    }
    assert all("《中华人民共和国民事诉讼法》第一百二十四条" in p.message for p in problems)


def test_an_article_not_in_force_in_the_facts_is_refused(loan, statute_corpus):
    raw = {**COMPLETE, "facts": COMPLETE["facts"] + "依照《中华人民共和国民法典》第九千九百条，应当还款。"}
    assert _check(loan, raw) == {"facts": "citation_not_in_force"}
