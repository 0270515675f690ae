import pytest

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import accepted, build_world, commissioned
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_declining_with_reasons_ends_the_referral(world):
    done = svc.decline_referral(
        actor=world.appraiser, referral=commissioned(world), reason="超出本机构技术条件，材料已退还"
    )
    assert done.status == AppraisalStatus.NOT_ACCEPTED and done.not_accepted_reason.startswith("超出")
    assert done.ended_at is not None


def test_declining_without_a_reason_is_refused(world):
    made = commissioned(world)
    with pytest.raises(DomainError) as caught:
        svc.decline_referral(actor=world.appraiser, referral=made, reason="  ")
    assert caught.value.field == "reason"
    made.refresh_from_db()
    assert made.status == AppraisalStatus.COMMISSIONED


def test_declining_after_acceptance_is_out_of_order_and_others_may_not(world):
    with pytest.raises(InvalidTransition):
        svc.decline_referral(actor=world.appraiser, referral=accepted(world), reason="理由")
    with pytest.raises(NotPermitted):
        svc.decline_referral(actor=world.other_appraiser, referral=commissioned(world), reason="理由")
