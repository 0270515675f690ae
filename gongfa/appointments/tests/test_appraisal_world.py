"""The small world the appraisal tests share (imported by the other test_appraisal_* modules): a county
network with two institutions in its city, one in another city of the province, and the staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral, InstitutionCategory
from gongfa.appointments.services import appraisal as svc
from gongfa.legalaid.models import LegalAidApplication
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region
from gongfa.testing.factories import MiniNetwork, build_network, make_id_number, staff

PHONE = "13800138000"


@dataclass
class World:
    net: MiniNetwork
    reviewer: User
    window: User
    supervisor: User
    first: Agency  # two institutions in the city, forensic + environmental
    second: Agency
    far: Agency  # in another city of the same province
    appraiser: User  # posted at `first`
    clerk: User  # posted at `first` (受理人员)
    other_appraiser: User  # posted at `second`

    def category(self, code: str) -> AppraisalCategory:
        return AppraisalCategory.objects.get(code=code)


def institution(name: str, region: Region, *codes: str, listed: bool = True, active: bool = True) -> Agency:
    agency = Agency.objects.create(
        name=name, kind=AgencyKind.APPRAISAL_INSTITUTION, region=region, is_listed=listed, is_active=active
    )
    for code in codes:
        InstitutionCategory.objects.create(institution=agency, category=AppraisalCategory.objects.get(code=code))
    return agency


def build_world() -> World:
    net = build_network()
    other_city = Region.objects.create(code="330200000000", name="另一市", level=RegionLevel.CITY, parent=net.province)
    first = institution("示范市明鉴司法鉴定所", net.county, "forensic", "env_soil")
    second = institution("示范市正衡司法鉴定中心", net.city, "forensic_clinical")
    far = institution("另一市环境损害司法鉴定中心", other_city, "environmental")
    bureau = Agency.objects.create(name="示范县司法局", kind=AgencyKind.JUSTICE_BUREAU, region=net.county)
    return World(
        net=net,
        reviewer=staff(Role.LEGAL_AID_REVIEWER, at=net.legal_aid_centre),
        window=staff(Role.WINDOW_STAFF, at=net.centre),
        supervisor=staff(Role.SUPERVISOR, at=bureau),
        first=first,
        second=second,
        far=far,
        appraiser=staff(Role.APPRAISER, at=first),
        clerk=staff(Role.NOTARY_CLERK, at=first),
        other_appraiser=staff(Role.APPRAISER, at=second),
    )


def referral(world: World, actor: User | None = None, **overrides: Any) -> AppraisalReferral:
    data: dict[str, Any] = {
        "actor": actor or world.reviewer,
        "region": world.net.villages[0],
        "category": world.category("forensic_clinical"),
        "matter": "交通事故伤残等级鉴定",
        "applicant_name": "王秀英",
        "applicant_phone": PHONE,
        "purpose": "交通事故损害赔偿协商",
    }
    data.update(overrides)
    return svc.create_referral(**data)


def commissioned(world: World, **overrides: Any) -> AppraisalReferral:
    return svc.commission_by_agreement(
        actor=world.reviewer, referral=referral(world, **overrides), institution=world.first
    )


def accepted(world: World) -> AppraisalReferral:
    return svc.accept_referral(actor=world.appraiser, referral=commissioned(world))


def in_appraisal(world: World) -> AppraisalReferral:
    return svc.sign_agreement(actor=world.appraiser, referral=accepted(world))


def legal_aid_case(world: World, status: str = "granted", seq: int = 7) -> LegalAidApplication:
    return LegalAidApplication.objects.create(
        number=f"FY2026000000{seq}",
        status=status,
        region=world.net.villages[0],
        agency=world.net.legal_aid_centre,
        applicant_name="王秀英",
        id_number=make_id_number(seq=seq),
        phone=PHONE,
        matter_code="work_injury",
        matter_name="请求工伤事故赔偿",
        matter_article="《法律援助法》第31条",
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.mark.django_db
def test_the_world_has_what_the_tests_expect(world: World) -> None:
    assert world.net.city.level == RegionLevel.CITY
    assert {world.first.pk, world.second.pk} <= set(
        Agency.objects.filter(kind=AgencyKind.APPRAISAL_INSTITUTION).values_list("pk", flat=True)
    )
    assert world.first.appraisal_categories.count() == 2
