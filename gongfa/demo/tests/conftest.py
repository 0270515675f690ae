"""Fixtures for the demo-data tests.

Seeding the default demo takes about a second, so the DB tests of one module share a single
seed: `seeded` runs seed_demo once inside a transaction that is rolled back when the module
ends; each test runs in a savepoint inside it (pytest-django's `db` fixture nests).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

# A fixed first roster day, so the tests do not depend on the day they run.
START = datetime.date(2026, 11, 24)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The default demo world, seeded once per module; yields the command's output."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", start_date=START, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
