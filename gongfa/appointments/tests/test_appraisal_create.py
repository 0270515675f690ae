import pytest

from gongfa.accounts.choices import Role
from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.models import AppraisalReferral
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import PHONE, build_world, legal_aid_case, referral
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.testing.factories import build_network, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_a_reviewer_registers_a_referral_with_an_event(world):
    made = referral(world)
    assert made.status == AppraisalStatus.CREATED and made.number.startswith("JD")
    assert made.fee_waiver is False and made.created_by == world.reviewer
    assert Event.objects.filter(verb="appointments.appraisalreferral.create", subject_id=str(made.pk)).count() == 1


def test_a_granted_legal_aid_case_sets_the_fee_waiver(world):
    case = legal_aid_case(world)
    made = referral(world, legal_aid_application=case)
    assert made.fee_waiver is True
    event = Event.objects.get(verb="appointments.appraisalreferral.create", subject_id=str(made.pk))
    assert event.data["fee_waiver"] is True and "第五十三条" in event.data["article"]


def test_a_case_still_under_review_does_not_set_the_fee_waiver(world):
    case = legal_aid_case(world, status="under_review", seq=8)
    assert referral(world, legal_aid_application=case).fee_waiver is False


def test_in_litigation_the_referral_records_guidance_only(world):
    made = referral(world, in_litigation=True, court_name="示范县人民法院")
    assert made.status == AppraisalStatus.GUIDANCE_GIVEN
    assert made.guidance.startswith("诉讼中的鉴定由人民法院等办案机关委托") and "示范县人民法院" in made.guidance
    assert Event.objects.filter(verb="appointments.appraisalreferral.give_guidance").count() == 1


def test_every_problem_at_once_and_nothing_written(world):
    with pytest.raises(DomainError) as caught:
        svc.create_referral(
            actor=world.reviewer,
            region=None,
            category=None,
            matter=" ",
            applicant_name="",
            applicant_phone="123",
            applicant_id_number="11010119900101123X",
            in_litigation=True,
            court_name="",
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {
        "region",
        "category",
        "matter",
        "applicant_name",
        "applicant_phone",
        "applicant_id_number",
        "court_name",
    }
    assert AppraisalReferral.objects.count() == 0 and Event.objects.count() == 0


def test_outside_the_region_scope_is_not_permitted(world):
    elsewhere = build_network(prefix="330103", name="他县")
    with pytest.raises(NotPermitted):
        referral(world, region=elsewhere.villages[0])
    assert AppraisalReferral.objects.count() == 0


def test_someone_who_is_no_creator_may_not_register(world):
    with pytest.raises(NotPermitted):
        referral(world, actor=world.appraiser)
    lawyer = staff(Role.LAWYER, at=world.net.centre)
    with pytest.raises(NotPermitted):
        referral(world, actor=lawyer)


def test_a_legal_aid_case_the_actor_cannot_see_is_refused(world):
    other = build_network(prefix="330104", name="别县")
    case = legal_aid_case(world, seq=9)
    case.agency = other.legal_aid_centre
    case.save()
    with pytest.raises(DomainError) as caught:
        referral(world, legal_aid_application=case)
    assert caught.value.field == "legal_aid_application"


def test_window_staff_hotline_and_supervisor_may_register(world):
    hotline = staff(Role.HOTLINE_AGENT, at=world.net.centre)
    for actor in (world.window, hotline, world.supervisor):
        assert referral(world, actor=actor).created_by == actor


def test_give_guidance_later_needs_the_court(world):
    made = referral(world)
    with pytest.raises(DomainError) as caught:
        svc.give_guidance(actor=world.reviewer, referral=made, court_name="")
    assert caught.value.field == "court_name"
    made.refresh_from_db()
    assert made.status == AppraisalStatus.CREATED
    done = svc.give_guidance(actor=world.reviewer, referral=made, court_name="示范县人民法院")
    assert done.status == AppraisalStatus.GUIDANCE_GIVEN and done.in_litigation


def test_open_referral_registers_and_draws_in_one_step(world):
    made = svc.open_referral(
        method="random_draw",
        actor=world.reviewer,
        region=world.net.villages[0],
        category=world.category("forensic_clinical"),
        matter="伤残等级鉴定",
        applicant_name="王秀英",
        applicant_phone=PHONE,
    )
    assert made.status == AppraisalStatus.COMMISSIONED and made.draw_seed


def test_open_referral_names_every_problem_and_undoes_the_registration_when_no_institution(world):
    with pytest.raises(DomainError) as caught:
        svc.open_referral(
            method="agreement",
            institution=None,
            actor=world.reviewer,
            region=None,
            category=None,
            matter="",
            applicant_name="",
            applicant_phone="",
        )
    assert {"institution", "region", "category", "matter"} <= {p.field for p in caught.value.problems}
    with pytest.raises(DomainError) as caught:
        svc.open_referral(
            method="random_draw",
            actor=world.reviewer,
            region=world.net.villages[0],
            category=world.category("audio"),
            matter="录音鉴定",
            applicant_name="王秀英",
            applicant_phone=PHONE,
        )
    assert caught.value.code == "no_eligible_institution"
    assert AppraisalReferral.objects.count() == 0
