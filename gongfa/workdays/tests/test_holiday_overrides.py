"""Administrator entries (Holiday) override the packaged data."""

import datetime

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError

from gongfa.workdays.choices import HolidayKind
from gongfa.workdays.models import CalendarYear, Holiday
from gongfa.workdays.services import add_calendar_days, add_working_days, is_working_day

D = datetime.date

pytestmark = pytest.mark.django_db


def test_a_wednesday_marked_as_holiday_makes_the_deadline_roll_over():
    wednesday = D(2026, 6, 10)
    assert chinese_calendar.is_workday(wednesday)  # an ordinary working day in the package
    assert add_calendar_days(D(2026, 6, 3), 7) == wednesday
    Holiday.objects.create(date=wednesday, kind=HolidayKind.HOLIDAY, name="地方临时休假")
    assert is_working_day(wednesday) is False
    assert add_calendar_days(D(2026, 6, 3), 7) == D(2026, 6, 11)
    assert add_working_days(D(2026, 6, 9), 1) == D(2026, 6, 11)


def test_a_saturday_marked_as_makeup_workday_counts():
    saturday = D(2026, 6, 13)
    assert add_calendar_days(D(2026, 6, 6), 7) == D(2026, 6, 15)
    assert add_working_days(D(2026, 6, 12), 1) == D(2026, 6, 15)
    Holiday.objects.create(date=saturday, kind=HolidayKind.MAKEUP_WORKDAY, name="调休")
    assert is_working_day(saturday) is True
    assert add_calendar_days(D(2026, 6, 6), 7) == saturday
    assert add_working_days(D(2026, 6, 12), 1) == saturday


def test_an_entry_can_turn_a_packaged_holiday_back_into_a_working_day():
    assert is_working_day(D(2026, 10, 5)) is False
    Holiday.objects.create(date=D(2026, 10, 5), kind=HolidayKind.MAKEUP_WORKDAY, name="更正")
    assert add_calendar_days(D(2026, 9, 28), 7) == D(2026, 10, 5)


def test_makeup_workday_on_a_weekday_is_refused_by_validation():
    entry = Holiday(date=D(2026, 6, 10), kind=HolidayKind.MAKEUP_WORKDAY, name="调休")
    with pytest.raises(ValidationError, match="周六或周日"):
        entry.full_clean()
    Holiday(date=D(2026, 6, 13), kind=HolidayKind.MAKEUP_WORKDAY, name="调休").full_clean()


def test_complete_year_needs_its_source():
    with pytest.raises(ValidationError, match="文号"):
        CalendarYear(year=2027, complete=True).full_clean()
    CalendarYear(year=2027, complete=True, source="国办发明电〔2026〕X号").full_clean()


def test_str_is_readable():
    assert (
        str(Holiday(date=D(2026, 10, 1), kind=HolidayKind.HOLIDAY, name="国庆节")) == "2026-10-01 国庆节（法定节假日）"
    )
    assert str(CalendarYear(year=2027, complete=False)) == "2027年（未完整录入）"


def test_admin_pages_list_and_search(admin_client):
    Holiday.objects.create(date=D(2027, 2, 6), kind=HolidayKind.HOLIDAY, name="春节")
    CalendarYear.objects.create(year=2027, complete=False, source="待发布")
    for url in (
        "/admin/workdays/holiday/",
        "/admin/workdays/holiday/?q=春节",
        "/admin/workdays/holiday/?kind__exact=holiday",
        "/admin/workdays/holiday/?date__year=2027",
        "/admin/workdays/calendaryear/",
        "/admin/workdays/calendaryear/?complete__exact=0",
        "/admin/workdays/holiday/add/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert "春节" in admin_client.get("/admin/workdays/holiday/?q=春节").content.decode()
