"""暂停计时 / 恢复计时 through their URLs."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import accept_work_order


def test_pause_and_resume(client, network, room_clerk):
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    page = assert_done(client, act(client, order, "pause", {"reason": "等群众提供劳动合同"}), "已暂停计时")
    assert "暂停计时" in page and WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.WAITING
    assert_done(client, act(client, order, "resume"), "已恢复计时")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.IN_PROGRESS


def test_pausing_needs_a_reason(client, network, room_clerk):
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    assert_refused(act(client, order, "pause", {"reason": ""}), "暂停计时须填写原因。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.IN_PROGRESS


def test_resuming_a_running_clock_is_explained(client, network, room_clerk):
    order = accept_work_order(order=make_order(network.villages[0]), actor=room_clerk)
    client.force_login(room_clerk)
    assert_refused(act(client, order, "resume"), "不能执行“恢复计时”")
