"""Concurrency on PostgreSQL: real threads, real connections, real row locks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from gongfa.accounts.choices import Role
from gongfa.core.errors import DomainError
from gongfa.network.models import AdvisorAssignment
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import UserFactory, build_network
from gongfa.workorders.services import next_tracking_number

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def runner(index: int) -> None:
        try:
            barrier.wait()
            value = work(index)
            with lock:
                results.append(value)
        except BaseException as exc:  # collected and asserted on by the test
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()  # each thread has its own connection; release it

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def test_tracking_numbers_are_unique_under_concurrency():
    results, errors = run_concurrently(12, lambda _i: [next_tracking_number() for _ in range(5)])
    assert errors == []
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == 60
    assert len(set(numbers)) == 60
    assert sorted(int(n.split("-")[1]) for n in numbers) == list(range(1, 61))


def test_concurrent_appointments_never_exceed_five_villages():
    network = build_network(townships=2, villages_per_township=4)
    advisor = UserFactory(role=Role.LAWYER)
    results, errors = run_concurrently(
        8, lambda i: assign_village_advisor(advisor=advisor, village=network.villages[i]).pk
    )
    assert len(results) == 5
    assert len(errors) == 3
    assert all(isinstance(error, DomainError) for error in errors)
    assert AdvisorAssignment.objects.filter(advisor=advisor, is_active=True).count() == 5
