"""Working-day periods (工作日): the n-th working day after the start day."""

import datetime

import pytest

from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import Holiday
from gongfa.workdays.services import add_working_days, compute_deadline

D = datetime.date

pytestmark = pytest.mark.django_db


def test_rules_md_example():
    # 7 working days from Mon 2026-09-28: 09-29, 09-30, 10-08, 10-09, Sat 10-10 (make-up), 10-12, 10-13.
    assert add_working_days(D(2026, 9, 28), 7) == D(2026, 10, 13)


def test_friday_plus_one_working_day_is_monday():
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_start_on_a_holiday_counts_from_the_next_working_day():
    assert add_working_days(D(2026, 10, 3), 1) == D(2026, 10, 8)


def test_zero_working_days_is_the_start_day():
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_fifteen_working_days_notary_style():
    # 《公证法》第30条 style period: 15 working days from Mon 2026-09-14. Sun 09-20 is a make-up working
    # day, Fri 09-25 is Mid-Autumn, 10-01..07 National Day, so the 15th is the make-up Saturday 10-10.
    deadline = compute_deadline(D(2026, 9, 14), 15, "working")
    assert deadline.due == D(2026, 10, 10)
    assert deadline.mode == "working"
    assert deadline.warnings == ()


def test_sixty_working_days_take_two_queries_cold_and_none_once_cached(django_assert_num_queries):
    with django_assert_num_queries(2):  # the Holiday rows and the complete years, once per process
        due = add_working_days(D(2026, 3, 2), 60)
    assert due == D(2026, 5, 28)  # Qingming and Labour Day off, Sat 05-09 a make-up working day
    with django_assert_num_queries(0):
        assert add_working_days(D(2026, 3, 2), 60) == due


def test_a_new_holiday_is_seen_by_the_next_computation():
    assert add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
    Holiday.objects.create(date=D(2026, 3, 3), kind=HolidayKind.HOLIDAY, name="测试")
    assert add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 4)
    Holiday.objects.filter(date=D(2026, 3, 3)).update(kind=HolidayKind.MAKEUP_WORKDAY)
    assert add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
    Holiday.objects.filter(date=D(2026, 3, 3)).delete()
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_sixty_working_days_into_an_uncovered_year_take_at_most_two_queries(django_assert_max_num_queries):
    Holiday.objects.create(date=D(2026, 12, 31), kind=HolidayKind.HOLIDAY, name="测试")
    Holiday.objects.create(date=D(2027, 1, 1), kind=HolidayKind.HOLIDAY, name="元旦")
    with django_assert_max_num_queries(2):
        deadline = compute_deadline(D(2026, 11, 2), 60, "working")
    assert deadline.due.year == 2027
    assert len(deadline.warnings) == 1


def test_thirty_working_days_over_spring_festival_is_bounded(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        due = add_working_days(D(2026, 2, 2), 30)
    # 02-03..02-13 (9), Sat 02-14 make-up (10), holiday to 02-23, 02-24..02-27 (14), Sat 02-28 make-up (15),
    # then 15 more weekdays of March: 03-02 .. 03-20.
    assert due == D(2026, 3, 20)
