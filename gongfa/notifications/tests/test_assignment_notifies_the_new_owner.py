"""派单: the person an order is dispatched to is told, in-app and by SMS (their preference)."""

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.services import create_work_order, dispatch_work_order, return_work_order


def test_auto_dispatch_at_intake_notifies_the_village_advisor(network, citizen, advisor_village, on_commit, sms_outbox):
    village, advisor = advisor_village
    advisor.phone = "13700002222"
    advisor.save(update_fields=["phone"])
    with on_commit():
        order = create_work_order(
            channel=Channel.PORTAL, region=village, text="邻居占了我家宅基地", requester=citizen
        ).order
    assert order.owner_user == advisor
    notice = Notification.objects.get(recipient=advisor)
    assert notice.kind == "assignment"
    assert notice.title == f"新派工单：{order.tracking_number}"
    assert notice.link == f"/workbench/orders/{order.tracking_number}/"
    assert "派给陈律师" in notice.body  # the routing reason says why
    assert [to for to, _ in sms_outbox if to == "13700002222"] == ["13700002222"]
    assert Notification.objects.filter(recipient=citizen).count() == 0  # the asker is not staff to act


def test_manual_dispatch_notifies_the_named_person_not_the_dispatcher(network, citizen, hotline_agent, on_commit):
    station = network.stations[network.townships[0].code]
    clerk = UserFactory(real_name="吴干事")
    post(clerk, station)
    other = UserFactory(real_name="冯干事")
    post(other, station)
    order = create_work_order(
        channel=Channel.HOTLINE, region=network.villages[2], text="欠薪", requester=citizen, received_by=hotline_agent
    ).order
    Notification.objects.all().delete()
    order.refresh_from_db()
    assert order.owner_user == clerk
    return_work_order(order=order, actor=clerk, reason="不属本站")
    order.refresh_from_db()
    with on_commit():
        dispatch_work_order(order=order, actor=hotline_agent, place=station, person=other, reason="熟悉情况")
    assert list(Notification.objects.values_list("recipient", "kind")) == [(other.pk, "assignment")]


def test_dispatching_to_oneself_notifies_nobody(network, citizen, on_commit):
    room = network.rooms[network.villages[0].code]
    clerk = UserFactory(real_name="周干事")
    post(clerk, room)
    with on_commit():
        create_work_order(
            channel=Channel.WINDOW,
            region=network.villages[0],
            text="咨询继承",
            requester=citizen,
            received_by=clerk,
            handle_myself=True,
        )
    assert not Notification.objects.filter(recipient=clerk).exists()
