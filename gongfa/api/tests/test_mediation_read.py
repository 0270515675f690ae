"""GET /api/v1/mediation/cases and /cases/{id}: the cases the caller may see, personal data
masked for everyone but the party, pages bounded."""

# ruff: noqa: F811 - the fixtures imported from test_mediation_support are parameters below

from __future__ import annotations

import pytest

from gongfa.accounts.models import User
from gongfa.api.api import api
from gongfa.mediation.choices import CaseStatus
from gongfa.mediation.models import MediationCase
from gongfa.mediation.testing import MediationWorld, make_case

from .test_mediation_support import (  # noqa: F401 - fixtures
    BASE,
    applicant,
    applied,
    case_url,
    error_of,
    session,
    token_client,
    world,
)

pytestmark = pytest.mark.django_db


def test_detail_for_the_committee_masks_the_parties(world: MediationWorld, applied: MediationCase) -> None:
    response = session(world.chair).get(case_url(applied))
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["id"], data["number"], data["status"], data["status_label"]) == (
        applied.pk,
        applied.number,
        "applied",
        "已登记",
    )
    assert data["committee_name"] == world.township_committee.agency.name
    assert data["category_code"] == "neighbour"
    parties = {p["side"]: p for p in data["parties"]}
    party = applied.parties.get(side="applicant")
    assert parties["applicant"]["masked"] is True
    assert parties["applicant"]["name"] == "赵*请"
    assert parties["applicant"]["phone"] == "138****8001"
    assert party.id_number not in response.content.decode()
    assert parties["applicant"]["id_number"].startswith(party.id_number[:4])
    assert [a["action"] for a in data["next_actions"]] == [
        "seek_consent",
        "record_consent",
        "accept",
        "refuse_acceptance",
    ]
    assert data["links"] == []
    assert data["agreement"] is None


def test_the_party_sees_their_own_details_in_full(applicant: User, applied: MediationCase) -> None:
    data = session(applicant).get(case_url(applied)).json()
    own = next(p for p in data["parties"] if p["side"] == "applicant")
    other = next(p for p in data["parties"] if p["side"] == "respondent")
    party = applied.parties.get(side="applicant")
    assert (own["name"], own["phone"], own["id_number"], own["masked"]) == (
        "赵申请",
        "13800138001",
        party.id_number,
        False,
    )
    assert (other["name"], other["masked"]) == ("钱*申", True)
    assert data["next_actions"] == []  # citizens act through the portal


def test_a_mediator_on_the_case_sees_it(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    data = session(world.mediators[0].user).get(case_url(case)).json()
    assert data["mediators"][0]["name"] == "张调解"
    assert data["mediators"][0]["role"] == "presiding"
    assert "record_session" in [a["action"] for a in data["next_actions"]]


def test_an_unknown_case_is_404(world: MediationWorld) -> None:
    response = session(world.chair).get(f"{BASE}/cases/999999")
    assert response.status_code == 404
    assert error_of(response)["field"] == "pk"


def test_a_case_id_out_of_range_is_422(world: MediationWorld) -> None:
    assert session(world.chair).get(f"{BASE}/cases/0").status_code == 422


def test_the_list_shows_what_the_caller_may_see(world: MediationWorld, applicant: User) -> None:
    mine = make_case(world, CaseStatus.APPLIED, applicant_user=applicant)
    other = make_case(world, CaseStatus.IN_MEDIATION, committee=world.other_committee, with_mediator=False)
    closed = make_case(world, CaseStatus.CLOSED)
    chair = session(world.chair)
    response = chair.get(f"{BASE}/cases")
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["items"]] == [mine.pk]
    assert body["items"][0]["applicant_names"] == ["赵*请"]
    assert body["items"][0]["status_label"] == "已登记"
    every = chair.get(f"{BASE}/cases", {"status": "all"}).json()
    assert [row["id"] for row in every["items"]] == [closed.pk, mine.pk]
    only_closed = chair.get(f"{BASE}/cases", {"status": "closed"}).json()
    assert [row["id"] for row in only_closed["items"]] == [closed.pk]
    assert other.pk not in [row["id"] for row in every["items"]]
    citizen = token_client(applicant, "mediation:read").get(f"{BASE}/cases", {"status": "all"}).json()
    assert [row["id"] for row in citizen["items"]] == [mine.pk]


def test_the_list_refuses_an_unknown_status_and_oversized_pages(world: MediationWorld) -> None:
    chair = session(world.chair)
    assert chair.get(f"{BASE}/cases", {"status": "finished"}).status_code == 422
    assert chair.get(f"{BASE}/cases", {"page_size": 201}).status_code == 422
    assert chair.get(f"{BASE}/cases", {"page": 0}).status_code == 422
    assert chair.get(f"{BASE}/cases", {"page_size": 200}).status_code == 200


def test_the_schema_bounds_the_list() -> None:
    schema = api.get_openapi_schema()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/mediation/cases"]["get"]["parameters"]}
    options = [parameters["page_size"], *parameters["page_size"].get("anyOf", [])]
    assert 200 in [option.get("maximum") for option in options]
    assert parameters["page"]["maximum"] == 10000
