import pytest

from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import accepted, build_world, in_appraisal
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_extending_pushes_the_completion_date(world):
    made = in_appraisal(world)
    before = made.complete_due
    assert before is not None
    done = svc.extend_deadline(actor=world.appraiser, referral=made, days=10, reason="需补充检材")
    assert done.status == AppraisalStatus.IN_APPRAISAL and done.extension_days == 10
    assert done.complete_due == add_working_days(before, 10)
    again = svc.extend_deadline(actor=world.appraiser, referral=done, days=20, reason="复杂疑难")
    assert again.extension_days == 30


def test_an_extension_beyond_thirty_in_total_is_refused(world):
    made = svc.extend_deadline(actor=world.appraiser, referral=in_appraisal(world), days=25, reason="复杂")
    due = made.complete_due
    with pytest.raises(DomainError) as caught:
        svc.extend_deadline(actor=world.appraiser, referral=made, days=6, reason="再延")
    assert caught.value.field == "days" and "最多还可延长 5 个工作日" in caught.value.message
    made.refresh_from_db()
    assert made.extension_days == 25 and made.complete_due == due


def test_all_problems_at_once(world):
    with pytest.raises(DomainError) as caught:
        svc.extend_deadline(actor=world.appraiser, referral=in_appraisal(world), days=31, reason="")
    assert {p.field for p in caught.value.problems} == {"days", "reason"}
    for bad in ("x", 0, -3, None):
        with pytest.raises(DomainError):
            svc.extend_deadline(actor=world.appraiser, referral=in_appraisal(world), days=bad, reason="r")


def test_extending_out_of_order_or_by_others(world):
    with pytest.raises(InvalidTransition):
        svc.extend_deadline(actor=world.appraiser, referral=accepted(world), days=5, reason="r")
    with pytest.raises(NotPermitted):
        svc.extend_deadline(actor=world.other_appraiser, referral=in_appraisal(world), days=5, reason="r")
