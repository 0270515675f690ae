"""终止公证 (公证程序规则 ⚠): a ground and a reason; "stalled" only after STALLED_TERMINATION_MONTHS."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import NotarizationStatus, TerminationGround
from gongfa.appointments.services.notarization import terminate_case
from gongfa.appointments.tests.test_notarization_world import (
    NotaryWorld,
    accept,
    apply,
    build_notary_world,
    case_in,
)
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_withdrawal_before_acceptance_terminates(world: NotaryWorld) -> None:
    done = terminate_case(actor=world.clerk, case=apply(world), ground=TerminationGround.WITHDRAWN, reason="撤回")
    assert done.status == NotarizationStatus.TERMINATED and done.termination_ground == "withdrawn"


def test_stalled_needs_six_months_since_acceptance(world: NotaryWorld) -> None:
    with time_machine.travel(datetime.datetime(2026, 1, 5, 2, tzinfo=datetime.UTC), tick=False):
        case = accept(world, apply(world))
    with (
        time_machine.travel(datetime.datetime(2026, 7, 4, 2, tzinfo=datetime.UTC), tick=False),
        pytest.raises(DomainError, match="尚不满6个月"),
    ):
        terminate_case(actor=world.notary, case=case, ground=TerminationGround.STALLED_SIX_MONTHS, reason="不配合")
    with time_machine.travel(datetime.datetime(2026, 7, 5, 2, tzinfo=datetime.UTC), tick=False):
        done = terminate_case(
            actor=world.notary, case=case, ground=TerminationGround.STALLED_SIX_MONTHS, reason="不配合"
        )
    assert done.status == NotarizationStatus.TERMINATED


def test_no_ground_no_reason(world: NotaryWorld) -> None:
    with pytest.raises(ValidationFailed) as caught:
        terminate_case(actor=world.notary, case=apply(world), ground="bored", reason="")
    assert {p.field for p in caught.value.problems} == {"ground", "reason"}


@pytest.mark.parametrize("status", [NotarizationStatus.ISSUED, NotarizationStatus.REFUSED])
def test_an_ended_case_cannot_be_terminated(world: NotaryWorld, status: str) -> None:
    with pytest.raises(InvalidTransition):
        terminate_case(actor=world.notary, case=case_in(world, status), ground="withdrawn", reason="撤回")
