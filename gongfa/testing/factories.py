"""Test factories shared by every app's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import factory

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.validators import id_check_char
from gongfa.network.choices import AgencyKind, PointTier, RegionLevel, ServiceKind
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting

TEST_PASSWORD = "correct-horse-battery-staple"


def make_id_number(
    region_code: str = "330102", birth: datetime.date = datetime.date(1970, 1, 1), seq: int = 123
) -> str:
    """A valid 18-character ID number (GB 11643) for tests."""
    first17 = f"{region_code[:6]}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


class _UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试{n}")
    role = Role.WINDOW_STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: dict | None = None) -> None:
        if create:
            instance.save()


class _CitizenFactory(_UserFactory):
    role = Role.CITIZEN
    username = factory.Sequence(lambda n: f"citizen{n}")  # opaque: never the phone
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")
    id_number = factory.Sequence(lambda n: make_id_number(seq=n % 1000))


def UserFactory(**kwargs: Any) -> User:
    """A saved staff user (window staff unless `role=` says otherwise), password TEST_PASSWORD."""
    user: User = _UserFactory.create(**kwargs)
    return user


def CitizenFactory(**kwargs: Any) -> User:
    """A saved citizen with a valid phone and ID number."""
    user: User = _CitizenFactory.create(**kwargs)
    return user


@dataclass
class MiniNetwork:
    """province → city → county → townships → villages, with a centre, stations and rooms."""

    province: Region
    city: Region
    county: Region
    townships: list[Region]
    villages: list[Region]
    centre: ServicePoint
    legal_aid_centre: Agency
    stations: dict[str, ServicePoint] = field(default_factory=dict)
    rooms: dict[str, ServicePoint] = field(default_factory=dict)


def build_network(
    *, prefix: str = "330102", townships: int = 2, villages_per_township: int = 3, name: str = "示范"
) -> MiniNetwork:
    """A small but complete network under county `prefix` (6 digits)."""
    province, _ = Region.objects.get_or_create(
        code=prefix[:2].ljust(12, "0"), defaults={"name": f"{name}省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code=prefix[:4].ljust(12, "0"), defaults={"name": f"{name}市", "level": RegionLevel.CITY, "parent": province}
    )
    county = Region.objects.create(code=prefix.ljust(12, "0"), name=f"{name}县", level=RegionLevel.COUNTY, parent=city)
    centre = ServicePoint.objects.create(
        name=f"{name}县公共法律服务中心", tier=PointTier.CENTRE, region=county, services=list(ServiceKind.values)
    )
    legal_aid_centre = Agency.objects.create(
        name=f"{name}县法律援助中心", kind=AgencyKind.LEGAL_AID_CENTRE, region=county, point=centre
    )
    net = MiniNetwork(province, city, county, [], [], centre, legal_aid_centre)
    for t in range(1, townships + 1):
        township = Region.objects.create(
            code=f"{prefix}{t:03d}000", name=f"{name}{t}镇", level=RegionLevel.TOWNSHIP, parent=county
        )
        net.townships.append(township)
        net.stations[township.code] = ServicePoint.objects.create(
            name=f"{township.name}公共法律服务工作站", tier=PointTier.STATION, region=township
        )
        for v in range(1, villages_per_township + 1):
            village = Region.objects.create(
                code=f"{prefix}{t:03d}{v:03d}", name=f"{name}{t}镇{v}村", level=RegionLevel.VILLAGE, parent=township
            )
            net.villages.append(village)
            net.rooms[village.code] = ServicePoint.objects.create(
                name=f"{village.name}公共法律服务工作室", tier=PointTier.ROOM, region=village
            )
    return net


def post(user: User, place: ServicePoint | Agency, role: str | None = None, **extra: object) -> StaffPosting:
    """Give `user` an active posting at a point or agency."""
    kwargs: dict[str, object] = {"point": place} if isinstance(place, ServicePoint) else {"agency": place}
    return StaffPosting.objects.create(user=user, role=role or user.role, **kwargs, **extra)


def staff(role: str = Role.WINDOW_STAFF, at: ServicePoint | Agency | None = None, **kwargs: Any) -> User:
    user = UserFactory(role=role, **kwargs)
    if at is not None:
        post(user, at)
    return user


def law_firm(region: Region, name: str = "") -> Agency:
    """A law firm (律师事务所) in `region`, created once per name."""
    firm, _ = Agency.objects.get_or_create(
        region=region, name=name or f"{region.name}律师事务所", defaults={"kind": AgencyKind.LAW_FIRM}
    )
    return firm


def eligible_advisor(region: Region, role: str = Role.VILLAGE_ADVISOR, **kwargs: Any) -> User:
    """Someone who may be appointed a village legal adviser: practising at a law firm in `region`
    (network.qualifications)."""
    user = UserFactory(role=role, **kwargs)
    post(user, law_firm(region), role=role)
    return user
