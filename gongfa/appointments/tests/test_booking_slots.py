"""Free slots (available_slots): templates over the window, working days, closures, held slots,
validity dates, and a constant number of queries. The helpers here are shared by the other
test_booking_* modules."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import BookingMode, BookingStatus, ResourceKind
from gongfa.appointments.models import BookableResource, Booking, Closure, NotarialMatter, OfficeMatter, SlotTemplate
from gongfa.appointments.selectors.booking import available_slots, booking_window, next_free_slots
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network, staff
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import Holiday

# A Monday in a year the holiday calendar covers.
MONDAY = datetime.date(2025, 3, 3)
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


@pytest.fixture(name="monday")
def monday_fixture() -> Iterator[None]:
    with frozen_at(MONDAY):
        yield


def make_office(prefix: str = "330102", *, every_day: bool = True) -> Office:
    """A notary office with a room (09:00 and 10:00 every day of the week, weekends included so
    that the calendar decides), a video desk, an agency point and a home-visit team (09:00 on
    weekdays), handling kinship (agency point allowed) and birth (video allowed)."""
    net = build_network(prefix=prefix)
    agency = Agency.objects.create(
        name="示范县公证处", kind=AgencyKind.NOTARY_OFFICE, region=net.county, point=net.centre
    )
    room = BookableResource.objects.create(office=agency, kind=ResourceKind.ROOM, name="第一业务室")
    video = BookableResource.objects.create(office=agency, kind=ResourceKind.VIDEO, name="视频公证台")
    point = BookableResource.objects.create(
        office=agency, kind=ResourceKind.AGENCY_POINT, name="示范1镇代办点", point=net.stations[net.townships[0].code]
    )
    home = BookableResource.objects.create(office=agency, kind=ResourceKind.HOME_VISIT, name="上门服务组")
    for weekday in range(7 if every_day else 5):
        SlotTemplate.objects.create(resource=room, weekday=weekday, starts_at=NINE, ends_at=datetime.time(9, 30))
        SlotTemplate.objects.create(resource=room, weekday=weekday, starts_at=TEN, ends_at=datetime.time(10, 30))
    for resource in (video, point, home):
        for weekday in range(5):
            SlotTemplate.objects.create(
                resource=resource, weekday=weekday, starts_at=NINE, ends_at=datetime.time(10, 0)
            )
    kinship = NotarialMatter.objects.get(code="kinship")
    birth = NotarialMatter.objects.get(code="birth")
    OfficeMatter.objects.create(office=agency, matter=kinship)
    OfficeMatter.objects.create(office=agency, matter=birth)
    clerk = staff(Role.NOTARY_CLERK, at=agency)
    citizen = CitizenFactory(real_name="王小明")
    return Office(net, agency, room, video, point, home, kinship, birth, clerk, citizen)


@pytest.fixture(name="office")
def office_fixture(db: None) -> Office:
    return make_office()


def hold(office: Office, day: datetime.date, at: datetime.time, status: str = BookingStatus.BOOKED) -> Booking:
    """A booking written directly (the slot-holding state the selectors read)."""
    return Booking.objects.create(
        number=f"T{day:%m%d}{at:%H%M}{status[:2]}",
        status=status,
        office=office.agency,
        resource=office.room,
        matter=office.kinship,
        date=day,
        starts_at=at,
        ends_at=datetime.time(at.hour, 30),
        name="张三",
        phone="13800000000",
    )


def test_window_runs_from_tomorrow_for_the_region_setting(office: Office) -> None:
    assert booking_window(office.net.county, MONDAY) == (
        MONDAY + datetime.timedelta(days=1),
        MONDAY + datetime.timedelta(days=30),
    )
    RegionSetting.objects.create(
        region=office.net.county, key=rules.BOOKING_WINDOW_DAYS.key, value=7, effective_from=datetime.date(2020, 1, 1)
    )
    assert booking_window(office.net.county, MONDAY) == (
        MONDAY + datetime.timedelta(days=1),
        MONDAY + datetime.timedelta(days=7),
    )


def test_slots_cover_working_days_of_the_window_only(office: Office) -> None:
    slots = available_slots(office.agency, resource=office.room, today=MONDAY)
    days = sorted({s.date for s in slots})
    assert days[0] == MONDAY + datetime.timedelta(days=1)
    assert days[-1] <= MONDAY + datetime.timedelta(days=30)
    assert all(d.weekday() < 5 for d in days)  # March 2025: no make-up Saturday
    assert len(days) == 22  # 4 Mar – 2 Apr 2025: 22 working days
    assert len(slots) == 44
    assert [(s.date, s.starts_at) for s in slots] == sorted((s.date, s.starts_at) for s in slots)
    assert {s.mode for s in slots} == {BookingMode.AT_OFFICE}


def test_official_holidays_out_and_make_up_days_in(db: None) -> None:
    office = make_office()
    today = datetime.date(2025, 4, 20)
    days = {s.date for s in available_slots(office.agency, resource=office.room, today=today)}
    assert datetime.date(2025, 5, 1) not in days  # 劳动节
    assert datetime.date(2025, 5, 5) not in days
    assert datetime.date(2025, 4, 27) in days  # a Sunday, a make-up working day
    assert datetime.date(2025, 4, 26) not in days  # an ordinary Saturday
    Holiday.objects.create(date=datetime.date(2025, 4, 29), kind=HolidayKind.HOLIDAY, name="地方假日")
    days = {s.date for s in available_slots(office.agency, resource=office.room, today=today)}
    assert datetime.date(2025, 4, 29) not in days


def test_closures_office_wide_and_per_resource(office: Office) -> None:
    tuesday, wednesday = MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=2)
    Closure.objects.create(office=office.agency, starts_on=tuesday, ends_on=tuesday, reason="培训")
    Closure.objects.create(
        office=office.agency, resource=office.video, starts_on=wednesday, ends_on=wednesday, reason="设备检修"
    )
    slots = available_slots(office.agency, today=MONDAY, last=wednesday)
    assert {s.date for s in slots} == {wednesday}
    assert office.video.pk not in {s.resource_id for s in slots}
    assert office.room.pk in {s.resource_id for s in slots}


def test_held_slots_are_not_offered_but_cancelled_ones_are(office: Office) -> None:
    tuesday = MONDAY + datetime.timedelta(days=1)
    hold(office, tuesday, NINE)
    hold(office, tuesday, TEN, status=BookingStatus.CANCELLED)
    slots = available_slots(office.agency, resource=office.room, today=MONDAY, last=tuesday)
    assert [(s.date, s.starts_at) for s in slots] == [(tuesday, TEN)]


def test_template_validity_and_inactive_resources(office: Office) -> None:
    SlotTemplate.objects.filter(resource=office.room, starts_at=TEN).update(
        valid_from=MONDAY + datetime.timedelta(days=3)
    )
    SlotTemplate.objects.filter(resource=office.room, starts_at=NINE).update(
        valid_until=MONDAY + datetime.timedelta(days=1)
    )
    slots = available_slots(office.agency, resource=office.room, today=MONDAY, last=MONDAY + datetime.timedelta(days=3))
    assert [(s.date.day, s.starts_at) for s in slots] == [(4, NINE), (6, TEN)]
    office.room.is_active = False
    office.room.save()
    assert available_slots(office.agency, resource=office.room, today=MONDAY) == []


def test_mode_filter_and_past_window_bounds(office: Office) -> None:
    video = available_slots(office.agency, mode=BookingMode.VIDEO, today=MONDAY)
    assert video and {s.resource_id for s in video} == {office.video.pk}
    assert available_slots(office.agency, today=MONDAY, first=MONDAY - datetime.timedelta(days=5), last=MONDAY) == []
    far = available_slots(office.agency, today=MONDAY, first=MONDAY + datetime.timedelta(days=60))
    assert far == []
    assert next_free_slots(office.agency, limit=2, today=MONDAY)[0].date == MONDAY + datetime.timedelta(days=1)
    assert len(next_free_slots(office.agency, limit=2, today=MONDAY)) == 2


def test_constant_number_of_queries_whatever_the_window(office: Office) -> None:
    def count(days: int) -> int:
        RegionSetting.objects.update_or_create(
            region=office.net.county,
            key=rules.BOOKING_WINDOW_DAYS.key,
            effective_from=datetime.date(2020, 1, 1),
            defaults={"value": days},
        )
        with CaptureQueriesContext(connection) as queries:
            available_slots(office.agency, today=MONDAY)
        return len(queries)

    hold(office, MONDAY + datetime.timedelta(days=2), NINE)
    count(3)  # the first call loads the holiday table, kept per process (gongfa.core.refcache)
    assert count(3) == count(90)
    assert count(90) <= 6
