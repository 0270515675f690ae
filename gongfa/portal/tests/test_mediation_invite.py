"""答复调解邀请 by the link (《人民调解法》第17条): the dispute in short with the other party's name
masked, the rights, 同意 / 不同意; forged, answered and wrong answers change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from gongfa.mediation.choices import CaseStatus, ConsentDecision, ConsentMethod, PartySide
from gongfa.mediation.models import Consent, MediationCase
from gongfa.mediation.services.consent import seek_consent
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.fixture
def invited(world: MediationWorld) -> tuple[MediationCase, str]:
    case = make_case(world, CaseStatus.APPLIED)
    [invitation] = seek_consent(actor=world.chair, case=case)
    return case, f"/mediation/invite/{invitation.token}/"


def consent_of(case: MediationCase) -> Consent:
    return Consent.objects.get(case=case)


def status_of(case: MediationCase) -> str:
    return MediationCase.objects.get(pk=case.pk).status


def test_the_page_explains_without_naming_anyone(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "赵*请" in page and "赵申请" not in page  # the applicant, masked
    assert "13800138001" not in page and "13800138002" not in page
    respondent = case.parties.get(side=PartySide.RESPONDENT)
    assert respondent.id_number not in page
    assert case.summary in page
    assert "第十七条" in page and "第二十三条" in page
    assert "同意调解" in page and "不同意调解" in page


def test_agreeing(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    client = Client()
    response = client.post(url, {"decision": "consented", "answered_by_name": "钱被申"})
    assert response.status_code == 302 and response["Location"] == url
    consent = consent_of(case)
    assert (consent.decision, consent.method) == (ConsentDecision.CONSENTED, ConsentMethod.LINK)
    assert status_of(case) == CaseStatus.CONSENT_PENDING
    page = client.get(url).content.decode()
    assert "您已答复：同意调解。" in page
    assert "提交答复" not in page
    again = client.post(url, {"decision": "refused", "answered_by_name": "钱被申"})
    assert consent_of(case).decision == ConsentDecision.CONSENTED  # the link works once
    assert again.status_code == 200


def test_refusing_ends_the_case(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    Client().post(url, {"decision": "refused", "answered_by_name": "钱被申"})
    assert consent_of(case).decision == ConsentDecision.REFUSED
    assert status_of(case) == CaseStatus.NOT_MEDIATED


def test_an_empty_answer_names_both_problems(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    response = Client().post(url, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请选择同意调解或拒绝调解。" in page
    assert "请填写答复人姓名。" in page
    assert consent_of(case).decision == ConsentDecision.PENDING


def test_someone_else_cannot_answer(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    response = Client().post(url, {"decision": "refused", "answered_by_name": "路人甲"})
    assert response.status_code == 400
    assert "既不是当事人本人，也不是其代理人" in response.content.decode()
    assert consent_of(case).decision == ConsentDecision.PENDING
    assert status_of(case) == CaseStatus.CONSENT_PENDING


def test_another_citizens_account_cannot_answer_for_a_linked_party(world: MediationWorld) -> None:
    respondent = CitizenFactory(real_name="钱被申")
    case = make_case(world, CaseStatus.APPLIED, respondent_user=respondent)
    [invitation] = seek_consent(actor=world.chair, case=case)
    client = Client()
    client.force_login(CitizenFactory(real_name="钱被申"))
    response = client.post(
        f"/mediation/invite/{invitation.token}/", {"decision": "refused", "answered_by_name": "钱被申"}
    )
    assert response.status_code == 400
    assert consent_of(case).decision == ConsentDecision.PENDING


def test_a_forged_link(invited: tuple[MediationCase, str]) -> None:
    case, url = invited
    response = Client().get(url[:-3] + "xx/")
    assert response.status_code == 400
    assert "邀请链接无效" in response.content.decode()
    response = Client().post("/mediation/invite/not-a-token/", {"decision": "refused", "answered_by_name": "钱被申"})
    assert response.status_code == 400
    assert consent_of(case).decision == ConsentDecision.PENDING
