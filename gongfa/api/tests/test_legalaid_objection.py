"""Objections (第49条): the applicant lodges one against a refusal (action lodge_objection), the
justice bureau decides it at POST /api/v1/legal-aid/objections/{id}/decision. The agency that
decided may not (403); a bureau of another county does not see it (404)."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import pytest

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication, Objection
from gongfa.legalaid.services import lodge_objection, refuse
from gongfa.network.choices import PointTier
from gongfa.network.models import ServicePoint
from gongfa.testing.factories import UserFactory
from gongfa.testing.factories import post as post_at

from .test_legalaid_support import (  # noqa: F401 - fixtures
    NOT_ELIGIBLE,
    _media,
    action_url,
    error_of,
    frozen,
    post,
    reviewer,
    session,
    standard,
    submit,
    worker,
)


@pytest.fixture
def refused(network, worker, frozen, standard, reviewer):
    case = submit(worker, network, NOT_ELIGIBLE)
    return refuse(application=case, actor=reviewer, reasons="月收入9000元，高于本地区标准2490元。")


@pytest.fixture
def objection(refused, worker):
    return lodge_objection(application=refused, actor=worker, reason="收入中包含一次性补偿。")


def decision_url(objection_id):
    return f"/api/v1/legal-aid/objections/{objection_id}/decision"


def status_of(case):
    return LegalAidApplication.objects.get(pk=case.pk).status


def test_the_applicant_lodges_an_objection(worker, refused):
    browser = session(worker)
    assert [
        a["action"] for a in browser.get(f"/api/v1/legal-aid/cases/{refused.number}").json()["allowed_actions"]
    ] == ["lodge_objection"]
    response = post(browser, action_url(refused, "lodge_objection"), {})
    assert response.status_code == 400
    assert error_of(response) == {"code": "required", "message": "请填写异议理由。", "field": "reason"}

    response = post(browser, action_url(refused, "lodge_objection"), {"reason": "收入中包含一次性补偿。"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["status_label"]) == ("objection_pending", "异议审查中")
    objection = Objection.objects.get(application=refused)
    assert data["objections"] == [
        {
            "id": objection.pk,
            "against_status": "refused",
            "against_status_label": "决定不予援助",
            "reason": "收入中包含一次性补偿。",
            "lodged_at": "2026-11-23T02:00:00Z",
            "due": "2026-11-30",  # 5 days → Saturday 11-28 rolls to Monday
            "outcome": "",
            "outcome_label": "",
            "decision": "",
            "decided_at": None,
        }
    ]
    assert post(browser, action_url(refused, "lodge_objection"), {"reason": "再次"}).status_code == 400


def test_the_bureau_orders_a_new_review(county_supervisor, objection, refused):
    body = {"uphold": False, "decision": "一次性补偿不计入经常性收入，责令重新审查。"}
    response = post(session(county_supervisor), decision_url(objection.pk), body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["number"] == refused.number
    assert (data["status"], data["status_label"]) == ("under_review", "审查中")
    decided = data["objections"][0]
    assert (decided["id"], decided["outcome"], decided["outcome_label"]) == (objection.pk, "corrected", "责令改正")
    assert decided["decision"] == "一次性补偿不计入经常性收入，责令重新审查。"
    assert decided["decided_at"] == "2026-11-23T02:00:00Z"
    assert [n["kind"] for n in data["notices"]] == ["refusal", "objection"]
    assert data["notices"][-1]["number"] == "法援异〔2026〕1号"


def test_the_bureau_upholds_the_refusal(county_supervisor, objection, refused):
    response = post(
        session(county_supervisor), decision_url(objection.pk), {"uphold": True, "decision": "原决定正确。"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "objection_upheld" and data["objections"][0]["outcome_label"] == "维持原决定"


def test_deciding_twice_is_refused(county_supervisor, objection, refused):
    browser = session(county_supervisor)
    assert post(browser, decision_url(objection.pk), {"uphold": True, "decision": "维持。"}).status_code == 200
    response = post(browser, decision_url(objection.pk), {"uphold": False, "decision": "改正。"})
    assert response.status_code == 400
    assert error_of(response) == {"code": "already_decided", "message": "该异议已经审查。", "field": None}
    assert status_of(refused) == ApplicationStatus.OBJECTION_UPHELD


def test_the_agency_that_refused_may_not_decide(reviewer, objection, refused):
    response = post(session(reviewer), decision_url(objection.pk), {"uphold": True, "decision": "维持"})
    assert response.status_code == 403
    assert error_of(response) == {
        "code": "not_permitted",
        "message": "异议由设立法律援助机构的司法行政部门审查。",
        "field": None,
    }
    assert status_of(refused) == ApplicationStatus.OBJECTION_PENDING


def test_a_bureau_of_another_county_gets_404(other_supervisor, objection, refused):
    response = post(session(other_supervisor), decision_url(objection.pk), {"uphold": True, "decision": "维持"})
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": f"未找到异议 {objection.pk}。",
        "field": "objection_id",
    }
    assert status_of(refused) == ApplicationStatus.OBJECTION_PENDING


def test_the_applicant_may_not_decide_their_own_objection(worker, objection):
    response = post(session(worker), decision_url(objection.pk), {"uphold": False, "decision": "改正"})
    assert response.status_code == 403


def test_an_unknown_objection_is_404(county_supervisor, db):
    assert post(session(county_supervisor), decision_url(999_999), {"uphold": True, "decision": "x"}).status_code == 404


def test_a_decision_needs_its_text_and_uphold(county_supervisor, objection):
    browser = session(county_supervisor)
    response = post(browser, decision_url(objection.pk), {"uphold": True, "decision": " "})
    assert response.status_code == 400
    assert error_of(response) == {"code": "required", "message": "请填写审查意见。", "field": "decision"}
    response = post(browser, decision_url(objection.pk), {"decision": "维持"})
    assert response.status_code == 422
    assert [d["loc"] for d in error_of(response)["details"]] == [["body", "payload", "uphold"]]


def test_an_administrator_decides_anywhere(objection, refused):
    admin = UserFactory(role=Role.ADMINISTRATOR, real_name="管理员")
    response = post(session(admin), decision_url(objection.pk), {"uphold": True, "decision": "维持原决定。"})
    assert response.status_code == 200 and response.json()["status"] == "objection_upheld"


def test_a_city_supervisor_covers_the_county(network, objection):
    city_supervisor = UserFactory(role=Role.SUPERVISOR, real_name="市局")
    city_centre = ServicePoint.objects.create(name="示范市公共法律服务中心", tier=PointTier.CENTRE, region=network.city)
    post_at(city_supervisor, city_centre)
    response = post(session(city_supervisor), decision_url(objection.pk), {"uphold": True, "decision": "维持。"})
    assert response.status_code == 200 and response.json()["status"] == "objection_upheld"
