"""A certificate's rating waits for the end of its review window where the region says so
(rating_after.notarization = final, issue #16 item 9): the booking's work order stays with the case
until the window passes or the review is decided. The default (close) asks at issue."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.appointments.choices import ResourceKind, ReviewOutcome, ReviewRequester
from gongfa.appointments.models import BookableResource, NotarizationCase, SlotTemplate
from gongfa.appointments.services.booking import book_slot
from gongfa.appointments.services.notarization import decide_review, issue_certificate, request_review
from gongfa.appointments.services.notarization_rating import release_final_certificates, review_window_ends
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.network.models import RegionSetting
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 3, 4)  # Wednesday


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def _final(world: NotaryWorld) -> None:
    RegionSetting.objects.create(
        region=world.office.region,
        key="rating_after.notarization",
        value="final",
        effective_from=datetime.date(2020, 1, 1),
    )


def _issued_from_a_booking(world: NotaryWorld) -> tuple[NotarizationCase, WorkOrder]:
    room = BookableResource.objects.create(office=world.office, kind=ResourceKind.ROOM, name="第一业务室")
    SlotTemplate.objects.create(resource=room, weekday=2, starts_at=datetime.time(9, 0), ends_at=datetime.time(9, 30))
    with at(datetime.date(2026, 3, 3)):
        booking = book_slot(
            actor=world.citizen,
            office=world.office,
            resource=room,
            matter=world.kinship,
            date=ISSUED,
            starts_at=datetime.time(9, 0),
            name="陈小明",
            phone="13800138000",
        )
    with at(ISSUED):
        case = apply(world, booking=booking, user=None)
        case = issue_certificate(actor=world.notary, case=accept(world, case), certificate_number="(2026)示证字第9号")
    assert booking.work_order is not None
    return case, WorkOrder.objects.get(pk=booking.work_order.pk)


def test_by_default_the_rating_is_asked_when_the_certificate_is_issued(world: NotaryWorld) -> None:
    _case, order = _issued_from_a_booking(world)
    assert order.status == WorkOrderStatus.CLOSED


def test_final_holds_the_order_until_the_review_window_has_passed(world: NotaryWorld) -> None:
    _final(world)
    case, order = _issued_from_a_booking(world)
    assert order.status == WorkOrderStatus.CONVERTED  # held
    last = review_window_ends(case)
    assert last == ISSUED + datetime.timedelta(days=365)
    assert release_final_certificates(today=last) == 0  # the last day a review may still be asked
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CONVERTED
    assert release_final_certificates(today=last + datetime.timedelta(days=1)) == 1
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED
    assert release_final_certificates(today=last + datetime.timedelta(days=2)) == 0  # safe to run again


def test_a_decided_review_releases_the_rating_at_once(world: NotaryWorld) -> None:
    _final(world)
    case, order = _issued_from_a_booking(world)
    with at(ISSUED + datetime.timedelta(days=30)):
        pending = request_review(actor=world.clerk, case=case, requester=ReviewRequester.PARTY, reason="内容有误")
    assert release_final_certificates(today=ISSUED + datetime.timedelta(days=400)) == 0  # review pending: held
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CONVERTED
    with at(ISSUED + datetime.timedelta(days=40)):
        decide_review(actor=world.notary, case=pending, outcome=ReviewOutcome.UPHELD, note="维持公证书")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED
