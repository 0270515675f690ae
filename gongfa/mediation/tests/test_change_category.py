"""更正纠纷类型: the committee corrects the category of a case (one converted from a work order
takes the order's topic) until it is closed; the statistics by category follow the correction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.models import DisputeCategory, MediationCase
from gongfa.mediation.services.intake import change_category
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.workbench.tests.mediation_support import act, errors_of, post_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def category(code: str) -> DisputeCategory:
    return DisputeCategory.objects.get(code=code)


def test_the_committee_corrects_the_category_with_an_event(world: MediationWorld) -> None:
    case = make_case(world, "applied", category_code="contract")
    changed = change_category(actor=world.chair, case=case, category=category("neighbour"), reason="实为相邻关系纠纷")
    assert MediationCase.objects.get(pk=case.pk).category.code == "neighbour" == changed.category.code
    event = Event.objects.get(verb="mediation.mediationcase.category_changed")
    assert event.actor == world.chair
    assert event.data == {"from": "contract", "to": "neighbour", "reason": "实为相邻关系纠纷"}


def test_bad_inputs_are_named_at_once_and_change_nothing(world: MediationWorld) -> None:
    case = make_case(world, "closed", category_code="neighbour")
    with pytest.raises(DomainError) as caught:
        change_category(actor=world.chair, case=case, category=None, reason="说" * 201)
    assert {(p.field, p.code) for p in caught.value.problems} == {
        (None, "case_closed"),
        ("category", "required"),
        ("reason", "too_long"),
    }
    open_case = make_case(world, "in_mediation", category_code="neighbour")
    with pytest.raises(DomainError, match="已经是“邻里”"):
        change_category(actor=world.chair, case=open_case, category=category("neighbour"))
    inactive = category("other")
    DisputeCategory.objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()
    with pytest.raises(DomainError, match="请选择纠纷类型"):
        change_category(actor=world.chair, case=open_case, category=inactive)
    assert MediationCase.objects.get(pk=case.pk).category.code == "neighbour"
    assert not Event.objects.filter(verb="mediation.mediationcase.category_changed").exists()


def test_another_committees_mediator_may_not(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation", category_code="contract")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        change_category(actor=world.outsider.user, case=case, category=category("neighbour"))
    assert MediationCase.objects.get(pk=case.pk).category.code == "contract"


def test_the_case_page_offers_it_to_the_committee_and_names_a_bad_choice(client, world: MediationWorld) -> None:
    case = make_case(world, "applied", category_code="contract")
    client.force_login(world.chair)
    page = client.get(reverse("workbench:mediation_case", args=[case.number])).content.decode()
    assert 'data-testid="action-change_category"' in page
    refused = act(client, case, "change_category", {"category": ""})
    assert refused.status_code == 400 and errors_of(refused) == ["请选择纠纷类型。"]
    done = post_ok(client, case, "change_category", {"category": category("neighbour").pk})
    assert "纠纷类型已更正为“邻里”" in done and "更正纠纷类型" in done  # the message and the timeline
