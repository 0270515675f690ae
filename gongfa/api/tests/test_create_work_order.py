"""POST /api/v1/workorders: idempotent intake (Idempotency-Key), and every kind of bad input."""

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.choices import SpecialGroup, WorkOrderStatus
from gongfa.workorders.models import IntakeKey, WorkOrder

from .conftest import ApiClient, create_body

URL = "/api/v1/workorders"


@pytest.fixture
def creator(integration_user, make_token):
    _, plain = make_token(integration_user, ["workorders:create"])
    return ApiClient(plain)


def _create(client, body, key="key-1", **extra):
    return client.post(URL, body, HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_first_time_201_then_the_same_key_and_body_give_the_same_order(
    creator, staffed_village, django_capture_on_commit_callbacks
):
    village, clerk = staffed_village
    body = create_body(village.code)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _create(creator, body)
    assert first.status_code == 201, first.content
    # The queued dispatch, then (once dispatched) the new owner's notice; the statistics' refresh
    # (performance) is queued after each commit too.
    assert len([c for c in callbacks if c.__qualname__ != "_queue_refresh"]) == 2
    assert "Idempotent-Replayed" not in first
    again = _create(creator, body)
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    # The same order, as it stands now: dispatched since the first answer.
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert first.json()["status"] == "new" and again.json()["status"] == "assigned"
    assert WorkOrder.objects.count() == 1 and IntakeKey.objects.count() == 1
    order = WorkOrder.objects.get()
    assert order.channel == Channel.API and order.owner_user == clerk
    assert order.status == WorkOrderStatus.ASSIGNED


def test_the_response_masks_the_contact_and_shows_the_order(creator, staffed_village):
    village, _ = staffed_village
    body = create_body(village.code, contact_name="张三丰", special_groups=["elderly", 8, "残疾人"], urgency="urgent")
    data = _create(creator, body).json()
    assert data["contact_phone_masked"] == "138****1111"
    assert data["contact_name_masked"] == "张*丰"
    assert "13800001111" not in str(data) and "张三丰" not in str(data)
    assert data["region_code"] == village.code and data["region_name"] == village.name
    assert data["topic_code"] == "labour" and data["service_type_code"] == "consultation"
    assert data["urgency"] == "urgent" and data["urgency_label"] == "紧急"
    assert set(data["special_groups"]) == {"老年人", "农民工", "残疾人"}
    # Recorded at once at the county centre's desk; the dispatch is queued for after commit.
    assert data["status"] == "new" and data["status_label"] == "待分派"
    assert data["sla_state"] == "on_time" and data["resolve_due"] and data["accept_due"]
    assert data["owner_place"].endswith("中心")
    order = WorkOrder.objects.get()
    assert order.status == WorkOrderStatus.NEW
    assert order.special_groups == SpecialGroup.ELDERLY | SpecialGroup.MIGRANT_WORKER | SpecialGroup.DISABLED


def test_special_groups_in_any_order_or_form_are_the_same_body(creator, staffed_village):
    village, _ = staffed_village
    assert _create(creator, create_body(village.code, special_groups=[1, 8])).status_code == 201
    assert _create(creator, create_body(village.code, special_groups=["migrant_worker", "老年人"])).status_code == 200


def test_the_same_key_with_a_different_body_is_a_409(creator, staffed_village):
    village, _ = staffed_village
    assert _create(creator, create_body(village.code)).status_code == 201
    response = _create(creator, create_body(village.code, text="另一件事：邻居噪音扰民"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "idempotency_conflict" and error["field"] == "Idempotency-Key"
    assert WorkOrder.objects.count() == 1


def test_keys_belong_to_their_client(staffed_village, integration_user, make_token, citizen):
    village, _ = staffed_village
    _, one = make_token(integration_user, ["workorders:create"])
    _, two = make_token(integration_user, ["workorders:create"])
    body = create_body(village.code)
    assert _create(ApiClient(one), body).status_code == 201
    assert _create(ApiClient(two), body).status_code == 201  # another token: its own key space
    browser = Client()
    browser.force_login(citizen)
    assert browser.post(URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1").status_code == 201
    assert WorkOrder.objects.count() == 3
    assert set(IntakeKey.objects.values_list("client", flat=True)) == {
        f"token:{pk}" for pk in integration_user.api_tokens.values_list("pk", flat=True)
    } | {f"user:{citizen.pk}"}


def test_a_missing_idempotency_key_is_a_400(creator, staffed_village):
    village, _ = staffed_village
    response = creator.post(URL, create_body(village.code))
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "idempotency_key_required",
        "message": "缺少 Idempotency-Key 请求头。",
        "field": "Idempotency-Key",
    }
    assert _create(creator, create_body(village.code), key="   ").status_code == 400
    assert not WorkOrder.objects.exists()


def test_an_overlong_idempotency_key_is_a_400(creator, staffed_village):
    village, _ = staffed_village
    response = _create(creator, create_body(village.code), key="k" * 129)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_too_long"
    assert _create(creator, create_body(village.code), key="k" * 128).status_code == 201


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"region_code": "999999999999"}, "unknown_region", "region_code"),
        ({"topic_code": "astrology"}, "unknown_topic", "topic_code"),
        ({"service_type_code": "haircut"}, "unknown_service_type", "service_type_code"),
        ({"special_groups": ["aliens"]}, "unknown_special_group", "special_groups"),
    ],
)
def test_unknown_references_are_a_422_naming_the_field(creator, staffed_village, extra, code, field):
    village, _ = staffed_village
    response = _create(creator, {**create_body(village.code), **extra})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"text": "   "}, "required", "text"),
        ({"text": "字" * 5001}, "too_long", "text"),
        ({"contact_phone": ""}, "contact_required", "contact_phone"),
        ({"contact_phone": "12345"}, "invalid_phone", "contact_phone"),
        ({"urgency": "whenever"}, "invalid_urgency", "urgency"),
    ],
)
def test_the_services_refusals_are_structured_400s(creator, staffed_village, extra, code, field, settings):
    settings.QUESTION_MAX_CHARS = 5000
    village, _ = staffed_village
    response = _create(creator, create_body(village.code, **extra))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]
    assert not WorkOrder.objects.exists() and not IntakeKey.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"text": "缺区划"},
        {"region_code": "330102001001"},
        {"region_code": "330102001001", "text": "x", "channel": "system"},
    ],
)
def test_schema_errors_are_a_422_with_details(creator, network, body):
    response = _create(creator, body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["details"]


def test_a_body_that_is_not_json_is_a_400(creator, network):
    response = creator.client.post(
        URL,
        "{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        HTTP_AUTHORIZATION=f"Bearer {creator.token}",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_body"


def test_a_citizen_submits_through_the_session(client, citizen, staffed_village):
    village, _ = staffed_village
    client.force_login(citizen)
    response = client.post(
        URL,
        {"region_code": village.code, "text": "离婚后孩子抚养费怎么算？"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 201, response.content
    order = WorkOrder.objects.get()
    assert order.requester == citizen and order.contact_phone == citizen.phone
    assert response.json()["contact_phone_masked"] == "139****5678"
    assert client.get(f"{URL}/{order.tracking_number}").status_code == 200


def test_staff_sessions_do_not_use_this_door(client, county_supervisor, network):
    client.force_login(county_supervisor)
    response = client.post(
        URL, create_body(network.villages[0].code), content_type="application/json", HTTP_IDEMPOTENCY_KEY="a"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    assert not WorkOrder.objects.exists()


def test_anonymous_callers_get_401(client, network):
    response = client.post(
        URL, create_body(network.villages[0].code), content_type="application/json", HTTP_IDEMPOTENCY_KEY="a"
    )
    assert response.status_code == 401


def test_kiosk_channel_and_a_chosen_topic_and_service_type(creator, staffed_village):
    village, _ = staffed_village
    body = create_body(village.code, channel="kiosk", topic_code="marriage_family", service_type_code="legal_aid")
    data = _create(creator, body).json()
    assert data["channel"] == "kiosk" and data["topic_code"] == "marriage_family"
    assert data["service_type_code"] == "legal_aid"


def test_a_staff_channel_records_the_token_account_as_the_receiver(network, make_token, staffed_village):
    village, _ = staffed_village
    agent = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席")
    post(agent, network.centre)
    _, plain = make_token(agent, ["workorders:create"])
    response = _create(ApiClient(plain), create_body(village.code, channel="hotline"))
    assert response.status_code == 201, response.content
    order = WorkOrder.objects.get()
    assert order.channel == Channel.HOTLINE
    assert order.first_owner_point == network.centre and order.first_owner_user == agent


def test_a_citizen_may_not_claim_a_staff_channel(client, citizen, network):
    client.force_login(citizen)
    response = client.post(
        URL,
        create_body(network.villages[0].code, channel="hotline"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 403
    assert not WorkOrder.objects.exists()


def test_a_new_order_costs_a_fixed_number_of_queries(creator, staffed_village, django_assert_max_num_queries):
    """Intake answers from the order it wrote (no re-read); the dispatch is queued, not run here."""
    village, _ = staffed_village
    _create(creator, create_body(village.code), key="warm-up")
    with django_assert_max_num_queries(15):  # 14, and the statistics' refresh mark (performance)
        response = _create(creator, create_body(village.code, text="邻居装修噪音扰民怎么办"), key="key-2")
    assert response.status_code == 201 and response.json()["status"] == "new"
