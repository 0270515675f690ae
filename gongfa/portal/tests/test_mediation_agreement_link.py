"""确认调解协议 by the link (《人民调解法》第29条第2款): the text and 我已阅读并确认; forged, stale and
other people's use of the link change nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gongfa.mediation.choices import CaseStatus, PartySide, SignatureMethod
from gongfa.mediation.models import Agreement, AgreementSignature, CaseParty, MediationCase
from gongfa.mediation.services.agreement import (
    confirmation_token,
    draft_agreement,
    finalise_agreement,
    update_agreement,
)
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "parties_text": "申请人赵申请；被申请人钱被申。",
    "facts_and_responsibility": "装修致墙体开裂，被申请人负全部责任。",
    "terms": "被申请人赔偿申请人八千元。",
    "performance_method": "银行转账",
}


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def finalised(world: MediationWorld, case: MediationCase) -> Agreement:
    mediator = world.mediators[0].user
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    agreement = draft_agreement(actor=mediator, case=case, performance_deadline=deadline, **CONTENT)
    return finalise_agreement(actor=mediator, agreement=agreement)


def applicant_of(case: MediationCase) -> CaseParty:
    return case.parties.get(side=PartySide.APPLICANT)


def url_for(agreement: Agreement, party: CaseParty) -> str:
    return f"/mediation/agreement/{confirmation_token(agreement, party)}/"


def test_reading_and_confirming(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    agreement = finalised(world, case)
    party = applicant_of(case)
    url = url_for(agreement, party)
    client = Client()
    page = client.get(url).content.decode()
    assert "被申请人赔偿申请人八千元。" in page and "银行转账" in page
    assert "我已阅读并确认" in page
    assert party.phone not in page and party.id_number not in page
    response = client.post(url)
    assert response.status_code == 302
    signature = AgreementSignature.objects.get(agreement=agreement, party=party)
    assert signature.method == SignatureMethod.LINK
    page = client.get(url).content.decode()
    assert "您已确认这份协议" in page and "我已阅读并确认" not in page
    again = client.post(url)
    assert again.status_code == 400 and "已经签署过" in again.content.decode()
    assert AgreementSignature.objects.filter(agreement=agreement).count() == 1


def test_a_changed_agreement_makes_the_old_link_stale(world: MediationWorld) -> None:
    case = make_case(world, CaseStatus.IN_MEDIATION)
    agreement = finalised(world, case)
    party = applicant_of(case)
    url = url_for(agreement, party)
    deadline = timezone.localdate() + datetime.timedelta(days=25)
    changed = update_agreement(
        actor=world.mediators[0].user, agreement=agreement, performance_deadline=deadline, **CONTENT
    )
    # The link names the moment of finalising (to the second): finalised again a little later.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        finalise_agreement(actor=world.mediators[0].user, agreement=changed)
    response = Client().post(url)
    assert response.status_code == 400
    assert "协议内容已修改" in response.content.decode()
    assert not AgreementSignature.objects.exists()


def test_a_forged_link(world: MediationWorld) -> None:
    response = Client().get("/mediation/agreement/forged-token/")
    assert response.status_code == 400
    assert "确认链接无效" in response.content.decode()
    assert Client().post("/mediation/agreement/forged-token/").status_code == 400


def test_another_persons_account_cannot_use_the_link(world: MediationWorld) -> None:
    owner = CitizenFactory(real_name="赵申请")
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=owner)
    agreement = finalised(world, case)
    url = url_for(agreement, applicant_of(case))
    client = Client()
    client.force_login(CitizenFactory())
    response = client.post(url)
    assert response.status_code == 400
    assert "只能由当事人本人或其代理人使用" in response.content.decode()
    assert not AgreementSignature.objects.exists()
    owner_client = Client()
    owner_client.force_login(owner)
    assert owner_client.post(url).status_code == 302
    assert AgreementSignature.objects.filter(agreement=agreement).count() == 1
