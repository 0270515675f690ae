"""A database outage in the API: 503 with Retry-After in the API's error shape, never a 500."""

from gongfa.core.outage import OUTAGE_MESSAGE
from gongfa.core.tests.outage import database_down


def test_an_api_operation_whose_query_fails_is_a_json_503(client, db):
    with database_down():
        response = client.post(
            "/api/v1/knowledge/citations/check",
            {"text": "依据《民法典》第1165条"},
            content_type="application/json",
        )
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response.json() == {"error": {"code": "service_unavailable", "message": OUTAGE_MESSAGE, "field": None}}


def test_a_failing_token_lookup_is_a_503_not_a_401(client, db):
    """Authentication reads the token table: with the database down that is an outage, not a
    refusal (a client must retry, not drop its credentials)."""
    from gongfa.api.tokens import TOKEN_PREFIX, _new_secret

    well_formed = f"{TOKEN_PREFIX}abcdef01_{_new_secret()}"
    with database_down():
        response = client.get("/api/v1/workorders", HTTP_AUTHORIZATION=f"Bearer {well_formed}")
    assert response.status_code == 503, response.content
    assert response.json()["error"]["code"] == "service_unavailable"
