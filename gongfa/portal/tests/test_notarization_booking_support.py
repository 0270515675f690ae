"""What the booking page tests share (portal and workbench): a notary office with a room, two
notaries' worth of slots, a video desk, an agency point and a home-visit team, its matters, a
frozen Monday, and a citizen. No tests here."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingChannel, ResourceKind
from gongfa.appointments.models import BookableResource, Booking, NotarialMatter, OfficeMatter, SlotTemplate
from gongfa.appointments.services.booking import book_slot
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network, staff

# A Monday in a year the holiday calendar covers; the booking window starts the next day.
MONDAY = datetime.date(2025, 3, 3)
TUESDAY = MONDAY + datetime.timedelta(days=1)
NINE = datetime.time(9, 0)
TEN = datetime.time(10, 0)


@dataclass
class Office:
    net: MiniNetwork
    agency: Agency
    room: BookableResource
    video: BookableResource
    point: BookableResource
    home: BookableResource
    kinship: NotarialMatter
    birth: NotarialMatter
    clerk: User
    citizen: User


def frozen_at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), tick=False)


def make_office(prefix: str = "330102", name: str = "示范县公证处", phone: str = "13912345678") -> Office:
    """Room: 09:00 and 10:00 on weekdays; video desk, agency point, home-visit team: 09:00 on
    weekdays. Handles kinship (agency point allowed) and birth (video allowed)."""
    net = build_network(prefix=prefix)
    agency = Agency.objects.create(
        name=name, kind=AgencyKind.NOTARY_OFFICE, region=net.county, point=net.centre, address="示范路1号"
    )
    room = BookableResource.objects.create(office=agency, kind=ResourceKind.ROOM, name="第一业务室")
    video = BookableResource.objects.create(office=agency, kind=ResourceKind.VIDEO, name="视频公证台")
    point = BookableResource.objects.create(
        office=agency, kind=ResourceKind.AGENCY_POINT, name="示范1镇代办点", point=net.stations[net.townships[0].code]
    )
    home = BookableResource.objects.create(office=agency, kind=ResourceKind.HOME_VISIT, name="上门服务组")
    for weekday in range(5):
        SlotTemplate.objects.create(resource=room, weekday=weekday, starts_at=NINE, ends_at=datetime.time(9, 30))
        SlotTemplate.objects.create(resource=room, weekday=weekday, starts_at=TEN, ends_at=datetime.time(10, 30))
        for resource in (video, point, home):
            SlotTemplate.objects.create(resource=resource, weekday=weekday, starts_at=NINE, ends_at=datetime.time(10))
    kinship = NotarialMatter.objects.get(code="kinship")
    birth = NotarialMatter.objects.get(code="birth")
    OfficeMatter.objects.create(office=agency, matter=kinship, agency_point_allowed=True, video_allowed=False)
    OfficeMatter.objects.create(office=agency, matter=birth, video_allowed=True, agency_point_allowed=False)
    clerk = staff(Role.NOTARY_CLERK, at=agency)
    citizen = CitizenFactory(real_name="张三", phone=phone)
    return Office(net, agency, room, video, point, home, kinship, birth, clerk, citizen)


@pytest.fixture(name="monday")
def monday_fixture() -> Iterator[None]:
    with frozen_at(MONDAY):
        yield


@pytest.fixture(name="office")
def office_fixture(db: None, monday: None) -> Office:
    return make_office()


def book(
    office: Office,
    *,
    citizen: User | None = None,
    resource: BookableResource | None = None,
    day: datetime.date = TUESDAY,
    at: datetime.time = NINE,
    matter: NotarialMatter | None = None,
    name: str = "张三",
    phone: str = "13912345678",
) -> Booking:
    """A booking made through the service (the citizen's own, or walk-in style without account)."""
    who = citizen if citizen is not None else office.citizen
    return book_slot(
        actor=who,
        office=office.agency,
        resource=resource or office.room,
        matter=matter or office.kinship,
        date=day,
        starts_at=at,
        name=name,
        phone=phone,
        channel=BookingChannel.PORTAL,
    )
