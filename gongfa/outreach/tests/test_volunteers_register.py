"""Volunteers: registration (bad phone, duplicates in the region, every problem at once), the
approval steps through the transition table with their events, service dates and the "active
volunteers" selector (approved, served in the last 12 months)."""

from __future__ import annotations

import datetime

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.outreach.choices import VolunteerKind, VolunteerStatus
from gongfa.outreach.models import Volunteer
from gongfa.outreach.selectors import volunteers as sel
from gongfa.outreach.services import volunteers as svc
from gongfa.outreach.tests.test_volunteers_world import build_world, days_ago, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _register(world, **overrides):
    values = {
        "actor": world.township_staff,
        "name": "王志愿",
        "phone": "139 1234 5678",
        "kind": VolunteerKind.PUBLIC_LAWYER,
        "organisation": "示范县司法局",
        "region": world.village,
        "skills": ["labour", "marriage_family"],
        "availability": "每周六上午",
    }
    values.update(overrides)
    return svc.register_volunteer(**values)


def _codes(error: DomainError) -> dict[str | None, str]:
    return {p.field: p.code for p in error.problems}


def test_staff_register_a_volunteer_who_waits_for_approval(world):
    made = _register(world)
    made.refresh_from_db()
    assert made.status == VolunteerStatus.APPLIED and made.phone == "13912345678"
    assert made.skills == ["labour", "marriage_family"] and made.region == world.village
    event = Event.objects.get(verb="outreach.volunteer.register")
    assert event.actor == world.township_staff and event.channel == Channel.WORKBENCH


def test_an_invalid_phone_is_refused(world):
    with pytest.raises(DomainError) as refused:
        _register(world, phone="12345")
    assert refused.value.field == "phone" and "手机号码格式不正确" in refused.value.message
    assert not Volunteer.objects.exists()


def test_the_same_phone_twice_in_a_region_is_a_duplicate(world):
    volunteer(world, phone="13912345678")
    with pytest.raises(DomainError) as refused:
        _register(world, phone="+86 139 1234 5678")
    assert refused.value.code == "duplicate" and "请勿重复登记" in refused.value.message
    assert Volunteer.objects.count() == 1


def test_the_same_phone_in_another_region_or_after_a_rejection_is_fine(world):
    volunteer(world, phone="13912345678", region=world.far_village)
    volunteer(world, phone="13912345678", status=VolunteerStatus.REJECTED)
    made = _register(world)
    assert Volunteer.objects.filter(region=world.village).count() == 2 and made.pk


def test_every_problem_at_once_and_nothing_saved(world):
    with pytest.raises(ValidationFailed) as refused:
        _register(world, name="", phone="", kind="", organisation=" ", region=None, skills=["no_such_topic"])
    assert _codes(refused.value) == {
        "name": "required",
        "phone": "required",
        "kind": "required",
        "organisation": "required",
        "region": "required",
        "skills": "invalid",
    }
    assert not Volunteer.objects.exists()


def test_staff_cannot_register_in_a_region_they_do_not_manage(world):
    with pytest.raises(DomainError) as refused:
        _register(world, region=world.far_village)
    assert refused.value.code == "region_not_managed"


def test_approve_suspend_reinstate_and_reject_go_through_the_table(world):
    made = volunteer(world)
    done = svc.decide_volunteer(actor=world.township_staff, volunteer=made, action="approve")
    assert done.status == VolunteerStatus.APPROVED and done.decided_by == world.township_staff
    with pytest.raises(DomainError) as no_reason:
        svc.decide_volunteer(actor=world.township_staff, volunteer=done, action="suspend", reason=" ")
    assert no_reason.value.code == "reason_required"
    done = svc.decide_volunteer(actor=world.supervisor, volunteer=done, action="suspend", reason="长期联系不上")
    assert done.status == VolunteerStatus.SUSPENDED and done.decision_note == "长期联系不上"
    done = svc.decide_volunteer(actor=world.admin, volunteer=done, action="reinstate")
    assert done.status == VolunteerStatus.APPROVED
    with pytest.raises(InvalidTransition):
        svc.decide_volunteer(actor=world.admin, volunteer=done, action="reject", reason="重复")
    verbs = list(Event.objects.filter(verb__startswith="outreach.volunteer.").values_list("verb", flat=True))
    assert verbs == ["outreach.volunteer.approve", "outreach.volunteer.suspend", "outreach.volunteer.reinstate"]


def test_reject_needs_a_reason_and_someone_of_the_region(world):
    made = volunteer(world)
    with pytest.raises(NotPermitted):
        svc.decide_volunteer(actor=world.other_staff, volunteer=made, action="approve")
    with pytest.raises(DomainError) as unknown:
        svc.decide_volunteer(actor=world.township_staff, volunteer=made, action="delete")
    assert unknown.value.code == "unknown_action"
    done = svc.decide_volunteer(actor=world.township_staff, volunteer=made, action="reject", reason="非法律专业")
    assert done.status == VolunteerStatus.REJECTED


def test_record_service_keeps_the_latest_date(world):
    made = volunteer(world, status=VolunteerStatus.APPROVED)
    svc.record_service(actor=world.township_staff, volunteer=made, served_on=days_ago(3), note="村居普法讲座")
    svc.record_service(actor=world.township_staff, volunteer=made, served_on=days_ago(30))
    made.refresh_from_db()
    assert made.last_active_on == days_ago(3)
    assert Event.objects.filter(verb="outreach.volunteer.serve").count() == 2


def test_record_service_refuses_a_future_date_and_an_unapproved_volunteer(world):
    made = volunteer(world)
    with pytest.raises(ValidationFailed) as refused:
        svc.record_service(actor=world.township_staff, volunteer=made, served_on=days_ago(-1))
    assert _codes(refused.value) == {"served_on": "future", None: "not_approved"}
    with pytest.raises(DomainError) as missing:
        svc.record_service(actor=world.township_staff, volunteer=volunteer(world, status="approved"), served_on=None)
    assert missing.value.code == "required"


def test_active_volunteers_are_approved_and_served_in_the_last_twelve_months(world):
    today = datetime.date(2026, 6, 15)
    keep = volunteer(world, status=VolunteerStatus.APPROVED, last_active_on=datetime.date(2025, 6, 15), name="甲")
    volunteer(world, status=VolunteerStatus.APPROVED, last_active_on=datetime.date(2025, 6, 14), name="乙")
    volunteer(world, status=VolunteerStatus.SUSPENDED, last_active_on=datetime.date(2026, 6, 1), name="丙")
    volunteer(world, status=VolunteerStatus.APPROVED, name="丁")
    elsewhere = volunteer(
        world, status=VolunteerStatus.APPROVED, last_active_on=datetime.date(2026, 6, 1), region=world.far_village
    )
    assert list(sel.active_volunteers(world.township_staff, today)) == [keep]
    assert set(sel.active_volunteers(world.county_staff, today)) == {keep, elsewhere}
    counts = sel.volunteer_counts(world.township_staff, today)
    assert counts["active"] == 1 and counts[VolunteerStatus.APPROVED] == 3 and counts[VolunteerStatus.SUSPENDED] == 1
    assert not sel.active_volunteers(world.lawyer, today).exists()


def test_twelve_months_back_from_the_end_of_a_month():
    assert sel.months_ago(datetime.date(2024, 2, 29), 12) == datetime.date(2023, 2, 28)
    assert sel.months_ago(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert sel.months_ago(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
