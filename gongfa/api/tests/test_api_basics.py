from gongfa.testing.factories import CitizenFactory


def test_health_is_readiness(client, db):
    """The same checks as /readyz (gongfa/core/tests/test_readyz.py tests the answers)."""
    body = client.get("/api/v1/health").json()
    assert {"database", "broker", "search index"} <= set(body["checks"])
    assert body["checks"]["database"]["ok"] is True
    assert body["status"] == ("unavailable" if body["failing"] else "ok")


def test_errors_are_structured(client, db):
    assert client.get("/api/v1/workorders").json() == {
        "error": {"code": "not_authenticated", "message": "请先登录，或提供有效的接口令牌。", "field": None}
    }
    client.force_login(CitizenFactory())
    response = client.get("/api/v1/workorders/GF20260101-00001")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "GF20260101-00001" in response.json()["error"]["message"]


def test_bad_query_parameters_get_a_structured_422(client, db):
    client.force_login(CitizenFactory())
    response = client.get("/api/v1/workorders", {"page": "abc"})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid_request" and body["details"]


def test_list_query_count_does_not_grow(client, network, django_assert_max_num_queries):
    from gongfa.workorders.services import submit_question

    citizen = CitizenFactory()
    submit_question(requester=citizen, village=network.villages[0], text="一")
    client.force_login(citizen)
    client.get("/api/v1/workorders")
    with django_assert_max_num_queries(10) as baseline:
        client.get("/api/v1/workorders")
    for i in range(12):
        submit_question(requester=citizen, village=network.villages[i % len(network.villages)], text=f"问题{i}")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        body = client.get("/api/v1/workorders").json()
    assert body["count"] == 13
