"""The legal-aid paths in the OpenAPI schema: each documented with a summary and the session
scheme; the catch-all for unknown actions stays out of the schema."""

import pytest

from gongfa.api.legalaid import ACTIONS


@pytest.fixture(autouse=True)
def _staff_session(client, county_supervisor):
    """The docs are for staff (gongfa.api.auth.docs_access)."""
    client.force_login(county_supervisor)


BASE = "/api/v1/legal-aid"
PATHS = {
    f"{BASE}/cases": {"get"},
    f"{BASE}/cases/{{number}}": {"get"},
    f"{BASE}/objections/{{objection_id}}/decision": {"post"},
    **{f"{BASE}/cases/{{number}}/actions/{action}": {"post"} for action in ACTIONS},
}


def test_the_legal_aid_paths_are_documented(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    legal_aid = {path for path in schema["paths"] if path.startswith(BASE)}
    assert legal_aid == set(PATHS)
    assert len(ACTIONS) == 19
    for path, methods in PATHS.items():
        assert set(schema["paths"][path]) == methods, path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["summary"], (path, method)
            assert {"SessionAuth": []} in operation["security"] and {"TokenAuth": []} in operation["security"]
            assert operation["tags"] == ["legal-aid"]
    assert not any("{action}" in path for path in schema["paths"])


def test_the_action_bodies_and_answers_are_described(client, db):
    schema = client.get("/api/openapi.json").json()
    grant = schema["paths"][f"{BASE}/cases/{{number}}/actions/grant"]["post"]
    assert grant["summary"] == "决定给予法律援助"
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(grant["responses"])
    assert grant["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/LegalAidCaseOut")
    components = schema["components"]["schemas"]
    assert set(components["SupplementIn"]["properties"]) == {"items", "due_days"}
    assert set(components["AssignIn"]["properties"]) == {"provider_id", "chosen_by_applicant"}
    assert {"status", "status_label", "clocks", "allowed_actions", "notices"} <= set(
        components["LegalAidCaseOut"]["properties"]
    )
    queue = schema["paths"][f"{BASE}/cases"]["get"]
    assert {p["name"] for p in queue["parameters"]} >= {"status", "page", "page_size"}
