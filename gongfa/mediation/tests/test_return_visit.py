"""Return visits on performance (回访, 《人民调解法》第31条; Mediation Provisions ◐)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import CaseStatus, DocumentKind, Performance, ReturnVisitStatus, Satisfaction
from gongfa.mediation.models import ReturnVisit
from gongfa.mediation.services.confirmation import file_confirmation
from gongfa.mediation.services.followup import record_return_visit
from gongfa.mediation.testing import build_world
from gongfa.mediation.tests.test_agreement_draft import TODAY, effective_case, fields, frozen, mediator_of, messages

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]


def test_performed_ends_the_follow_up(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    visit = case.return_visits.get()
    done = record_return_visit(
        actor=mediator_of(world),
        visit=visit,
        performance=Performance.PERFORMED,
        satisfaction=Satisfaction.SATISFIED,
        note="已转账八千元。",
    )
    assert done.status == ReturnVisitStatus.DONE and done.visitor == mediator_of(world) and done.done_at
    case.refresh_from_db()
    assert case.status == CaseStatus.PERFORMED
    assert case.documents.filter(kind=DocumentKind.RETURN_VISIT, generated=True).count() == 1
    assert case.return_visits.filter(status=ReturnVisitStatus.DUE).count() == 0
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.record_performance")
    assert event.data["visit"] == visit.pk and event.data["satisfaction"] == "satisfied"


def test_not_performed_is_urged_and_visited_again_until_performed(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    first = case.return_visits.get()
    record_return_visit(
        actor=world.chair,
        visit=first,
        performance=Performance.NOT_PERFORMED,
        satisfaction=Satisfaction.DISSATISFIED,
        note="被申请人称资金困难，已督促其于月底前履行。",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NONPERFORMANCE
    second = case.return_visits.get(status=ReturnVisitStatus.DUE)
    assert second.due_on == datetime.date(2026, 12, 8)
    record_return_visit(
        actor=world.chair,
        visit=second,
        performance=Performance.PARTLY,
        satisfaction=Satisfaction.FAIRLY,
        note="已付四千元，余款督促中。",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NONPERFORMANCE  # still being urged: no status change
    assert Event.objects.filter(subject_id=str(case.pk), verb="mediation.mediationcase.return_visit_recorded").exists()
    third = case.return_visits.get(status=ReturnVisitStatus.DUE)
    record_return_visit(
        actor=world.chair, visit=third, performance=Performance.PERFORMED, satisfaction=Satisfaction.SATISFIED
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.PERFORMED


def test_not_yet_due_schedules_after_the_deadline(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    visit = ReturnVisit.objects.create(case=case, due_on=TODAY)
    record_return_visit(
        actor=world.chair, visit=visit, performance=Performance.NOT_DUE, satisfaction=Satisfaction.SATISFIED
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE
    assert sorted(v.due_on for v in case.return_visits.filter(status=ReturnVisitStatus.DUE)) == [
        datetime.date(2026, 12, 25),
        datetime.date(2026, 12, 25),
    ]


def test_bad_visit_inputs_at_once_and_nothing_changes(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    visit = case.return_visits.get()
    with pytest.raises(DomainError) as error:
        record_return_visit(actor=world.chair, visit=visit, performance="unknown", satisfaction="", note="")
    assert fields(error) == ["performance", "satisfaction"]
    with pytest.raises(DomainError) as error:
        record_return_visit(
            actor=world.chair, visit=visit, performance=Performance.PARTLY, satisfaction=Satisfaction.FAIRLY
        )
    assert messages(error) == ["未履行或部分履行的，请在回访记录中写明未履行的内容和督促情况。"]
    with pytest.raises(DomainError) as error:
        record_return_visit(
            actor=world.chair,
            visit=visit,
            performance=Performance.PERFORMED,
            satisfaction=Satisfaction.FAIRLY,
            note="长" * 2001,
        )
    assert fields(error) == ["note"]
    visit.refresh_from_db()
    assert visit.status == ReturnVisitStatus.DUE and not visit.performance
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE


def test_a_visit_is_recorded_once(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    visit = case.return_visits.get()
    record_return_visit(
        actor=world.chair, visit=visit, performance=Performance.NOT_DUE, satisfaction=Satisfaction.SATISFIED
    )
    with pytest.raises(DomainError) as error:
        record_return_visit(
            actor=world.chair, visit=visit, performance=Performance.NOT_DUE, satisfaction=Satisfaction.SATISFIED
        )
    assert messages(error) == ["该回访已经记录过。"]


def test_performance_while_judicial_confirmation_is_pending_is_refused(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    file_confirmation(actor=world.chair, case=case, court="示范县人民法院", filed_on=TODAY)
    with pytest.raises(InvalidTransition):
        record_return_visit(
            actor=world.chair,
            visit=case.return_visits.get(),
            performance=Performance.PERFORMED,
            satisfaction=Satisfaction.SATISFIED,
        )


def test_an_outsider_cannot_record_a_visit(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        record_return_visit(
            actor=world.outsider.user,
            visit=case.return_visits.get(),
            performance=Performance.PERFORMED,
            satisfaction=Satisfaction.SATISFIED,
        )
