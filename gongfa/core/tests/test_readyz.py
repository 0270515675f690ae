"""/readyz and /api/v1/health: every registered check, 503 naming the failing part."""

import pytest

from gongfa.core import health
from gongfa.core.health import CheckFailed, register_check, unregister_check
from gongfa.core.tests.outage import database_down


@pytest.fixture
def index_ready():
    """The statute index counts as loaded (its own check is tested with a real index below)."""
    original = unregister_check("search index")
    register_check("search index", lambda: "loaded (test)")
    yield
    if original is not None:
        register_check("search index", original)


@pytest.fixture
def extra_check():
    added: list[str] = []

    def add(name, check):
        added.append(name)
        register_check(name, check)

    yield add
    for name in added:
        unregister_check(name)


def test_every_part_is_registered_by_its_app():
    assert {"database", "broker", "search index"} <= set(health.registered_checks())


def test_ready_answers_200_with_each_check(client, db, index_ready):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {
        "ok": True,
        "detail": "eager (no broker configured)",
        "duration_ms": body["checks"]["broker"]["duration_ms"],
    }
    assert body["checks"]["search index"]["detail"] == "loaded (test)"
    assert "Retry-After" not in response


def test_a_failing_check_is_named_in_a_503(client, db, index_ready, extra_check):
    def replica_lag() -> str:
        raise CheckFailed("备库延迟 90 秒")

    extra_check("replica", replica_lag)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["failing"] == ["replica"]
    assert body["checks"]["replica"] == {
        "ok": False,
        "detail": "备库延迟 90 秒",
        "duration_ms": body["checks"]["replica"]["duration_ms"],
    }
    assert body["checks"]["database"]["ok"] is True
    assert response["Retry-After"] == "5"


def test_an_unexpected_error_is_named_by_its_class_only(client, db, index_ready, extra_check):
    def leaky() -> str:
        raise RuntimeError("password=secret host=10.0.0.5")

    extra_check("leaky", leaky)
    body = client.get("/readyz").json()
    assert body["checks"]["leaky"]["detail"] == "RuntimeError"
    assert "secret" not in str(body)


def test_the_database_down_is_a_503_naming_it(client, db, index_ready):
    with database_down():
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert "database" in body["failing"]
    assert body["checks"]["database"]["detail"] == "OperationalError"
    assert body["checks"]["broker"]["ok"] is True


def test_an_unreachable_broker_is_a_503_naming_it(client, db, index_ready, dead_broker):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_the_search_index_must_be_built_for_the_corpus(client, db, settings, tmp_path):
    from gongfa.knowledge.search import forget_loaded_index

    settings.VAR_DIR = tmp_path / "var"  # no index saved there
    forget_loaded_index()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["search index"]
    assert "尚未建立" in response.json()["checks"]["search index"]["detail"]


def test_a_saved_current_index_is_loaded_by_readiness(client, statute_corpus):
    from gongfa.knowledge import search

    search.build_index()
    search.forget_loaded_index()
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["search index"]["detail"].startswith("loaded (")
    assert search._loaded is not None  # warmed before traffic


def test_the_api_health_is_readiness_too(client, db, index_ready):
    assert client.get("/api/v1/health").json()["checks"]["database"]["ok"] is True
    with database_down():
        response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert response["Retry-After"] == "5"
