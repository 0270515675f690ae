"""转外部门 (12345) and 登记外部门反馈 through their URLs."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder


def test_transfer_out_and_record_feedback(client, network, room_clerk):
    order = make_order(network.villages[0], text="小区垃圾没人清理")
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "transfer_out", {"reason": "属于城管事项"}), "已转外部门办理")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.TRANSFERRED_OUT
    assert_done(client, act(client, order, "feedback", {"feedback": "城管已安排清理"}), "已登记外部门反馈。")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ANSWERED and order.answer == "城管已安排清理"


def test_transfer_out_needs_a_reason(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_refused(act(client, order, "transfer_out", {"reason": ""}), "转外部门须填写原因。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED


def test_empty_feedback_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    act(client, order, "transfer_out", {"reason": "不属于我们"})
    assert_refused(act(client, order, "feedback", {"feedback": ""}), "请填写反馈内容。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.TRANSFERRED_OUT
