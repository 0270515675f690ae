"""The demo county's notarization cases (gongfa/demo/notarization.py): about twenty-five cases in
every status through the services, the demo notary on most, clocks in the queue (one overdue, one due
today), the demo citizen's own case on 我的公证, within its query budget; a second run skips. Seeded once
for the module on top of the default demo world (without the booking demo: walk-ins only)."""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from gongfa.accounts.models import User
from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.selectors.notarization import Clock, clock_of
from gongfa.demo.generator import DEMO_CITIZEN_PHONES
from gongfa.demo.notarization import NotarizationResult, seed_notarization
from gongfa.demo.tests.conftest import START

TODAY = datetime.date(2026, 12, 3)  # a Thursday
COUNTY = "339901000000"


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[tuple[NotarizationResult, int]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                result = seed_notarization(20261124, COUNTY, START, today=TODAY)
            elapsed = time.perf_counter() - started
            print(f"notarization demo: {result.cases} cases in {elapsed:.2f} s, {len(queries)} queries")
            yield result, len(queries)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_every_status_within_the_time_budget(seeded: tuple[NotarizationResult, int]) -> None:
    result, queries = seeded
    assert not result.skipped and result.cases == 25
    assert set(result.by_status) == set(NotarizationStatus.values)
    # The time budget (< 5 s on an idle machine: about 2 s) as a count that does not depend on the
    # machine's load: about 1,100 queries.
    assert queries < 1_500


def test_the_demo_notary_has_a_queue_with_clocks() -> None:
    notary = User.objects.get(username="notary")
    mine = list(NotarizationCase.objects.filter(notary=notary))
    assert len(mine) >= 10
    clocks = {clock_of(case, TODAY).kind for case in NotarizationCase.objects.all()}
    assert {Clock.OVERDUE, Clock.DUE_TODAY, Clock.PAUSED, Clock.NOT_STARTED} <= clocks


def test_the_demo_citizen_sees_their_case(client: Client) -> None:
    citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).get(role="citizen")
    case = NotarizationCase.objects.get(user=citizen)
    client.force_login(citizen)
    assert case.number in client.get(reverse("portal:notarization_cases")).content.decode()


def test_a_second_run_skips() -> None:
    assert seed_notarization(20261124, COUNTY, START, today=TODAY).skipped
