"""POST /api/v1/workorders during an outage: a 503 means nothing was stored, or that retrying
with the same Idempotency-Key is safe (it returns the stored order, never a second one)."""

import pytest

from gongfa.core.tests.outage import database_down
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import IntakeKey, WorkOrder
from gongfa.workorders.tasks import dispatch_queued

from .conftest import ApiClient, create_body

URL = "/api/v1/workorders"


@pytest.fixture
def creator(integration_user, make_token):
    _, plain = make_token(integration_user, ["workorders:create"])
    return ApiClient(plain)


def _create(client, body, key):
    return client.post(URL, body, HTTP_IDEMPOTENCY_KEY=key)


def test_a_database_error_mid_intake_rolls_back_and_the_retry_stores_once(creator, staffed_village):
    village, _ = staffed_village
    body = create_body(village.code)
    # The order row is written, then the server goes away at the idempotency key's row.
    with database_down(when=lambda sql: sql.startswith("INSERT") and "workorders_intakekey" in sql):
        failed = _create(creator, body, "outage-1")
    assert failed.status_code == 503, failed.content
    assert failed["Retry-After"] == "5"
    assert failed.json()["error"]["code"] == "service_unavailable"
    assert not WorkOrder.objects.exists() and not IntakeKey.objects.exists()  # nothing half-stored
    retried = _create(creator, body, "outage-1")
    assert retried.status_code == 201
    again = _create(creator, body, "outage-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["tracking_number"] == retried.json()["tracking_number"]
    assert WorkOrder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_after_commit_is_a_503_and_the_retry_returns_the_order(creator, staffed_village, request):
    village, clerk = staffed_village
    body = create_body(village.code)
    request.getfixturevalue("dead_broker")
    failed = _create(creator, body, "broker-1")  # stored, then queueing its dispatch failed
    assert failed.status_code == 503, failed.content
    assert failed["Retry-After"] == "5"
    assert failed.json()["error"]["code"] == "service_unavailable"
    assert WorkOrder.objects.count() == 1
    retried = _create(creator, body, "broker-1")
    assert retried.status_code == 200 and retried["Idempotent-Replayed"] == "true"
    assert WorkOrder.objects.count() == 1  # the retry did not store a second order
    # The per-minute job dispatches what could not be queued, once the broker is back.
    order = WorkOrder.objects.get()
    assert order.status == WorkOrderStatus.NEW
    assert dispatch_queued() == 1
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_user == clerk
