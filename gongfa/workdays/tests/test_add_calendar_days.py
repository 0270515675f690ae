"""Calendar-day periods (自然日) with the civil-law roll-over (《民法典》第201、203条)."""

import dataclasses
import datetime

import pytest

from gongfa.network.choices import DayCountMode
from gongfa.workdays.services import add_calendar_days, compute_deadline, is_working_day

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # rules.md "Day-count convention": the 7th day, 10-05, is in the National Day holiday.
        (D(2026, 9, 28), 7, D(2026, 10, 8)),
        # 10-10 is a make-up working day (调休上班日): the deadline stays there.
        (D(2026, 10, 3), 7, D(2026, 10, 10)),
        # Sat 06-06 → Mon 06-08.
        (D(2026, 6, 1), 5, D(2026, 6, 8)),
    ],
)
def test_rules_md_examples(start, n, due):
    assert add_calendar_days(start, n) == due


def test_start_day_does_not_count():
    # Received Tue 2026-03-03, 1 day → Wed 03-04 (not the receiving day itself).
    assert add_calendar_days(D(2026, 3, 3), 1) == D(2026, 3, 4)


def test_working_last_day_stays_even_if_days_before_are_holidays():
    # Received Thu 2026-10-01 (National Day), 7 days → Thu 10-08, a working day: no roll-over.
    assert add_calendar_days(D(2026, 10, 1), 7) == D(2026, 10, 8)


def test_roll_over_through_a_whole_holiday_and_its_weekend():
    # Spring Festival 2026 runs Sun 02-15 .. Mon 02-23; Sat 02-28 is a make-up working day.
    assert is_working_day(D(2026, 2, 23)) is False
    assert add_calendar_days(D(2026, 2, 10), 5) == D(2026, 2, 24)


def test_zero_days_is_the_start_day_without_roll_over():
    saturday = D(2026, 6, 6)
    assert add_calendar_days(saturday, 0) == saturday
    assert compute_deadline(saturday, 0, DayCountMode.CALENDAR).warnings == ()


def test_deadline_object_reports_mode_and_no_warnings_in_covered_years():
    deadline = compute_deadline(D(2026, 9, 28), 7, "calendar")
    assert deadline.due == D(2026, 10, 8)
    assert deadline.mode == "calendar"
    assert deadline.warnings == ()
    assert deadline.is_certain
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = D(2026, 1, 1)  # type: ignore[misc]


def test_is_working_day_uses_the_packaged_schedule():
    assert is_working_day(D(2026, 10, 5)) is False  # National Day holiday (a Monday)
    assert is_working_day(D(2026, 10, 10)) is True  # make-up working day (a Saturday)
    assert is_working_day(D(2026, 6, 13)) is False  # ordinary Saturday
    assert is_working_day(D(2026, 6, 10)) is True  # ordinary Wednesday
