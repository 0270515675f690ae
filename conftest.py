"""Suite-wide fixtures."""

from __future__ import annotations

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


@pytest.fixture
def sms_outbox() -> list[tuple[str, str]]:
    return LocmemSmsBackend.outbox


@pytest.fixture
def network(db: None) -> MiniNetwork:
    return build_network()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "postgres" in item.keywords:
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (row locks across connections)")
