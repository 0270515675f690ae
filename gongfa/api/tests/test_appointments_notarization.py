"""/api/v1/appointments/notarization/cases: list and detail (masked), each staff action, and the
conventions: 404 unseen, 403 not the case's notary, 409 out of order, 400 with every problem; token
scopes; events recorded with channel API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.models import User
from gongfa.api.models import TokenScope
from gongfa.api.tests.conftest import ApiClient
from gongfa.api.tokens import issue_token
from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.audit.models import Event

pytestmark = pytest.mark.django_db
BASE = "/api/v1/appointments/notarization/cases"


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def session(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def test_list_and_detail_mask_the_applicant(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    data = session(world.clerk).get(BASE).json()
    assert [row["number"] for row in data] == [case.number]
    assert data[0]["applicant_name"] == "陈*明" and data[0]["clock"] == "running"
    detail = session(world.notary).get(f"{BASE}/{case.number}").json()
    assert detail["applicant_phone"] == "138****8000" and "13800138000" not in str(detail)
    assert "issue" in [a["action"] for a in detail["next_actions"]]
    assert "issue" not in [
        a["action"] for a in session(world.clerk).get(f"{BASE}/{case.number}").json()["next_actions"]
    ]
    assert [m["provided"] for m in detail["materials"]] == [True, True, True]


def test_unseen_is_404_and_bad_status_400(world: NotaryWorld) -> None:
    case = apply(world)
    assert session(world.outsider).get(f"{BASE}/{case.number}").status_code == 404
    assert post(session(world.outsider), f"{BASE}/{case.number}/actions/archive").status_code == 404
    assert session(world.clerk).get(BASE, {"status": "nonsense"}).status_code == 400


def test_accept_with_every_problem_at_once_then_issue(world: NotaryWorld) -> None:
    case = apply(world)
    client = session(world.notary)
    refused = post(client, f"{BASE}/{case.number}/actions/accept", {"notary_id": 999999})
    assert refused.status_code == 400
    fields = {e["field"] for e in refused.json()["error"]["errors"]}
    assert {"notary_id", "notary", "legal_meaning_notice_signed", "national_system_entered"} <= fields
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.APPLIED
    done = post(
        client,
        f"{BASE}/{case.number}/actions/accept",
        {"notary_id": world.notary.pk, "legal_meaning_notice_signed": True, "national_system_entered": True},
    )
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert Event.objects.get(verb="appointments.notarizationcase.accept").channel == "api"
    missing = post(client, f"{BASE}/{case.number}/actions/issue", {"certificate_number": ""})
    assert missing.status_code == 400 and missing.json()["error"]["message"] == "请填写公证书编号"
    issued = post(client, f"{BASE}/{case.number}/actions/issue", {"certificate_number": "(2026)示证字第5号"})
    assert issued.status_code == 200 and issued.json()["certificate_number"] == "(2026)示证字第5号"


def test_out_of_order_is_409_and_not_the_notary_403(world: NotaryWorld) -> None:
    case = apply(world)
    assert post(session(world.clerk), f"{BASE}/{case.number}/actions/archive").status_code == 409
    accept(world, case)
    refused = post(session(world.notary2), f"{BASE}/{case.number}/actions/issue", {"certificate_number": "1"})
    assert refused.status_code == 403


def test_supplement_pauses_and_bad_date_is_400(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    client = session(world.notary)
    paused = post(client, f"{BASE}/{case.number}/actions/request_supplement", {"request": "补充户口簿"})
    assert paused.status_code == 200 and paused.json()["clock"] == "paused"
    assert post(client, f"{BASE}/{case.number}/actions/receive_supplement").json()["status"] == "accepted"
    bad = post(client, f"{BASE}/{case.number}/actions/issue", {"certificate_number": "", "issued_on": "yesterday"})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["error"]["errors"]} == {"issued_on", "certificate_number"}


def test_token_scopes(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    _, reader = issue_token(user=world.notary, scopes=[TokenScope.APPOINTMENTS_READ])
    client = ApiClient(reader)
    assert client.get(f"{BASE}/{case.number}").status_code == 200
    assert client.post(f"{BASE}/{case.number}/actions/request_supplement", {"request": "x"}).status_code == 403
    _, actor = issue_token(user=world.notary, scopes=[TokenScope.APPOINTMENTS_ACT])
    acting = ApiClient(actor).post(f"{BASE}/{case.number}/actions/request_supplement", {"request": "补充"})
    assert acting.status_code == 200
