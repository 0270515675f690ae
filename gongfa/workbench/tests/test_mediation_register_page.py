"""登记调解案件 on the workbench: the committee's staff register a dispute with one applicant and one
respondent; every bad input named beside its field at once (400), nothing written; others have no
committee to choose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.mediation.models import MediationCase
from gongfa.mediation.testing import MediationWorld, build_world
from gongfa.testing.factories import make_id_number
from gongfa.workbench.tests.mediation_support import errors_of

pytestmark = pytest.mark.django_db
URL = "/workbench/mediation/new/"


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def good(world: MediationWorld, **changes: str) -> dict[str, object]:
    from gongfa.mediation.models import DisputeCategory

    data: dict[str, object] = {
        "committee": world.township_committee.pk,
        "region_code": world.net.villages[1].code,
        "category": DisputeCategory.objects.get(code="neighbour").pk,
        "source": "party_application",
        "application_form": "oral",
        "intake_channel": "window",
        "summary": "宅基地边界纠纷",
        "facts": "双方对宅基地边界有争议。",
        "claims": "确认边界。",
        "applicant_name": "周甲",
        "applicant_id_number": make_id_number(seq=71),
        "applicant_phone": "13700137001",
        "respondent_name": "吴乙",
        "respondent_phone": "13700137002",
    }
    data.update(changes)
    return data


def test_registering_a_dispute(client, world: MediationWorld) -> None:
    client.force_login(world.chair)
    assert reverse("workbench:mediation_register") == URL
    page = client.get(URL).content.decode()
    assert world.township_committee.agency.name in page and world.other_committee.agency.name not in page
    response = client.post(URL, good(world))
    assert response.status_code == 302, errors_of(response)
    case = MediationCase.objects.get()
    assert response["Location"] == reverse("workbench:mediation_case", args=[case.number])
    assert (case.status, case.committee, case.region) == ("applied", world.township_committee, world.net.villages[1])
    assert sorted(case.parties.values_list("side", "name")) == [("applicant", "周甲"), ("respondent", "吴乙")]


def test_every_bad_input_at_once(client, world: MediationWorld) -> None:
    client.force_login(world.chair)
    data = good(
        world,
        region_code="",
        category="",
        source="",
        summary="",
        applicant_name="",
        applicant_id_number="110101199001011234",
        respondent_name="",
        amount_in_dispute="很多",
    )
    response = client.post(URL, data)
    assert response.status_code == 400
    errors = errors_of(response)
    assert "请选择纠纷发生地。" in errors and "请选择纠纷类型。" in errors and "请选择案件来源。" in errors
    assert "请填写纠纷简要。" in errors
    assert any("申请人" in e and "姓名" in e for e in errors) and any("被申请人" in e and "姓名" in e for e in errors)
    assert len(errors) >= 7, errors
    page = response.content.decode()
    assert 'href="#id_region_code"' in page and 'href="#id_applicant_name"' in page  # beside their fields
    assert not MediationCase.objects.exists()


def test_another_committee_cannot_be_chosen(client, world: MediationWorld) -> None:
    client.force_login(world.chair)
    response = client.post(URL, good(world, committee=str(world.other_committee.pk)))
    assert response.status_code == 400
    assert not MediationCase.objects.exists()
    assert world.outsider is not None
    client.force_login(world.outsider.user)  # posted at the other committee: may register there
    assert client.post(URL, good(world, committee=str(world.other_committee.pk))).status_code == 302
