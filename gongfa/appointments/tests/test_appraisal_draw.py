import pytest

from gongfa.appointments.choices import AppraisalStatus, SelectionMethod
from gongfa.appointments.models import InstitutionCategory
from gongfa.appointments.selectors.appraisal import eligible_institutions
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import build_world, institution, referral
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.testing.factories import build_network
from gongfa.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_eligibility_a_parent_category_covers_its_sub_categories_in_the_same_city(world):
    clinical = world.category("forensic_clinical")
    assert [a.pk for a in eligible_institutions(world.net.villages[0], clinical)] == sorted(
        [world.first.pk, world.second.pk]
    )
    # registered for the sub-category only: does not cover the parent
    assert [a.pk for a in eligible_institutions(world.net.villages[0], world.category("forensic"))] == [world.first.pk]


def test_eligibility_falls_back_to_the_province_and_skips_unlisted_and_inactive(world):
    air = world.category("env_air")  # only `far` (another city) covers environmental as a whole
    assert [a.pk for a in eligible_institutions(world.net.villages[0], air)] == [world.far.pk]
    world.far.is_listed = False
    world.far.save()
    institution("停业鉴定所", world.net.county, "environmental", active=False)
    assert eligible_institutions(world.net.villages[0], air) == []


def test_the_draw_commissions_and_records_seed_and_candidates(world):
    made = svc.draw_institution(actor=world.reviewer, referral=referral(world), witness="李见证")
    assert made.status == AppraisalStatus.COMMISSIONED and made.selection_method == SelectionMethod.RANDOM_DRAW
    assert made.draw_candidates == sorted([world.first.pk, world.second.pk])
    assert len(made.draw_seed) == 32 and made.draw_witness == "李见证" and made.drawn_by == world.reviewer
    assert (
        made.institution_id
        == made.draw_candidates[__import__("random").Random(made.draw_seed).randrange(len(made.draw_candidates))]
    )
    assert made.commissioned_on is not None
    assert made.accept_due == add_working_days(made.commissioned_on, 7)
    assert svc.replay_draw(made) == made.institution
    event = Event.objects.get(verb="appointments.appraisalreferral.commission", subject_id=str(made.pk))
    assert event.data["seed"] == made.draw_seed and event.data["candidates"] == made.draw_candidates


def test_replay_from_the_stored_row_equals_the_stored_institution(world):
    made = svc.draw_institution(actor=world.reviewer, referral=referral(world))
    made.refresh_from_db()
    assert svc.replay_draw(made).pk == made.institution_id


def test_different_seeds_give_different_results_over_many_seeds():
    candidates = [3, 8, 21]
    chosen = {svc.pick(f"{n:032x}", candidates) for n in range(200)}
    assert chosen == set(candidates)
    assert svc.pick("abc", candidates) == svc.pick("abc", candidates)


def test_no_eligible_institution_is_a_clear_error_and_nothing_changes(world):
    InstitutionCategory.objects.all().delete()
    made = referral(world)
    with pytest.raises(DomainError) as caught:
        svc.draw_institution(actor=world.reviewer, referral=made)
    assert caught.value.code == "no_eligible_institution"
    assert caught.value.message.startswith("没有符合条件的鉴定机构（类别：") and "示范" in caught.value.message
    made.refresh_from_db()
    assert made.status == AppraisalStatus.CREATED and made.draw_seed == "" and made.institution is None


def test_drawing_twice_is_out_of_order(world):
    made = svc.draw_institution(actor=world.reviewer, referral=referral(world))
    seed = made.draw_seed
    with pytest.raises(InvalidTransition):
        svc.draw_institution(actor=world.reviewer, referral=made)
    made.refresh_from_db()
    assert made.draw_seed == seed


def test_in_litigation_cannot_be_commissioned(world):
    made = referral(world, in_litigation=True, court_name="示范县人民法院")
    with pytest.raises(InvalidTransition):
        svc.draw_institution(actor=world.reviewer, referral=made)
    # flagged in litigation but still CREATED (e.g. the flag set by an import): refused by the rule
    made.status = AppraisalStatus.CREATED
    made.save()
    with pytest.raises(DomainError) as caught:
        svc.commission_by_agreement(actor=world.reviewer, referral=made, institution=world.first)
    assert caught.value.code == "in_litigation"


def test_by_agreement_an_eligible_institution_only(world):
    made = referral(world)
    with pytest.raises(DomainError) as caught:
        svc.commission_by_agreement(actor=world.reviewer, referral=made, institution=world.far)
    assert caught.value.code == "not_eligible"
    with pytest.raises(DomainError) as caught:
        svc.commission_by_agreement(actor=world.reviewer, referral=made, institution=None)
    assert caught.value.field == "institution"
    done = svc.commission_by_agreement(actor=world.reviewer, referral=made, institution=world.second)
    assert done.selection_method == SelectionMethod.AGREEMENT and done.institution == world.second
    assert done.draw_seed == ""
    with pytest.raises(DomainError):
        svc.replay_draw(done)


def test_staff_of_another_county_may_not_draw(world):
    other = build_network(prefix="330105", name="外县")
    from gongfa.accounts.choices import Role
    from gongfa.testing.factories import staff

    outsider = staff(Role.LEGAL_AID_REVIEWER, at=other.legal_aid_centre)
    with pytest.raises(NotPermitted):
        svc.draw_institution(actor=outsider, referral=referral(world))


def test_set_institution_categories_replaces_and_is_refused_for_others(world):
    admin = __import__("gongfa.testing.factories", fromlist=["staff"]).staff("administrator")
    svc.set_institution_categories(
        actor=admin, institution=world.second, categories=[world.category("environmental"), world.category("audio")]
    )
    assert sorted(world.second.appraisal_categories.values_list("category__code", flat=True)) == [
        "audio",
        "environmental",
    ]
    with pytest.raises(NotPermitted):
        svc.set_institution_categories(
            actor=world.reviewer, institution=world.second, categories=[world.category("audio")]
        )
    with pytest.raises(DomainError) as caught:
        svc.set_institution_categories(actor=admin, institution=world.net.legal_aid_centre, categories=[])
    assert {p.field for p in caught.value.problems} == {"institution", "categories"}
