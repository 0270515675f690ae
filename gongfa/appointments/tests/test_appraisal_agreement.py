import datetime

import pytest
from django.utils import timezone

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import accepted, build_world, commissioned
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_signing_starts_the_thirty_working_day_clock(world):
    done = svc.sign_agreement(actor=world.appraiser, referral=accepted(world))
    assert done.status == AppraisalStatus.IN_APPRAISAL
    assert done.agreement_signed_on is not None
    assert done.complete_due == add_working_days(done.agreement_signed_on, 30)


def test_signing_before_acceptance_is_out_of_order(world):
    with pytest.raises(InvalidTransition):
        svc.sign_agreement(actor=world.appraiser, referral=commissioned(world))


def test_a_future_date_is_refused_and_others_may_not(world):
    made = accepted(world)
    with pytest.raises(DomainError) as caught:
        svc.sign_agreement(actor=world.appraiser, referral=made, signed_on=timezone.localdate() + datetime.timedelta(1))
    assert caught.value.field == "signed_on"
    with pytest.raises(NotPermitted):
        svc.sign_agreement(actor=world.other_appraiser, referral=made)
    made.refresh_from_db()
    assert made.status == AppraisalStatus.ACCEPTED and made.complete_due is None
