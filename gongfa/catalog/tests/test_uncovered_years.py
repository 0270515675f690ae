"""Past the years with official holiday data (2027 here), deadlines still come back, with the
calendar's warning passed through."""

import pytest

from gongfa.catalog.deadlines import stage_deadline
from gongfa.catalog.selectors import stage_deadlines
from gongfa.catalog.tests.conftest import at, end_of
from gongfa.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db


def test_working_days_in_2027_carry_the_warning(make_rule):
    deadline = stage_deadline(at(2027, 3, 1, 10), make_rule(7, "working_days"), None)
    assert deadline.due == end_of(2027, 3, 10)  # weekends only
    assert deadline.warnings == ("2027年的法定节假日安排尚未录入，期限按仅排除周末计算，请核对。",)


def test_working_hours_and_legal_days_in_2027_carry_it_too(make_rule):
    assert stage_deadline(at(2027, 3, 1, 10), make_rule(4, "working_hours"), None).warnings
    assert stage_deadline(at(2027, 3, 1, 10), make_rule(7, "legal_days"), None).warnings


def test_calendar_hours_never_warn(make_rule):
    assert stage_deadline(at(2027, 3, 1, 10), make_rule(24, "hours"), None).warnings == ()


def test_only_stages_that_reach_2027_warn(consultation):
    deadlines = stage_deadlines(consultation, None, at(2026, 12, 29, 10))
    assert deadlines["accept"].warnings == ()
    assert deadlines["resolve"].due.year == 2027
    assert len(deadlines["resolve"].warnings) == 1


def test_a_year_declared_complete_does_not_warn(make_rule):
    CalendarYear.objects.create(year=2027, complete=True, source="国办发明电〔2026〕号")
    assert stage_deadline(at(2027, 3, 1, 10), make_rule(7, "working_days"), None).warnings == ()
