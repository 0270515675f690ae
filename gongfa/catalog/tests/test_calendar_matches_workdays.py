"""The catalogue's batch calendar counts days exactly as gongfa.workdays does (due dates and
warnings), so that sharing one Holiday query across stages changes nothing."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongfa.catalog.deadlines import WorkingCalendar
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import Holiday
from gongfa.workdays.services import compute_deadline

D = datetime.date

pytestmark = pytest.mark.django_db

starts = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))
periods = st.integers(min_value=0, max_value=60)
hypothesis_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _ours(start: datetime.date, n: int, mode: str) -> tuple[datetime.date, tuple[str, ...]]:
    calendar = WorkingCalendar()
    due = calendar.nth_working_day_after(start, n) if mode == "working" else calendar.calendar_due(start, n)
    return due, calendar.warnings()


def _theirs(start: datetime.date, n: int, mode: str) -> tuple[datetime.date, tuple[str, ...]]:
    deadline = compute_deadline(start, n, mode)
    return deadline.due, deadline.warnings


@hypothesis_settings
@given(start=starts, n=periods, mode=st.sampled_from(["calendar", "working"]))
def test_same_result_as_workdays(start, n, mode):
    assert _ours(start, n, mode) == _theirs(start, n, mode)


def test_same_result_with_administrator_entries():
    Holiday.objects.create(date=D(2026, 9, 29), kind=HolidayKind.HOLIDAY, name="本地")
    Holiday.objects.create(date=D(2027, 1, 1), kind=HolidayKind.HOLIDAY, name="元旦")
    Holiday.objects.create(date=D(2027, 2, 6), kind=HolidayKind.MAKEUP_WORKDAY, name="春节调休")
    for start in (D(2026, 9, 28), D(2026, 12, 28), D(2027, 1, 29), D(2027, 2, 5)):
        for n in (1, 3, 7, 15):
            for mode in ("calendar", "working"):
                assert _ours(start, n, mode) == _theirs(start, n, mode), (start, n, mode)
