"""回避 (《公证法》第23条第(三)项): the notary steps aside, another notary of the office takes the case;
the recused one cannot come back, and a notary cannot be replaced by themself."""

from __future__ import annotations

import pytest

from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization import recuse_notary
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_the_notary_is_replaced_and_recorded_as_recused(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    done = recuse_notary(actor=world.clerk, case=case, reason="公证员系申请人近亲属", replacement=world.notary2)
    assert done.notary == world.notary2
    assert list(done.recused_notaries.all()) == [world.notary]
    event = Event.objects.get(verb="appointments.notarizationcase.recuse")
    assert (event.data["recused"], event.data["replacement"]) == (world.notary.pk, world.notary2.pk)


def test_recusing_to_the_same_notary_is_refused(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(DomainError, match="不能是回避的公证员本人"):
        recuse_notary(actor=world.clerk, case=case, reason="利害关系", replacement=world.notary)
    assert NotarizationCase.objects.get(pk=case.pk).notary == world.notary


def test_a_recused_notary_cannot_come_back_and_a_reason_is_required(world: NotaryWorld) -> None:
    case = recuse_notary(
        actor=world.clerk, case=accept(world, apply(world)), reason="利害关系", replacement=world.notary2
    )
    with pytest.raises(DomainError, match="已在本案回避"):
        recuse_notary(actor=world.clerk, case=case, reason="又有利害关系", replacement=world.notary)
    with pytest.raises(DomainError, match="请填写回避理由"):
        recuse_notary(actor=world.clerk, case=case, reason="", replacement=world.notary2)


def test_recusal_before_acceptance_is_out_of_order(world: NotaryWorld) -> None:
    with pytest.raises(InvalidTransition):
        recuse_notary(actor=world.clerk, case=apply(world), reason="利害关系", replacement=world.notary2)
