"""GET /api/v1/legal-aid/cases/{number}: the case for its reviewer, provider and applicant, the
applicant's personal data masked for everyone but the applicant; 404 for anyone else."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import datetime

import pytest
from django.test import Client

from gongfa.legalaid.choices import MaterialKind, NotifiedGround
from gongfa.legalaid.models import LegalAidNotice
from gongfa.legalaid.services import request_supplement
from gongfa.legalaid.tests.conftest import court_notice
from gongfa.testing.factories import CitizenFactory, make_id_number

from .conftest import bearer
from .test_legalaid_support import (  # noqa: F401 - fixtures
    _media,
    assigned,
    case_url,
    error_of,
    frozen,
    granted,
    law_firm,
    lawyers,
    outside_reviewer,
    received,
    reviewer,
    session,
    standard,
    submit,
    worker,
)

WORKER_ID = make_id_number(birth=datetime.date(1985, 5, 1), seq=7)


def test_the_reviewer_sees_status_matter_clocks_proposal_and_actions(reviewer, received):
    response = session(reviewer).get(case_url(received))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["number"] == received.number and data["number"].startswith("FY2026")
    assert (data["status"], data["status_label"]) == ("received", "已受理待审查")
    assert (data["route"], data["route_label"]) == ("application", "依申请")
    assert data["matter"]["code"] == "labour_pay" and data["matter"]["name"] == received.matter_name
    assert data["matter"]["article"] == received.matter_article and "第" in data["matter"]["article"]
    assert data["agency_name"] == "示范县法律援助中心" and data["region_name"] == "示范1镇1村"
    assert data["work_order"] == received.work_order.tracking_number
    assert data["green_channel"] is False and data["advance_aid"] is False
    assert data["clocks"] == {
        "received_at": "2026-11-23T02:00:00Z",
        "review_due": "2026-11-30",
        "review_target": None,
        "review_paused_on": None,
        "assign_due": None,
        "engagement_due": None,
        "review_overdue": False,
        "review_target_missed": False,
        "assignment_overdue": False,
        "engagement_overdue": False,
        "warnings": [],
    }
    proposal = data["proposal"]
    assert (proposal["outcome"], proposal["outcome_label"]) == ("eligible", "符合条件")
    assert proposal["means_test_applies"] is True and proposal["hardship_checked"] is True
    assert proposal["missing"] == []
    income = next(r for r in proposal["reasons"] if r["code"] == "income_within")
    assert income["article"] == "《法律援助法》第三十四条" and "2490" in income["text"].replace(",", "")
    assert data["supplement"] is None and data["provider"] is None
    assert data["notices"] == [] and data["objections"] == []
    assert [a["action"] for a in data["allowed_actions"]] == [
        "start_review",
        "request_supplement",
        "start_advance_aid",
        "grant",
        "refuse",
        "redirect",
        "withdraw",
    ]
    assert {"action": "grant", "label": "决定给予法律援助"} in data["allowed_actions"]


def test_staff_see_the_applicant_masked(reviewer, received, worker):
    data = session(reviewer).get(case_url(received)).json()
    assert data["applicant"] == {
        "name": "张*工",
        "id_number": WORKER_ID[:4] + "*" * 10 + WORKER_ID[-4:],
        "phone": worker.phone[:3] + "****" + worker.phone[-4:],
        "masked": True,
    }
    assert WORKER_ID not in response_text(session(reviewer), received)
    assert worker.phone not in response_text(session(reviewer), received)


def response_text(browser: Client, case) -> str:
    return browser.get(case_url(case)).content.decode()


def test_the_applicant_sees_their_own_case_unmasked(worker, received):
    response = session(worker).get(case_url(received))
    assert response.status_code == 200
    data = response.json()
    assert data["applicant"] == {"name": "张务工", "id_number": WORKER_ID, "phone": worker.phone, "masked": False}
    assert [a["action"] for a in data["allowed_actions"]] == ["withdraw"]


def test_another_citizen_gets_the_api_404(received):
    response = session(CitizenFactory()).get(case_url(received))
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": f"未找到法律援助案件 {received.number}。",
        "field": "number",
    }


def test_a_reviewer_of_another_county_gets_404(outside_reviewer, received):
    response = session(outside_reviewer).get(case_url(received))
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_an_unknown_number_is_404(reviewer):
    response = session(reviewer).get("/api/v1/legal-aid/cases/FY20990000001")
    assert response.status_code == 404 and error_of(response)["field"] == "number"


def test_credentials_are_required_and_tokens_need_the_legal_aid_scope(client, received, integration_user, make_token):
    response = client.get(case_url(received))
    assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"
    _, work_orders_only = make_token(integration_user, scopes=["workorders:read", "workorders:act"])
    response = client.get(case_url(received), **bearer(work_orders_only))
    assert response.status_code == 403 and error_of(response)["code"] == "insufficient_scope"
    _, legal_aid = make_token(integration_user, scopes=["legalaid:read"])
    response = client.get(case_url(received), **bearer(legal_aid))
    assert response.status_code == 200 and response.json()["number"] == received.number


def test_the_open_supplement_and_its_notice(reviewer, received):
    request_supplement(
        application=received,
        actor=reviewer,
        items=[{"kind": MaterialKind.HARDSHIP_STATEMENT, "note": "请补交经济困难状况说明表"}],
        due_days=5,
    )
    data = session(reviewer).get(case_url(received)).json()
    assert data["status"] == "supplement_requested" and data["status_label"] == "待补充材料"
    assert data["supplement"] == {
        "items": [{"kind": "hardship_statement", "label": "经济困难状况说明表", "note": "请补交经济困难状况说明表"}],
        "due": "2026-11-30",  # 5 days end on Saturday 11-28: rolls to Monday
        "issued_at": "2026-11-23T02:00:00Z",
    }
    assert data["clocks"]["review_paused_on"] == "2026-11-23"
    notice = LegalAidNotice.objects.get(application=received)
    assert data["notices"] == [
        {
            "id": notice.pk,
            "kind": "supplement",
            "kind_label": "补充材料通知书",
            "number": "法援补〔2026〕1号",
            "issued_at": "2026-11-23T02:00:00Z",
            "url": f"/legal-aid/notices/{notice.pk}.pdf",
        }
    ]
    assert [a["action"] for a in data["allowed_actions"]] == ["receive_supplement", "start_advance_aid", "withdraw"]


def test_the_provider_shows_name_and_agency_only(reviewer, assigned, lawyers):
    lawyers[0].phone = "13511112222"
    lawyers[0].save(update_fields=["phone"])
    response = session(reviewer).get(case_url(assigned))
    data = response.json()
    assert data["status"] == "assigned"
    assert data["provider"] == {
        "id": lawyers[0].pk,
        "name": "李律师",
        "agency": "示范律师事务所",
        "assigned_at": "2026-11-23T02:00:00Z",
        "chosen_by_applicant": False,
        "engaged_at": None,
    }
    assert "13511112222" not in response.content.decode()
    assert data["clocks"]["engagement_due"] is not None
    assert [n["kind"] for n in data["notices"]] == ["grant", "assignment"]
    assert [a["action"] for a in data["allowed_actions"]] == ["replace_provider", "sign_engagement", "terminate"]


def test_the_provider_reads_the_case_masked_with_their_own_actions(assigned, lawyers):
    data = session(lawyers[0]).get(case_url(assigned)).json()
    assert data["applicant"]["masked"] is True and data["applicant"]["name"] == "张*工"
    assert [a["action"] for a in data["allowed_actions"]] == ["sign_engagement", "add_progress"]
    assert session(lawyers[1]).get(case_url(assigned)).status_code == 404  # not theirs


def test_overdue_flags_follow_the_clock(reviewer, received, frozen):
    frozen.move_to(datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC))
    clocks = session(reviewer).get(case_url(received)).json()["clocks"]
    assert clocks["review_due"] == "2026-11-30" and clocks["review_overdue"] is True


def test_assignment_overdue_after_three_days(reviewer, granted, frozen):
    assert session(reviewer).get(case_url(granted)).json()["clocks"]["assignment_overdue"] is False
    frozen.move_to(datetime.datetime(2026, 11, 27, 2, 0, tzinfo=datetime.UTC))
    clocks = session(reviewer).get(case_url(granted)).json()["clocks"]
    assert clocks["assign_due"] == "2026-11-26" and clocks["assignment_overdue"] is True


def test_engagement_overdue_until_the_papers_are_signed(reviewer, assigned, frozen):
    clocks = session(reviewer).get(case_url(assigned)).json()["clocks"]
    assert clocks["engagement_due"] == "2026-11-30" and clocks["engagement_overdue"] is False
    frozen.move_to(datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC))
    assert session(reviewer).get(case_url(assigned)).json()["clocks"]["engagement_overdue"] is True


@pytest.mark.django_db
def test_an_elderly_applicant_is_in_the_green_channel(network, reviewer, frozen, standard):
    elderly = CitizenFactory(real_name="赵老汉", id_number=make_id_number(birth=datetime.date(1950, 3, 1), seq=31))
    case = submit(elderly, network)
    data = session(reviewer).get(case_url(case)).json()
    assert data["green_channel"] is True
    assert data["clocks"]["review_target"] is not None
    assert data["clocks"]["review_target"] <= data["clocks"]["review_due"] == "2026-11-30"


def test_a_notified_case_is_assigned_without_a_decision_and_cannot_be_refused(network, reviewer, frozen):
    case = court_notice(reviewer, network.county, NotifiedGround.LIFE_OR_DEATH, "刘某某", "涉嫌故意杀人罪")
    data = session(reviewer).get(case_url(case)).json()
    assert (data["route"], data["route_label"]) == ("notified", "通知辩护/代理")
    assert data["applicant"]["name"] == "刘*某"
    reasons = {r["code"]: r["article"] for r in data["proposal"]["reasons"]}
    assert data["proposal"]["outcome"] == "eligible"
    assert reasons["senior_counsel"] == "《法律援助法》第二十六条" and "notified_ground" in reasons
    assert data["clocks"]["assign_due"] == "2026-11-26"
    assert [a["action"] for a in data["allowed_actions"]] == [
        "start_review",
        "request_supplement",
        "start_advance_aid",
        "grant",
        "redirect",
        "withdraw",
        "assign",
    ]
