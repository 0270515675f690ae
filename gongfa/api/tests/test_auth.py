"""Bearer tokens and sessions at the HTTP door: 401 for bad tokens, 403 for a missing scope,
sessions with CSRF for the browser, and no fall-back from a bad token to the session."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gongfa.api.tokens import revoke_token
from gongfa.testing.factories import UserFactory

from .conftest import bearer, create_body


def _error(response):
    return response.json()["error"]


@pytest.fixture
def read_token(integration_user, make_token):
    return make_token(integration_user, ["workorders:read"])


def test_a_valid_token_with_the_scope_is_accepted(client, read_token):
    response = client.get("/api/v1/workorders", **bearer(read_token[1]))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_without_credentials_the_answer_is_a_structured_401(client, db):
    response = client.get("/api/v1/workorders")
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer gf_00000000_" + "a" * 40, "Bearer "])
def test_unknown_or_malformed_tokens_get_401(client, db, header):
    response = client.get("/api/v1/workorders", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert _error(response)["code"] in {"invalid_token", "not_authenticated"}


def test_expired_token_gets_401(client, integration_user, make_token):
    _, plain = make_token(integration_user, ["workorders:read"], days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        response = client.get("/api/v1/workorders", **bearer(plain))
    assert response.status_code == 401
    assert _error(response) == {"code": "token_expired", "message": "令牌已过期。", "field": None}


def test_revoked_token_gets_401(client, read_token):
    token, plain = read_token
    revoke_token(token.prefix)
    response = client.get("/api/v1/workorders", **bearer(plain))
    assert response.status_code == 401
    assert _error(response)["code"] == "token_revoked"


def test_a_token_without_the_scope_gets_403_insufficient_scope(client, read_token, network):
    _, plain = read_token
    response = client.post(
        "/api/v1/workorders",
        create_body(network.villages[0].code),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        **bearer(plain),
    )
    assert response.status_code == 403
    error = _error(response)
    assert error["code"] == "insufficient_scope" and "workorders:create" in error["message"]


def test_a_bad_token_does_not_fall_back_to_the_session(client, county_supervisor):
    client.force_login(county_supervisor)
    assert client.get("/api/v1/workorders").status_code == 200
    response = client.get("/api/v1/workorders", HTTP_AUTHORIZATION="Bearer gf_00000000_" + "a" * 40)
    assert response.status_code == 401


def test_a_token_acts_as_its_account_not_as_the_session(client, read_token, citizen):
    client.force_login(citizen)
    response = client.get("/api/v1/workorders", **bearer(read_token[1]))
    assert response.status_code == 200  # the supervisor's (empty) list, not the citizen's


def test_session_writes_need_the_csrf_token(citizen, network):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    body = create_body(network.villages[0].code)
    refused = browser.post("/api/v1/workorders", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert refused.status_code == 403
    assert _error(refused)["code"] == "csrf_failed"
    browser.get("/api/v1/health")  # any page; the CSRF cookie comes from a form page in practice
    from django.middleware.csrf import _get_new_csrf_string

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    accepted = browser.post(
        "/api/v1/workorders", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1", HTTP_X_CSRFTOKEN=secret
    )
    assert accepted.status_code == 201, accepted.content


def test_token_writes_need_no_csrf_token(integration_user, make_token, network):
    _, plain = make_token(integration_user, ["workorders:create"])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/workorders",
        create_body(network.villages[0].code),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        **bearer(plain),
    )
    assert response.status_code == 201


def test_an_inactive_session_user_is_not_authenticated(client, db):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/workorders").status_code == 401
