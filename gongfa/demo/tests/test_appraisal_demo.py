"""The demo county's appraisal referrals (gongfa/demo/appraisal.py): the register with categories
(环境损害 included), twelve referrals in every status through the services, draws reproducible, and
a second run skips."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from gongfa.appointments.choices import AppraisalStatus, SelectionMethod
from gongfa.appointments.models import AppraisalReferral, InstitutionCategory
from gongfa.appointments.services.appraisal import replay_draw
from gongfa.audit.models import Event
from gongfa.demo.appraisal import AppraisalResult, seed_appraisal
from gongfa.demo.tests.conftest import START
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency

COUNTY = "339901000000"


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[tuple[AppraisalResult, int, float]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            queries = [0]

            def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
                queries[0] += 1
                return execute(sql, params, many, context)

            started = time.perf_counter()
            with connection.execute_wrapper(count):
                result = seed_appraisal(20261124, COUNTY, START)
            yield result, queries[0], time.perf_counter() - started
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_referrals_in_every_status_through_the_services(seeded: tuple[AppraisalResult, int, float]) -> None:
    result, queries, _ = seeded
    assert not result.skipped and result.referrals == 12 and result.institutions == 3
    referrals = AppraisalReferral.objects.filter(region__code__startswith=COUNTY[:6])
    assert set(referrals.values_list("status", flat=True)) == set(AppraisalStatus.values)
    assert queries < 5_000  # the < 5 s budget as a count that does not depend on the machine's load
    for referral in referrals:
        assert Event.objects.filter(verb="appointments.appraisalreferral.create", subject_id=str(referral.pk)).exists()
    drawn = referrals.filter(selection_method=SelectionMethod.RANDOM_DRAW)
    assert drawn.count() >= 4
    for referral in drawn:
        assert replay_draw(referral).pk == referral.institution_id
    assert seed_appraisal(20261124, COUNTY, START).skipped


def test_the_register_has_categories_including_environmental_damage() -> None:
    institutions = Agency.objects.filter(kind=AgencyKind.APPRAISAL_INSTITUTION, region__code__startswith=COUNTY[:4])
    assert institutions.count() >= 4
    codes = set(
        InstitutionCategory.objects.filter(institution__in=institutions).values_list("category__code", flat=True)
    )
    assert {"environmental", "forensic", "physical_evidence"} <= codes
    assert all(i.appraisal_categories.exists() for i in institutions)
