"""复查 (《公证法》第39条; 公证程序规则第61、63条 ◐): a party within a year of issue; an interested
person within a year of knowing, never beyond twenty years; the decision due 30 days later."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import NotarizationStatus, ReviewOutcome, ReviewRequester
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization import decide_review, issue_certificate, request_review
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.core.errors import DomainError, InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def issued(world: NotaryWorld, on: datetime.date) -> NotarizationCase:
    with at(on):
        return issue_certificate(actor=world.notary, case=accept(world, apply(world)), certificate_number=str(on))


def test_a_party_asks_within_a_year_and_the_decision_is_due_in_thirty_days(world: NotaryWorld) -> None:
    case = issued(world, datetime.date(2025, 3, 3))
    with at(datetime.date(2026, 3, 3)):  # the 365th day
        pending = request_review(actor=world.clerk, case=case, requester=ReviewRequester.PARTY, reason="内容有误")
    assert pending.status == NotarizationStatus.REVIEW_PENDING
    assert pending.review_due == datetime.date(2026, 4, 2)
    with at(datetime.date(2026, 3, 20)):
        done = decide_review(actor=world.notary, case=pending, outcome=ReviewOutcome.CORRECTED, note="出具补正公证书")
    assert done.status == NotarizationStatus.ARCHIVED and done.review_outcome == "corrected"
    assert done.review_decided_on == datetime.date(2026, 3, 20)


def test_a_review_after_one_year_is_refused_naming_the_deadline(world: NotaryWorld) -> None:
    case = issued(world, datetime.date(2025, 3, 3))
    with at(datetime.date(2026, 3, 4)), pytest.raises(DomainError, match="最迟2026年03月03日"):
        request_review(actor=world.clerk, case=case, requester=ReviewRequester.PARTY, reason="内容有误")
    case.refresh_from_db()
    assert case.status == NotarizationStatus.ISSUED and case.review_requested_on is None


def test_an_interested_person_counts_from_knowing_within_twenty_years(world: NotaryWorld) -> None:
    case = issued(world, datetime.date(2025, 3, 3))
    with at(datetime.date(2026, 6, 1)):
        pending = request_review(
            actor=world.clerk,
            case=case,
            requester=ReviewRequester.INTERESTED,
            reason="侵害继承权",
            known_on=datetime.date(2026, 5, 1),
        )
    assert pending.review_known_on == datetime.date(2026, 5, 1)
    case = issued(world, datetime.date(2025, 3, 4))
    with at(datetime.date(2026, 6, 1)), pytest.raises(DomainError, match="请填写其知道或应当知道"):
        request_review(actor=world.clerk, case=case, requester=ReviewRequester.INTERESTED, reason="侵权")


def test_the_twenty_year_cap(world: NotaryWorld) -> None:
    case = issued(world, datetime.date(2025, 3, 3))
    with at(datetime.date(2045, 6, 1)), pytest.raises(DomainError, match="最迟2045年03月03日"):
        request_review(
            actor=world.clerk,
            case=case,
            requester=ReviewRequester.INTERESTED,
            reason="侵权",
            known_on=datetime.date(2045, 5, 1),
        )


def test_bad_review_inputs_and_order(world: NotaryWorld) -> None:
    with pytest.raises(InvalidTransition):
        request_review(actor=world.clerk, case=accept(world, apply(world)), requester="party", reason="x")
    case = issued(world, datetime.date(2026, 3, 3))
    with at(datetime.date(2026, 3, 10)):
        with pytest.raises(ValidationFailed) as caught:
            request_review(actor=world.clerk, case=case, requester="neighbour", reason="")
        assert {p.field for p in caught.value.problems} == {"requester", "reason"}
        with pytest.raises(InvalidTransition):
            decide_review(actor=world.clerk, case=case, outcome="upheld", note="维持")
        pending = request_review(actor=world.clerk, case=case, requester="party", reason="有误")
        with pytest.raises(ValidationFailed):
            decide_review(actor=world.clerk, case=pending, outcome="maybe", note="")
