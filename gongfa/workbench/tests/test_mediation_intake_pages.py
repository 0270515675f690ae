"""Consent, acceptance and mediators through the case page: each action's good path, and bad input
refused with every problem at once (400), nothing changed."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.mediation.choices import ConsentDecision, MediatorRole
from gongfa.mediation.models import CaseMediator, Consent, MediationCase
from gongfa.mediation.services.consent import seek_consent
from gongfa.mediation.testing import MediationWorld, build_world, make_case, make_mediator
from gongfa.workbench.tests.mediation_support import act, case_url, errors_of, post_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def status(case: MediationCase) -> str:
    return MediationCase.objects.get(pk=case.pk).status


def test_seeking_consent_shows_the_invitation_links(client, world: MediationWorld) -> None:
    case = make_case(world)
    client.force_login(world.chair)
    page = post_ok(client, case, "seek_consent")
    assert "已向 1 名当事人发出调解邀请" in page
    assert status(case) == "consent_pending"
    links = page.split('data-testid="invitation-links"')[1].split("</ul>")[0]
    assert "/mediation/invite/" in links and "钱被申" in links
    respondent = case.parties.get(side="respondent")
    assert respondent.id_number not in links and "13800138002" not in links


def test_recording_a_consent(client, world: MediationWorld) -> None:
    case = make_case(world)
    seek_consent(actor=world.chair, case=case)
    respondent = case.parties.get(side="respondent")
    client.force_login(world.chair)
    post_ok(
        client,
        case,
        "record_consent",
        {"party": respondent.pk, "decision": "consented", "method": "phone", "answered_by_name": "钱被申"},
    )
    assert Consent.objects.get(case=case, party=respondent).decision == ConsentDecision.CONSENTED


def test_a_consent_without_anything_names_every_problem(client, world: MediationWorld) -> None:
    case = make_case(world)
    seek_consent(actor=world.chair, case=case)
    respondent = case.parties.get(side="respondent")
    client.force_login(world.chair)
    response = act(client, case, "record_consent", {"party": respondent.pk, "decision": "", "method": ""})
    assert response.status_code == 400
    errors = errors_of(response)
    assert any("答复方式" in e for e in errors) and len(errors) >= 2, errors
    assert Consent.objects.get(case=case, party=respondent).decision == ConsentDecision.PENDING
    assert status(case) == "consent_pending"


def test_a_party_that_is_not_offered_is_refused(client, world: MediationWorld) -> None:
    case = make_case(world)
    other = make_case(world).parties.get(side="respondent")
    client.force_login(world.chair)
    response = act(client, case, "record_consent", {"party": other.pk, "decision": "refused", "method": "phone"})
    assert response.status_code == 400
    assert any("当事人" in e and "不在列表中" in e for e in errors_of(response)), errors_of(response)
    assert status(case) == "applied"


def test_accepting(client, world: MediationWorld) -> None:
    case = make_case(world)
    client.force_login(world.chair)
    assert "已受理。" in post_ok(client, case, "accept")
    assert status(case) == "accepted"
    assert Event.objects.filter(verb__endswith=".accept", subject_id=str(case.pk)).exists()


def test_refusing_acceptance_needs_a_reason_and_the_route(client, world: MediationWorld) -> None:
    case = make_case(world)
    client.force_login(world.chair)
    response = act(client, case, "refuse_acceptance", {"reason": "", "redirect_to": ""})
    assert response.status_code == 400
    errors = errors_of(response)
    assert "请选择不予受理的理由。" in errors
    assert "请填写应向哪个机关或法院申请（告知当事人其他途径）。" in errors
    assert status(case) == "applied"
    page = post_ok(client, case, "refuse_acceptance", {"reason": "already_handled", "redirect_to": "示范县人民法院"})
    assert "不予受理" in page
    assert status(case) == "not_accepted"


def test_assigning_offers_only_the_committees_active_mediators(client, world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    idle = make_mediator(world.township_committee, "赵离岗", is_active=False)
    client.force_login(world.chair)
    form = client.get(case_url(case)).content.decode().split('id="action-assign_mediator"')[-1].split("</form>")[0]
    assert "张调解" in form and "李调解" in form
    assert "王外会" not in form and "赵离岗" not in form
    assert world.outsider is not None
    response = act(client, case, "assign_mediator", {"presiding": world.outsider.pk})
    assert response.status_code == 400
    assert not CaseMediator.objects.filter(case=case).exists()
    response = act(client, case, "assign_mediator", {"presiding": idle.pk})
    assert response.status_code == 400
    post_ok(
        client,
        case,
        "assign_mediator",
        {"presiding": world.mediators[0].pk, "assisting": [world.mediators[1].pk]},
    )
    assert status(case) == "mediator_assigned"
    roles = dict(CaseMediator.objects.filter(case=case).values_list("mediator_id", "role"))
    assert roles == {world.mediators[0].pk: MediatorRole.PRESIDING, world.mediators[1].pk: MediatorRole.ASSISTING}


def test_assigning_without_a_presiding_mediator_is_refused(client, world: MediationWorld) -> None:
    case = make_case(world, "accepted")
    client.force_login(world.chair)
    response = act(client, case, "assign_mediator", {})
    assert response.status_code == 400 and errors_of(response)
    assert status(case) == "accepted"


def test_adding_a_mediator(client, world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    client.force_login(world.chair)
    post_ok(client, case, "add_mediator", {"mediator": world.mediators[1].pk})
    assert CaseMediator.objects.filter(case=case, mediator=world.mediators[1], recused_at__isnull=True).exists()


def test_recusal_with_a_replacement(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    presiding = CaseMediator.objects.get(case=case)
    client.force_login(world.chair)
    response = act(client, case, "recuse", {"case_mediator": presiding.pk, "basis": "", "reason": ""})
    assert response.status_code == 400
    assert len(errors_of(response)) >= 2, errors_of(response)
    assert CaseMediator.objects.get(pk=presiding.pk).recused_at is None
    post_ok(
        client,
        case,
        "recuse",
        {
            "case_mediator": presiding.pk,
            "basis": "party_request",
            "reason": "与申请人系亲属",
            "replacement": world.mediators[1].pk,
        },
    )
    assert CaseMediator.objects.get(pk=presiding.pk).recused_at is not None
    assert CaseMediator.objects.filter(case=case, mediator=world.mediators[1], recused_at__isnull=True).exists()


def test_a_respondent_is_added_before_consent_is_sought(client, world: MediationWorld) -> None:
    """A case converted from a work order has no respondent yet: seeking consent says so; the
    committee adds the respondent (every bad detail named at once), then invites them."""
    case = make_case(world)
    case.parties.filter(side="respondent").delete()
    client.force_login(world.chair)
    response = act(client, case, "seek_consent")
    assert response.status_code == 400
    assert "案件尚无被申请人：请先补充被申请人信息，再征询其调解意愿。" in errors_of(response)
    response = act(client, case, "add_party", {"side": "respondent", "name": "", "id_number": "12345"})
    assert response.status_code == 400
    errors = errors_of(response)
    assert "请填写被申请人的姓名或名称。" in errors and any("身份证号" in e for e in errors), errors
    assert case.parties.count() == 1
    post_ok(
        client,
        case,
        "add_party",
        {"side": "respondent", "kind": "person", "name": "孙邻居", "phone": "13900139000"},
    )
    assert case.parties.filter(side="respondent", name="孙邻居").exists()
    post_ok(client, case, "seek_consent")
    assert status(case) == "consent_pending"
