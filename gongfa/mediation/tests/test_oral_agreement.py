"""The oral agreement (口头协议, 《人民调解法》第28、30条): recorded by the mediator, effective the
day it is reached; refused where the region requires a written agreement for any payment or
performance obligation (Mediation Provisions 第34条 ◐, setting written_when_performance)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.mediation import rules
from gongfa.mediation.choices import AgreementForm, AgreementStatus, CaseStatus, DocumentKind, Outcome
from gongfa.mediation.models import Agreement
from gongfa.mediation.services.outcome import WRITTEN_REQUIRED_MESSAGE, record_oral_agreement
from gongfa.mediation.testing import build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import draft, fields, frozen, mediator_of, messages
from gongfa.network.models import RegionSetting

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]
CONTENT = "双方同意：被申请人当面向申请人赔礼道歉，申请人不再追究。"


def test_an_oral_agreement_without_obligations_takes_effect_today(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = record_oral_agreement(actor=mediator_of(world), case=case, content=CONTENT)
    assert agreement.form == AgreementForm.ORAL and agreement.status == AgreementStatus.EFFECTIVE
    assert agreement.effective_on == datetime.date(2026, 11, 23) and agreement.terms == CONTENT
    assert "赵申请" in agreement.parties_text and "钱被申" in agreement.parties_text
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE and case.outcome == Outcome.ORAL_AGREEMENT
    assert case.agreement_effective_on == datetime.date(2026, 11, 23)
    assert case.confirmation_window_ends_on is None  # nothing written to confirm
    assert case.documents.filter(kind=DocumentKind.ORAL_AGREEMENT_RECORD, generated=True).count() == 1
    assert not case.documents.filter(kind=DocumentKind.AGREEMENT).exists()
    assert case.return_visits.get().due_on == datetime.date(2026, 12, 8)
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.make_agreement_effective")
    assert event.data["form"] == "oral"


def test_a_payment_obligation_needs_a_written_agreement(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        record_oral_agreement(actor=mediator_of(world), case=case, content=CONTENT, has_performance_obligation=True)
    assert messages(error) == ["有给付或履行义务的，应当制作书面调解协议。"]
    assert messages(error)[0] == WRITTEN_REQUIRED_MESSAGE
    with pytest.raises(DomainError) as error:
        record_oral_agreement(actor=mediator_of(world), case=case, content=CONTENT, amount="500")
    assert error.value.code == "written_agreement_required"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION and not Agreement.objects.exists()


def test_a_region_that_allows_oral_agreements_with_payment(frozen: Any) -> None:
    world = build_world()
    RegionSetting.objects.create(region=world.net.province, key=rules.WRITTEN_WHEN_PERFORMANCE.key, value=False)
    case = make_case(world, "in_mediation")
    agreement = record_oral_agreement(
        actor=mediator_of(world), case=case, content=CONTENT, amount=Decimal("500"), has_performance_obligation=True
    )
    case.refresh_from_db()
    assert agreement.amount == Decimal("500.00") and case.agreement_amount == Decimal("500.00")


def test_missing_content_and_a_bad_amount_at_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        record_oral_agreement(actor=mediator_of(world), case=case, content="  ", amount="-3")
    assert fields(error) == ["content", "amount"]
    assert messages(error) == ["请填写口头协议的内容。", "协议金额须为不小于0的数字。"]


def test_not_while_a_written_draft_is_live(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    draft(world, case)
    with pytest.raises(DomainError) as error:
        record_oral_agreement(actor=mediator_of(world), case=case, content=CONTENT)
    assert error.value.code == "agreement_exists"


def test_a_success_recorded_on_a_refused_case_is_an_invalid_transition(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "not_mediated", with_mediator=True)
    with pytest.raises(InvalidTransition) as error:
        record_oral_agreement(actor=mediator_of(world), case=case, content=CONTENT)
    assert error.value.message == "当前状态为“一方拒绝，不予调解”，不能执行“调解协议生效”。"
    with pytest.raises(InvalidTransition) as error:
        draft(world, case)
    assert error.value.code == "invalid_transition"
    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_MEDIATED and case.outcome == Outcome.NONE
    assert not Agreement.objects.exists()
