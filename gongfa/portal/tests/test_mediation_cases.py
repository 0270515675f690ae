"""我的调解: the citizen's cases in plain words (status, next step, sessions, the agreement), and
nobody else's."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.mediation.choices import CaseStatus, SessionMode
from gongfa.mediation.models import MediationCase, MediationSession
from gongfa.mediation.services.agreement import draft_agreement, finalise_agreement
from gongfa.mediation.services.consent import seek_consent
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.fixture
def citizen(world: MediationWorld) -> User:
    return CitizenFactory(real_name="赵申请")


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_the_citizens_cases_in_plain_words(world: MediationWorld, citizen: User) -> None:
    mine = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=citizen)
    other = make_case(world, CaseStatus.APPLIED)
    page = browser(citizen).get("/mediation/").content.decode()
    assert f"/mediation/cases/{mine.pk}/" in page
    assert "正在调解" in page
    assert f"/mediation/cases/{other.pk}/" not in page


def test_a_visitor_reads_what_mediation_is(world: MediationWorld) -> None:
    response = Client().get("/mediation/")
    assert response.status_code == 200
    assert "申请调解" in response.content.decode()
    assert "我的调解" not in response.content.decode()


def test_the_case_page_in_mediation(world: MediationWorld, citizen: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=citizen)
    case.due_on = timezone.localdate() + datetime.timedelta(days=20)
    case.save(update_fields=["due_on"])
    MediationSession.objects.create(
        case=case,
        held_at=timezone.now(),
        mode=SessionMode.IN_PERSON,
        place="村调解室",
        attendees="双方",
        record="保密的调解记录内容",
    )
    response = browser(citizen).get(f"/mediation/cases/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "正在调解" in page and "您随时可以要求停止调解" in page
    assert "村调解室" in page and timezone.localdate().isoformat() in page
    assert "张调解" in page
    assert "保密的调解记录内容" not in page  # the record stays in the file


def test_the_finalised_agreement_can_be_read_and_confirmed(world: MediationWorld, citizen: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=citizen)
    mediator = world.mediators[0].user
    agreement = draft_agreement(
        actor=mediator,
        case=case,
        parties_text="申请人赵申请；被申请人钱被申。",
        facts_and_responsibility="装修致墙体开裂。",
        terms="被申请人赔偿申请人八千元。",
        performance_method="银行转账",
        performance_deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    page = browser(citizen).get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "被申请人赔偿申请人八千元。" not in page  # a draft is not shown
    finalise_agreement(actor=mediator, agreement=agreement)
    page = browser(citizen).get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "被申请人赔偿申请人八千元。" in page
    assert 'data-testid="confirm-agreement"' in page and "/mediation/agreement/" in page


def test_a_respondent_with_an_open_invitation_is_shown_the_way_to_answer(world: MediationWorld) -> None:
    respondent = CitizenFactory(real_name="钱被申")
    case = make_case(world, CaseStatus.APPLIED, respondent_user=respondent)
    seek_consent(actor=world.chair, case=case)
    page = browser(respondent).get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "正在问对方是否愿意调解" in page
    assert 'data-testid="answer-invitation"' in page and "/mediation/invite/" in page


def test_a_refused_case_tells_the_other_routes(world: MediationWorld, citizen: User) -> None:
    case = make_case(world, CaseStatus.NOT_MEDIATED, applicant_user=citizen)
    page = browser(citizen).get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "向人民法院提起诉讼" in page


def test_nobody_else_sees_the_case(world: MediationWorld, citizen: User) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=citizen)
    assert browser(CitizenFactory()).get(f"/mediation/cases/{case.pk}/").status_code == 404
    clerk = staff(Role.WINDOW_STAFF, at=world.township_committee.agency)
    assert browser(clerk).get(f"/mediation/cases/{case.pk}/").status_code == 404  # staff use the workbench
    assert browser(citizen).get("/mediation/cases/999999/").status_code == 404
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.IN_MEDIATION
