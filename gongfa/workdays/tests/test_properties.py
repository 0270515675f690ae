"""Property tests against an independent oracle (chinesecalendar directly, weekends past its data)."""

import datetime

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongfa.workdays.services import compute_deadline, package_covers

D = datetime.date
ONE = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db

starts = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31))
periods = st.integers(min_value=0, max_value=60)
hypothesis_settings = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def oracle_working(day: datetime.date) -> bool:
    if package_covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


@hypothesis_settings
@given(start=starts, n=periods)
def test_calendar_mode_rolls_to_the_first_working_day(start, n):
    due = compute_deadline(start, n, "calendar").due
    last = start + datetime.timedelta(days=n)
    assert due >= last
    if n == 0:
        assert due == start
        return
    assert oracle_working(due)
    day = last
    while day < due:
        assert not oracle_working(day), f"{day} is a working day before {due}"
        day += ONE


@hypothesis_settings
@given(start=starts, n=periods)
def test_working_mode_ends_on_the_nth_working_day(start, n):
    deadline = compute_deadline(start, n, "working")
    due = deadline.due
    if n == 0:
        assert due == start
        return
    assert oracle_working(due)
    counted = sum(1 for k in range(1, (due - start).days + 1) if oracle_working(start + datetime.timedelta(days=k)))
    assert counted == n
    assert bool(deadline.warnings) == (due.year > 2026)
