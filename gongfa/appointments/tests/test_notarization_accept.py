"""受理 (《公证法》第27、30、34条): a notary of the office, the legal-meaning notice and the national
system as required checks, the fee with its waiver, and the clock from the matter's limit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongfa.appointments.choices import FeeWaiver, NotarizationStatus, TimeLimitKind
from gongfa.appointments.models import NotarizationCase, OfficeMatter
from gongfa.appointments.tests.test_notarization_world import TUESDAY, NotaryWorld, accept, apply, build_notary_world
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_acceptance_assigns_the_notary_and_starts_the_fifteen_day_clock(world: NotaryWorld) -> None:
    with time_machine.travel(TUESDAY, tick=False):
        case = accept(world, apply(world))
    assert case.status == NotarizationStatus.ACCEPTED and case.notary == world.notary
    assert case.time_limit_days == 15
    assert case.due_on == datetime.date(2026, 3, 24)  # Tue 3 March + 15 working days (three weeks)
    assert case.fee_yuan == Decimal("200") and case.fee_waived_yuan == Decimal("0")
    assert Event.objects.get(verb="appointments.notarizationcase.accept").data["due_on"] == "2026-03-24"


def test_a_speed_list_matter_and_a_faster_office_promise(world: NotaryWorld) -> None:
    with time_machine.travel(TUESDAY, tick=False):
        house = accept(world, apply(world, world.house))
        OfficeMatter.objects.filter(matter=world.kinship).update(time_limit=TimeLimitKind.SAME_DAY)
        kinship = accept(world, apply(world))
    assert (house.time_limit_days, house.due_on) == (5, datetime.date(2026, 3, 10))
    assert (kinship.time_limit_days, kinship.due_on) == (0, datetime.date(2026, 3, 3))  # same day


def test_missing_checks_and_notary_are_all_refused_at_once(world: NotaryWorld) -> None:
    case = apply(world)
    with pytest.raises(ValidationFailed) as caught:
        accept(world, case, notary=None, legal_meaning_notice_signed=False, national_system_entered=False)
    assert {p.field for p in caught.value.problems} == {
        "notary",
        "legal_meaning_notice_signed",
        "national_system_entered",
    }
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.APPLIED
    assert not Event.objects.filter(verb="appointments.notarizationcase.accept").exists()


def test_a_notary_of_another_office_or_a_clerk_cannot_be_assigned(world: NotaryWorld) -> None:
    case = apply(world)
    with pytest.raises(DomainError, match="不是本公证处在岗的公证员"):
        accept(world, case, notary=world.outsider)
    with pytest.raises(DomainError, match="不是本公证处在岗的公证员"):
        accept(world, case, notary=world.clerk)


def test_a_legal_aid_recipient_fee_is_waived_in_full(world: NotaryWorld) -> None:
    case = accept(world, apply(world), fee_waiver=FeeWaiver.LEGAL_AID_RECIPIENT, fee_waived_yuan=Decimal("10"))
    assert case.fee_waived_yuan == Decimal("200")  # mandatory and whole (第34条; 法律援助法第53条)


def test_other_waivers_follow_the_matter(world: NotaryWorld) -> None:
    world.kinship.fee_waivers = [FeeWaiver.LEGAL_AID_RECIPIENT]
    world.kinship.save(update_fields=["fee_waivers"])
    with pytest.raises(DomainError, match="不适用"):
        accept(world, apply(world), fee_waiver=FeeWaiver.ELDERLY)
    world.kinship.fee_waivers = [FeeWaiver.ELDERLY]
    world.kinship.save(update_fields=["fee_waivers"])
    with pytest.raises(DomainError, match="减免金额应在 0 至 200"):
        accept(world, apply(world), fee_waiver=FeeWaiver.ELDERLY, fee_waived_yuan=Decimal("250"))
    assert accept(
        world, apply(world), fee_waiver=FeeWaiver.ELDERLY, fee_waived_yuan=Decimal("100")
    ).fee_waived_yuan == Decimal("100")


def test_acceptance_twice_or_by_an_outsider_is_refused(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(InvalidTransition):
        accept(world, case)
    with pytest.raises(NotPermitted):
        accept(world, apply(world), actor=world.outsider)
