"""Years without a known holiday schedule: weekends only, a warning, never an error."""

import datetime

import pytest

from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import CalendarYear, Holiday
from gongfa.workdays.services import (
    compute_deadline,
    is_working_day,
    is_year_covered,
    package_covers,
    uncovered_year_warning,
)

D = datetime.date

pytestmark = pytest.mark.django_db

WARNING_2027 = "2027年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。"


def test_package_coverage_is_detected_not_hard_coded():
    assert package_covers(2004)
    assert package_covers(2026)
    assert not package_covers(2003)
    assert not package_covers(2027)
    assert not package_covers(2030)


def test_2027_uses_weekends_only_and_warns():
    # Mon 2027-01-04 + 5 = Sat 01-09 → Mon 01-11.
    deadline = compute_deadline(D(2027, 1, 4), 5, "calendar")
    assert deadline.due == D(2027, 1, 11)
    assert deadline.warnings == (WARNING_2027,)
    assert not deadline.is_certain
    # 2027-01-01 is a Friday; without data it is treated as a working day.
    assert is_working_day(D(2027, 1, 1)) is True
    assert is_working_day(D(2027, 1, 2)) is False


def test_2030_national_day_is_not_known_so_only_weekends_count():
    calendar = compute_deadline(D(2030, 9, 28), 7, "calendar")
    assert calendar.due == D(2030, 10, 7)  # Sat 10-05 → Mon 10-07
    assert calendar.warnings == ("2030年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。",)
    working = compute_deadline(D(2030, 9, 30), 7, "working")
    assert working.due == D(2030, 10, 9)
    assert len(working.warnings) == 1


def test_years_before_the_data_also_fall_back():
    deadline = compute_deadline(D(1999, 9, 28), 7, "calendar")
    assert deadline.due == D(1999, 10, 5)  # a Tuesday; 1999's schedule is not in the package
    assert deadline.warnings == ("1999年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。",)


def test_warning_only_when_an_uncovered_day_was_looked_at():
    # Calendar mode looks only at the last day and any roll-over days.
    assert compute_deadline(D(2026, 12, 1), 7, "calendar").warnings == ()
    assert compute_deadline(D(2026, 12, 28), 7, "calendar").warnings == (WARNING_2027,)
    # Working mode looks at every day after the start.
    assert compute_deadline(D(2026, 12, 25), 5, "working").warnings == (WARNING_2027,)


def test_one_warning_per_uncovered_year():
    deadline = compute_deadline(D(2027, 6, 1), 600, "working")
    assert deadline.warnings == (
        WARNING_2027,
        "2028年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。",
        "2029年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。",
    )


def test_complete_calendar_year_removes_the_warning_and_uses_the_entries():
    # Hypothetical 2027 National Day schedule entered by an administrator (test data).
    for day in range(1, 8):
        Holiday.objects.create(date=D(2027, 10, day), kind=HolidayKind.HOLIDAY, name="国庆节")
    Holiday.objects.create(date=D(2027, 10, 9), kind=HolidayKind.MAKEUP_WORKDAY, name="国庆节调休")
    partial = compute_deadline(D(2027, 9, 28), 7, "calendar")
    assert partial.due == D(2027, 10, 8)
    assert partial.warnings == (uncovered_year_warning(2027, has_entries=True),)
    assert "尚未完整录入" in partial.warnings[0]

    CalendarYear.objects.create(year=2027, complete=True, source="国务院办公厅通知（测试）")
    assert is_year_covered(2027)
    full = compute_deadline(D(2027, 9, 28), 7, "calendar")
    assert full.due == D(2027, 10, 8)
    assert full.warnings == ()
    # The make-up Saturday counts in working mode: 09-29, 09-30, 10-08, Sat 10-09, 10-11.
    assert compute_deadline(D(2027, 9, 28), 5, "working").due == D(2027, 10, 11)
    assert compute_deadline(D(2027, 9, 28), 5, "working").warnings == ()


def test_incomplete_calendar_year_keeps_the_warning():
    CalendarYear.objects.create(year=2027, complete=False, source="草稿")
    assert not is_year_covered(2027)
    assert compute_deadline(D(2027, 1, 4), 5, "calendar").warnings == (WARNING_2027,)


def test_far_future_dates_never_crash():
    deadline = compute_deadline(D(2199, 12, 20), 30, "working")
    assert deadline.due.year == 2200
    assert len(deadline.warnings) == 2


def test_end_of_the_date_range_is_a_clear_value_error():
    assert compute_deadline(D(9999, 12, 20), 5, "calendar").due == D(9999, 12, 27)
    with pytest.raises(ValueError, match="日期范围"):
        compute_deadline(D(9999, 12, 30), 5, "calendar")
