import pytest

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import build_world, commissioned, in_appraisal, referral
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.testing.factories import build_network, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_region_staff_or_the_institution_may_withdraw(world):
    done = svc.withdraw_referral(actor=world.window, referral=referral(world), reason="申请人与对方和解")
    assert done.status == AppraisalStatus.WITHDRAWN and done.withdrawn_reason == "申请人与对方和解"
    assert svc.withdraw_referral(actor=world.appraiser, referral=in_appraisal(world), reason="申请人撤回").ended_at


def test_withdrawing_needs_a_reason_and_only_open_referrals(world):
    made = commissioned(world)
    with pytest.raises(DomainError) as caught:
        svc.withdraw_referral(actor=world.reviewer, referral=made, reason="")
    assert caught.value.field == "reason"
    done = svc.withdraw_referral(actor=world.reviewer, referral=made, reason="撤回")
    with pytest.raises(InvalidTransition):
        svc.withdraw_referral(actor=world.reviewer, referral=done, reason="再撤")


def test_outsiders_may_not_withdraw(world):
    other = build_network(prefix="330106", name="邻县")
    outsider = staff("window_staff", at=other.centre)
    made = commissioned(world)
    for actor in (outsider, world.other_appraiser):
        with pytest.raises(NotPermitted):
            svc.withdraw_referral(actor=actor, referral=made, reason="撤回")
    made.refresh_from_db()
    assert made.status == AppraisalStatus.COMMISSIONED
