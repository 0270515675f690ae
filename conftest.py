"""Suite-wide fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.testing.factories import MiniNetwork, build_network


@pytest.fixture(autouse=True)
def _clear_sms_outbox() -> None:
    LocmemSmsBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reset_reference_cache() -> None:
    """Reference tables cached per process (gongfa.core.refcache) must not outlive a test's rollback."""
    from gongfa.core import refcache

    refcache.reset()


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The reference data of the data migrations, put back when a transactional test (live server,
    row-lock tests) has emptied every table (gongfa.testing.reference_data)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "statute_corpus"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    from gongfa.testing import reference_data

    reference_data.restore()


@pytest.fixture(scope="module", autouse=True)
def _reference_data_for_a_module_world(request: pytest.FixtureRequest) -> None:
    """A module whose tests share a world built once (see pytest_collection_modifyitems) builds it
    before any test's own fixtures run: the reference data must be there first."""
    if not getattr(request.module, "_gongfa_shares_a_world", False):
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    from gongfa.testing import reference_data

    with blocker.unblock():
        reference_data.restore()


@pytest.fixture
def sms_outbox() -> list[tuple[str, str]]:
    return LocmemSmsBackend.outbox


@pytest.fixture
def network(db: None) -> MiniNetwork:
    return build_network()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups (it runs first otherwise)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A module whose tests share a world built once in the database (a module-scoped fixture that
    opens the database itself, e.g. seed_demo --history) runs on one xdist worker: spread over two,
    each worker would build the same world again (tens of seconds each)."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        shares_a_world = any(
            definition.scope == "module" and "django_db_blocker" in definition.argnames
            for definitions in info.name2fixturedefs.values()
            for definition in definitions
        )
        if shares_a_world:
            item.add_marker(pytest.mark.xdist_group(f"module-world:{item.nodeid.split('::')[0]}"))
            module = getattr(item, "module", None)
            if module is not None:
                module._gongfa_shares_a_world = True


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "postgres" in item.keywords:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (row locks across connections)")


@pytest.fixture
def statute_corpus(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Iterator[None]:
    """A few real articles imported and indexed under a throwaway VAR_DIR (gongfa.testing.statutes)."""
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from gongfa.knowledge.search import forget_loaded_index
    from gongfa.testing.statutes import import_small_corpus

    settings.VAR_DIR = tmp_path / "var"
    forget_loaded_index()
    import_small_corpus(tmp_path / "laws")
    yield
    forget_loaded_index()


pytest_plugins = ["gongfa.testing.broker"]
