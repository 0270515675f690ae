"""The mediation case page: parties with ID numbers and phones masked, the timeline, the documents,
and the actions offered from the transition table to those who may take them; other people get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.mediation.choices import MediatorRole
from gongfa.mediation.models import CaseMediator, MediationCase, Mediator
from gongfa.mediation.services.acceptance import accept_case
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory, staff
from gongfa.workbench.tests.mediation_support import act, case_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def offered(page: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="action-([a-z_]+)"', page))


def test_the_committee_sees_the_case_with_personal_data_masked(client, world: MediationWorld) -> None:
    case = make_case(world)
    applicant = case.parties.get(side="applicant")
    client.force_login(world.chair)
    response = client.get(case_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page and "邻居装修致墙体开裂" in page
    assert applicant.id_number not in page and applicant.masked_id_number in page
    assert "13800138001" not in page and applicant.masked_phone in page
    assert 'href="#main"' in page or "skip" in page  # the base's skip link
    assert {"seek_consent", "accept", "refuse_acceptance", "record_consent", "add_document"} <= offered(page)
    assert "assign_mediator" not in offered(page)


def test_the_timeline_shows_the_events(client, world: MediationWorld) -> None:
    case = make_case(world)
    accept_case(actor=world.chair, case=case)
    client.force_login(world.chair)
    page = client.get(case_url(case)).content.decode()
    timeline = page.split('data-testid="case-timeline"')[1]
    assert "受理" in timeline and "调委会主任" in timeline
    assert {"assign_mediator"} <= offered(page)


def test_a_mediator_on_the_case_handles_but_does_not_manage(client, world: MediationWorld) -> None:
    """A mediator posted elsewhere (not at the committee's agency) handles the cases they are on; the
    committee's own steps (adding mediators, sealing, closing) are not offered to them."""
    case = make_case(world, "in_mediation", with_mediator=False)
    user = staff(Role.MEDIATOR, at=world.net.rooms[world.net.villages[1].code], real_name="孙调解")
    mediator = Mediator.objects.create(user=user, committee=world.township_committee)
    CaseMediator.objects.create(case=case, mediator=mediator, role=MediatorRole.PRESIDING)
    client.force_login(user)
    page = client.get(case_url(case)).content.decode()
    shown = offered(page)
    assert {"record_session", "extend", "fail", "draft_agreement", "report_escalation"} <= shown
    assert "add_mediator" not in shown
    assert act(client, case, "add_mediator", {"mediator": world.mediators[1].pk}).status_code == 400
    assert case.mediators.count() == 1


def test_others_do_not_learn_that_the_case_exists(client, world: MediationWorld) -> None:
    case = make_case(world)
    assert world.outsider is not None
    for person in (world.outsider.user, staff(Role.HOTLINE_AGENT, at=world.net.centre)):
        client.force_login(person)
        assert client.get(case_url(case)).status_code == 404
        assert act(client, case, "accept").status_code == 404
    assert MediationCase.objects.get(pk=case.pk).status == "applied"
    client.force_login(CitizenFactory())
    assert client.get(case_url(case)).status_code == 403


def test_an_action_has_its_own_phone_page_and_unknown_actions_are_404(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    page = client.get(reverse("workbench:mediation_action", args=[case.number, "record_session"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'type="datetime-local"' in text and 'enctype="multipart/form-data"' in text
    assert client.get(reverse("workbench:mediation_action", args=[case.number, "nonsense"])).status_code == 404


def test_every_actions_own_page_renders(client, world: MediationWorld) -> None:
    from gongfa.workbench import mediation_urls  # noqa: F401  (its modules register the actions)
    from gongfa.workbench.views.mediation.common import ACTIONS

    assert len(ACTIONS) >= 30
    case = make_case(world, "in_mediation")
    client.force_login(world.chair)
    for name, spec in ACTIONS.items():
        response = client.get(reverse("workbench:mediation_action", args=[case.number, name]))
        assert response.status_code == 200, name
        assert f"<h1>{spec.label}</h1>" in response.content.decode(), name


def _offered_in_order(page: str) -> list[str]:
    import re

    return re.findall(r'data-testid="action-([a-z_]+)"', page)


def test_the_actions_come_in_the_order_of_the_work(client, world: MediationWorld) -> None:
    client.force_login(world.chair)
    applied = _offered_in_order(client.get(case_url(make_case(world, "applied"))).content.decode())
    assert applied.index("seek_consent") < applied.index("accept") < applied.index("add_document")
    assert applied.index("change_category") < applied.index("seek_consent")
    mediating = _offered_in_order(client.get(case_url(make_case(world, "in_mediation"))).content.decode())
    assert mediating.index("record_session") < mediating.index("draft_agreement") < mediating.index("add_document")
    ended = _offered_in_order(client.get(case_url(make_case(world, "failed"))).content.decode())
    assert ended[-2:] == ["add_document", "close"]
