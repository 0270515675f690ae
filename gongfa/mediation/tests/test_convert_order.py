"""转为案件 → 人民调解: the work order's requester becomes the applicant of a case at the committee of
the order's village (else its township's, else the county's); the respondent is added later."""

from __future__ import annotations

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.choices import CaseStatus, CommitteeType, IntakeChannel, PartySide
from gongfa.mediation.models import Consent, MediationCase
from gongfa.mediation.services.consent import seek_consent
from gongfa.mediation.services.intake import add_party, committee_for
from gongfa.mediation.testing import MediationWorld, build_world, make_case, make_committee
from gongfa.testing.factories import CitizenFactory, make_id_number, staff
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import CaseLink, WorkOrder
from gongfa.workorders.services import accept_work_order, convert_to_case, create_work_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def portal_order(world: MediationWorld, region_index: int = 0) -> tuple[WorkOrder, User]:
    """A villager's request on the portal, taken by the staff of the village's room."""
    village = world.net.villages[region_index]
    clerk = staff(Role.WINDOW_STAFF, at=world.net.rooms[village.code])
    citizen = CitizenFactory(real_name="周村民")
    order = create_work_order(
        channel="portal", region=village, text="邻居在我家门口堆放杂物，协商不成，想请村里调解。", requester=citizen
    ).order
    assert order.owner_point == world.net.rooms[village.code]
    return accept_work_order(order=order, actor=clerk), clerk


def test_the_order_becomes_a_case_at_the_village_committee(world: MediationWorld) -> None:
    order, clerk = portal_order(world)
    link = convert_to_case(order=order, actor=clerk, kind="mediation")
    case = MediationCase.objects.get(work_order=order)
    assert link.case == case
    assert CaseLink.objects.filter(order=order).count() == 1
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.CONVERTED
    assert case.committee == world.village_committee  # villages[0] has its own committee
    assert case.status == CaseStatus.APPLIED
    assert (case.intake_channel, case.application_form) == (IntakeChannel.PORTAL, "written")
    applicant = case.parties.get()
    assert (applicant.side, applicant.user, applicant.name) == (PartySide.APPLICANT, order.requester, "周村民")
    event = Event.objects.get(verb="mediation.mediationcase.register", subject_id=str(case.pk))
    assert event.data["respondent_missing"] is True
    assert event.data["work_order"] == order.pk


def test_without_a_village_committee_the_township_committee_takes_it(world: MediationWorld) -> None:
    assert committee_for(world.net.villages[1]) == world.township_committee
    assert committee_for(world.net.villages[3]) == world.other_committee  # township 2's committee


def test_stationed_committees_are_not_picked(world: MediationWorld) -> None:
    village = world.net.villages[2]
    make_committee(village, CommitteeType.POLICE, name="派出所驻所调委会")
    assert committee_for(village) == world.township_committee


def test_the_county_committee_is_the_last_resort(world: MediationWorld) -> None:
    world.township_committee.agency.is_active = False
    world.township_committee.agency.save()
    assert committee_for(world.net.villages[1]) is None
    county = make_committee(world.net.county, CommitteeType.OTHER, name="示范县人民调解委员会")
    assert committee_for(world.net.villages[1]) == county


def test_no_committee_anywhere_is_a_clear_error(world: MediationWorld) -> None:
    for committee in (world.township_committee, world.village_committee):
        committee.agency.is_active = False
        committee.agency.save()
    order, clerk = portal_order(world)
    with pytest.raises(DomainError, match="尚未设立人民调解委员会"):
        convert_to_case(order=order, actor=clerk, kind="mediation")
    assert not MediationCase.objects.exists()
    assert WorkOrder.objects.get(pk=order.pk).status != WorkOrderStatus.CONVERTED


def test_consent_is_refused_until_the_respondent_is_added(world: MediationWorld) -> None:
    order, clerk = portal_order(world, region_index=1)  # the township committee's case
    convert_to_case(order=order, actor=clerk, kind="mediation")
    case = MediationCase.objects.get(work_order=order)
    with pytest.raises(DomainError, match="案件尚无被申请人"):
        seek_consent(actor=world.chair, case=case)
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.APPLIED
    party = add_party(
        actor=world.chair, case=case, side=PartySide.RESPONDENT, party={"name": "吴邻居", "phone": "13800138005"}
    )
    assert party.side == PartySide.RESPONDENT
    invitations = seek_consent(actor=world.chair, case=case)
    assert [i.consent.party for i in invitations] == [party]


def test_add_party_checks_the_details_and_the_stage(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    with pytest.raises(DomainError) as caught:
        add_party(actor=world.chair, case=case, side=PartySide.RESPONDENT, party={"name": "", "id_number": "123"})
    assert {p.field for p in caught.value.problems} == {
        "respondents.0.name",
        "respondents.0.id_number",
        "respondents.0.phone",  # neither phone nor address: the respondent cannot be asked
    }
    with pytest.raises(DomainError, match="请选择当事人地位"):
        add_party(actor=world.chair, case=case, side="bystander", party={"name": "路人"})
    accepted = make_case(world, "accepted")
    with pytest.raises(DomainError, match="受理后不能再增加当事人"):
        add_party(actor=world.chair, case=accepted, side=PartySide.RESPONDENT, party={"name": "孙", "address": "1组"})
    assert case.parties.count() == 2
    assert accepted.parties.count() == 2


def test_add_party_refuses_a_person_already_on_the_other_side(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    applicant = case.parties.get(side=PartySide.APPLICANT)
    with pytest.raises(DomainError, match="既是申请人又是被申请人"):
        add_party(
            actor=world.chair,
            case=case,
            side=PartySide.RESPONDENT,
            party={"user": applicant.user, "phone": "13800138001"},
        )


def test_a_respondent_added_while_consent_is_sought_is_invited_too(world: MediationWorld) -> None:
    case = make_case(world, "consent_pending")
    party = add_party(
        actor=world.chair,
        case=case,
        side=PartySide.RESPONDENT,
        party={"name": "孙二", "id_number": make_id_number(seq=301), "phone": "13800138006"},
    )
    assert Consent.objects.get(party=party).decision == "pending"


def test_only_the_committee_adds_parties(world: MediationWorld) -> None:
    case = make_case(world, "applied")
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        add_party(
            actor=world.outsider.user, case=case, side=PartySide.RESPONDENT, party={"name": "孙", "address": "1组"}
        )
