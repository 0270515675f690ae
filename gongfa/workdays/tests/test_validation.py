"""Bad input gets a clear ValueError with a Chinese message."""

import datetime

import pytest
from django.utils import timezone

from gongfa.workdays.services import (
    MAX_PERIOD_DAYS,
    add_calendar_days,
    add_working_days,
    compute_deadline,
    is_working_day,
)

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("function", [add_calendar_days, add_working_days])
def test_negative_days_are_refused(function):
    with pytest.raises(ValueError, match="不能为负数"):
        function(D(2026, 6, 1), -1)


@pytest.mark.parametrize("n", [1.5, "7", None, True])
def test_non_integer_days_are_refused(n):
    with pytest.raises(ValueError, match="应为整数"):
        compute_deadline(D(2026, 6, 1), n, "calendar")


def test_too_long_a_period_is_refused():
    with pytest.raises(ValueError, match="不能超过"):
        compute_deadline(D(2026, 6, 1), MAX_PERIOD_DAYS + 1, "working")


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="期间计算方式只能取"):
        compute_deadline(D(2026, 6, 1), 3, "lunar")


def test_datetimes_are_refused_and_localdate_is_the_way():
    aware = datetime.datetime(2026, 9, 27, 17, 0, tzinfo=datetime.UTC)  # 2026-09-28 01:00 in Beijing
    with pytest.raises(ValueError, match="localdate"):
        add_calendar_days(aware, 7)
    with pytest.raises(ValueError, match="localdate"):
        is_working_day(aware)
    assert add_calendar_days(timezone.localdate(aware), 7) == D(2026, 10, 8)
