"""The demo county's people's mediation (gongfa/demo/mediation.py): committees, mediators and a year
of cases made through the services with a moved clock. Seeded once for the module on top of the
default demo world."""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from gongfa.audit.models import Event
from gongfa.demo.mediation import MediationResult, seed_mediation
from gongfa.demo.tests.conftest import START
from gongfa.mediation.choices import (
    CaseStatus,
    CommitteeType,
    Employment,
    IndustryField,
    MediatorGrade,
    Outcome,
)
from gongfa.mediation.documents import missing_documents
from gongfa.mediation.models import Committee, MediationCase, Mediator
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.services.organisation import composition_problems
from gongfa.mediation.states import MEDIATION

TODAY = datetime.date(2026, 12, 3)
COUNTY = "339901000000"
FIRST, LAST = datetime.date(2025, 11, 1), datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[tuple[MediationResult, int]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            started = time.perf_counter()
            queries = [0]

            def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
                queries[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                result = seed_mediation(20261124, COUNTY, START, today=TODAY)
            elapsed = time.perf_counter() - started
            print(f"mediation demo: {result.cases} cases in {elapsed:.2f} s, {queries[0]} queries")
            yield result, queries[0]
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def county_cases() -> Any:
    return MediationCase.objects.filter(committee__agency__region__code__startswith=COUNTY[:6])


def test_the_year_is_seeded_in_a_bounded_number_of_queries_and_a_second_run_skips(
    seeded: tuple[MediationResult, int],
) -> None:
    result, queries = seeded
    assert not result.skipped and result.cases >= 40 and result.committees >= 10
    # The time budget (< 5 s on an idle machine) as a count that does not depend on the machine's
    # load: about 160 queries a case through the services, ~0.4 ms each.
    assert queries < 10_000
    assert seed_mediation(20261124, COUNTY, START, today=TODAY).skipped


def test_committees_of_every_kind_lawfully_constituted() -> None:
    committees = list(Committee.objects.filter(agency__region__code__startswith=COUNTY[:6]).select_related("agency"))
    kinds = {c.committee_type for c in committees}
    assert {CommitteeType.TOWNSHIP, CommitteeType.VILLAGE, CommitteeType.INDUSTRY, CommitteeType.POLICE} <= kinds
    assert any(c.industry_field == IndustryField.TRAFFIC for c in committees)
    police = next(c for c in committees if c.committee_type == CommitteeType.POLICE)
    assert "派出所" in police.host_name
    on = LAST
    for committee in committees:
        assert composition_problems(committee, on) == [], committee.agency.name
        assert Event.objects.filter(verb="mediation.committee.created", subject_id=str(committee.pk)).exists()
    townships = [c for c in committees if c.committee_type == CommitteeType.TOWNSHIP]
    for committee in townships:
        full_time = [m for m in committee.mediators.all() if m.employment == Employment.FULL_TIME]
        assert len(full_time) == 1, committee.agency.name
        mediator = full_time[0]
        assert mediator.grade != MediatorGrade.NONE and mediator.grade_since is not None
        assert mediator.trainings.filter(hours__gte=16).exists()
        assert mediator.insurances.filter(starts_on__lte=on, ends_on__gte=on).exists()


def test_the_demo_mediator_has_a_case_in_every_status() -> None:
    mediator = Mediator.objects.select_related("user", "committee__agency").get(user__username="mediator")
    assert mediator.committee.agency.name == "青山县人民调解委员会"
    assert mediator.employment == Employment.FULL_TIME and mediator.grade == MediatorGrade.THIRD
    statuses = set(visible_to(mediator.user, Action.VIEW).values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    presided = set(
        MediationCase.objects.filter(mediators__mediator=mediator, mediators__recused_at__isnull=True).values_list(
            "status", flat=True
        )
    )
    # Every status from assignment on is a case the demo mediator presides over.
    assert {CaseStatus.IN_MEDIATION, CaseStatus.AGREEMENT_EFFECTIVE, CaseStatus.NONPERFORMANCE} <= presided


def test_cases_in_every_outcome_closed_with_complete_files() -> None:
    cases = county_cases()
    outcomes = set(cases.values_list("outcome", flat=True))
    assert {o for o in Outcome.values if o} <= outcomes
    closed = list(cases.filter(status=CaseStatus.CLOSED))
    assert {c.outcome for c in closed} >= {Outcome.WRITTEN_AGREEMENT, Outcome.ORAL_AGREEMENT, Outcome.FAILED}
    for case in closed:
        assert missing_documents(case) == [], case.number
        assert case.closed_at is not None and case.closed_at >= case.registered_at
    assert cases.filter(confirmations__decision="confirmed").exists()
    assert cases.filter(prevented_criminal=True, prevented_criminal_people=4).exists()
    assert cases.filter(source="police_handover", feedback_sent_at__isnull=False).exists()
    assert cases.filter(committee__committee_type=CommitteeType.VILLAGE).exists()


def test_the_history_is_dated_in_the_year_and_consistent_with_the_table() -> None:
    first = timezone.make_aware(datetime.datetime.combine(FIRST, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(LAST + datetime.timedelta(days=1), datetime.time()))
    cases = list(county_cases())
    assert all(first <= case.registered_at < end for case in cases)
    for case in cases:
        events = list(
            Event.objects.filter(subject_type__model="mediationcase", subject_id=str(case.pk)).order_by(
                "occurred_at", "pk"
            )
        )
        assert events and all(first <= event.occurred_at < end for event in events)
        # Each status change is a step the table allows, from the status before it.
        status: str = CaseStatus.APPLIED
        for event in events:
            if event.to_status:
                action = event.verb.rsplit(".", 1)[-1]
                assert MEDIATION.get(status, action).target == event.to_status, (case.number, action)
                status = event.to_status
        assert status == case.status
        if case.mediation_started_at is not None:
            assert case.due_on is not None and case.due_on > timezone.localdate(case.mediation_started_at)
        if case.agreement_effective_on and case.outcome == Outcome.WRITTEN_AGREEMENT:
            assert case.confirmation_window_ends_on is not None
            assert (case.confirmation_window_ends_on - case.agreement_effective_on).days >= 30


def test_the_moved_clock_is_put_back() -> None:
    from gongfa.audit.models import Event as EventModel
    from gongfa.demo.mediation import Clock, moved_clock

    moment = timezone.make_aware(datetime.datetime(2025, 12, 1, 9, 30))
    field = EventModel._meta.get_field("occurred_at")
    with moved_clock(Clock(moment)) as clock:
        assert timezone.now() == moment and timezone.localdate() == datetime.date(2025, 12, 1)
        assert field.get_default() == moment
        clock.advance(days=1)
        assert timezone.localdate() == datetime.date(2025, 12, 2)
    assert timezone.now() > moment + datetime.timedelta(days=300)
    assert field.get_default() > moment + datetime.timedelta(days=300)
