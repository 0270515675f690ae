"""经双方同意延长调解期限 (local rules ◐): both parties' consent, a later day, at most
EXTENSION_MAX_DAYS past the month."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed
from gongfa.mediation.models import MediationCase
from gongfa.mediation.services.handling import extend_limit
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.models import RegionSetting

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2026, 12, 10)


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.fixture
def case(world: MediationWorld) -> MediationCase:
    case = make_case(world, "in_mediation")
    MediationCase.objects.filter(pk=case.pk).update(due_on=DUE, mediation_started_at=MONDAY)
    return MediationCase.objects.get(pk=case.pk)


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_extended_with_everyone_s_consent(world: MediationWorld, case: MediationCase) -> None:
    extended = extend_limit(
        actor=world.mediators[0].user, case=case, until=datetime.date(2026, 12, 31), reason="需等待房屋鉴定结果"
    )
    assert extended.extended_until == datetime.date(2026, 12, 31)
    stored = MediationCase.objects.get(pk=case.pk)
    assert (stored.extended_until, stored.extension_reason, stored.limit_on) == (
        datetime.date(2026, 12, 31),
        "需等待房屋鉴定结果",
        datetime.date(2026, 12, 31),
    )
    event = Event.objects.get(verb="mediation.mediationcase.extend")
    assert event.data == {"from": "2026-12-10", "until": "2026-12-31"}
    assert event.reason == "需等待房屋鉴定结果"


def test_no_extension_without_consent_reason_or_date(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(ValidationFailed) as caught:
        extend_limit(actor=world.chair, case=case, until=None, reason="", consent_of_all=False)
    assert {p.field for p in caught.value.problems} == {"consent_of_all", "reason", "until"}
    assert MediationCase.objects.get(pk=case.pk).extended_until is None


def test_the_new_limit_must_be_later_and_within_the_maximum(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(DomainError, match="须晚于现在的期限（2026-12-10）"):
        extend_limit(actor=world.chair, case=case, until=DUE, reason="鉴定")
    with pytest.raises(DomainError, match="最多只能延长至 2027-01-09"):
        extend_limit(actor=world.chair, case=case, until=datetime.date(2027, 1, 10), reason="鉴定")
    extend_limit(actor=world.chair, case=case, until=datetime.date(2027, 1, 9), reason="鉴定")
    with pytest.raises(DomainError, match="须晚于现在的期限（2027-01-09）"):
        extend_limit(actor=world.chair, case=case, until=datetime.date(2027, 1, 5), reason="再次延长")


def test_the_maximum_is_a_region_setting(world: MediationWorld, case: MediationCase) -> None:
    RegionSetting.objects.create(
        region=world.net.province,
        key="mediation.extension_max_days",
        value=10,
        effective_from=datetime.date(2026, 1, 1),
    )
    with pytest.raises(DomainError, match="最多只能延长至 2026-12-20"):
        extend_limit(actor=world.chair, case=case, until=datetime.date(2026, 12, 21), reason="鉴定")


def test_an_overdue_case_cannot_be_extended_into_the_past(world: MediationWorld, case: MediationCase) -> None:
    MediationCase.objects.filter(pk=case.pk).update(due_on=datetime.date(2026, 11, 10))
    with pytest.raises(DomainError, match="不能早于今天"):
        extend_limit(actor=world.chair, case=case, until=datetime.date(2026, 11, 20), reason="鉴定")


def test_only_in_mediation(world: MediationWorld) -> None:
    with pytest.raises(InvalidTransition):
        extend_limit(
            actor=world.chair, case=make_case(world, "mediator_assigned"), until=datetime.date(2026, 12, 31), reason="x"
        )


def test_no_extension_before_the_clock_started(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")  # made without start_mediation: no due_on
    with pytest.raises(DomainError, match="尚未开始计算调解期限"):
        extend_limit(actor=world.chair, case=case, until=datetime.date(2026, 12, 31), reason="鉴定")
