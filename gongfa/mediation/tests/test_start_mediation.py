"""告知权利义务，开始调解 (Mediation Provisions 第30条 ◐) and the one-month soft limit (第33条 ◐, a
region setting counted by the region's day count)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import CaseStatus, DocumentKind
from gongfa.mediation.models import CaseMediator, MediationCase
from gongfa.mediation.services.assignment import add_mediator
from gongfa.mediation.services.handling import start_mediation
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.models import RegionSetting

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def test_the_mediator_gives_the_notice_and_the_clock_starts(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    with time_machine.travel(MONDAY, tick=False):
        started = start_mediation(actor=world.mediators[0].user, case=case)
    assert started.status == CaseStatus.IN_MEDIATION
    stored = MediationCase.objects.get(pk=case.pk)
    assert stored.mediation_started_at == MONDAY
    assert stored.due_on == datetime.date(2026, 12, 23)  # 30 days
    notice = stored.documents.get(kind=DocumentKind.RIGHTS_NOTICE)
    assert (notice.generated, notice.title) == (True, "人民调解权利义务告知书")
    event = Event.objects.get(verb="mediation.mediationcase.start_mediation")
    assert event.data == {"due_on": "2026-12-23", "resumed": False}


def test_the_time_limit_is_a_region_setting(world: MediationWorld) -> None:
    RegionSetting.objects.create(region=world.net.county, key="mediation.time_limit_days", value=15)
    case = make_case(world, "mediator_assigned")
    with time_machine.travel(MONDAY, tick=False):
        start_mediation(actor=world.chair, case=case)
    assert MediationCase.objects.get(pk=case.pk).due_on == datetime.date(2026, 12, 8)


def test_no_start_without_a_presiding_mediator(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned", with_mediator=False)
    with pytest.raises(DomainError, match="请先指定主持调解员"):
        start_mediation(actor=world.chair, case=case)
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.MEDIATOR_ASSIGNED
    assert not case.documents.exists()


def test_start_out_of_order_or_by_an_outsider_is_refused(world: MediationWorld) -> None:
    for status in ("accepted", "in_mediation", "failed"):
        with pytest.raises(InvalidTransition):
            start_mediation(actor=world.chair, case=make_case(world, status))
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        start_mediation(actor=world.outsider.user, case=make_case(world, "mediator_assigned"))
    assert not MediationCase.objects.filter(documents__kind=DocumentKind.RIGHTS_NOTICE).exists()


def test_resuming_after_a_mediator_joined_keeps_the_first_clock_and_notice(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    with time_machine.travel(MONDAY, tick=False):
        start_mediation(actor=world.chair, case=case)
    with time_machine.travel(MONDAY + datetime.timedelta(days=5), tick=False):
        add_mediator(actor=world.chair, case=case, mediator=world.mediators[1])
        resumed = start_mediation(actor=world.chair, case=case)
    assert resumed.status == CaseStatus.IN_MEDIATION
    stored = MediationCase.objects.get(pk=case.pk)
    assert (stored.mediation_started_at, stored.due_on) == (MONDAY, datetime.date(2026, 12, 23))
    assert stored.documents.filter(kind=DocumentKind.RIGHTS_NOTICE).count() == 1
    assert Event.objects.filter(verb="mediation.mediationcase.start_mediation").latest("pk").data["resumed"] is True
    assert CaseMediator.objects.filter(case=case).count() == 2
