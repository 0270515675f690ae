"""督办: the supervisor gets the notice (with SMS), the owner an in-app warning the first time."""

import datetime

import time_machine

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.services import create_work_order, sweep_overdue

T0 = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC)


def test_overdue_order_notifies_the_supervisor_by_sms_and_the_owner_in_app(
    network, citizen, staffed_village, township_supervisor, on_commit, sms_outbox
):
    village, clerk = staffed_village
    clerk.phone = "13700004444"
    clerk.save(update_fields=["phone"])
    with time_machine.travel(T0, tick=False):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    assert order.resolve_due is not None
    with time_machine.travel(order.resolve_due + datetime.timedelta(hours=2), tick=False), on_commit():
        assert sweep_overdue().raised == 1
    boss = Notification.objects.get(recipient=township_supervisor)
    assert boss.title == f"督办：工单 {order.tracking_number} 已超时" and "请督促" in boss.body
    owner = Notification.objects.get(recipient=clerk, kind="supervision")
    assert owner.title == f"您承办的工单 {order.tracking_number} 已超时并被督办"
    assert [to for to, _ in sms_outbox] == ["13600000008"]  # the owner's rule sends no SMS
