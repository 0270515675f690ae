"""The agreement through the case page (第28–30条): draft with every 第29条 item, edit, finalise,
the parties' paper signatures (or their confirmation links), the mediator's signature and the
committee's seal make it effective; the oral agreement; the agreement's own page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongfa.mediation.choices import AgreementStatus
from gongfa.mediation.models import Agreement, MediationCase
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.workbench.tests.mediation_support import act, case_url, errors_of, post_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def content(**changes: str) -> dict[str, str]:
    data = {
        "parties_text": "申请人赵申请，被申请人钱被申，系邻居。",
        "facts_and_responsibility": "被申请人装修拆除承重墙致申请人墙体开裂，被申请人负主要责任。",
        "terms": "被申请人赔偿申请人修缮费用五千元。",
        "performance_method": "银行转账",
        "performance_place": "",
        "performance_deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "amount": "5000",
    }
    data.update(changes)
    return data


def test_a_draft_with_nothing_in_it_names_every_missing_item(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    response = act(
        client, case, "draft_agreement", content(parties_text="", facts_and_responsibility="", terms="", amount="五千")
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert len(errors) >= 4, errors
    assert any("第29条第1款第一项" in e for e in errors) and any("第29条第1款第三项" in e for e in errors)
    assert not Agreement.objects.filter(case=case).exists()


def test_draft_edit_finalise_sign_seal(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    mediator = world.mediators[0].user
    client.force_login(mediator)
    post_ok(client, case, "draft_agreement", content())
    agreement = Agreement.objects.get(case=case)
    page = client.get(case_url(case)).content.decode()
    edit = page.split('id="action-update_agreement"')[-1].split("</form>")[0]
    assert "被申请人赔偿申请人修缮费用五千元。" in edit  # the draft's text to edit
    response = act(client, case, "update_agreement", content(terms=""))
    assert response.status_code == 400
    assert Agreement.objects.get(pk=agreement.pk).terms == "被申请人赔偿申请人修缮费用五千元。"
    post_ok(client, case, "update_agreement", content(terms="被申请人赔偿申请人修缮费用六千元。"))
    post_ok(client, case, "finalise_agreement")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.FINALISED and agreement.number
    page = client.get(case_url(case)).content.decode()
    links = page.split('data-testid="agreement-links"')[1].split("</ul>")[0]
    assert links.count("/mediation/agreement/") == 2
    for party in case.parties.all():
        assert party.id_number not in links
        post_ok(client, case, "paper_signature", {"party": party.pk})
    post_ok(client, case, "sign_as_mediator")
    client.force_login(world.chair)
    post_ok(client, case, "seal_by_committee")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EFFECTIVE
    assert MediationCase.objects.get(pk=case.pk).status == "agreement_effective"
    full = client.get(reverse("workbench:mediation_agreement", args=[agreement.pk]))
    assert full.status_code == 200 and "被申请人赔偿申请人修缮费用六千元。" in full.content.decode()


def test_a_paper_signature_needs_a_party(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    post_ok(client, case, "draft_agreement", content())
    post_ok(client, case, "finalise_agreement")
    response = act(client, case, "paper_signature", {"party": ""})
    assert response.status_code == 400
    assert "请选择签名（捺印）的当事人。" in errors_of(response)
    assert not Agreement.objects.get(case=case).signatures.exists()


def test_an_oral_agreement(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    response = act(client, case, "oral_agreement", {"content": "", "amount": "-5"})
    assert response.status_code == 400 and len(errors_of(response)) >= 2, errors_of(response)
    assert MediationCase.objects.get(pk=case.pk).status == "in_mediation"
    post_ok(client, case, "oral_agreement", {"content": "被申请人当场赔礼道歉并清理杂物。"})
    case = MediationCase.objects.get(pk=case.pk)
    assert (case.status, case.outcome) == ("agreement_effective", "oral_agreement")


def test_the_agreement_page_is_only_for_those_who_see_the_case(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    post_ok(client, case, "draft_agreement", content())
    agreement = Agreement.objects.get(case=case)
    assert world.outsider is not None
    client.force_login(world.outsider.user)
    assert client.get(reverse("workbench:mediation_agreement", args=[agreement.pk])).status_code == 404
