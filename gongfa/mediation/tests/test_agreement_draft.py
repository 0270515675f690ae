"""Drafting the written agreement (《人民调解法》第28–29条): every item of 第29条第1款 at once, the
performance terms, the deadline and the amount; editing and finalising. The helpers here (a frozen
Monday, a good draft, an agreement taken all the way to effect) are shared by the other
agreement, confirmation, follow-up and closing tests."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import AgreementStatus, CaseStatus, PartySide
from gongfa.mediation.models import Agreement, MediationCase
from gongfa.mediation.services.agreement import (
    AMOUNT_MESSAGE,
    draft_agreement,
    finalise_agreement,
    record_paper_signature,
    seal_by_committee,
    sign_as_mediator,
    update_agreement,
)
from gongfa.mediation.testing import MediationWorld, build_world, make_case

# Monday 2026-11-23, 10:00 in Beijing; thirty days on is Wednesday 2026-12-23 (no holiday near).
MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 23)
DEADLINE = datetime.date(2026, 12, 10)

GOOD: dict[str, Any] = {
    "parties_text": "申请人赵申请，男，住桃源村；被申请人钱被申，男，住桃源村。",
    "facts_and_responsibility": "被申请人装修时拆除承重墙，致申请人房屋墙体开裂，被申请人负全部责任。",
    "terms": "被申请人赔偿申请人修缮费用八千元。",
    "performance_method": "银行转账",
    "performance_place": "青山镇人民调解委员会",
    "performance_deadline": DEADLINE,
    "amount": "8000",
}


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def messages(error: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [problem.message for problem in error.value.problems]


def fields(error: pytest.ExceptionInfo[DomainError]) -> list[str | None]:
    return [problem.field for problem in error.value.problems]


def mediator_of(world: MediationWorld) -> Any:
    return world.mediators[0].user


def draft(world: MediationWorld, case: MediationCase, **changes: Any) -> Agreement:
    return draft_agreement(actor=mediator_of(world), case=case, **{**GOOD, **changes})


def finalised(world: MediationWorld, case: MediationCase, **changes: Any) -> Agreement:
    return finalise_agreement(actor=mediator_of(world), agreement=draft(world, case, **changes))


def make_effective(world: MediationWorld, case: MediationCase, **changes: Any) -> Agreement:
    """Draft, finalise, both parties sign on paper, the mediator signs, the committee seals."""
    agreement = finalised(world, case, **changes)
    for party in case.parties.all():
        record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    sign_as_mediator(actor=mediator_of(world), agreement=agreement)
    return seal_by_committee(actor=world.chair, agreement=agreement)


def effective_case(world: MediationWorld, **changes: Any) -> tuple[MediationCase, Agreement]:
    case = make_case(world, "in_mediation")
    agreement = make_effective(world, case, **changes)
    case.refresh_from_db()
    return case, agreement


pytestmark = pytest.mark.django_db


def test_a_complete_draft_is_saved_with_its_amount_and_an_event(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case, performance_deadline="2026-12-10", amount=Decimal("8000.5"))
    assert agreement.status == AgreementStatus.DRAFT and agreement.number is None
    assert agreement.performance_deadline == DEADLINE and agreement.amount == Decimal("8000.50")
    assert agreement.drafted_by == mediator_of(world)
    assert Event.objects.filter(subject_id=str(case.pk), verb="mediation.mediationcase.agreement_drafted").count() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION  # drafting changes no status


def test_committee_staff_may_draft_too_and_an_amount_may_be_left_out(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft_agreement(actor=world.chair, case=case, **{**GOOD, "amount": ""})
    assert agreement.amount is None


def test_every_missing_item_of_article_29_is_named_at_once_and_nothing_is_written(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(
            world,
            case,
            parties_text=" ",
            facts_and_responsibility="",
            terms=None,
            performance_method="",
            performance_deadline=None,
        )
    assert fields(error) == ["parties_text", "facts_and_responsibility", "terms", None]
    assert "第29条第1款第一项" in messages(error)[0]
    assert messages(error)[3] == "调解协议没有履行条款：请写明履行方式和履行期限（第29条第1款第三项）。"
    assert error.value.problems[3].code == "no_performance_terms"
    assert not Agreement.objects.exists()


def test_an_agreement_without_performance_terms_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, performance_method="", performance_deadline=None)
    assert error.value.code == "no_performance_terms"
    assert not Agreement.objects.exists()


def test_a_method_without_a_deadline_names_the_deadline(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, performance_deadline="")
    assert fields(error) == ["performance_deadline"]
    assert messages(error) == ["请写明履行期限（第29条第1款第三项）。"]


def test_a_deadline_before_today_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, performance_deadline=TODAY - datetime.timedelta(days=1))
    assert messages(error) == ["履行期限（2026-11-22）不能早于今天。"]
    assert not Agreement.objects.exists()


def test_a_deadline_that_is_not_a_date_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, performance_deadline="下个月底")
    assert fields(error) == ["performance_deadline"]
    assert "日期格式不正确" in messages(error)[0]


@pytest.mark.parametrize("amount", ["abc", "-1", Decimal("-0.01"), Decimal("NaN"), "Infinity", 3.5, True])
def test_an_amount_negative_or_not_a_number_is_refused(frozen: Any, amount: object) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, amount=amount)
    assert messages(error) == [AMOUNT_MESSAGE] and fields(error) == ["amount"]
    assert AMOUNT_MESSAGE == "协议金额须为不小于0的数字。"
    assert not Agreement.objects.exists()


def test_an_amount_with_fractions_of_a_fen_or_too_large_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, amount="12.345")
    assert messages(error) == ["协议金额最多保留两位小数（精确到分）。"]
    with pytest.raises(DomainError) as error:
        draft(world, case, amount="10000000000000")
    assert messages(error) == ["协议金额过大，请核对。"]


def test_bad_amount_past_deadline_and_missing_terms_together(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(DomainError) as error:
        draft(world, case, terms="", performance_deadline="2026-01-01", amount="-5")
    assert fields(error) == ["terms", "performance_deadline", "amount"]


def test_only_a_case_in_mediation_takes_an_agreement(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "mediator_assigned")
    with pytest.raises(InvalidTransition) as error:
        draft(world, case)
    assert error.value.message == "当前状态为“已指定调解员”，不能执行“调解协议生效”。"


def test_a_mediator_of_another_committee_may_not_draft(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        draft_agreement(actor=world.outsider.user, case=case, **GOOD)


def test_a_second_draft_is_refused_while_one_is_live(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    draft(world, case)
    with pytest.raises(DomainError) as error:
        draft(world, case)
    assert error.value.code == "agreement_exists"
    assert Agreement.objects.count() == 1


def test_finalising_numbers_the_agreement_and_only_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    assert agreement.status == AgreementStatus.FINALISED
    assert agreement.number is not None and "调协〔2026〕" in agreement.number
    with pytest.raises(DomainError) as error:
        finalise_agreement(actor=world.chair, agreement=agreement)
    assert error.value.code == "not_draft"


def test_finalising_checks_the_deadline_again(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case, performance_deadline=TODAY)
    frozen.shift(datetime.timedelta(days=2))
    with pytest.raises(DomainError) as error:
        finalise_agreement(actor=world.chair, agreement=agreement)
    assert messages(error) == ["履行期限（2026-11-23）不能早于今天。"]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_updating_a_draft_and_an_unsigned_finalised_agreement(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    number = agreement.number
    changed = update_agreement(actor=world.chair, agreement=agreement, **{**GOOD, "amount": "9000"})
    assert changed.status == AgreementStatus.DRAFT and changed.amount == Decimal("9000.00")
    assert changed.number == number  # the number is kept for the new finalisation
    with pytest.raises(DomainError) as error:
        update_agreement(actor=world.chair, agreement=agreement, **{**GOOD, "terms": ""})
    assert fields(error) == ["terms"]


def test_an_agreement_someone_signed_cannot_change(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = finalised(world, case)
    party = case.parties.get(side=PartySide.APPLICANT)
    record_paper_signature(actor=world.chair, agreement=agreement, party=party)
    with pytest.raises(DomainError) as error:
        update_agreement(actor=world.chair, agreement=agreement, **GOOD)
    assert error.value.code == "already_signed"
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.FINALISED
