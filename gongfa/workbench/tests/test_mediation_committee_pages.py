"""Committee pages: the coverage view for supervisors, the committees with members and composition
problems, the mediators with their grades, the grading evidence and the award actions (propose,
publicise, grant, reject, withdraw) for the bureau; others refused or not told the page exists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.mediation.choices import GradeAwardStatus, MediatorGrade, Outcome, ReturnVisitStatus, Satisfaction
from gongfa.mediation.models import GradeAward, Mediator, MediatorTraining, ReturnVisit
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import staff
from gongfa.workbench.tests.mediation_support import errors_of

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
AFTER_PUBLICITY = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock) -> MediationWorld:
    return build_world()


@pytest.fixture
def supervisor(world: MediationWorld):
    return staff(Role.SUPERVISOR, at=world.net.centre, real_name="郑督办")


@pytest.fixture
def officer(world: MediationWorld):
    """Staff of the county justice bureau: they grade the county's mediators."""
    bureau = Agency.objects.create(name="示范县司法局", kind=AgencyKind.JUSTICE_BUREAU, region=world.net.county)
    return staff(Role.WINDOW_STAFF, at=bureau, real_name="县局干部")


@pytest.fixture
def qualified(world: MediationWorld) -> Mediator:
    """world.mediators[0] with what 四级 needs (the province lowered years and cases to fit)."""
    for key, value in (("years", 0), ("cases", 1)):
        RegionSetting.objects.create(region=world.net.province, key=f"mediation.grade4.{key}", value=value)
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
        mediator=mediator, title="年度培训", held_on=datetime.date(2026, 3, 1), hours=Decimal(30)
    )
    return mediator


def test_the_coverage_view_for_a_supervisor(client, world: MediationWorld, supervisor) -> None:
    client.force_login(supervisor)
    response = client.get(reverse("workbench:mediation_coverage"))
    assert response.status_code == 200
    page = response.content.decode()
    villages = page.split('data-testid="villages-without"')[1].split("</ul>")[0]
    assert world.net.villages[1].name in villages and world.net.villages[0].name not in villages
    uninsured = page.split('data-testid="uninsured"')[1].split("</ul>")[0]
    assert "张调解" in uninsured
    response = client.get(reverse("workbench:mediation_coverage"), {"region": "999999999999"})
    assert response.status_code == 400 and "所选地区不存在或不在您的督办范围内。" in response.content.decode()


def test_the_coverage_view_is_for_supervisors_only(client, world: MediationWorld) -> None:
    client.force_login(world.mediators[0].user)
    assert client.get(reverse("workbench:mediation_coverage")).status_code == 403


