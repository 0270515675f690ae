"""The whole life of a work order through the services: intake → dispatch → accept → call back →
answer → close → rating → (bad rating) return visit and rectification."""

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import CallbackOutcome, Rating, ResultCode, ReturnVisitKind, WorkOrderStatus
from gongfa.workorders.models import Rectification, ReturnVisit, WorkOrder
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    close_work_order,
    create_work_order,
    log_callback,
    rate_work_order,
)


def test_hotline_call_to_bad_rating(
    network, citizen, hotline_agent, county_supervisor, township_supervisor, django_capture_on_commit_callbacks
):
    station = network.stations[network.townships[0].code]
    from gongfa.testing.factories import UserFactory, post

    clerk = UserFactory(real_name="吴干事")
    post(clerk, station)
    village = network.villages[2]  # its room has nobody: the order goes to the township station
    result = create_work_order(
        channel=Channel.HOTLINE,
        region=village,
        text="工地老板拖欠我两个月工资，打电话也不接。",
        requester=citizen,
        received_by=hotline_agent,
    )
    order = result.order
    assert result.created
    assert order.status == WorkOrderStatus.ASSIGNED
    assert order.owner_point == station and order.owner_user == clerk
    assert order.first_owner_point == network.centre and order.first_owner_user == hotline_agent
    assert order.topic is not None and order.topic.code == "labour"
    assert order.resolve_due is not None and order.accept_due is not None
    assert "派给吴干事" in order.routing_reason

    accept_work_order(order=order, actor=clerk)
    log_callback(order=order, actor=clerk, outcome=CallbackOutcome.REACHED, notes="已联系，了解了情况")
    answer_work_order(order=order, actor=clerk, answer="可向劳动监察投诉或申请劳动仲裁，也可申请法律援助。")
    close_work_order(order=order, actor=clerk, result_code=ResultCode.ANSWERED)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.first_contact_at is not None

    with django_capture_on_commit_callbacks(execute=True):  # notices are sent after commit
        rate_work_order(order=order, actor=citizen, rating=Rating.DISSATISFIED, comment="没解决问题")
    visit = ReturnVisit.objects.get(order=order, kind=ReturnVisitKind.DISSATISFIED)
    assert visit.assignee == township_supervisor  # the nearest supervisor above the station
    rectification = Rectification.objects.get(order=order)
    assert rectification.responsible_user == clerk and rectification.responsible_point == station
    assert Notification.objects.filter(recipient=township_supervisor, kind="return_visit").exists()
    assert Notification.objects.filter(recipient=clerk, kind="rectification").exists()
    verbs = list(Event.objects.filter(subject_id=str(order.pk)).values_list("verb", flat=True))
    assert verbs[:6] == [
        "workorders.workorder.submit",
        "workorders.workorder.dispatch",
        "workorders.workorder.accept",
        "workorders.workorder.callback",
        "workorders.workorder.answer",
        "workorders.workorder.close",
    ]
    assert "workorders.workorder.rate" in verbs and "workorders.return_visit_opened" in verbs


def test_a_good_rating_opens_no_follow_up(network, citizen, staffed_village):
    village, clerk = staffed_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    rate_work_order(order=order, actor=citizen, rating=Rating.VERY_SATISFIED)
    assert not ReturnVisit.objects.filter(kind=ReturnVisitKind.DISSATISFIED).exists()
    assert not Rectification.objects.exists()
    assert WorkOrder.objects.get(pk=order.pk).rating == 5


@pytest.mark.parametrize("rating", [Rating.DISSATISFIED, Rating.VERY_DISSATISFIED])
def test_every_bad_rating_gets_a_return_visit(network, citizen, staffed_village, county_supervisor, rating):
    village, clerk = staffed_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    rate_work_order(order=order, actor=citizen, rating=rating)
    assert ReturnVisit.objects.get(order=order).assignee == county_supervisor
