"""转办: the person an order is transferred to is told, with the reason."""

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.services import create_work_order, transfer_work_order


def test_transfer_notifies_the_receiving_person(network, citizen, staffed_village, on_commit):
    village, clerk = staffed_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="离婚财产", requester=citizen).order
    assert order.owner_user == clerk
    station = network.stations[network.townships[0].code]
    receiver = UserFactory(real_name="冯干事")
    post(receiver, station)
    with on_commit():
        transfer_work_order(order=order, actor=clerk, place=station, person=receiver, reason="需律师解答")
    notice = Notification.objects.get(recipient=receiver)
    assert notice.kind == "transfer"
    assert notice.title == f"转办给您的工单：{order.tracking_number}"
    assert notice.body == "周干事转办：需律师解答。请及时受理。"
    assert not Notification.objects.filter(recipient=clerk, kind="transfer").exists()  # who acted
