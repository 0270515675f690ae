"""Training of grassroots staff (第46条): hours > 0, no future date, attendees from the region's
platform staff, every problem at once; the year's list and its person-hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.outreach.models import TrainingCourse
from gongfa.outreach.selectors import volunteers as sel
from gongfa.outreach.services import volunteers as svc
from gongfa.outreach.tests.test_volunteers_world import build_world, days_ago
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _record(world, **overrides):
    values = {
        "actor": world.county_staff,
        "title": "人民调解员业务培训",
        "organiser": "示范县司法局",
        "region": world.net.townships[0],
        "held_on": days_ago(1),
        "hours": "3.5",
        "attendees": [world.township_staff],
        "other_attendees": 20,
    }
    values.update(overrides)
    return svc.record_training(**values)


def _codes(error):
    return {p.field: p.code for p in error.problems}


def test_a_course_is_recorded_with_its_attendees(world):
    course = _record(world)
    assert course.hours == Decimal("3.5") and list(course.attendees.all()) == [world.township_staff]
    assert Event.objects.filter(verb="outreach.training.record").count() == 1


@pytest.mark.parametrize("hours", ["0", "-1", "0.0"])
def test_hours_must_be_above_zero(world, hours):
    with pytest.raises(DomainError) as refused:
        _record(world, hours=hours)
    assert _codes(refused.value) == {"hours": "not_positive"} and "学时须大于 0" in refused.value.message
    assert not TrainingCourse.objects.exists()


def test_a_future_date_and_every_other_problem_at_once(world):
    citizen = CitizenFactory()
    with pytest.raises(ValidationFailed) as refused:
        _record(world, title="", organiser="", held_on=days_ago(-1), hours="abc", attendees=[citizen])
    assert _codes(refused.value) == {
        "title": "required",
        "organiser": "required",
        "held_on": "future",
        "hours": "invalid",
        "attendees": "attendee_outside",
    }
    assert not TrainingCourse.objects.exists()


def test_attendees_outside_the_region_and_nobody_at_all(world):
    with pytest.raises(ValidationFailed) as refused:
        _record(world, attendees=[world.other_staff], hours="1.25", other_attendees=0)
    assert _codes(refused.value) == {"hours": "precision", "attendees": "attendee_outside"}
    with pytest.raises(DomainError) as nobody:
        _record(world, attendees=[], other_attendees=0)
    assert _codes(nobody.value) == {"attendees": "no_attendees"}


def test_the_year_list_and_person_hours(world):
    last_year = datetime.date(timezone_year() - 1, 6, 1)
    _record(world, hours="2", attendees=[world.township_staff], other_attendees=9)  # 2 × 10
    _record(world, hours="1.5", attendees=[], other_attendees=4, region=world.far_village)  # 1.5 × 4
    _record(world, held_on=last_year, hours="8", other_attendees=1)
    courses = list(sel.managed_trainings(world.county_staff, timezone_year()))
    totals = sel.training_totals(courses)
    assert totals == {"courses": 2, "people": 14, "person_hours": Decimal("26.0")}
    assert len(list(sel.managed_trainings(world.township_staff, timezone_year()))) == 1
    assert sel.training_years(world.county_staff) == [timezone_year(), timezone_year() - 1]


def test_attendee_candidates_are_staff_posted_in_the_region(world):
    clerk = staff(Role.WINDOW_STAFF, at=world.net.rooms[world.village.code])
    found = set(sel.attendee_candidates(world.township_staff))
    assert {world.township_staff, clerk} <= found and world.other_staff not in found
    assert set(sel.attendee_candidates(world.county_staff, world.net.townships[1])) >= {world.other_staff}
    assert world.township_staff not in set(sel.attendee_candidates(world.county_staff, world.net.townships[1]))


def timezone_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
