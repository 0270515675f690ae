"""The interview's actions: start with what is known, save step by step (every problem at once,
nothing saved), go back without losing answers, and refuse to make a document while anything the
law or the template requires is missing."""

from __future__ import annotations

import pytest
from django.db import connection

from gongfa.core.errors import DomainError, NotPermitted
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.drafting.services import complete_interview, save_answers, start_interview
from gongfa.drafting.tests.conftest import PLAINTIFF_ID, loan_answers_by_step
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _fill(interview, actor, *, skip=()):
    for step, raw in loan_answers_by_step().items():
        if step not in skip:
            save_answers(interview=interview, actor=actor, step=step, raw=raw)


def test_a_citizen_starts_with_their_own_name_id_and_phone(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    assert interview.citizen == citizen and interview.drafted_by is None
    assert interview.status == InterviewStatus.IN_PROGRESS and interview.current_step == "plaintiff"
    assert interview.answers["plaintiff_name"] == "陈秀英"
    assert interview.answers["plaintiff_id_number"] == PLAINTIFF_ID
    assert interview.answers["plaintiff_phone"] == "13800138000"


def test_answers_are_encrypted_at_rest(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM drafting_interview WHERE id = %s", [interview.pk])
        [stored] = cursor.fetchone()
    assert PLAINTIFF_ID not in stored and "陈秀英" not in stored
    assert Interview.objects.get(pk=interview.pk).answers["plaintiff_id_number"] == PLAINTIFF_ID


def test_every_bad_answer_of_a_step_is_named_at_once_and_nothing_is_saved(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    bad = {
        "loans": [
            {"contract_date": "2024-03-01", "principal": "-5", "lent_on": "2024-02-01", "delivery": "cash"},
            {"contract_date": "2024-03-01", "principal": "100", "lent_on": "2024-03-02", "delivery": "cash",
             "due_date": "2024-03-01"},
        ]
    }  # fmt: skip
    with pytest.raises(DomainError) as refused:
        save_answers(interview=interview, actor=citizen, step="loans", raw=bad)
    fields = {problem.field for problem in refused.value.problems}
    assert {"loans.1.principal", "loans.1.lent_on", "loans.2.due_date"} <= fields
    assert "loans" not in Interview.objects.get(pk=interview.pk).answers


def test_an_id_number_with_a_wrong_check_digit_is_refused(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    wrong = PLAINTIFF_ID[:-1] + ("0" if PLAINTIFF_ID[-1] != "0" else "1")
    raw = loan_answers_by_step()["plaintiff"] | {"plaintiff_id_number": wrong}
    with pytest.raises(DomainError) as refused:
        save_answers(interview=interview, actor=citizen, step="plaintiff", raw=raw)
    assert [p.field for p in refused.value.problems] == ["plaintiff_id_number"]


def test_going_back_and_saving_an_earlier_step_keeps_the_later_answers(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    _fill(interview, citizen)
    save_answers(interview=interview, actor=citizen, step="plaintiff",
                 raw=loan_answers_by_step()["plaintiff"] | {"plaintiff_address": "示范县新街2号"})  # fmt: skip
    answers = Interview.objects.get(pk=interview.pk).answers
    assert answers["plaintiff_address"] == "示范县新街2号"
    assert len(answers["loans"]) == 2 and answers["guarantors"][0]["guarantor_name"] == "李保山"


def test_an_oversized_group_is_refused(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    many = [{"defendant_name": f"被告{n}", "defendant_address": "某地"} for n in range(11)]
    with pytest.raises(DomainError) as refused:
        save_answers(interview=interview, actor=citizen, step="defendants", raw={"defendants": many})
    assert [p.field for p in refused.value.problems] == ["defendants"]
    assert "10" in refused.value.problems[0].message


def test_making_the_document_before_the_answers_are_complete_lists_each_missing_one(citizen, media_root):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    _fill(interview, citizen, skip=("facts", "court"))
    with pytest.raises(DomainError) as refused:
        complete_interview(interview=interview, actor=citizen)
    fields = {problem.field for problem in refused.value.problems}
    assert {"facts", "court", "evidence"} <= fields
    assert interview.documents.count() == 0
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.IN_PROGRESS


def test_another_citizen_can_neither_see_nor_change_it(citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    stranger = CitizenFactory()
    assert not Interview.objects.visible_to(stranger).filter(pk=interview.pk).exists()
    with pytest.raises(NotPermitted):
        save_answers(interview=interview, actor=stranger, step="agent", raw={"has_agent": "false"})


def test_an_unknown_template_or_step_is_refused(citizen):
    with pytest.raises(DomainError) as refused:
        start_interview(code="no_such_document", actor=citizen)
    assert refused.value.problems[0].code == "unknown_template"
    interview = start_interview(code="iou", actor=citizen)
    with pytest.raises(DomainError) as refused:
        save_answers(interview=interview, actor=citizen, step="nope", raw={})
    assert refused.value.problems[0].code == "unknown_step"
