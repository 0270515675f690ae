"""登记公证申请 (《公证法》第25–27条): the materials checked against the matter's list, every missing
one told at once (一次性告知); a matter the office does not handle; an agent for an in-person matter
(第26条); with a booking the citizen is checked in and the booking's work order becomes the case."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import BookingStatus, NotarizationStatus, ResourceKind
from gongfa.appointments.models import BookableResource, NotarizationCase, SlotTemplate
from gongfa.appointments.services.booking import book_slot
from gongfa.appointments.services.notarization import issue_certificate
from gongfa.appointments.tests.test_notarization_world import (
    NotaryWorld,
    accept,
    all_materials,
    apply,
    build_notary_world,
)
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import CaseLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_an_application_with_every_material_is_registered(world: NotaryWorld) -> None:
    case = apply(world)
    assert case.status == NotarizationStatus.APPLIED
    assert case.number.startswith("GZ") and len(case.number) == 12
    assert [item["provided"] for item in case.materials] == [True, True, True]
    assert case.missing_materials() == []
    assert case.user == world.citizen and case.created_by == world.clerk
    event = Event.objects.get(verb="appointments.notarizationcase.apply")
    assert event.data["matter"] == "kinship" and event.to_status == NotarizationStatus.APPLIED


def test_missing_materials_are_all_listed_in_one_message(world: NotaryWorld) -> None:
    first, second, third = all_materials(world.kinship)
    with pytest.raises(DomainError) as caught:
        apply(world, materials_provided=[first])
    message = str(caught.value)
    names = list(world.kinship.materials.filter(pk__in=[second, third]).values_list("name", flat=True))
    assert all(name in message for name in names) and "一次性告知" in message
    assert not NotarizationCase.objects.exists()


def test_a_written_commitment_covers_a_missing_material(world: NotaryWorld) -> None:
    first, second, third = all_materials(world.kinship)
    case = apply(world, materials_provided=[first, second], materials_by_commitment=[third])
    assert [item["by_commitment"] for item in case.materials] == [False, False, True]
    assert case.missing_materials() == []


def test_a_matter_the_office_does_not_handle_is_refused_with_every_other_problem(world: NotaryWorld) -> None:
    with pytest.raises(ValidationFailed) as caught:
        apply(world, world.unhandled, applicant_name="", applicant_phone="123")
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages["matter"] == "本公证处不办理该事项。"
    assert messages["applicant_name"] == "请填写申请人姓名。"
    assert "applicant_phone" in messages
    assert not NotarizationCase.objects.exists()


def test_an_agent_cannot_apply_for_an_in_person_matter(world: NotaryWorld) -> None:
    with pytest.raises(DomainError, match="第二十六条"):
        apply(world, world.will, agent_name="陈大明")
    assert apply(world, world.kinship, agent_name="陈大明").agent_name == "陈大明"


def test_a_material_of_another_matter_is_refused(world: NotaryWorld) -> None:
    stranger = all_materials(world.will)[0]
    with pytest.raises(DomainError, match="不属于该公证事项的材料清单"):
        apply(world, materials_provided=[*all_materials(world.kinship), stranger])


def test_only_staff_of_the_office_register(world: NotaryWorld) -> None:
    with pytest.raises(NotPermitted):
        apply(world, actor=world.outsider)
    with pytest.raises(NotPermitted):
        apply(world, actor=world.citizen)
    assert apply(world, actor=world.supervisor).created_by == world.supervisor


def test_a_bad_id_number_is_refused(world: NotaryWorld) -> None:
    with pytest.raises(DomainError, match="身份证号"):
        apply(world, applicant_id_number="123")


def test_with_a_booking_the_citizen_is_checked_in_and_the_order_becomes_the_case(world: NotaryWorld) -> None:
    room = BookableResource.objects.create(office=world.office, kind=ResourceKind.ROOM, name="第一业务室")
    SlotTemplate.objects.create(resource=room, weekday=2, starts_at=datetime.time(9, 0), ends_at=datetime.time(9, 30))
    with time_machine.travel(datetime.datetime(2026, 3, 3, 2, 0, tzinfo=datetime.UTC), tick=False):  # Tuesday
        booking = book_slot(
            actor=world.citizen,
            office=world.office,
            resource=room,
            matter=world.kinship,
            date=datetime.date(2026, 3, 4),
            starts_at=datetime.time(9, 0),
            name="陈小明",
            phone="13800138000",
        )
    assert booking.work_order is not None
    with time_machine.travel(datetime.datetime(2026, 3, 4, 1, 10, tzinfo=datetime.UTC), tick=False):
        case = apply(world, booking=booking, user=None)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.ATTENDED
        assert case.booking == booking and case.work_order_id == booking.work_order_id
        assert case.user == world.citizen  # from the booking
        order = booking.work_order
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.CONVERTED
        assert CaseLink.objects.get(order=order).case == case
        with pytest.raises(DomainError, match="已登记公证申请"):
            apply(world, booking=booking)
        issue_certificate(actor=world.notary, case=accept(world, case), certificate_number="(2026)示证字第2号")
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.CLOSED and order.result_code == ResultCode.CONVERTED  # rateable
