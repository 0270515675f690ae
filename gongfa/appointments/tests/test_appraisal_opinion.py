import datetime

import pytest
from django.utils import timezone

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import accepted, build_world, in_appraisal
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_issuing_the_opinion_ends_the_referral(world):
    done = svc.issue_opinion(
        actor=world.appraiser,
        referral=in_appraisal(world),
        opinion_number="明鉴〔2026〕临鉴字第12号",
        summary="十级伤残",
    )
    assert done.status == AppraisalStatus.OPINION_ISSUED and done.opinion_issued_on == timezone.localdate()
    assert Event.objects.get(verb="appointments.appraisalreferral.issue_opinion").data["on_time"] is True


def test_an_opinion_without_a_number_is_refused(world):
    made = in_appraisal(world)
    with pytest.raises(DomainError) as caught:
        svc.issue_opinion(actor=world.appraiser, referral=made, opinion_number=" ")
    assert caught.value.field == "opinion_number"
    made.refresh_from_db()
    assert made.status == AppraisalStatus.IN_APPRAISAL and made.opinion_number == ""


def test_dates_before_the_agreement_or_in_the_future_are_refused_with_the_number(world):
    made = in_appraisal(world)
    assert made.agreement_signed_on is not None
    for day in (timezone.localdate() + datetime.timedelta(days=1), made.agreement_signed_on - datetime.timedelta(1)):
        with pytest.raises(DomainError) as caught:
            svc.issue_opinion(actor=world.appraiser, referral=made, opinion_number="", issued_on=day)
        assert {p.field for p in caught.value.problems} == {"opinion_number", "issued_on"}


def test_an_opinion_before_the_agreement_is_out_of_order_and_others_may_not(world):
    with pytest.raises(InvalidTransition):
        svc.issue_opinion(actor=world.appraiser, referral=accepted(world), opinion_number="N1")
    with pytest.raises(NotPermitted):
        svc.issue_opinion(actor=world.other_appraiser, referral=in_appraisal(world), opinion_number="N1")
