"""不予办理 (《公证法》第31条): one of its nine grounds, a written decision, the refund; from a paused
clock too; the booking's work order closes so the citizen can rate it."""

from __future__ import annotations

import pytest

from gongfa.appointments.choices import FeeWaiver, NotarizationStatus, RefusalGround
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization import refuse_case, request_supplement
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_a_refusal_without_a_ground_of_article_31_is_refused(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(ValidationFailed) as caught:
        refuse_case(actor=world.notary, case=case, ground="dislike", decision_note="", refund_note="")
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages["ground"] == "不予办理须选择《公证法》第三十一条规定的情形。"
    assert set(messages) == {"ground", "decision_note", "refund_note"}  # 200 yuan paid: say how it is refunded
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.ACCEPTED


def test_a_refusal_while_the_clock_is_paused_ends_the_case(world: NotaryWorld) -> None:
    case = request_supplement(actor=world.notary, case=accept(world, apply(world)), request="补充证明")
    done = refuse_case(
        actor=world.notary,
        case=case,
        ground=RefusalGround.INSUFFICIENT_PROOF,
        decision_note="拒绝补充证明材料",
        refund_note="退还公证费200元",
    )
    assert done.status == NotarizationStatus.REFUSED and done.refusal_ground == "insufficient_proof"
    assert done.paused_on is None and done.ended_at is not None


def test_no_refund_note_needed_when_nothing_was_paid(world: NotaryWorld) -> None:
    case = accept(world, apply(world), fee_waiver=FeeWaiver.LEGAL_AID_RECIPIENT)
    done = refuse_case(actor=world.notary, case=case, ground=RefusalGround.DISPUTED, decision_note="双方有争议")
    assert done.refund_note == ""


def test_refusing_an_application_not_yet_accepted_is_out_of_order(world: NotaryWorld) -> None:
    with pytest.raises(InvalidTransition):
        refuse_case(actor=world.notary, case=apply(world), ground="disputed", decision_note="x", refund_note="x")
    with pytest.raises(DomainError):
        refuse_case(actor=world.notary, case=apply(world), ground="", decision_note="", refund_note="")
