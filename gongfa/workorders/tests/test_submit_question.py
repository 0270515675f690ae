import re

import pytest
from django.test import override_settings

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.models import ServicePoint, StaffPosting
from gongfa.testing.factories import UserFactory
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import submit_question


def test_a_question_goes_to_the_staffed_village_room(citizen, staffed_village, network):
    village, _clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="老板三个月没发工资怎么办？")
    assert order.status == WorkOrderStatus.NEW
    assert order.owner_point == network.rooms[village.code]
    assert order.first_owner_point == order.owner_point
    assert re.fullmatch(r"GF\d{8}-\d{5}", order.tracking_number)
    event = Event.objects.get(verb="workorders.workorder.submit", subject_id=str(order.pk))
    assert event.actor == citizen
    assert event.channel == "portal"
    assert event.to_status == WorkOrderStatus.NEW
    assert event.region == village


def test_an_advisor_counts_as_room_staff(citizen, advisor_village, network):
    village, _advisor = advisor_village
    order = submit_question(requester=citizen, village=village, text="邻居占了我家宅基地")
    assert order.owner_point == network.rooms[village.code]


def test_an_unstaffed_room_falls_back_to_the_township_station(citizen, network):
    village = network.villages[2]
    order = submit_question(requester=citizen, village=village, text="离婚后孩子抚养费怎么算")
    assert order.owner_point == network.stations[village.parent.code]
    assert "无在岗人员" in order.routing_reason


def test_inactive_staff_do_not_count(citizen, staffed_village, network):
    village, clerk = staffed_village
    StaffPosting.objects.filter(user=clerk).update(is_active=False)
    order = submit_question(requester=citizen, village=village, text="问题")
    assert order.owner_point.tier == "station"


def test_no_station_falls_back_to_the_county_centre(citizen, network):
    village = network.villages[0]
    ServicePoint.objects.filter(tier__in=["room", "station"]).update(is_active=False)
    order = submit_question(requester=citizen, village=village, text="问题")
    assert order.owner_point == network.centre


def test_no_service_point_at_all_is_a_clear_error(citizen, network):
    ServicePoint.objects.update(is_active=False)
    with pytest.raises(DomainError, match="尚未设立公共法律服务点"):
        submit_question(requester=citizen, village=network.villages[0], text="问题")
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_question_is_refused(citizen, network, text):
    with pytest.raises(DomainError, match="请填写问题描述") as excinfo:
        submit_question(requester=citizen, village=network.villages[0], text=text)
    assert excinfo.value.field == "text"
    assert not WorkOrder.objects.exists()
    assert not Event.objects.exists()


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
    suffixes = [int(n.split("-")[1]) for n in numbers]
    assert suffixes == [1, 2, 3]
    assert User.objects.filter(pk=citizen.pk).exists()
