"""POST /api/v1/legal-aid/cases/{number}/actions/{action}: each action calls its service and
answers the case as GET shows it; bad input is a structured 400/422 naming the field, an action
out of order a 409, a case outside the caller's view a 404, one they see but may not act on 403."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import pytest

from gongfa.audit.models import Event
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice
from gongfa.legalaid.services import add_material
from gongfa.legalaid.tests.conftest import make_provider
from gongfa.testing.factories import CitizenFactory

from .test_legalaid_support import (  # noqa: F401 - fixtures
    _media,
    action_url,
    assigned,
    error_of,
    frozen,
    granted,
    in_service,
    law_firm,
    lawyers,
    outside_reviewer,
    pdf,
    post,
    received,
    reviewer,
    session,
    standard,
    with_documents,
    worker,
)


def status_of(case):
    return LegalAidApplication.objects.get(pk=case.pk).status


def actions(data):
    return [a["action"] for a in data["allowed_actions"]]


# --- grant / refuse -----------------------------------------------------------------------------


def test_grant(reviewer, received):
    response = post(session(reviewer), action_url(received, "grant"), {"reasons": "务工人员追索劳动报酬，符合条件。"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["status_label"]) == ("granted", "决定给予援助")
    assert data["decision_reasons"] == "务工人员追索劳动报酬，符合条件。"
    assert data["decided_at"] == "2026-11-23T02:00:00Z"
    assert data["clocks"]["assign_due"] == "2026-11-26"  # 3 days (第43条)
    assert [(n["kind"], n["number"]) for n in data["notices"]] == [("grant", "法援给〔2026〕1号")]
    assert actions(data) == ["withdraw", "assign"]
    assert data["applicant"]["masked"] is True
    assert Event.objects.filter(verb="legalaid.legalaidapplication.grant", actor=reviewer).count() == 1


def test_granting_twice_is_a_409(reviewer, received):
    browser = session(reviewer)
    assert post(browser, action_url(received, "grant")).status_code == 200
    response = post(browser, action_url(received, "grant"))
    assert response.status_code == 409
    assert error_of(response) == {
        "code": "invalid_transition",
        "message": "当前状态为“决定给予援助”，不能执行“决定给予法律援助”。",
        "field": None,
    }
    assert LegalAidNotice.objects.filter(application=received, kind="grant").count() == 1


def test_refuse_needs_reasons(reviewer, received):
    browser = session(reviewer)
    for body in ({}, {"reasons": "   "}):
        response = post(browser, action_url(received, "refuse"), body)
        assert response.status_code == 400
        assert error_of(response) == {"code": "required", "message": "请填写不予法律援助的理由。", "field": "reasons"}
    assert status_of(received) == ApplicationStatus.RECEIVED

    response = post(browser, action_url(received, "refuse"), {"reasons": "家庭人均收入高于本地标准。"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "refused" and data["decision_reasons"] == "家庭人均收入高于本地标准。"
    assert [(n["kind"], n["kind_label"]) for n in data["notices"]] == [("refusal", "不予法律援助决定书")]
    assert actions(data) == []  # the objection is the applicant's


def test_the_applicant_may_not_grant_their_own_case(worker, received):
    response = post(session(worker), action_url(received, "grant"))
    assert response.status_code == 403
    assert error_of(response) == {
        "code": "not_permitted",
        "message": "您无权处理该法律援助案件，或案件不存在。",
        "field": None,
    }
    assert status_of(received) == ApplicationStatus.RECEIVED


def test_a_reviewer_of_another_county_gets_404(outside_reviewer, received):
    response = post(session(outside_reviewer), action_url(received, "grant"))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found" and error_of(response)["field"] == "number"
    assert status_of(received) == ApplicationStatus.RECEIVED


def test_another_citizen_gets_404(received):
    assert post(session(CitizenFactory()), action_url(received, "withdraw")).status_code == 404


# --- supplements --------------------------------------------------------------------------------


def test_request_and_receive_a_supplement(reviewer, worker, received):
    body = {"items": [{"kind": "exempt_proof", "note": "进城务工证明"}], "due_days": 5}
    response = post(session(reviewer), action_url(received, "request_supplement"), body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "supplement_requested"
    assert data["supplement"]["items"] == [
        {"kind": "exempt_proof", "label": "免予核查群体证明", "note": "进城务工证明"}
    ]
    assert data["supplement"]["due"] == "2026-11-30"
    assert data["clocks"]["review_paused_on"] == "2026-11-23"
    assert [n["number"] for n in data["notices"]] == ["法援补〔2026〕1号"]

    applicant = session(worker)
    response = post(applicant, action_url(received, "receive_supplement"))
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "items_missing",
        "message": "还缺少：免予核查群体证明。请上传后再提交。",
        "field": "items",
    }
    add_material(application=received, actor=worker, kind=MaterialKind.EXEMPT_PROOF, upload=pdf("务工证明.pdf"))
    response = post(applicant, action_url(received, "receive_supplement"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "under_review" and data["supplement"] is None
    assert data["applicant"]["masked"] is False  # the applicant's own view


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"items": [{"kind": "exempt_proof"}], "due_days": 0}, "invalid_due_days", "due_days"),
        ({"items": [{"kind": "exempt_proof"}], "due_days": 91}, "invalid_due_days", "due_days"),
        ({"items": [], "due_days": 5}, "no_items", "items"),
        ({"items": [{"kind": "horoscope"}], "due_days": 5}, "invalid_material_kind", "items"),
        ({"items": [{"kind": "identity"}, {"kind": "identity"}], "due_days": 5}, "duplicate_items", "items"),
    ],
)
def test_bad_supplement_requests_are_400_with_the_field(reviewer, received, body, code, field):
    response = post(session(reviewer), action_url(received, "request_supplement"), body)
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == (code, field)
    assert status_of(received) == ApplicationStatus.RECEIVED
    assert not LegalAidNotice.objects.filter(application=received).exists()


def test_due_days_that_are_not_a_number_are_a_422(reviewer, received):
    response = post(session(reviewer), action_url(received, "request_supplement"), {"items": [], "due_days": "soon"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_request"
    assert [d["loc"] for d in error["details"]] == [["body", "payload", "due_days"]]


def test_an_unparsable_body_is_a_400(reviewer, received):
    response = session(reviewer).post(action_url(received, "grant"), "{not json", content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "malformed_body"


# --- assignment ---------------------------------------------------------------------------------


def test_assigning_before_the_grant_is_a_409(reviewer, received, lawyers):
    response = post(session(reviewer), action_url(received, "assign"), {"provider_id": lawyers[0].pk})
    assert response.status_code == 409
    assert error_of(response) == {
        "code": "invalid_transition",
        "message": "当前状态为“已受理待审查”，不能执行“指派承办人员”。",
        "field": None,
    }
    assert LegalAidApplication.objects.get(pk=received.pk).provider_id is None


def test_assign_the_named_provider(reviewer, granted, lawyers):
    response = post(session(reviewer), action_url(granted, "assign"), {"provider_id": lawyers[1].pk})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "assigned"
    assert (data["provider"]["id"], data["provider"]["name"], data["provider"]["agency"]) == (
        lawyers[1].pk,
        "王律师",
        "示范律师事务所",
    )
    assert data["clocks"]["engagement_due"] is not None
    assert [n["kind"] for n in data["notices"]] == ["grant", "assignment"]


def test_assign_by_rotation(reviewer, granted, lawyers):
    data = post(session(reviewer), action_url(granted, "assign"), {}).json()
    assert data["status"] == "assigned" and data["provider"]["id"] in {lawyers[0].pk, lawyers[1].pk}
    assert LegalAidApplication.objects.get(pk=granted.pk).provider_id == data["provider"]["id"]


def test_a_provider_who_may_not_take_the_case_is_a_400_on_provider(reviewer, granted, law_firm):
    conflicted = make_provider(law_firm, "赵律师", conflict_parties="某建筑劳务公司")
    response = post(session(reviewer), action_url(granted, "assign"), {"provider_id": conflicted.pk})
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "provider_not_eligible",
        "message": "该人员与对方当事人存在利益冲突（《律师法》第三十九条）。",
        "field": "provider",
    }
    assert status_of(granted) == ApplicationStatus.GRANTED


@pytest.mark.parametrize("who", ["nobody", "reviewer"])
def test_a_provider_not_on_the_roster_is_a_400_on_provider(reviewer, granted, lawyers, who):
    provider_id = 999_999 if who == "nobody" else reviewer.pk
    response = post(session(reviewer), action_url(granted, "assign"), {"provider_id": provider_id})
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "not_a_provider",
        "message": "该人员不在法律援助承办人员名册中。",
        "field": "provider",
    }


def test_applicant_choice_needs_the_region_to_allow_it(reviewer, granted, lawyers):
    body = {"provider_id": lawyers[0].pk, "chosen_by_applicant": True}
    response = post(session(reviewer), action_url(granted, "assign"), body)
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("choice_not_allowed", "chosen_by_applicant")


def test_replace_provider_needs_grounds(reviewer, assigned, lawyers):
    browser = session(reviewer)
    response = post(browser, action_url(assigned, "replace_provider"), {"provider_id": lawyers[1].pk})
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("required", "grounds")
    body = {"grounds": "承办律师长期不联系受援人（第55条）", "provider_id": lawyers[1].pk}
    data = post(browser, action_url(assigned, "replace_provider"), body).json()
    assert data["status"] == "assigned" and data["provider"]["name"] == "王律师"


# --- service and closing ------------------------------------------------------------------------


def test_the_close_path(reviewer, assigned, lawyers):
    lawyer = session(lawyers[0])
    response = post(lawyer, action_url(assigned, "sign_engagement"))
    assert response.status_code == 200
    assert response.json()["status"] == "in_service" and response.json()["provider"]["engaged_at"] is not None
    assert actions(response.json()) == ["add_progress", "file_closing_report"]

    response = post(lawyer, action_url(assigned, "add_progress"), {"text": "已申请劳动仲裁。"})
    assert response.status_code == 200 and assigned.progress_updates.get().text == "已申请劳动仲裁。"

    response = post(lawyer, action_url(assigned, "file_closing_report"), {"report": "调解结案，追回工资。"})
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("no_closing_documents", "file")
    add_material(application=assigned, actor=lawyers[0], kind=MaterialKind.OTHER, upload=pdf("调解书.pdf"))
    response = post(lawyer, action_url(assigned, "file_closing_report"), {"report": "调解结案，追回工资。"})
    assert response.status_code == 200
    assert response.json()["status"] == "closing_review" and response.json()["closing_report_at"] is not None

    browser = session(reviewer)
    assert actions(browser.get(f"/api/v1/legal-aid/cases/{assigned.number}").json()) == [
        "return_closing_report",
        "record_return_visit",
        "close",
    ]
    response = post(browser, action_url(assigned, "close"), {"subsidy_amount": "1500"})
    assert response.status_code == 400 and error_of(response)["code"] == "return_visit_required"
    visit = {"method": "phone", "satisfied": True, "opinion": "律师很负责"}
    assert post(browser, action_url(assigned, "record_return_visit"), visit).status_code == 200
    response = post(browser, action_url(assigned, "close"), {"subsidy_amount": "1500"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["status_label"]) == ("closed", "已结案")
    assert data["subsidy_amount"] == "1500.00" and data["closed_at"] == "2026-11-23T02:00:00Z"
    assert actions(data) == ["record_return_visit"]  # a later visit may still be recorded
    assert post(browser, action_url(assigned, "close"), {}).status_code == 409


def test_a_closing_report_returned_goes_back_to_service(reviewer, with_documents, lawyers):
    post(session(lawyers[0]), action_url(with_documents, "file_closing_report"), {"report": "已结案"})
    browser = session(reviewer)
    response = post(browser, action_url(with_documents, "return_closing_report"), {})
    assert response.status_code == 400 and error_of(response)["field"] == "reason"
    response = post(browser, action_url(with_documents, "return_closing_report"), {"reason": "缺判决书"})
    assert response.status_code == 200 and response.json()["status"] == "in_service"


@pytest.mark.parametrize(("amount", "status"), [("-1", 400), ("abc", 400), (1500.5, 200)])
def test_the_subsidy_must_be_an_amount(reviewer, with_documents, lawyers, amount, status):
    post(session(lawyers[0]), action_url(with_documents, "file_closing_report"), {"report": "已结案"})
    visit = {"method": "phone", "satisfied": True}
    assert post(session(reviewer), action_url(with_documents, "record_return_visit"), visit).status_code == 200
    response = post(session(reviewer), action_url(with_documents, "close"), {"subsidy_amount": amount})
    assert response.status_code == status, response.content
    if status == 400:
        assert error_of(response) == {
            "code": "invalid_amount",
            "message": "办案补贴不能为负数。" if amount == "-1" else "办案补贴应为金额。",
            "field": "subsidy_amount",
        }
    else:
        assert response.json()["subsidy_amount"] == "1500.50"


def test_only_the_provider_files_the_closing_report(reviewer, with_documents):
    response = post(session(reviewer), action_url(with_documents, "file_closing_report"), {"report": "报告"})
    assert response.status_code == 403
    assert error_of(response)["message"] == "只有本案承办人员可以办理此事项。"


def test_terminate(reviewer, in_service):
    browser = session(reviewer)
    response = post(browser, action_url(in_service, "terminate"), {"ground": "boredom", "reasons": "x"})
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["field"]) == ("invalid_ground", "ground")
    body = {"ground": "own_counsel", "reasons": "受援人已自行委托律师。"}
    data = post(browser, action_url(in_service, "terminate"), body).json()
    assert data["status"] == "terminated" and data["termination_ground"] == "own_counsel"
    assert data["termination_ground_label"].startswith("受援人自行委托律师")
    assert data["notices"][-1]["kind"] == "termination"


# --- the other steps before the decision --------------------------------------------------------


def test_start_review_then_advance_aid(reviewer, received, lawyers):
    browser = session(reviewer)
    assert post(browser, action_url(received, "start_review")).json()["status"] == "under_review"
    response = post(browser, action_url(received, "start_advance_aid"), {})
    assert response.status_code == 400 and error_of(response)["field"] == "urgent_reason"
    data = post(browser, action_url(received, "start_advance_aid"), {"urgent_reason": "明日开庭"}).json()
    assert data["status"] == "advance_aid" and data["advance_aid"] is True
    assert actions(data) == ["assign", "terminate"]
    data = post(browser, action_url(received, "assign"), {"provider_id": lawyers[0].pk}).json()
    assert data["status"] == "advance_aid" and data["provider"]["name"] == "李律师"
    assert actions(data) == ["confirm_advance_aid", "terminate"]
    data = post(browser, action_url(received, "confirm_advance_aid")).json()
    assert data["status"] == "in_service" and [n["kind"] for n in data["notices"]] == [
        "advance_aid",
        "assignment",
        "grant",
    ]


def test_redirect_needs_a_reason(reviewer, received):
    browser = session(reviewer)
    assert error_of(post(browser, action_url(received, "redirect"), {}))["field"] == "reason"
    data = post(browser, action_url(received, "redirect"), {"reason": "请向户籍地法律援助中心申请"}).json()
    assert data["status"] == "redirected" and data["status_label"] == "已告知向有管辖权机构申请"


def test_the_applicant_withdraws(worker, received):
    response = post(session(worker), action_url(received, "withdraw"), {"reason": "已与老板和解"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn" and response.json()["allowed_actions"] == []


# --- unknown actions ----------------------------------------------------------------------------


def test_an_unknown_action_is_a_structured_400(reviewer, received):
    response = post(session(reviewer), action_url(received, "teleport"))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "unknown_action" and error["field"] == "action"
    assert error["message"].startswith("未知的操作：teleport（可用：start_review、") and "grant" in error["message"]


def test_unknown_actions_still_need_credentials(client, received):
    response = client.post(action_url(received, "teleport"), {}, content_type="application/json")
    assert response.status_code == 401


def test_a_token_with_the_act_scope_can_grant_and_one_without_cannot(client, received, integration_user, make_token):
    from .conftest import bearer

    _, read_only = make_token(integration_user, scopes=["legalaid:read"])
    url = action_url(received, "grant")
    response = client.post(url, {"reasons": "符合条件"}, content_type="application/json", **bearer(read_only))
    assert response.status_code == 403 and error_of(response)["code"] == "insufficient_scope"
    _, acting = make_token(integration_user, scopes=["legalaid:act"])
    response = client.post(url, {"reasons": "符合条件"}, content_type="application/json", **bearer(acting))
    assert response.status_code == 200 and response.json()["status"] == ApplicationStatus.GRANTED
    assert Event.objects.filter(verb="legalaid.legalaidapplication.grant", actor=integration_user).exists()


def test_actions_through_the_api_are_recorded_with_the_api_channel(reviewer, received):
    response = post(session(reviewer), action_url(received, "grant"), {"reasons": "符合条件"})
    assert response.status_code == 200
    event = Event.objects.get(verb="legalaid.legalaidapplication.grant")
    assert event.channel == "api"