def test_the_committee_page_shows_members_problems_and_mediators(client, world: MediationWorld) -> None:
    client.force_login(world.chair)
    listing = client.get(reverse("workbench:mediation_committees")).content.decode()
    assert world.township_committee.agency.name in listing
    assert world.other_committee.agency.name not in listing
    page = client.get(reverse("workbench:mediation_committee", args=[world.township_committee.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "委员1" in text.split('data-testid="committee-members"')[1]
    assert "张调解" in text.split('data-testid="committee-mediators"')[1]
    assert 'data-testid="composition-problems"' in text  # three members with no term: 第9条 problems
    assert client.get(reverse("workbench:mediation_committee", args=[world.other_committee.pk])).status_code == 404


def test_the_grading_evidence_names_every_unmet_threshold(client, world: MediationWorld, officer) -> None:
    client.force_login(officer)
    newcomer = world.mediators[1]
    page = client.get(reverse("workbench:mediation_mediator", args=[newcomer.pk])).content.decode()
    unmet = page.split('data-testid="unmet-thresholds"')[1].split("</ul>")[0]
    assert "基本条件：无参加业务培训的记录。" in unmet and "四级" in unmet
    response = client.post(
        reverse("workbench:mediation_mediator_action", args=[newcomer.pk, "propose"]), {"grade": "4"}
    )
    assert response.status_code == 400
    assert len(errors_of(response)) >= 1
    assert not GradeAward.objects.exists()


def test_propose_publicise_grant(client, world: MediationWorld, officer, qualified: Mediator, clock) -> None:
    client.force_login(officer)
    page = client.get(reverse("workbench:mediation_mediator", args=[qualified.pk])).content.decode()
    assert 'data-testid="meets-thresholds"' in page
    response = client.post(
        reverse("workbench:mediation_mediator_action", args=[qualified.pk, "propose"]), {"grade": "4"}
    )
    assert response.status_code == 302, errors_of(response)
    award = GradeAward.objects.get(mediator=qualified)
    response = client.post(reverse("workbench:mediation_award_action", args=[award.pk, "grant"]))
    assert response.status_code == 400  # before the publicity
    assert GradeAward.objects.get(pk=award.pk).status == GradeAwardStatus.PROPOSED
    response = client.post(reverse("workbench:mediation_award_action", args=[award.pk, "publicise"]), {"starts_on": ""})
    assert response.status_code == 302, errors_of(response)
    assert GradeAward.objects.get(pk=award.pk).status == GradeAwardStatus.PUBLICISED
    clock.move_to(AFTER_PUBLICITY)
    client.force_login(officer)
    response = client.post(reverse("workbench:mediation_award_action", args=[award.pk, "grant"]))
    assert response.status_code == 302, errors_of(response)
    assert Mediator.objects.get(pk=qualified.pk).grade == MediatorGrade.FOURTH


def test_reject_needs_a_reason(client, world: MediationWorld, officer, qualified: Mediator) -> None:
    client.force_login(officer)
    client.post(reverse("workbench:mediation_mediator_action", args=[qualified.pk, "propose"]), {"grade": "4"})
    award = GradeAward.objects.get(mediator=qualified)
    response = client.post(reverse("workbench:mediation_award_action", args=[award.pk, "reject"]), {"reason": ""})
    assert response.status_code == 400 and errors_of(response)
    assert GradeAward.objects.get(pk=award.pk).status == GradeAwardStatus.PROPOSED
    response = client.post(
        reverse("workbench:mediation_award_action", args=[award.pk, "reject"]), {"reason": "材料不实"}
    )
    assert response.status_code == 302
    assert GradeAward.objects.get(pk=award.pk).status == GradeAwardStatus.REJECTED


def test_withdraw_needs_a_reason(client, world: MediationWorld, officer, qualified: Mediator, clock) -> None:
    from gongfa.mediation.services.grading import grant, propose_grade, publicise

    award = publicise(actor=officer, award=propose_grade(actor=officer, mediator=qualified, grade="4"))
    clock.move_to(AFTER_PUBLICITY)
    grant(actor=officer, award=award)
    client.force_login(officer)
    url = reverse("workbench:mediation_mediator_action", args=[qualified.pk, "withdraw"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "撤销等级须填写原因。" in errors_of(response)
    assert Mediator.objects.get(pk=qualified.pk).grade == MediatorGrade.FOURTH
    assert client.post(url, {"reason": "调解中违反纪律"}).status_code == 302
    assert Mediator.objects.get(pk=qualified.pk).grade == MediatorGrade.NONE


def test_the_committee_may_not_grade_its_own(client, world: MediationWorld, qualified: Mediator) -> None:
    client.force_login(world.chair)
    response = client.post(
        reverse("workbench:mediation_mediator_action", args=[qualified.pk, "propose"]), {"grade": "4"}
    )
    assert response.status_code == 400
    assert not GradeAward.objects.exists()


def test_others_do_not_see_the_mediator(client, world: MediationWorld) -> None:
    assert world.outsider is not None
    client.force_login(world.outsider.user)
    assert client.get(reverse("workbench:mediation_mediator", args=[world.mediators[0].pk])).status_code == 404
    assert client.get(reverse("workbench:mediation_mediator", args=[world.outsider.pk])).status_code == 200
