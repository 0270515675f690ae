"""The referrals' performance facts (appointments/measures/appraisal.py) against hand-computed
figures: by top-level category, commissioned, accepted on time and late, opinions on time and late,
not accepted, withdrawn, fee waivers, and the two rates."""

import datetime
from collections import Counter

import pytest
from django.db.models import Sum
from django.utils import timezone

from gongfa.appointments.measures.appraisal import SOURCE, contributions, rates
from gongfa.appointments.models import AppraisalReferral
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.tests.test_appraisal_world import build_world, commissioned, legal_aid_case, referral
from gongfa.performance.models import DailyFact
from gongfa.performance.rollup import refresh_subjects

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _totals() -> dict[str, int]:
    refresh_subjects(SOURCE, list(AppraisalReferral.objects.values_list("pk", flat=True)))
    rows = DailyFact.objects.filter(measure__startswith="apr.").values("measure").annotate(total=Sum("value"))
    return {row["measure"]: row["total"] for row in rows}


def test_the_figures_match_a_hand_count(world):
    today = timezone.localdate()
    # 1: drawn, accepted on time, agreement, opinion on time (forensic, fee waiver)
    one = svc.draw_institution(
        actor=world.reviewer, referral=referral(world, legal_aid_application=legal_aid_case(world))
    )
    accepting = world.appraiser if one.institution_id == world.first.pk else world.other_appraiser
    one = svc.accept_referral(actor=accepting, referral=one)
    one = svc.sign_agreement(actor=accepting, referral=one)
    svc.issue_opinion(actor=accepting, referral=one, opinion_number="鉴1")
    # 2: by agreement, accepted late, agreement, opinion late
    two = commissioned(world)
    AppraisalReferral.objects.filter(pk=two.pk).update(
        commissioned_on=today - datetime.timedelta(days=40), accept_due=today - datetime.timedelta(days=30)
    )
    two = svc.sign_agreement(actor=world.appraiser, referral=svc.accept_referral(actor=world.appraiser, referral=two))
    AppraisalReferral.objects.filter(pk=two.pk).update(complete_due=today - datetime.timedelta(days=1))
    svc.issue_opinion(actor=world.appraiser, referral=two, opinion_number="鉴2")
    # 3: declined; 4: withdrawn after commission; 5: in litigation (environmental); 6: just registered
    svc.decline_referral(actor=world.appraiser, referral=commissioned(world), reason="超出技术条件")
    svc.withdraw_referral(actor=world.reviewer, referral=commissioned(world), reason="和解")
    referral(world, category=world.category("env_soil"), in_litigation=True, court_name="示范县人民法院")
    referral(world, category=world.category("documents"))

    totals = _totals()
    assert totals == {
        "apr.created": 6,
        "apr.fee_waivers": 1,
        "apr.guidance": 1,
        "apr.commissioned": 4,
        "apr.drawn": 1,
        "apr.accepted": 2,
        "apr.accepted_on_time": 1,
        "apr.opinions": 2,
        "apr.opinions_on_time": 1,
        "apr.not_accepted": 1,
        "apr.withdrawn": 1,
    }
    assert rates(totals) == {"accepted_on_time_rate": 0.5, "opinions_on_time_rate": 0.5}
    by_topic = Counter(
        dict(
            DailyFact.objects.filter(measure="apr.created")
            .values_list("topic")
            .annotate(total=Sum("value"))
            .values_list("topic", "total")
        )
    )
    assert by_topic == Counter({"forensic": 4, "environmental": 1, "physical_evidence": 1})


def test_the_facts_carry_the_institution_and_the_days(world):
    made = commissioned(world)
    facts = {c.measure: c for c in contributions(made)}
    assert facts["apr.commissioned"].agency_id == world.first.pk
    assert facts["apr.commissioned"].day == made.commissioned_on and facts["apr.created"].service == "appraisal"
    assert "apr.accepted" not in facts


def test_rates_without_decisions_are_none():
    assert rates({}) == {"accepted_on_time_rate": None, "opinions_on_time_rate": None}
