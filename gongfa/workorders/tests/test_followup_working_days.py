"""Follow-up deadlines in working days (issue #16 item 18): the rectification after a bad rating
and the sampled return visit, counted on the working-day calendar from the region's settings."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from gongfa.network.models import RegionSetting
from gongfa.network.region_settings import RECTIFICATION_DAYS, RETURN_VISIT_SAMPLE_PERCENT, SAMPLE_VISIT_DAYS
from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import Holiday
from gongfa.workorders.choices import ResultCode, ReturnVisitKind
from gongfa.workorders.models import Rectification, ReturnVisit
from gongfa.workorders.services import answer_work_order, rate_work_order, submit_question
from gongfa.workorders.services.feedback import rectification_due_on, sample_visit_due_at

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "days", "due"),
    [
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # Monday + 5 working days: next Monday
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday + 1: over the weekend
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # Saturday + 1: Monday
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # National Day week (official schedule) and its weekend
        (D(2025, 9, 26), 3, D(2025, 9, 30)),  # Sunday 28 September 2025 is a make-up working day
    ],
)
def test_the_rectification_deadline_counts_working_days(network, today, days, due):
    RegionSetting.objects.create(region=network.county, key=RECTIFICATION_DAYS.key, value=days)
    assert rectification_due_on(network.villages[0], now=_at(today)) == due


@pytest.mark.django_db
def test_a_holiday_entered_by_an_administrator_is_skipped(network):
    Holiday.objects.create(date=D(2025, 3, 4), kind=HolidayKind.HOLIDAY, name="地方假日")
    RegionSetting.objects.create(region=network.county, key=SAMPLE_VISIT_DAYS.key, value=2)
    due = sample_visit_due_at(network.villages[0], now=_at(D(2025, 3, 3)))
    assert timezone.localtime(due).date() == D(2025, 3, 6)  # Tue 4th is a holiday: Wed 5th, Thu 6th
    assert timezone.localtime(due).time() == datetime.time(23, 59, 59)


@pytest.mark.django_db
def test_the_defaults_are_five_and_three_working_days(network):
    friday = _at(D(2025, 3, 7))
    assert rectification_due_on(network.villages[0], now=friday) == D(2025, 3, 14)
    assert timezone.localtime(sample_visit_due_at(network.villages[0], now=friday)).date() == D(2025, 3, 12)


@pytest.fixture
def closed(citizen, staffed_village):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    return answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)


def test_a_bad_rating_on_a_friday_gets_a_rectification_due_after_the_weekend(citizen, staffed_village, network):
    RegionSetting.objects.create(region=network.county, key=RECTIFICATION_DAYS.key, value=2)
    village, clerk = staffed_village
    with time_machine.travel(_at(D(2025, 3, 7)), tick=False):
        order = submit_question(requester=citizen, village=village, text="问题")
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
        rate_work_order(order=order, actor=citizen, rating=1)
    assert Rectification.objects.get(order=order).due_on == D(2025, 3, 11)  # Mon, Tue; not Sun 9th


def test_a_sampled_closing_gets_a_return_visit_in_working_days(citizen, staffed_village, network):
    RegionSetting.objects.create(region=network.province, key=RETURN_VISIT_SAMPLE_PERCENT.key, value=100)
    RegionSetting.objects.create(region=network.county, key=SAMPLE_VISIT_DAYS.key, value=1)
    village, clerk = staffed_village
    with time_machine.travel(_at(D(2025, 3, 7)), tick=False):
        order = submit_question(requester=citizen, village=village, text="问题")
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    visit = ReturnVisit.objects.get(order=order, kind=ReturnVisitKind.SAMPLE)
    assert visit.due_at is not None
    assert timezone.localtime(visit.due_at).date() == D(2025, 3, 10)  # Friday + 1 working day: Monday
