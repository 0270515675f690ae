"""/healthz: liveness answers without the database."""

from gongfa.core.tests.outage import database_down


def test_liveness_answers_without_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "check": "liveness"}
    assert "no-cache" in response["Cache-Control"]


def test_liveness_answers_while_the_database_is_down(client, db):
    with database_down():
        assert client.get("/healthz").status_code == 200


def test_liveness_takes_no_writes(client, db):
    assert client.post("/healthz").status_code == 405
