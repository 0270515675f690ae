"""Concurrency on PostgreSQL: real threads, real connections, real row locks."""

from __future__ import annotations

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.errors import DomainError
from gongfa.network.models import AdvisorAssignment
from gongfa.network.services import assign_village_advisor
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import build_network, eligible_advisor
from gongfa.workorders.services import next_tracking_number

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_tracking_numbers_are_unique_under_concurrency():
    results, errors = run_concurrently(12, lambda _i: [next_tracking_number() for _ in range(5)])
    assert errors == []
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == 60
    assert len(set(numbers)) == 60
    assert sorted(int(n.split("-")[1]) for n in numbers) == list(range(1, 61))


def test_concurrent_appointments_never_exceed_five_villages():
    network = build_network(townships=2, villages_per_township=4)
    advisor = eligible_advisor(network.county, Role.LAWYER)
    results, errors = run_concurrently(
        8, lambda i: assign_village_advisor(advisor=advisor, village=network.villages[i]).pk
    )
    assert len(results) == 5
    assert len(errors) == 3
    assert all(isinstance(error, DomainError) for error in errors)
    assert AdvisorAssignment.objects.filter(advisor=advisor, is_active=True).count() == 5


def test_a_number_is_drawn_without_waiting_for_a_wal_flush_and_the_session_keeps_its_setting():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    next_tracking_number()  # the day's first number creates the day's row
    with CaptureQueriesContext(connection) as queries:
        first = next_tracking_number()
    sql = [q["sql"] for q in queries.captured_queries]
    # One autocommitted statement (no BEGIN … COMMIT round trips) that switches the flush off for
    # its own transaction only.
    assert len(sql) == 1
    assert "set_config('synchronous_commit', 'off', true)" in sql[0] and "RETURNING" in sql[0]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # the order's own commit still waits for the flush
    assert int(next_tracking_number().split("-")[1]) == int(first.split("-")[1]) + 1
