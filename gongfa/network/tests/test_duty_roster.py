import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from gongfa.network.models import DutyShift
from gongfa.network.selectors import on_duty
from gongfa.testing.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def roster(network):
    morning, afternoon = UserFactory(real_name="早班"), UserFactory(real_name="午班")
    day = datetime.date(2026, 11, 25)
    DutyShift.objects.create(
        point=network.centre, user=morning, date=day, starts_at=datetime.time(8), ends_at=datetime.time(12)
    )
    DutyShift.objects.create(
        point=network.centre, user=afternoon, date=day, starts_at=datetime.time(12), ends_at=datetime.time(18)
    )
    return network.centre, morning, afternoon


def test_who_is_on_duty_follows_local_time(roster):
    point, morning, afternoon = roster
    assert on_duty(point, datetime.datetime(2026, 11, 25, 9, 30, tzinfo=SHANGHAI)) == [morning]
    assert on_duty(point, datetime.datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)) == [afternoon]
    # 02:00 UTC is 10:00 in Beijing.
    assert on_duty(point, datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC)) == [morning]
    assert on_duty(point, datetime.datetime(2026, 11, 25, 19, 0, tzinfo=SHANGHAI)) == []


def test_inactive_people_are_not_on_duty(roster):
    point, morning, _ = roster
    morning.is_active = False
    morning.save()
    assert on_duty(point, datetime.datetime(2026, 11, 25, 9, 30, tzinfo=SHANGHAI)) == []


def test_a_shift_must_end_after_it_starts(network):
    with pytest.raises(IntegrityError):
        DutyShift.objects.create(
            point=network.centre,
            user=UserFactory(),
            date=datetime.date(2026, 11, 25),
            starts_at=datetime.time(12),
            ends_at=datetime.time(9),
        )
