"""POST /api/v1/integrations/12345/inbound: a 12345 transfer, accepted once per reference."""

import pytest
from django.test import Client

from gongfa.core.choices import Channel
from gongfa.testing.factories import UserFactory
from gongfa.workorders.models import WorkOrder

from .conftest import ApiClient

URL = "/api/v1/integrations/12345/inbound"


@pytest.fixture
def hotline12345(make_token, db):
    _, plain = make_token(UserFactory(username="gw12345"), ["12345:inbound"])
    return ApiClient(plain)


def body(village, **extra):
    data = {
        "reference": "SX20261124-0001",
        "region_code": village.code,
        "text": "工地拖欠农民工工资",
        "contact_phone": "13800001111",
    }
    data.update(extra)
    return data


def test_first_201_then_the_same_reference_200_with_the_same_order(
    hotline12345, staffed_village, django_capture_on_commit_callbacks
):
    village, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        first = hotline12345.post(URL, body(village))
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["reference"] == "SX20261124-0001" and data["tracking_number"].startswith("GF")
    # Answered at once from the desk; the dispatch queued after commit then sends it to the village.
    assert data["status"] == "new" and data["resolve_due"]
    assert "13800001111" not in first.content.decode()
    again = hotline12345.post(URL, body(village))
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["tracking_number"] == data["tracking_number"]
    order = WorkOrder.objects.get()
    assert order.channel == Channel.TRANSFER_12345 and order.external_system == "12345"
    assert order.external_ref == "SX20261124-0001" and order.owner_user == clerk
    assert order.status == "assigned" and order.owner_point is not None
    assert order.owner_point.name.endswith("工作室")


def test_another_reference_is_another_order(hotline12345, staffed_village):
    village, _ = staffed_village
    assert hotline12345.post(URL, body(village)).status_code == 201
    assert hotline12345.post(URL, body(village, reference="SX20261124-0002")).status_code == 201
    assert WorkOrder.objects.count() == 2


@pytest.mark.parametrize(
    ("extra", "status", "code", "field"),
    [
        ({"reference": "  "}, 400, "reference_required", "reference"),
        ({"region_code": "999999999999"}, 422, "unknown_region", "region_code"),
        ({"text": ""}, 400, "required", "text"),
        ({"contact_phone": ""}, 400, "contact_required", "contact_phone"),
        ({"urgency": "soon"}, 400, "invalid_urgency", "urgency"),
    ],
)
def test_bad_input(hotline12345, staffed_village, extra, status, code, field):
    response = hotline12345.post(URL, body(staffed_village[0], **extra))
    assert response.status_code == status
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert not WorkOrder.objects.exists()


def test_an_overlong_reference_is_a_422(hotline12345, staffed_village):
    response = hotline12345.post(URL, body(staffed_village[0], reference="R" * 65))
    assert response.status_code == 422


def test_the_12345_scope_is_required(make_token, integration_user, staffed_village):
    _, plain = make_token(integration_user, ["workorders:create", "workorders:read", "workorders:act"])
    response = ApiClient(plain).post(URL, body(staffed_village[0]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"


def test_sessions_are_not_accepted(county_supervisor, staffed_village):
    browser = Client()
    browser.force_login(county_supervisor)
    response = browser.post(URL, body(staffed_village[0]), content_type="application/json")
    assert response.status_code == 401
