"""出具公证书 (第32条): the number and date from the office's own system, by the case's notary, not
while the clock is paused; issued_on between acceptance and today."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization import archive_case, issue_certificate, request_supplement
from gongfa.appointments.tests.test_notarization_world import (
    TUESDAY,
    NotaryWorld,
    accept,
    apply,
    build_notary_world,
)
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_issuance_without_a_certificate_number_is_refused(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(DomainError, match="请填写公证书编号"):
        issue_certificate(actor=world.notary, case=case, certificate_number="  ")
    assert NotarizationCase.objects.get(pk=case.pk).status == NotarizationStatus.ACCEPTED


def test_the_notary_issues_within_the_limit_and_archives(world: NotaryWorld) -> None:
    with time_machine.travel(TUESDAY, tick=False):
        case = accept(world, apply(world))
        done = issue_certificate(actor=world.notary, case=case, certificate_number="(2026)示证字第8号")
        assert done.issued_on == datetime.date(2026, 3, 3) and done.status == NotarizationStatus.ISSUED
        assert Event.objects.get(verb="appointments.notarizationcase.issue").data["on_time"] is True
        archived = archive_case(actor=world.clerk, case=done)
    assert archived.archived_on == datetime.date(2026, 3, 3) and archived.status == NotarizationStatus.ARCHIVED


def test_dates_outside_acceptance_and_today_are_refused(world: NotaryWorld) -> None:
    with time_machine.travel(TUESDAY, tick=False):
        case = accept(world, apply(world))
        with pytest.raises(DomainError, match="不能早于受理日期"):
            issue_certificate(
                actor=world.notary, case=case, certificate_number="1", issued_on=datetime.date(2026, 3, 2)
            )
        with pytest.raises(DomainError, match="不能晚于今天"):
            issue_certificate(
                actor=world.notary, case=case, certificate_number="1", issued_on=datetime.date(2026, 3, 4)
            )


def test_only_the_case_notary_issues(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    with pytest.raises(NotPermitted):
        issue_certificate(actor=world.notary2, case=case, certificate_number="1")
    with pytest.raises(NotPermitted):
        issue_certificate(actor=world.clerk, case=case, certificate_number="1")


def test_no_issue_while_paused_nor_before_acceptance_nor_twice(world: NotaryWorld) -> None:
    with pytest.raises(InvalidTransition):
        issue_certificate(actor=world.notary, case=apply(world), certificate_number="1")
    paused = request_supplement(actor=world.notary, case=accept(world, apply(world)), request="补充")
    with pytest.raises(InvalidTransition):
        issue_certificate(actor=world.notary, case=paused, certificate_number="1")
    done = issue_certificate(actor=world.notary, case=accept(world, apply(world)), certificate_number="2")
    with pytest.raises(InvalidTransition):
        issue_certificate(actor=world.notary, case=done, certificate_number="3")
    with pytest.raises(DomainError, match="已被本处其他案件使用"):
        issue_certificate(actor=world.notary, case=accept(world, apply(world)), certificate_number="2")
