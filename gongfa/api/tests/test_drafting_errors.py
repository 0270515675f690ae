"""Every bad input to the drafting API, each refused with its field and nothing changed: a step's
bad answers all at once (the service's checks and the shape of what was sent), unknown templates,
regions, steps and questions, a document made too early (each missing answer and element named),
steps out of order, staff-only fields from a citizen, unknown versions and references."""

# ruff: noqa: F811 - the fixtures imported from test_drafting_api are parameters below

from __future__ import annotations

from typing import Any

import pytest

from gongfa.accounts.models import User
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.drafting.tests.conftest import PLAINTIFF_ID, loan_answers_by_step
from gongfa.testing.factories import MiniNetwork

from .test_drafting_api import (  # noqa: F401 - fixtures
    BASE,
    LOAN,
    Caller,
    citizen_api,
    codes_of,
    error_of,
    fields_of,
    fill,
    interview_url,
    media_root,
    plaintiff,
    started,
    step_url,
)

pytestmark = pytest.mark.django_db


def stored(reference: str) -> dict[str, Any]:
    answers: dict[str, Any] = Interview.objects.get(reference=reference).answers
    return answers


def test_every_bad_answer_of_a_step_is_named_at_once_and_nothing_is_saved(
    citizen_api: Caller, started: dict[str, Any]
) -> None:
    reference = started["reference"]
    bad = {
        "loans": [
            {"contract_date": "2024-03-01", "principal": "-5", "lent_on": "2024-02-01", "delivery": "cash"},
            {"contract_date": "2024-03-01", "principal": "100", "lent_on": "2024-03-02", "delivery": "cash",
             "due_date": "2024-03-01", "agreed_rate": "abc"},
            {"contract_date": "2024-03-01", "principal": "100", "lent_on": "2024-03-01", "delivery": "cheque",
             "repaid": {"yuan": 5}, "remark": "x"},
        ]
    }  # fmt: skip
    response = citizen_api.put(step_url(reference, "loans"), {"answers": bad})
    assert response.status_code == 400
    body = error_of(response)
    assert body["code"] == "invalid" and len(body["errors"]) >= 7
    fields = fields_of(response)
    assert {
        "loans.1.principal",  # negative
        "loans.1.lent_on",  # before the contract
        "loans.2.due_date",  # before the money was lent
        "loans.2.agreed_rate",  # not a number
        "loans.3.delivery",  # not a choice
        "loans.3.repaid",  # not a value at all
        "loans.3.remark",  # no such question
    } <= set(fields)
    codes = dict(zip(fields, codes_of(response), strict=True))
    assert (codes["loans.3.repaid"], codes["loans.3.remark"]) == ("invalid_value", "unknown_field")
    assert codes["loans.1.principal"] == "negative" and codes["loans.3.delivery"] == "invalid_choice"
    assert "loans" not in stored(reference)


def test_control_characters_and_wrong_shapes_are_refused_with_the_services_own_checks(
    citizen_api: Caller, started: dict[str, Any]
) -> None:
    reference = started["reference"]
    wrong = PLAINTIFF_ID[:-1] + ("0" if PLAINTIFF_ID[-1] != "0" else "1")
    answers = loan_answers_by_step()["plaintiff"] | {
        "plaintiff_name": "陈\x00秀英",
        "plaintiff_id_number": wrong,
        "plaintiff_sex": ["female", "male"],
        "plaintiff_birth_date": "1970-13-01",
    }
    response = citizen_api.put(step_url(reference, "plaintiff"), {"answers": answers})
    assert response.status_code == 400
    codes = dict(zip(fields_of(response), codes_of(response), strict=True))
    assert codes == {
        "plaintiff_name": "control_chars",
        "plaintiff_sex": "invalid_value",
        "plaintiff_id_number": "invalid_id_number",
        "plaintiff_birth_date": "invalid_date",
    }
    assert stored(reference)["plaintiff_name"] == "陈秀英"  # the prefilled answer, unchanged


def test_a_group_that_is_not_a_list_of_items_or_too_long_is_refused(
    citizen_api: Caller, started: dict[str, Any]
) -> None:
    reference = started["reference"]
    response = citizen_api.put(step_url(reference, "defendants"), {"answers": {"defendants": "王建国"}})
    assert (response.status_code, fields_of(response), codes_of(response)) == (400, ["defendants"], ["invalid_group"])
    many = [{"defendant_name": f"被告{n}", "defendant_address": "某地"} for n in range(11)]
    response = citizen_api.put(step_url(reference, "defendants"), {"answers": {"defendants": many}})
    assert (response.status_code, codes_of(response)) == (400, ["too_many_items"])
    assert "defendants" not in stored(reference)


def test_a_yes_no_sent_as_a_list_is_a_400_not_a_crash(citizen_api: Caller, started: dict[str, Any]) -> None:
    response = citizen_api.put(step_url(started["reference"], "agent"), {"answers": {"has_agent": [True]}})
    assert (response.status_code, fields_of(response)) == (400, ["has_agent"])


