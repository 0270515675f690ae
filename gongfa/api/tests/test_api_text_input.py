"""Hostile text through the API: a NUL or other control character in any free-text field is a 422
naming the field, never a 500 and never a row; page numbers and sizes are bounded (422, not a
database overflow). Work-order intake, 12345 inbound, Q&A ask and action reasons."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import pytest

from gongfa.api.schemas import PAGE_MAX
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import UserFactory
from gongfa.workorders.models import WorkOrder

from .conftest import ApiClient, action_url, create_body
from .test_legalaid_support import (  # noqa: F401 - fixtures
    frozen,
    reviewer,
    session,
    standard,
    worker,
)

BAD = ["工资\x00被拖欠", "\x07响铃", "删除\x7f键", "C1\x85控制符"]


def _refused_naming(response, field):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    fields = [detail["loc"][-1] for detail in error["details"]]
    assert field in fields, error
    assert any("控制字符" in detail["msg"] for detail in error["details"])


@pytest.mark.parametrize("text", BAD)
def test_intake_refuses_control_characters(api_client, staffed_village, text):
    village, _ = staffed_village
    response = api_client.post("/api/v1/workorders", create_body(village.code, text=text), HTTP_IDEMPOTENCY_KEY="nul-1")
    _refused_naming(response, "text")
    assert not WorkOrder.objects.exists()


def test_intake_names_every_bad_field_and_the_header(api_client, staffed_village):
    village, _ = staffed_village
    body = create_body(village.code, text="a\x00", contact_name="张\x00三")
    response = api_client.post("/api/v1/workorders", body, HTTP_IDEMPOTENCY_KEY="k\x01")
    assert response.status_code == 422
    fields = {detail["loc"][-1] for detail in response.json()["error"]["details"]}
    assert {"text", "contact_name"} <= fields
    assert not WorkOrder.objects.exists()


def test_tabs_and_line_breaks_are_fine(api_client, staffed_village):
    village, _ = staffed_village
    response = api_client.post(
        "/api/v1/workorders", create_body(village.code, text="第一行\n第二行\t制表\r\n"), HTTP_IDEMPOTENCY_KEY="ok-1"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("field", ["text", "reference", "contact_name"])
def test_12345_inbound_refuses_control_characters(make_token, staffed_village, field):
    _, plain = make_token(UserFactory(username="gw12345"), ["12345:inbound"])
    village, _ = staffed_village
    body = {"reference": "SX-1", "region_code": village.code, "text": "拖欠工资", field: "坏\x00值"}
    response = ApiClient(plain).post("/api/v1/integrations/12345/inbound", body)
    _refused_naming(response, field)
    assert not WorkOrder.objects.exists()


def test_qa_ask_refuses_control_characters(statute_corpus, client):
    response = client.post("/api/v1/qa/ask", {"question": "拖欠\x00工资"}, content_type="application/json")
    _refused_naming(response, "question")
    assert not QuestionLog.objects.exists()


@pytest.mark.parametrize("action", ["return", "pause", "reopen", "transfer_out"])
def test_action_reasons_refuse_control_characters(clerk_api, assigned, action):
    response = clerk_api.post(action_url(assigned, action), {"reason": "原因\x00"})
    _refused_naming(response, "reason")
    assert WorkOrder.objects.get(pk=assigned.pk).status == "assigned"


def test_legal_aid_reasons_refuse_control_characters(network, worker, frozen, standard, reviewer):
    from .test_legalaid_support import action_url as case_action_url
    from .test_legalaid_support import post, submit

    case = submit(worker, network)
    response = post(session(reviewer), case_action_url(case, "refuse"), {"reasons": "不符合\x00条件"})
    _refused_naming(response, "reasons")
    case.refresh_from_db()
    assert case.status == "received"


def test_a_nul_in_a_query_or_a_path_is_a_422(api_client, assigned):
    _refused_naming(api_client.get("/api/v1/workorders", {"q": "工资\x00"}), "q")
    response = api_client.get("/api/v1/workorders/GF%00")
    assert response.status_code == 422 and response.json()["error"]["details"][0]["loc"][-1] == "tracking_number"


@pytest.mark.parametrize("url", ["/api/v1/workorders", "/api/v1/legal-aid/cases"])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "99999999999999999999"}, "page"),
        ({"page": str(PAGE_MAX + 1)}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_page_numbers_are_bounded(api_client, url, params, field):
    response = api_client.get(url, params)
    _refused_field = [d["loc"][-1] for d in response.json()["error"]["details"]]
    assert response.status_code == 422 and field in _refused_field


@pytest.mark.parametrize("url", ["/api/v1/workorders", "/api/v1/legal-aid/cases"])
def test_the_last_allowed_page_is_empty_not_an_error(api_client, url):
    response = api_client.get(url, {"page": PAGE_MAX, "page_size": 200})
    assert response.status_code == 200 and response.json()["items"] == []
