"""The OpenAPI schema: every endpoint with a summary, the bearer scheme, served locally."""

import pytest

from gongfa.api.workorders import ACTIONS


@pytest.fixture(autouse=True)
def _staff_session(client, county_supervisor):
    """The docs are for staff (gongfa.api.auth.docs_access)."""
    client.force_login(county_supervisor)


PATHS = {
    "/api/v1/health": {"get"},
    "/api/v1/workorders": {"get", "post"},
    "/api/v1/workorders/{tracking_number}": {"get"},
    "/api/v1/workorders/{tracking_number}/timeline": {"get"},
    "/api/v1/integrations/12345/inbound": {"post"},
    **{f"/api/v1/workorders/{{tracking_number}}/actions/{action}": {"post"} for action in ACTIONS},
}


def test_every_path_is_documented_with_a_summary(client, db):
    schema = client.get("/api/openapi.json").json()
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) == methods, path
        for method in methods:
            assert schema["paths"][path][method]["summary"], (path, method)
    assert not any("{action}" in path for path in schema["paths"])


def test_the_bearer_scheme_and_the_session(client, db):
    schema = client.get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["type"] == "http" and schemes["TokenAuth"]["scheme"] == "bearer"
    assert schemes["TokenAuth"]["bearerFormat"] == "gf_<prefix>_<secret>"
    assert schemes["SessionAuth"]["in"] == "cookie"
    create = schema["paths"]["/api/v1/workorders"]["post"]
    assert {"TokenAuth": []} in create["security"] and {"SessionAuth": []} in create["security"]
    inbound = schema["paths"]["/api/v1/integrations/12345/inbound"]["post"]
    assert inbound["security"] == [{"TokenAuth": []}]
    assert "security" not in schema["paths"]["/api/v1/health"]["get"]


def test_create_documents_the_idempotency_key_and_its_answers(client, db):
    create = client.get("/api/openapi.json").json()["paths"]["/api/v1/workorders"]["post"]
    headers = {p["name"] for p in create["parameters"] if p["in"] == "header"}
    assert "Idempotency-Key" in headers
    assert {"200", "201", "400", "401", "403", "409", "422"} <= set(create["responses"])


def test_docs_are_served_locally(client, db):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/" in page and "cdn." not in page
