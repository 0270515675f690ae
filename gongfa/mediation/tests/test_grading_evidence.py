"""The evidence for a mediator's grade (practice.md §a), computed from the data, and the thresholds
it does not meet (rules.GRADE_THRESHOLDS, region settings)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gongfa.mediation.choices import (
    EscalationRisk,
    MediatorRole,
    Outcome,
    ReturnVisitStatus,
    Satisfaction,
)
from gongfa.mediation.grading import grading_evidence, meets, next_grade, thresholds
from gongfa.mediation.models import CaseMediator, EscalationReport, Mediator, MediatorTraining, ReturnVisit
from gongfa.mediation.testing import build_world, make_case
from gongfa.network.models import RegionSetting

pytestmark = pytest.mark.django_db

ON = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_the_collected_day():
    """ON is read when the module is collected: a run that crosses local midnight would compare
    against yesterday. Every test runs on that day."""
    moment = timezone.make_aware(datetime.datetime.combine(ON, datetime.time(10)))
    with time_machine.travel(moment, tick=True):
        yield


EARLIER = timezone.now() - datetime.timedelta(days=10)


def closed(world, outcome, *, ended_at=None, **kwargs):
    case = make_case(world, "closed", **kwargs)
    case.outcome = outcome
    case.ended_at = ended_at or EARLIER
    case.save()
    return case


def visit(case, satisfaction, status=ReturnVisitStatus.DONE):
    return ReturnVisit.objects.create(
        case=case,
        status=status,
        due_on=ON,
        done_at=EARLIER if status == ReturnVisitStatus.DONE else None,
        satisfaction=satisfaction,
    )


def escalate(case, risk=EscalationRisk.CRIMINAL, *, resolved=False, reported_at=None):
    return EscalationReport.objects.create(
        case=case,
        risk=risk,
        description="扬言报复",
        reported_at=reported_at or timezone.now(),
        resolved_at=timezone.now() if resolved else None,
    )


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def mediator(world):
    mediator = world.mediators[0]
    mediator.started_on = ON.replace(year=ON.year - 3) - datetime.timedelta(days=1)
    mediator.save()
    return mediator


@pytest.fixture
def record(world, mediator):
    """Four written and one oral agreement, one failure; visits; training; escalation reports."""
    written = [closed(world, Outcome.WRITTEN_AGREEMENT) for _ in range(4)]
    oral = closed(world, Outcome.ORAL_AGREEMENT)
    failed = closed(world, Outcome.FAILED)
    # Not counted: still open; ended after the day; presided by someone else; recused.
    make_case(world, "in_mediation")
    closed(world, Outcome.WRITTEN_AGREEMENT, ended_at=timezone.now() + datetime.timedelta(days=2))
    other = closed(world, Outcome.WRITTEN_AGREEMENT, with_mediator=False)
    CaseMediator.objects.create(case=other, mediator=world.mediators[1], role=MediatorRole.PRESIDING)
    recused = closed(world, Outcome.WRITTEN_AGREEMENT, with_mediator=False)
    CaseMediator.objects.create(
        case=recused, mediator=mediator, role=MediatorRole.PRESIDING, recused_at=EARLIER - datetime.timedelta(days=1)
    )
    visit(written[0], Satisfaction.SATISFIED)
    visit(written[1], Satisfaction.FAIRLY)
    visit(oral, Satisfaction.DISSATISFIED)
    visit(written[2], "", status=ReturnVisitStatus.DUE)
    visit(written[3], "")  # done without an answer on satisfaction
    visit(other, Satisfaction.DISSATISFIED)  # another mediator's case
    MediatorTraining.objects.create(mediator=mediator, title="岗前培训", held_on=ON, hours=Decimal("10"))
    MediatorTraining.objects.create(mediator=mediator, title="年度培训", held_on=ON, hours=Decimal("6.5"))
    MediatorTraining.objects.create(
        mediator=mediator, title="下月培训", held_on=ON + datetime.timedelta(days=30), hours=Decimal("40")
    )
    escalate(failed)  # unresolved criminal risk while presiding: counts
    escalate(written[0], resolved=True)  # prevented: does not count
    escalate(written[1], EscalationRisk.GROUP_PETITION)  # another risk
    escalate(recused, reported_at=timezone.now())  # after the mediator stepped aside
    return {"written": written, "oral": oral, "failed": failed}


def test_the_figures(mediator, record, django_assert_max_num_queries) -> None:
    fresh = Mediator.objects.select_related("user").get(pk=mediator.pk)
    with django_assert_max_num_queries(4):
        evidence = grading_evidence(fresh, ON)
    assert evidence.years == 3
    assert (evidence.cases, evidence.successes, evidence.oral_agreements) == (6, 5, 1)
    assert evidence.success_pct == 83.3
    assert evidence.oral_pct == 20.0
    assert (evidence.visited, evidence.satisfied) == (3, 2)
    assert evidence.satisfaction_pct == 66.7
    assert evidence.training_hours == Decimal("16.5")
    assert evidence.criminal_escalations == 1
    assert evidence.active and evidence.trained
    snapshot = evidence.as_dict()
    assert snapshot["training_hours"] == "16.5"
    assert snapshot["on"] == ON.isoformat()
    assert snapshot["success_pct"] == 83.3


def test_unmet_thresholds_name_the_figure_and_the_threshold(world, mediator, record) -> None:
    evidence = grading_evidence(mediator, ON)
    region = world.township_committee.agency.region
    assert meets(evidence, "4", region) == [
        "基本条件：主持调解的纠纷有1件激化为刑事案件（民转刑）风险未化解。",
        "主持调解结案6件，四级要求不少于50件。",
        "调解成功率83.3%，四级要求不低于85%。",
        "回访满意率66.7%，四级要求不低于80%。",
    ]


def test_thresholds_are_region_settings(world, mediator, record) -> None:
    county = world.net.county
    for key, value in (("cases", 5), ("success_pct", 80), ("satisfaction_pct", 60)):
        RegionSetting.objects.create(region=county, key=f"mediation.grade4.{key}", value=value)
    EscalationReport.objects.update(resolved_at=timezone.now())
    region = world.township_committee.agency.region
    assert thresholds("4", region)["cases"] == 5
    assert meets(grading_evidence(mediator, ON), "4", region) == []
    # Another county keeps the defaults.
    assert thresholds("4", world.net.province)["cases"] == 50


def test_a_new_mediator_fails_every_condition(world) -> None:
    newcomer = world.mediators[1]
    newcomer.is_active = False
    newcomer.save()
    evidence = grading_evidence(newcomer, ON)
    assert evidence.cases == 0 and evidence.success_pct is None and evidence.satisfaction_pct is None
    unmet = meets(evidence, "3", world.township_committee.agency.region)
    assert unmet == [
        "基本条件：调解员不在岗。",
        "基本条件：无参加业务培训的记录。",
        "从事调解工作0年，三级要求不少于4年。",
        "主持调解结案0件，三级要求不少于100件。",
        "调解成功率无数据，三级要求不低于88%。",
        "回访满意率无数据，三级要求不低于85%。",
        "培训0学时，三级要求不少于24学时。",
    ]


def test_oral_share_over_the_limit(world, mediator) -> None:
    for _ in range(2):
        closed(world, Outcome.ORAL_AGREEMENT)
    closed(world, Outcome.WRITTEN_AGREEMENT)
    evidence = grading_evidence(mediator, ON)
    assert evidence.oral_pct == 66.7
    assert "口头协议占比66.7%，四级要求不高于30%。" in meets(evidence, "4", world.net.county)


def test_evidence_on_an_earlier_day(world, mediator, record) -> None:
    earlier = ON - datetime.timedelta(days=30)
    evidence = grading_evidence(mediator, earlier)
    assert evidence.cases == 0
    assert evidence.training_hours == 0
    assert evidence.criminal_escalations == 0
    assert evidence.years == 2


def test_next_grade() -> None:
    assert next_grade("none") == "4"
    assert next_grade("2") == "1"
    assert next_grade("1") is None
