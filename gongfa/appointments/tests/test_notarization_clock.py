"""The issuing clock (《公证法》第30条): supplements and verification pause it; on resuming, the
deadline moves by the working days the pause took, holidays not counted (2025 National Day: 1–8
October off, Sunday 28 September and Saturday 11 October worked)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.services.notarization import (
    finish_verification,
    receive_supplement,
    request_supplement,
    start_verification,
)
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_the_clock_runs_over_the_national_day_holiday(world: NotaryWorld) -> None:
    with at(datetime.date(2025, 9, 26)):  # Friday
        case = accept(world, apply(world))
    # 28 Sep (Sun, worked) 1, 29 2, 30 3, [1–8 Oct off], 9 Oct 4, 10 5, 11 (Sat, worked) 6, 13–17 7–11, 20–23 12–15
    assert case.due_on == datetime.date(2025, 10, 23)


def test_a_supplement_over_the_holiday_costs_only_the_working_days(world: NotaryWorld) -> None:
    with at(datetime.date(2025, 9, 26)):
        case = accept(world, apply(world))
    with at(datetime.date(2025, 9, 30)):
        case = request_supplement(actor=world.notary, case=case, request="请补充出生医学证明")
    assert (case.status, case.paused_on) == (NotarizationStatus.SUPPLEMENTING, datetime.date(2025, 9, 30))
    with at(datetime.date(2025, 10, 9)):  # the holiday is not counted: only 9 October is
        case = receive_supplement(actor=world.clerk, case=case)
    assert case.status == NotarizationStatus.ACCEPTED and case.paused_on is None
    assert (case.paused_working_days, case.due_on) == (1, datetime.date(2025, 10, 24))


def test_verification_pauses_and_accumulates_with_an_earlier_pause(world: NotaryWorld) -> None:
    with at(datetime.date(2026, 3, 2)):  # Monday
        case = accept(world, apply(world))
    assert case.due_on == datetime.date(2026, 3, 23)
    with at(datetime.date(2026, 3, 3)):
        case = request_supplement(actor=world.notary, case=case, request="补充户口簿")
    with at(datetime.date(2026, 3, 5)):  # Wed, Thu
        case = receive_supplement(actor=world.notary, case=case)
    assert (case.paused_working_days, case.due_on) == (2, datetime.date(2026, 3, 25))
    with at(datetime.date(2026, 3, 6)):  # Friday
        case = start_verification(actor=world.notary, case=case, note="委托某市公证处核实", remote=True)
    event = Event.objects.get(verb="appointments.notarizationcase.start_verification")
    assert event.data == {"remote": True, "remote_verification_days": 30}
    with at(datetime.date(2026, 3, 13)):  # Mon–Fri of the next week
        case = finish_verification(actor=world.notary, case=case)
    assert (case.paused_working_days, case.due_on) == (7, datetime.date(2026, 4, 1))


def test_resuming_the_same_day_costs_nothing(world: NotaryWorld) -> None:
    with at(datetime.date(2026, 3, 2)):
        case = accept(world, apply(world))
        case = request_supplement(actor=world.notary, case=case, request="补充户口簿")
        case = receive_supplement(actor=world.notary, case=case)
    assert (case.paused_working_days, case.due_on) == (0, datetime.date(2026, 3, 23))


def test_bad_pause_requests(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(DomainError, match="请填写需补充的材料"):
        request_supplement(actor=world.notary, case=case, request=" ")
    with pytest.raises(DomainError, match="请填写核实事项"):
        start_verification(actor=world.notary, case=case, note="")
    with pytest.raises(InvalidTransition):
        receive_supplement(actor=world.notary, case=case)
    case = request_supplement(actor=world.notary, case=case, request="补充户口簿")
    with pytest.raises(InvalidTransition):  # one pause at a time
        start_verification(actor=world.notary, case=case, note="核实")
    with pytest.raises(InvalidTransition):
        finish_verification(actor=world.notary, case=case)
