"""The same Idempotency-Key sent by many threads at once (PostgreSQL, real connections): exactly
one order, every caller gets it."""

import pytest
from django.test import Client

from gongfa.api.tokens import issue_token
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.models import IntakeKey, WorkOrder

from .conftest import ALL_SCOPES, bearer, create_body

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_requests_with_one_key_create_one_order():
    network = build_network()
    supervisor = UserFactory(role="supervisor")
    post(supervisor, network.centre)
    _, plain = issue_token(user=supervisor, scopes=ALL_SCOPES)
    body = create_body(network.villages[0].code)

    def send(_index: int) -> tuple[int, str]:
        response = Client().post(
            "/api/v1/workorders", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="same", **bearer(plain)
        )
        return response.status_code, response.json()["tracking_number"]

    results, errors = run_concurrently(8, send)
    assert errors == []
    assert WorkOrder.objects.count() == 1 and IntakeKey.objects.count() == 1
    number = WorkOrder.objects.get().tracking_number
    assert {tracking for _, tracking in results} == {number}
    assert sorted(status for status, _ in results) == [200] * 7 + [201]


def test_concurrent_12345_deliveries_of_one_reference_create_one_order():
    network = build_network()
    gateway = UserFactory(username="gw12345")
    _, plain = issue_token(user=gateway, scopes=["12345:inbound"])
    body = {
        "reference": "SX-2026-000123",
        "region_code": network.villages[0].code,
        "text": "邻居装修噪音",
        "contact_phone": "13800001111",
    }

    def send(_index: int) -> tuple[int, str]:
        response = Client().post(
            "/api/v1/integrations/12345/inbound", body, content_type="application/json", **bearer(plain)
        )
        return response.status_code, response.json()["tracking_number"]

    results, errors = run_concurrently(6, send)
    assert errors == []
    assert WorkOrder.objects.count() == 1
    assert sorted(status for status, _ in results) == [200] * 5 + [201]
