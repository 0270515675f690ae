"""Fixtures of the mediation API tests (a mediation world, sessions and tokens), and the tests of
who may call it: the scopes mediation:read / mediation:act, the session's kind, the case's view."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.models import User
from gongfa.api.tests.conftest import ApiClient
from gongfa.api.tokens import issue_token
from gongfa.mediation.choices import CaseStatus, PartySide
from gongfa.mediation.models import MediationCase
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/mediation"


@pytest.fixture
def world(db: None) -> MediationWorld:
    return build_world()


@pytest.fixture
def applicant(db: None) -> User:
    return CitizenFactory(real_name="赵申请", phone="13800138001")


@pytest.fixture
def applied(world: MediationWorld, applicant: User) -> MediationCase:
    return make_case(world, CaseStatus.APPLIED, applicant_user=applicant)


def case_url(case: MediationCase) -> str:
    return f"{BASE}/cases/{case.pk}"


def action_url(case: MediationCase, action: str) -> str:
    return f"{case_url(case)}/actions/{action}"


def session(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def post(browser: Client | ApiClient, url: str, data: Any = None) -> Any:
    if isinstance(browser, ApiClient):
        return browser.post(url, data)
    return browser.post(url, data if data is not None else {}, content_type="application/json")


def token_client(user: User, *scopes: str) -> ApiClient:
    _, plain = issue_token(user=user, scopes=list(scopes))
    return ApiClient(plain)


def error_of(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def fields_of(response: Any) -> list[str | None]:
    """The fields of every problem (one problem alone comes without "errors")."""
    body = error_of(response)
    return [e["field"] for e in body.get("errors") or [body]]


def status_of(case: MediationCase) -> str:
    return MediationCase.objects.get(pk=case.pk).status


# --- scopes and doors ---------------------------------------------------------------------------


def test_a_read_token_reads_and_cannot_act(world: MediationWorld, applied: MediationCase) -> None:
    client = token_client(world.chair, "mediation:read")
    assert client.get(case_url(applied)).status_code == 200
    assert client.get(f"{BASE}/cases").status_code == 200
    response = client.post(action_url(applied, "accept"))
    assert response.status_code == 403
    assert error_of(response)["code"] == "insufficient_scope"
    assert status_of(applied) == CaseStatus.APPLIED


def test_an_act_token_cannot_read(world: MediationWorld, applied: MediationCase) -> None:
    client = token_client(world.chair, "mediation:act")
    response = client.get(case_url(applied))
    assert response.status_code == 403
    assert error_of(response) == {
        "code": "insufficient_scope",
        "message": "该令牌没有“mediation:read”权限。",
        "field": "mediation:read",
    }


def test_legal_aid_and_work_order_scopes_do_not_open_mediation(world: MediationWorld, applied: MediationCase) -> None:
    client = token_client(world.chair, "legalaid:read", "legalaid:act", "workorders:read", "workorders:act")
    assert client.get(case_url(applied)).status_code == 403
    assert client.get(f"{BASE}/cases").status_code == 403
    assert client.post(action_url(applied, "accept")).status_code == 403
    assert status_of(applied) == CaseStatus.APPLIED


def test_without_a_session_or_a_token_it_is_401(applied: MediationCase) -> None:
    anonymous = Client()
    assert anonymous.get(case_url(applied)).status_code == 401
    assert anonymous.post(action_url(applied, "accept"), {}, content_type="application/json").status_code == 401


def test_a_citizens_session_may_read_their_case_but_not_act(applicant: User, applied: MediationCase) -> None:
    browser = session(applicant)
    assert browser.get(case_url(applied)).status_code == 200
    response = post(browser, action_url(applied, "accept"))
    assert response.status_code == 403
    assert status_of(applied) == CaseStatus.APPLIED


def test_a_citizens_token_with_act_is_refused_by_the_service(applicant: User, applied: MediationCase) -> None:
    # A token is judged by its scope; what its user may do is still the selectors' (a party
    # cannot accept their own case).
    response = token_client(applicant, "mediation:act").post(action_url(applied, "accept"))
    assert response.status_code == 403
    assert error_of(response)["code"] == "not_permitted"
    assert status_of(applied) == CaseStatus.APPLIED


def test_another_committees_mediator_gets_404(world: MediationWorld, applied: MediationCase) -> None:
    assert world.outsider is not None
    browser = session(world.outsider.user)
    assert browser.get(case_url(applied)).status_code == 404
    response = post(browser, action_url(applied, "accept"))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert status_of(applied) == CaseStatus.APPLIED


def test_another_citizen_gets_404(applied: MediationCase) -> None:
    assert session(CitizenFactory()).get(case_url(applied)).status_code == 404


def test_an_unknown_action_is_named(world: MediationWorld, applied: MediationCase) -> None:
    response = post(session(world.chair), action_url(applied, "approve"))
    assert response.status_code == 400
    assert error_of(response)["code"] == "unknown_action"
    assert "seek_consent" in error_of(response)["message"]


def test_every_mediation_operation_declares_its_door_and_scope() -> None:
    from gongfa.core.access import door_of, entrances

    found = {e.label: door_of(e.view) for e in entrances() if e.api and "/v1/mediation/" in e.route}
    assert len(found) >= 16
    for label, door in found.items():
        assert door is not None, label
        wanted = "mediation:read" if "GET" in label else "mediation:act"
        assert door.scope == wanted, label


def test_the_respondent_is_a_party_too(world: MediationWorld) -> None:
    respondent = CitizenFactory(real_name="钱被申")
    case = make_case(world, CaseStatus.CONSENT_PENDING, respondent_user=respondent)
    data = session(respondent).get(case_url(case)).json()
    own = [p for p in data["parties"] if p["side"] == PartySide.RESPONDENT]
    assert own[0]["masked"] is False
    assert own[0]["name"] == "钱被申"
