"""Test fixtures for people's mediation: a township committee and two village committees of a
MiniNetwork, their chairs (posted at the committee) and mediators, and a case in a chosen state
made the plain way (rows, no services), for tests of one step."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.mediation.choices import (
    CaseSource,
    CommitteeType,
    Employment,
    Gender,
    IntakeChannel,
    MediatorRole,
    MemberRole,
    PartySide,
)
from gongfa.mediation.models import (
    CaseMediator,
    CaseParty,
    Committee,
    CommitteeMember,
    DisputeCategory,
    MediationCase,
    Mediator,
)
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network, make_id_number, staff

_numbers = itertools.count(1)


@dataclass
class MediationWorld:
    net: MiniNetwork
    township_committee: Committee
    village_committee: Committee
    other_committee: Committee
    chair: User  # posted at township_committee's agency
    mediators: list[Mediator] = field(default_factory=list)  # of township_committee
    outsider: Mediator | None = None  # of other_committee


def make_committee(
    region: Region, committee_type: str = CommitteeType.TOWNSHIP, name: str | None = None, members: int = 3
) -> Committee:
    agency = Agency.objects.create(
        name=name or f"{region.name}人民调解委员会", kind=AgencyKind.MEDIATION_COMMITTEE, region=region
    )
    committee = Committee.objects.create(agency=agency, committee_type=committee_type)
    for index in range(members):
        CommitteeMember.objects.create(
            committee=committee,
            name=f"委员{index + 1}",
            gender=Gender.FEMALE if index == 1 else Gender.MALE,
            role=MemberRole.CHAIR if index == 0 else MemberRole.MEMBER,
        )
    return committee


def make_mediator(committee: Committee, name: str = "", **fields: object) -> Mediator:
    user = staff(Role.MEDIATOR, at=committee.agency, real_name=name or f"调解员{next(_numbers)}")
    fields.setdefault("employment", Employment.FULL_TIME)
    return Mediator.objects.create(user=user, committee=committee, **fields)


def build_world() -> MediationWorld:
    net = build_network()
    township = make_committee(net.townships[0])
    village = make_committee(net.villages[0], CommitteeType.VILLAGE)
    other = make_committee(net.townships[1])
    chair = staff(Role.WINDOW_STAFF, at=township.agency, real_name="调委会主任")
    world = MediationWorld(net, township, village, other, chair)
    world.mediators = [make_mediator(township, "张调解"), make_mediator(township, "李调解")]
    world.outsider = make_mediator(other, "王外会")
    return world


def make_case(
    world: MediationWorld,
    status: str = "applied",
    *,
    committee: Committee | None = None,
    category_code: str = "neighbour",
    with_mediator: bool | None = None,
    respondent_user: User | None = None,
    applicant_user: User | None = None,
) -> MediationCase:
    """A case with one applicant and one respondent (both with ID numbers and phones) in `status`;
    from MEDIATOR_ASSIGNED on, world.mediators[0] presides unless with_mediator is False."""
    committee = committee or world.township_committee
    now = timezone.now()
    case = MediationCase.objects.create(
        number=f"测试调〔{now.year}〕{next(_numbers)}号",
        status=status,
        committee=committee,
        region=world.net.villages[0],
        category=DisputeCategory.objects.get(code=category_code),
        source=CaseSource.PARTY_APPLICATION,
        intake_channel=IntakeChannel.WINDOW,
        summary="邻居装修致墙体开裂",
        facts="申请人称被申请人装修时拆除承重墙，致其房屋墙体开裂。",
        claims="赔偿修缮费用。",
    )
    applicant = applicant_user or CitizenFactory(real_name="赵申请")
    CaseParty.objects.create(
        case=case,
        side=PartySide.APPLICANT,
        user=applicant,
        name="赵申请",
        id_number=make_id_number(),
        phone="13800138001",
    )
    CaseParty.objects.create(
        case=case,
        side=PartySide.RESPONDENT,
        user=respondent_user,
        name="钱被申",
        id_number=make_id_number(),
        phone="13800138002",
    )
    assigned = status not in ("applied", "consent_pending", "accepted", "not_accepted", "not_mediated")
    if with_mediator if with_mediator is not None else assigned:
        CaseMediator.objects.create(case=case, mediator=world.mediators[0], role=MediatorRole.PRESIDING)
    return case
