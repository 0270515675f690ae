"""The portal's submit_question: a citizen's question becomes a dispatched work order."""

import re

import pytest
from django.test import override_settings

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.models import ServicePoint
from gongfa.testing.factories import UserFactory
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import submit_question


def test_a_question_goes_to_the_staffed_village_room(citizen, staffed_village, network):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="老板三个月没发工资怎么办？")
    assert order.status == WorkOrderStatus.ASSIGNED
    assert order.owner_point == network.rooms[village.code]
    assert order.owner_user == clerk
    assert order.first_owner_point == order.owner_point
    assert re.fullmatch(r"GF\d{8}-\d{5}", order.tracking_number)
    events = list(Event.objects.filter(subject_id=str(order.pk)).order_by("pk"))
    assert [e.verb for e in events] == ["workorders.workorder.submit", "workorders.workorder.dispatch"]
    assert events[0].actor == citizen and events[0].channel == "portal" and events[0].region == village
    assert events[1].to_status == WorkOrderStatus.ASSIGNED


def test_an_unstaffed_room_falls_back_to_the_township_station(citizen, network):
    village = network.villages[2]
    order = submit_question(requester=citizen, village=village, text="离婚后孩子抚养费怎么算")
    assert order.owner_point == network.stations[network.townships[0].code]
    assert "无在岗人员" in order.routing_reason


def test_no_station_falls_back_to_the_county_centre(citizen, network):
    ServicePoint.objects.filter(tier__in=["room", "station"]).update(is_active=False)
    order = submit_question(requester=citizen, village=network.villages[0], text="问题")
    assert order.owner_point == network.centre


def test_no_service_point_at_all_is_a_clear_error(citizen, network):
    ServicePoint.objects.update(is_active=False)
    with pytest.raises(DomainError, match="尚未设立公共法律服务"):
        submit_question(requester=citizen, village=network.villages[0], text="问题")
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_question_is_refused(citizen, network, text):
    with pytest.raises(DomainError, match="请填写诉求内容") as excinfo:
        submit_question(requester=citizen, village=network.villages[0], text=text)
    assert excinfo.value.field == "text"
    assert not WorkOrder.objects.exists()
    assert not Event.objects.filter(verb__startswith="workorders").exists()


@override_settings(QUESTION_MAX_CHARS=5000)
def test_an_oversize_question_is_refused(citizen, network):
    with pytest.raises(DomainError, match="不能超过 5000 个字（现在 5001 个字）"):
        submit_question(requester=citizen, village=network.villages[0], text="字" * 5001)
    assert not WorkOrder.objects.exists()
    order = submit_question(requester=citizen, village=network.villages[0], text="字" * 5000)
    assert len(order.text) == 5000


def test_a_township_is_not_a_village(citizen, network):
    with pytest.raises(DomainError, match="请选择所在的村"):
        submit_question(requester=citizen, village=network.townships[0], text="问题")


def test_staff_cannot_submit_as_a_citizen(network):
    with pytest.raises(NotPermitted):
        submit_question(requester=UserFactory(), village=network.villages[0], text="问题")
    assert not WorkOrder.objects.exists()


def test_markup_is_stored_as_plain_text(citizen, network):
    text = "<script>alert(1)</script> 工资"
    order = submit_question(requester=citizen, village=network.villages[0], text=text)
    assert WorkOrder.objects.get(pk=order.pk).text == text


def test_tracking_numbers_count_up_within_a_day(citizen, network):
    numbers = [
        submit_question(requester=citizen, village=network.villages[0], text=f"问题{i}").tracking_number
        for i in range(3)
    ]
    assert [int(n.split("-")[1]) for n in numbers] == [1, 2, 3]
