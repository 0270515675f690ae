"""A small world for the volunteers, expert-pool and training tests: the mediation test world's
network (a county, two townships, three villages each) with its managers (county window staff,
a township's window staff, the other township's, a county supervisor, an administrator), a
lawyer who manages nothing, experts and volunteers made the plain way, and a mediation case
with a pending expert consultation. The tests at the end check the world itself."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.mediation.choices import ConsultationStatus
from gongfa.mediation.models import ExpertConsultation, MediationCase
from gongfa.mediation.testing import MediationWorld, make_case
from gongfa.mediation.testing import build_world as build_mediation_world
from gongfa.network.models import Region
from gongfa.outreach.choices import VolunteerKind, VolunteerStatus
from gongfa.outreach.models import Expert, Volunteer
from gongfa.outreach.selectors.access import can_manage
from gongfa.testing.factories import MiniNetwork, UserFactory, post, staff

_phones = itertools.count(13700000001)


@dataclass
class VolunteerWorld:
    mediation: MediationWorld
    net: MiniNetwork
    county_staff: User  # window staff at the county centre: the whole county
    township_staff: User  # window staff at the first township's station
    other_staff: User  # window staff at the second township's station
    supervisor: User  # supervisor posted at the county centre
    admin: User
    lawyer: User  # manages nothing

    @property
    def village(self) -> Region:
        return self.net.villages[0]  # in the first township

    @property
    def far_village(self) -> Region:
        return self.net.villages[-1]  # in the second township


def build_world() -> VolunteerWorld:
    mediation = build_mediation_world()
    net = mediation.net
    township, other = net.townships
    lawyer = UserFactory(role=Role.LAWYER, real_name="陈律师")
    return VolunteerWorld(
        mediation=mediation,
        net=net,
        county_staff=staff(Role.WINDOW_STAFF, at=net.centre, real_name="县中心干事"),
        township_staff=staff(Role.WINDOW_STAFF, at=net.stations[township.code], real_name="一镇干事"),
        other_staff=staff(Role.WINDOW_STAFF, at=net.stations[other.code], real_name="二镇干事"),
        supervisor=staff(Role.SUPERVISOR, at=net.centre, real_name="县主任"),
        admin=UserFactory(role=Role.ADMINISTRATOR, real_name="管理员"),
        lawyer=lawyer,
    )


def next_phone() -> str:
    return str(next(_phones))


def volunteer(
    world: VolunteerWorld,
    *,
    region: Region | None = None,
    status: str = VolunteerStatus.APPLIED,
    phone: str | None = None,
    last_active_on: datetime.date | None = None,
    name: str = "刘志愿",
    skills: list[str] | None = None,
) -> Volunteer:
    return Volunteer.objects.create(
        name=name,
        phone=phone or next_phone(),
        kind=VolunteerKind.STUDENT,
        organisation="示范大学法学院",
        region=region or world.village,
        status=status,
        last_active_on=last_active_on,
        skills=skills if skills is not None else ["labour"],
    )


def expert(
    world: VolunteerWorld,
    *,
    fields: list[str] | None = None,
    region: Region | None = None,
    name: str = "周专家",
    is_active: bool = True,
) -> Expert:
    return Expert.objects.create(
        name=name,
        organisation="示范律师事务所",
        fields=fields if fields is not None else ["labour"],
        region=region or world.net.county,
        is_active=is_active,
    )


def consultation(world: VolunteerWorld, *, category_code: str = "neighbour") -> ExpertConsultation:
    """A pending expert consultation on a case of the first village (handled by its mediators)."""
    case: MediationCase = make_case(world.mediation, "mediating", category_code=category_code)
    return ExpertConsultation.objects.create(
        case=case, question="相邻关系中承重墙拆除的责任如何划分？", requested_by=world.mediation.mediators[0].user
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def world(db: None) -> VolunteerWorld:
    return build_world()


def test_the_managers_manage_what_their_postings_cover(world):
    assert can_manage(world.county_staff, world.far_village)
    assert can_manage(world.township_staff, world.village)
    assert not can_manage(world.township_staff, world.far_village)
    assert can_manage(world.supervisor, world.far_village) and can_manage(world.admin, world.far_village)
    assert not can_manage(world.lawyer, world.village)


def test_a_pending_consultation_is_on_a_case_of_the_first_village(world):
    found = consultation(world)
    assert found.status == ConsultationStatus.REQUESTED and found.case.region == world.village


def test_other_staff_is_posted_elsewhere(world):
    post(world.lawyer, world.net.centre)  # a posting alone does not make a lawyer a manager
    assert not can_manage(world.lawyer, world.village)
