"""Fixtures for the accounts tests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.testing.factories import UserFactory


@pytest.fixture
def clerk(db: None) -> User:
    return UserFactory(username="clerk", role=Role.WINDOW_STAFF, phone="13812345678")


@pytest.fixture
def pg_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks across connections)")


@pytest.fixture
def last_code(sms_outbox: list[tuple[str, str]]) -> Callable[[], str]:
    """The code in the last text message sent."""

    def read() -> str:
        assert sms_outbox, "no SMS was sent"
        match = re.search(r"验证码是(\d+)", sms_outbox[-1][1])
        assert match, sms_outbox[-1][1]
        return match.group(1)

    return read
