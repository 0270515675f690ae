import datetime

import pytest
from django.utils import timezone

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import build_world, commissioned, referral
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_the_institution_accepts_on_time(world):
    done = svc.accept_referral(actor=world.clerk, referral=commissioned(world))
    assert done.status == AppraisalStatus.ACCEPTED and done.accepted_on == timezone.localdate()
    event = Event.objects.get(verb="appointments.appraisalreferral.accept", subject_id=str(done.pk))
    assert event.data["late"] is False


def test_a_late_acceptance_is_allowed_and_recorded_as_late(world):
    made = commissioned(world)
    made.commissioned_on = timezone.localdate() - datetime.timedelta(days=30)
    made.accept_due = timezone.localdate() - datetime.timedelta(days=10)
    made.save()
    done = svc.accept_referral(actor=world.appraiser, referral=made)
    event = Event.objects.get(verb="appointments.appraisalreferral.accept", subject_id=str(done.pk))
    assert event.data["late"] is True and event.reason == "逾期作出受理决定"


def test_a_date_in_the_future_or_before_the_commission_is_refused(world):
    made = commissioned(world)
    for day in (timezone.localdate() + datetime.timedelta(days=1), timezone.localdate() - datetime.timedelta(days=3)):
        with pytest.raises(DomainError) as caught:
            svc.accept_referral(actor=world.appraiser, referral=made, accepted_on=day)
        assert caught.value.field == "accepted_on"
    made.refresh_from_db()
    assert made.status == AppraisalStatus.COMMISSIONED and made.accepted_on is None


def test_another_institutions_staff_may_not_accept(world):
    made = commissioned(world)
    with pytest.raises(NotPermitted):
        svc.accept_referral(actor=world.other_appraiser, referral=made)
    with pytest.raises(NotPermitted):
        svc.accept_referral(actor=world.reviewer, referral=made)
    made.refresh_from_db()
    assert made.status == AppraisalStatus.COMMISSIONED


def test_accepting_before_the_commission_is_out_of_order(world):
    made = referral(world)
    with pytest.raises(NotPermitted):  # no institution yet: nobody acts for it
        svc.accept_referral(actor=world.appraiser, referral=made)
    done = svc.accept_referral(actor=world.appraiser, referral=commissioned(world))
    with pytest.raises(InvalidTransition):
        svc.accept_referral(actor=world.appraiser, referral=done)
