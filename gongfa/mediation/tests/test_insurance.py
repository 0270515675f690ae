"""A mediator's insurance (人民调解员保险): insurer, policy number, a period ending after it starts."""

from __future__ import annotations

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.choices import InsuranceKind
from gongfa.mediation.models import MediatorInsurance
from gongfa.mediation.services.organisation import record_insurance
from gongfa.mediation.testing import build_world
from gongfa.testing.factories import staff

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 12, 31)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def supervisor(world):
    return staff(Role.SUPERVISOR, at=world.net.centre)


def test_record_a_policy(world, supervisor) -> None:
    insurance = record_insurance(
        actor=supervisor,
        mediator=world.mediators[0],
        insurer="某财产保险公司",
        policy_number=" PA2026-001 ",
        starts_on=START,
        ends_on=END,
        kind=InsuranceKind.LIABILITY,
    )
    assert insurance.policy_number == "PA2026-001"
    assert insurance.kind == InsuranceKind.LIABILITY
    assert Event.objects.filter(verb="mediation.mediator.insurance_recorded").count() == 1


def test_every_bad_input_at_once(world, supervisor) -> None:
    with pytest.raises(DomainError) as caught:
        record_insurance(
            actor=supervisor,
            mediator=world.mediators[0],
            insurer=" ",
            policy_number="",
            starts_on=END,
            ends_on=START,
            kind="life",
        )
    assert {p.field for p in caught.value.problems} == {"insurer", "policy_number", "ends_on", "kind"}
    messages = [p.message for p in caught.value.problems]
    assert "请填写保单号。" in messages
    assert "保险期间止应晚于保险期间起。" in messages
    assert not MediatorInsurance.objects.exists()


def test_same_day_period_is_refused(world, supervisor) -> None:
    with pytest.raises(DomainError) as caught:
        record_insurance(
            actor=supervisor,
            mediator=world.mediators[0],
            insurer="甲",
            policy_number="1",
            starts_on=START,
            ends_on=START,
        )
    assert caught.value.field == "ends_on"


def test_duplicate_policy_refused(world, supervisor) -> None:
    record_insurance(
        actor=supervisor, mediator=world.mediators[0], insurer="甲", policy_number="P1", starts_on=START, ends_on=END
    )
    with pytest.raises(DomainError) as caught:
        record_insurance(
            actor=supervisor,
            mediator=world.mediators[0],
            insurer="甲",
            policy_number="P1",
            starts_on=START,
            ends_on=END,
        )
    assert caught.value.field == "policy_number"
    assert MediatorInsurance.objects.count() == 1


def test_too_long_policy_number(world, supervisor) -> None:
    with pytest.raises(DomainError) as caught:
        record_insurance(
            actor=supervisor,
            mediator=world.mediators[0],
            insurer="甲",
            policy_number="9" * 65,
            starts_on=START,
            ends_on=END,
        )
    assert "不能超过 64 个字" in caught.value.message


def test_not_by_the_committee_itself(world) -> None:
    with pytest.raises(NotPermitted):
        record_insurance(
            actor=world.chair,
            mediator=world.mediators[0],
            insurer="甲",
            policy_number="P",
            starts_on=START,
            ends_on=END,
        )
    assert not MediatorInsurance.objects.exists()
