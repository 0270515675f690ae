"""The deadline math of each unit, on the 2026 official calendar (National Day 10-01..07, make-up
working days Sun 09-20 and Sat 10-10, Mid-Autumn Fri 09-25..Sun 09-27)."""

import datetime

import pytest

from gongfa.catalog.deadlines import stage_deadline
from gongfa.catalog.tests.conftest import at, end_of
from gongfa.network.services import set_region_setting
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import Holiday

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_hours_are_calendar_hours(make_rule):
    deadline = stage_deadline(at(2026, 9, 30, 20), make_rule(24, "hours"), None)
    assert deadline.due == at(2026, 10, 1, 20)
    assert deadline.warnings == ()


def test_hours_from_a_utc_start_are_the_same_moment(make_rule):
    start = datetime.datetime(2026, 9, 30, 12, 0, tzinfo=UTC)  # 20:00 in Beijing
    assert stage_deadline(start, make_rule(24, "hours"), None).due == at(2026, 10, 1, 20)


def test_working_days_end_at_the_end_of_the_last_day(make_rule):
    # 09-29, 09-30, 10-08, 10-09, Sat 10-10 (make-up), 10-12, 10-13.
    deadline = stage_deadline(at(2026, 9, 28, 10), make_rule(7, "working_days"), None)
    assert deadline.due == end_of(2026, 10, 13)
    assert deadline.warnings == ()
    assert deadline.label == "办结：7 个工作日"


def test_working_days_start_on_a_holiday(make_rule):
    assert stage_deadline(at(2026, 10, 3, 9), make_rule(1, "working_days"), None).due == end_of(2026, 10, 8)


def test_working_days_late_in_the_evening_count_from_the_local_date(make_rule):
    # 2026-09-29 23:30 in Beijing is still 09-29 15:30 UTC; the start day is the local day.
    start = datetime.datetime(2026, 9, 29, 15, 30, tzinfo=UTC)
    assert stage_deadline(start, make_rule(1, "working_days"), None).due == end_of(2026, 9, 30)


def test_an_administrator_holiday_moves_working_days(make_rule):
    Holiday.objects.create(date=datetime.date(2026, 9, 29), kind=HolidayKind.HOLIDAY, name="本地停工")
    assert stage_deadline(at(2026, 9, 28, 10), make_rule(7, "working_days"), None).due == end_of(2026, 10, 14)


def test_working_hours_skip_the_mid_autumn_holiday(make_rule):
    # 2 h on Thu 09-24 (15:00–17:00), Fri–Sun 09-25..27 are off, 6 h on Mon 09-28.
    deadline = stage_deadline(at(2026, 9, 24, 15), make_rule(8, "working_hours"), None)
    assert deadline.due == at(2026, 9, 28, 15)
    assert deadline.warnings == ()


def test_working_hours_count_on_a_make_up_sunday(make_rule):
    # 2 h on Fri 09-18, Sat 09-19 off, Sun 09-20 is a make-up working day: 6 h there.
    assert stage_deadline(at(2026, 9, 18, 15), make_rule(8, "working_hours"), None).due == at(2026, 9, 20, 15)


def test_working_hours_over_an_ordinary_weekend(make_rule):
    assert stage_deadline(at(2026, 3, 6, 15), make_rule(8, "working_hours"), None).due == at(2026, 3, 9, 15)


def test_working_hours_before_opening_count_from_the_opening(make_rule):
    assert stage_deadline(at(2026, 3, 9, 7, 30), make_rule(8, "working_hours"), None).due == at(2026, 3, 9, 17)


def test_working_hours_after_closing_start_the_next_working_day(make_rule):
    assert stage_deadline(at(2026, 3, 9, 18), make_rule(1, "working_hours"), None).due == at(2026, 3, 10, 10)


def test_working_hours_that_fit_end_at_closing_time(make_rule):
    assert stage_deadline(at(2026, 3, 6, 15), make_rule(2, "working_hours"), None).due == at(2026, 3, 6, 17)


def test_working_hours_started_on_a_holiday(make_rule):
    assert stage_deadline(at(2026, 10, 2, 11), make_rule(3, "working_hours"), None).due == at(2026, 10, 8, 12)


def test_working_hours_keep_minutes(make_rule):
    assert stage_deadline(at(2026, 3, 9, 16, 45), make_rule(1, "working_hours"), None).due == at(2026, 3, 10, 9, 45)


def test_legal_days_default_to_calendar_days_with_roll_over(make_rule):
    # rules.md: received Mon 09-28, 7 days → 10-05 is in the holiday → Thu 10-08.
    deadline = stage_deadline(at(2026, 9, 28, 10), make_rule(7, "legal_days"), None)
    assert deadline.due == end_of(2026, 10, 8)
    assert "末日遇节假日顺延" in deadline.label


def test_legal_days_ending_on_a_make_up_saturday_stay(make_rule):
    assert stage_deadline(at(2026, 10, 3, 10), make_rule(7, "legal_days"), None).due == end_of(2026, 10, 10)


def test_legal_days_follow_the_regions_day_count_mode(network, make_rule):
    village = network.villages[0]
    rule = make_rule(7, "legal_days")
    assert stage_deadline(at(2026, 9, 28, 10), rule, village).due == end_of(2026, 10, 8)
    set_region_setting(
        region=network.county, key="day_count_mode", value="working", effective_from=datetime.date(2026, 1, 1)
    )
    deadline = stage_deadline(at(2026, 9, 28, 10), rule, village)
    assert deadline.due == end_of(2026, 10, 13)
    assert "按工作日计算" in deadline.label


def test_a_naive_start_is_refused(make_rule):
    with pytest.raises(ValueError, match="带时区"):
        stage_deadline(datetime.datetime(2026, 9, 28, 10), make_rule(1, "hours"), None)


def test_the_result_names_its_rule(consultation):
    rule = consultation.sla_rules.get(stage="resolve", region__isnull=True, channel="")
    assert stage_deadline(at(2026, 9, 28, 10), rule, None).rule_id == rule.pk
