"""不予受理 (公证程序规则 ◐): a ground, a reason, and outside the office's area the competent office
named; the work order, if any, is closed."""

from __future__ import annotations

import pytest

from gongfa.appointments.choices import NonAcceptanceGround, NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization import decline_case
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_outside_the_area_the_competent_office_must_be_named(world: NotaryWorld) -> None:
    case = apply(world)
    with pytest.raises(DomainError, match="须告知申请人有管辖权的公证机构"):
        decline_case(actor=world.clerk, case=case, ground=NonAcceptanceGround.OUTSIDE_AREA, reason="户籍在外省")
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.APPLIED
    done = decline_case(
        actor=world.clerk,
        case=case,
        ground=NonAcceptanceGround.OUTSIDE_AREA,
        reason="户籍在外省",
        competent_office=world.other_office,
    )
    assert done.status == NotarizationStatus.NOT_ACCEPTED and done.competent_office == world.other_office
    assert done.ended_at is not None


def test_a_free_text_office_elsewhere_will_do(world: NotaryWorld) -> None:
    done = decline_case(
        actor=world.clerk,
        case=apply(world),
        ground=NonAcceptanceGround.OUTSIDE_AREA,
        reason="住所地在外省",
        competent_office_name="某省某市公证处",
    )
    assert done.competent_office_name == "某省某市公证处"


def test_no_ground_no_reason_and_the_office_itself_are_refused_at_once(world: NotaryWorld) -> None:
    with pytest.raises(ValidationFailed) as caught:
        decline_case(actor=world.clerk, case=apply(world), ground="", reason=" ", competent_office=world.office)
    assert {p.field for p in caught.value.problems} == {"ground", "reason", "competent_office"}


def test_an_accepted_case_cannot_be_declined(world: NotaryWorld) -> None:
    with pytest.raises(InvalidTransition):
        decline_case(actor=world.clerk, case=accept(world, apply(world)), ground="disputed", reason="有争议")