def test_an_unknown_step_or_question(citizen_api: Caller, started: dict[str, Any]) -> None:
    reference = started["reference"]
    response = citizen_api.put(step_url(reference, "nope"), {"answers": {}})
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("unknown_step", "step")
    response = citizen_api.put(step_url(reference, "agent"), {"answers": {"has_agent": "false", "court": "x"}})
    assert (response.status_code, fields_of(response), codes_of(response)) == (400, ["court"], ["unknown_field"])
    response = citizen_api.put(step_url(reference, "agent"), {"answers": {"Not A Name": 1}})
    assert (fields_of(response), codes_of(response)) == (["answers"], ["unknown_field"])
    bad_path = citizen_api.put(step_url(reference, "Bad-Step"), {"answers": {}})
    assert bad_path.status_code == 422
    assert citizen_api.put(step_url(reference, "agent"), {"answers": []}).status_code == 422
    assert citizen_api.put(step_url(reference, "agent"), {}).status_code == 422


def test_an_unknown_template_region_or_reference(citizen_api: Caller) -> None:
    response = citizen_api.post(f"{BASE}/interviews", {"template": "no_such_document", "region_code": "999999999999"})
    assert response.status_code == 400
    assert dict(zip(fields_of(response), codes_of(response), strict=True)) == {
        "template": "unknown_template",
        "region_code": "unknown_region",
    }
    assert not Interview.objects.exists()
    assert citizen_api.post(f"{BASE}/interviews", {}).status_code == 422
    assert citizen_api.get(interview_url("not-a-uuid")).status_code == 422
    missing = citizen_api.get(interview_url("00000000-0000-4000-8000-000000000000"))
    assert missing.status_code == 404 and error_of(missing)["field"] == "reference"


def test_a_citizen_may_not_name_a_work_order_or_a_legal_aid_case(citizen_api: Caller, plaintiff: User) -> None:
    for field, value in (("work_order", "GF20260101-00001"), ("legal_aid_case", "FY20260000001")):
        response = citizen_api.post(f"{BASE}/interviews", {"template": LOAN, field: value})
        assert response.status_code == 403
        assert (error_of(response)["code"], error_of(response)["field"]) == ("staff_only", field)
    assert not Interview.objects.exists()


def test_staff_naming_an_order_or_case_they_cannot_see_get_every_problem_at_once(network: MiniNetwork) -> None:
    from gongfa.accounts.choices import Role
    from gongfa.testing.factories import staff

    from .test_drafting_api import token_caller

    clerk = staff(Role.WINDOW_STAFF, at=network.rooms[network.villages[0].code])
    response = token_caller(clerk).post(
        f"{BASE}/interviews",
        {"template": LOAN, "work_order": "GF20260101-00001", "legal_aid_case": "FY20260000001"},
    )
    assert response.status_code == 400
    assert dict(zip(fields_of(response), codes_of(response), strict=True)) == {
        "work_order": "unknown_work_order",
        "legal_aid_case": "unknown_case",
    }
    unposted = staff(Role.WINDOW_STAFF)
    refused = token_caller(unposted).post(f"{BASE}/interviews", {"template": LOAN})
    assert refused.status_code == 403 and error_of(refused)["code"] == "no_posting"
    assert not Interview.objects.exists()


def test_making_the_document_too_early_lists_each_missing_answer(
    citizen_api: Caller, started: dict[str, Any], media_root: Any
) -> None:
    reference = started["reference"]
    fill(citizen_api, reference, skip=("facts", "court"))
    interview = Interview.objects.get(reference=reference)
    answers = dict(interview.answers)
    answers.pop("court", None)  # the prefilled court too
    interview.answers = answers
    interview.save(update_fields=["answers"])
    response = citizen_api.post(f"{interview_url(reference)}/complete")
    assert response.status_code == 400
    assert {"facts", "court", "evidence"} <= set(fields_of(response))
    assert all(error["message"] for error in error_of(response)["errors"])
    after = Interview.objects.get(reference=reference)
    assert after.status == InterviewStatus.IN_PROGRESS and after.documents.count() == 0


def test_steps_out_of_order_are_409(citizen_api: Caller, started: dict[str, Any], media_root: Any) -> None:
    reference = started["reference"]
    response = citizen_api.post(f"{interview_url(reference)}/reopen")
    assert response.status_code == 409 and error_of(response)["code"] == "invalid_transition"
    fill(citizen_api, reference)
    assert citizen_api.post(f"{interview_url(reference)}/complete").status_code == 201
    again = citizen_api.post(f"{interview_url(reference)}/complete")
    assert again.status_code == 409 and error_of(again)["code"] == "invalid_transition"


def test_an_unknown_version_or_a_bad_number(citizen_api: Caller, started: dict[str, Any]) -> None:
    reference = started["reference"]
    missing = citizen_api.get(f"{interview_url(reference)}/documents/1.docx")
    assert missing.status_code == 404 and error_of(missing)["field"] == "number"
    assert citizen_api.get(f"{interview_url(reference)}/documents/0.pdf").status_code == 422
    assert citizen_api.get(f"{interview_url(reference)}/documents/x.pdf").status_code == 422
    assert citizen_api.get(f"{interview_url(reference)}/documents").json()["items"] == []


def test_a_note_too_long_for_the_review(citizen_api: Caller, started: dict[str, Any], media_root: Any) -> None:
    reference = started["reference"]
    fill(citizen_api, reference)
    citizen_api.post(f"{interview_url(reference)}/complete")
    response = citizen_api.post(f"{interview_url(reference)}/review", {"note": "长" * 1001})
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("too_long", "note")
    assert Interview.objects.get(reference=reference).status == InterviewStatus.COMPLETED
