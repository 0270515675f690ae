"""Grading a mediator (practice.md §a): proposed one grade up when the thresholds are met, published
(公示), granted after the publicity period by the body of the granting level, rejected, withdrawn."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.mediation.choices import GradeAwardStatus, MediatorGrade, Outcome, ReturnVisitStatus, Satisfaction
from gongfa.mediation.models import GradeAward, MediatorTraining, ReturnVisit
from gongfa.mediation.services.grading import grant, propose_grade, publicise, reject, withdraw_grade
from gongfa.mediation.testing import build_world, make_case
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import staff

pytestmark = pytest.mark.django_db

# Monday 2026-11-23, 10:00 in Beijing: seven days of publicity end on Monday 11-30.
MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
PUBLICITY_ENDS = datetime.date(2026, 11, 30)
AFTER_PUBLICITY = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    return build_world()


def bureau_officer(region, name):
    bureau = Agency.objects.create(name=f"{region.name}司法局", kind=AgencyKind.JUSTICE_BUREAU, region=region)
    return staff(Role.WINDOW_STAFF, at=bureau, real_name=name)


@pytest.fixture
def county_officer(world):
    return bureau_officer(world.net.county, "县局干部")


@pytest.fixture
def city_officer(world):
    return bureau_officer(world.net.city, "市局干部")


@pytest.fixture
def mediator(world):
    """A mediator with one written agreement, a satisfied return visit and 30 training hours; the
    province has lowered the 四级 and 三级 case and year thresholds to fit."""
    for grade in ("4", "3"):
        for key, value in (("years", 0), ("cases", 1)):
            RegionSetting.objects.create(region=world.net.province, key=f"mediation.grade{grade}.{key}", value=value)
    mediator = world.mediators[0]
    case = make_case(world, "closed")
    case.outcome = Outcome.WRITTEN_AGREEMENT
    case.ended_at = timezone.now() - datetime.timedelta(days=5)
    case.save()
    ReturnVisit.objects.create(
        case=case,
        status=ReturnVisitStatus.DONE,
        due_on=timezone.localdate(),
        done_at=timezone.now() - datetime.timedelta(days=1),
        satisfaction=Satisfaction.SATISFIED,
    )
    MediatorTraining.objects.create(
        mediator=mediator, title="年度培训", held_on=datetime.date(2026, 3, 1), hours=Decimal("30")
    )
    return mediator


def granted_fourth(mediator, officer, clock):
    award = publicise(actor=officer, award=propose_grade(actor=officer, mediator=mediator, grade="4"))
    clock.move_to(AFTER_PUBLICITY)
    return grant(actor=officer, award=award)


def test_propose_publicise_grant(world, mediator, county_officer, city_officer, clock) -> None:
    award = propose_grade(actor=county_officer, mediator=mediator, grade=MediatorGrade.FOURTH)
    assert award.status == GradeAwardStatus.PROPOSED
    assert award.granting_region == world.net.county  # 四级: the county (rules.GRANTING_LEVEL)
    assert award.evidence["evidence"]["cases"] == 1
    assert award.evidence["thresholds"]["cases"] == 1
    assert award.evidence["thresholds"]["success_pct"] == 85

    award = publicise(actor=county_officer, award=award)
    assert award.status == GradeAwardStatus.PUBLICISED
    assert (award.publicity_starts_on, award.publicity_ends_on) == (datetime.date(2026, 11, 23), PUBLICITY_ENDS)

    clock.move_to(datetime.datetime(2026, 11, 30, 2, 0, tzinfo=datetime.UTC))
    with pytest.raises(DomainError) as caught:
        grant(actor=county_officer, award=award)
    assert caught.value.code == "publicity_not_over"
    assert "2026-11-30届满" in caught.value.message

    clock.move_to(AFTER_PUBLICITY)
    with pytest.raises(NotPermitted) as refused:
        grant(actor=city_officer, award=award)
    assert refused.value.code == "wrong_level"
    assert "四级调解员由示范县" in refused.value.message

    award = grant(actor=county_officer, award=award)
    assert award.status == GradeAwardStatus.GRANTED
    assert award.decided_by == county_officer
    mediator.refresh_from_db()
    assert (mediator.grade, mediator.grade_since) == (MediatorGrade.FOURTH, datetime.date(2026, 12, 1))
    verbs = list(
        Event.objects.filter(subject_id=str(award.pk), verb__startswith="mediation.gradeaward.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["mediation.gradeaward.propose", "mediation.gradeaward.publicise", "mediation.gradeaward.grant"]


def test_only_the_next_grade(world, mediator, county_officer) -> None:
    with pytest.raises(DomainError) as caught:
        propose_grade(actor=county_officer, mediator=mediator, grade="3")
    assert "只能评定高一级的四级，不能评定三级" in caught.value.message
    for bad in ("none", "9"):
        with pytest.raises(DomainError) as caught:
            propose_grade(actor=county_officer, mediator=mediator, grade=bad)
        assert caught.value.code == "invalid_grade"
    mediator.grade = MediatorGrade.FIRST
    mediator.save()
    with pytest.raises(DomainError) as caught:
        propose_grade(actor=county_officer, mediator=mediator, grade="1")
    assert caught.value.code == "highest_grade"
    assert not GradeAward.objects.exists()


def test_a_grade_without_its_thresholds_is_refused_with_every_unmet_one(world, county_officer) -> None:
    newcomer = world.mediators[1]
    with pytest.raises(DomainError) as caught:
        propose_grade(actor=county_officer, mediator=newcomer, grade="4")
    messages = [p.message for p in caught.value.problems]
    assert "未达到四级评定条件：主持调解结案0件，四级要求不少于50件。" in messages
    assert "未达到四级评定条件：从事调解工作0年，四级要求不少于2年。" in messages
    assert "未达到四级评定条件：培训0学时，四级要求不少于16学时。" in messages
    assert len(messages) == 6  # the basic condition of being active is met
    assert not GradeAward.objects.exists()


def test_one_grading_at_a_time(mediator, county_officer) -> None:
    propose_grade(actor=county_officer, mediator=mediator, grade="4")
    with pytest.raises(DomainError) as caught:
        propose_grade(actor=county_officer, mediator=mediator, grade="4")
    assert caught.value.code == "open_award"
    assert GradeAward.objects.count() == 1


def test_the_committee_may_not_grade_its_own(world, mediator) -> None:
    with pytest.raises(NotPermitted):
        propose_grade(actor=world.chair, mediator=mediator, grade="4")


def test_granting_level_is_a_region_setting(world, mediator, county_officer, city_officer, clock) -> None:
    RegionSetting.objects.create(region=world.net.province, key="mediation.grade4.granting_level", value="city")
    award = publicise(actor=county_officer, award=propose_grade(actor=county_officer, mediator=mediator, grade="4"))
    assert award.granting_region == world.net.city
    clock.move_to(AFTER_PUBLICITY)
    with pytest.raises(NotPermitted):
        grant(actor=county_officer, award=award)
    city_supervisor = staff(Role.SUPERVISOR, at=Agency.objects.get(region=world.net.city))
    assert grant(actor=city_supervisor, award=award).status == GradeAwardStatus.GRANTED
    assert city_officer.pk


def test_an_administrator_is_not_a_granting_body(mediator, county_officer, clock) -> None:
    admin = staff(Role.ADMINISTRATOR)
    award = publicise(actor=county_officer, award=propose_grade(actor=admin, mediator=mediator, grade="4"))
    clock.move_to(AFTER_PUBLICITY)
    with pytest.raises(NotPermitted):
        grant(actor=admin, award=award)


def test_publicise_once_and_not_backdated(mediator, county_officer) -> None:
    award = propose_grade(actor=county_officer, mediator=mediator, grade="4")
    with pytest.raises(DomainError) as caught:
        publicise(actor=county_officer, award=award, starts_on=datetime.date(2026, 11, 1))
    assert caught.value.field == "starts_on"
    publicise(actor=county_officer, award=award)
    with pytest.raises(InvalidTransition):
        publicise(actor=county_officer, award=award)


def test_grant_needs_the_publicity_first(mediator, county_officer) -> None:
    award = propose_grade(actor=county_officer, mediator=mediator, grade="4")
    with pytest.raises(InvalidTransition):
        grant(actor=county_officer, award=award)
    mediator.refresh_from_db()
    assert mediator.grade == MediatorGrade.NONE


def test_reject_needs_a_reason_and_frees_the_mediator_for_a_new_proposal(mediator, county_officer) -> None:
    award = propose_grade(actor=county_officer, mediator=mediator, grade="4")
    with pytest.raises(DomainError) as caught:
        reject(actor=county_officer, award=award, reason=" ")
    assert caught.value.code == "reason_required"
    award.refresh_from_db()
    assert award.status == GradeAwardStatus.PROPOSED
    award = reject(actor=county_officer, award=award, reason="公示期间收到实名举报，经核查属实")
    assert award.status == GradeAwardStatus.REJECTED
    assert award.reason.startswith("公示期间")
    assert propose_grade(actor=county_officer, mediator=mediator, grade="4").status == GradeAwardStatus.PROPOSED


def test_withdraw_returns_to_the_grade_below(world, mediator, county_officer, city_officer, clock) -> None:
    with pytest.raises(DomainError) as caught:
        withdraw_grade(actor=county_officer, mediator=mediator, reason="违纪")
    assert caught.value.code == "no_grade"
    fourth = granted_fourth(mediator, county_officer, clock)
    clock.move_to(datetime.datetime(2026, 12, 2, 2, 0, tzinfo=datetime.UTC))
    third = publicise(actor=county_officer, award=propose_grade(actor=county_officer, mediator=mediator, grade="3"))
    clock.move_to(datetime.datetime(2026, 12, 20, 2, 0, tzinfo=datetime.UTC))
    grant(actor=county_officer, award=third)
    mediator.refresh_from_db()
    assert mediator.grade == MediatorGrade.THIRD

    with pytest.raises(DomainError) as caught:
        withdraw_grade(actor=county_officer, mediator=mediator, reason="")
    assert caught.value.field == "reason"
    with pytest.raises(NotPermitted):
        withdraw_grade(actor=city_officer, mediator=mediator, reason="违纪")
    mediator.refresh_from_db()
    assert mediator.grade == MediatorGrade.THIRD

    award = withdraw_grade(actor=county_officer, mediator=mediator, reason="调解中收受当事人财物")
    assert award.pk == third.pk and award.status == GradeAwardStatus.WITHDRAWN
    assert award.reason == "调解中收受当事人财物"
    assert (mediator.grade, mediator.grade_since) == (MediatorGrade.FOURTH, datetime.date(2026, 12, 1))
    assert Event.objects.filter(verb="mediation.gradeaward.withdraw", reason="调解中收受当事人财物").count() == 1

    withdraw_grade(actor=county_officer, mediator=mediator, reason="再次违纪")
    assert (mediator.grade, mediator.grade_since) == (MediatorGrade.NONE, None)
    fourth.refresh_from_db()
    assert fourth.status == GradeAwardStatus.WITHDRAWN


def test_a_mediator_who_left_during_publicity_is_not_granted(mediator, county_officer, clock) -> None:
    award = publicise(actor=county_officer, award=propose_grade(actor=county_officer, mediator=mediator, grade="4"))
    mediator.is_active = False
    mediator.save()
    clock.move_to(AFTER_PUBLICITY)
    with pytest.raises(DomainError) as caught:
        grant(actor=county_officer, award=award)
    assert caught.value.code == "inactive_mediator"
    award.refresh_from_db()
    assert award.status == GradeAwardStatus.PUBLICISED
    mediator.refresh_from_db()
    assert mediator.grade == MediatorGrade.NONE
