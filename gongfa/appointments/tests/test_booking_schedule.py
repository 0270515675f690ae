"""The office schedule: weekly slot templates (overlaps refused) and closures (bookings first), by
the office's staff or a supervisor over it only."""

from __future__ import annotations

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.appointments.models import Closure, SlotTemplate
from gongfa.appointments.selectors.booking import available_slots
from gongfa.appointments.services.booking import (
    add_closure,
    book_slot,
    delete_slot_template,
    remove_closure,
    save_slot_template,
)
from gongfa.appointments.tests.test_booking_slots import (  # noqa: F401
    MONDAY,
    NINE,
    Office,
    monday_fixture,
    office_fixture,
)
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.testing.factories import staff

pytestmark = pytest.mark.usefixtures("monday")
T = datetime.time


def test_add_change_and_delete_a_weekly_slot(office: Office) -> None:
    template = save_slot_template(actor=office.clerk, resource=office.video, weekday=1, starts_at=T(14), ends_at=T(15))
    assert template.pk
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert T(14) in {
        s.starts_at for s in available_slots(office.agency, resource=office.video, today=MONDAY, last=tuesday)
    }
    changed = save_slot_template(
        actor=office.clerk, resource=office.video, weekday=1, starts_at=T(15), ends_at=T(16), template=template
    )
    assert changed.pk == template.pk
    assert (changed.starts_at, changed.ends_at) == (T(15), T(16))
    delete_slot_template(actor=office.clerk, template=changed)
    assert not SlotTemplate.objects.filter(pk=template.pk).exists()
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {
        "appointments.slottemplate.add",
        "appointments.slottemplate.change",
        "appointments.slottemplate.delete",
    } <= verbs


def test_overlapping_and_bad_slots_are_refused(office: Office) -> None:
    with pytest.raises(DomainError) as caught:
        save_slot_template(actor=office.clerk, resource=office.room, weekday=0, starts_at=T(9, 15), ends_at=T(9, 45))
    assert caught.value.code == "overlap"
    # A later validity period does not overlap.
    SlotTemplate.objects.filter(resource=office.room, weekday=0, starts_at=NINE).update(
        valid_until=datetime.date(2029, 12, 31)
    )
    save_slot_template(
        actor=office.clerk,
        resource=office.room,
        weekday=0,
        starts_at=T(9, 15),
        ends_at=T(9, 45),
        valid_from=datetime.date(2030, 1, 1),
    )
    with pytest.raises(ValidationFailed) as many:
        save_slot_template(
            actor=office.clerk,
            resource=office.room,
            weekday=9,
            starts_at=T(11),
            ends_at=T(10),
            valid_from=datetime.date(2026, 2, 1),
            valid_until=datetime.date(2026, 1, 1),
        )
    assert {p.field for p in many.value.problems} == {"weekday", "ends_at", "valid_until"}
    with pytest.raises(ValidationFailed) as missing:
        save_slot_template(actor=office.clerk, resource=office.room, weekday=2, starts_at=None, ends_at=None)
    assert {p.field for p in missing.value.problems} == {"starts_at", "ends_at"}


def test_a_closure_hides_its_days_and_is_refused_over_bookings(office: Office) -> None:
    tuesday, wednesday = MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=2)
    closure = add_closure(actor=office.clerk, office=office.agency, starts_on=tuesday, ends_on=tuesday, reason="培训")
    assert tuesday not in {s.date for s in available_slots(office.agency, today=MONDAY, last=wednesday)}
    remove_closure(actor=office.clerk, closure=closure)
    assert not Closure.objects.exists()
    book_slot(
        actor=office.citizen,
        office=office.agency,
        resource=office.room,
        matter=office.kinship,
        date=wednesday,
        starts_at=NINE,
        name="王小明",
        phone="13912345678",
    )
    with pytest.raises(DomainError) as caught:
        add_closure(actor=office.clerk, office=office.agency, starts_on=tuesday, ends_on=wednesday, reason="搬迁")
    assert caught.value.code == "bookings_exist"
    # Only that resource: the video desk has no bookings that day.
    add_closure(
        actor=office.clerk,
        office=office.agency,
        starts_on=wednesday,
        ends_on=wednesday,
        reason="检修",
        resource=office.video,
    )
    with pytest.raises(ValidationFailed) as many:
        add_closure(actor=office.clerk, office=office.agency, starts_on=wednesday, ends_on=tuesday, reason="")
    assert {p.field for p in many.value.problems} == {"reason", "ends_on"}
    with pytest.raises(ValidationFailed) as missing:
        add_closure(actor=office.clerk, office=office.agency, starts_on=None, ends_on=None, reason="x")
    assert {p.field for p in missing.value.problems} == {"starts_on", "ends_on"}


def test_who_may_change_the_schedule(office: Office) -> None:
    outsider = staff(Role.NOTARY_CLERK, at=office.net.legal_aid_centre)
    citizen = office.citizen
    for actor in (outsider, citizen):
        with pytest.raises(NotPermitted):
            save_slot_template(actor=actor, resource=office.video, weekday=1, starts_at=T(14), ends_at=T(15))
        with pytest.raises(NotPermitted):
            add_closure(actor=actor, office=office.agency, starts_on=MONDAY, ends_on=MONDAY, reason="x")
    supervisor = staff(Role.SUPERVISOR, at=office.net.centre)  # over the county
    assert add_closure(actor=supervisor, office=office.agency, starts_on=MONDAY, ends_on=MONDAY, reason="检查").pk
    admin = staff(Role.ADMINISTRATOR)
    assert save_slot_template(actor=admin, resource=office.video, weekday=1, starts_at=T(14), ends_at=T(15)).pk
