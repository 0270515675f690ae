"""POST /api/v1/workorders with several bad fields: one 400 naming every one of them."""

from gongfa.workorders.models import IntakeKey, WorkOrder

from .conftest import ApiClient, create_body
from .test_create_work_order import URL


def test_every_rejected_field_is_in_errors_and_nothing_is_created(integration_user, make_token, staffed_village):
    _, plain = make_token(integration_user, ["workorders:create"])
    village, _ = staffed_village
    body = create_body(village.code, text="   ", contact_phone="12345", urgency="whenever")
    response = ApiClient(plain).post(URL, body, HTTP_IDEMPOTENCY_KEY="key-1")
    assert response.status_code == 400
    error = response.json()["error"]
    # The keys every client reads stay: the first problem, with the code of a multi-field refusal.
    assert (error["code"], error["field"], error["message"]) == ("invalid", "text", "请填写诉求内容。")
    assert [(e["field"], e["code"]) for e in error["errors"]] == [
        ("text", "required"),
        ("contact_phone", "invalid_phone"),
        ("urgency", "invalid_urgency"),
    ]
    assert all(e["message"] for e in error["errors"])
    assert not WorkOrder.objects.exists() and not IntakeKey.objects.exists()


def test_a_single_problem_keeps_its_own_code_and_shape(integration_user, make_token, staffed_village):
    _, plain = make_token(integration_user, ["workorders:create"])
    village, _ = staffed_village
    response = ApiClient(plain).post(URL, create_body(village.code, contact_phone=""), HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "contact_required",
        "message": "请填写联系电话，方便工作人员联系您。",
        "field": "contact_phone",
    }
