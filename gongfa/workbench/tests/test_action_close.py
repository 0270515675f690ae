"""办结 through /workbench/orders/<no>/close/: the result code is required."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order


def test_closing_an_answered_order(client, network, room_clerk):
    order = answer_work_order(order=make_order(network.villages[0]), actor=room_clerk, answer="答复")
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "close", {"result_code": "referred"}), "已办结")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.result_code == "referred"


def test_closing_without_a_result_code_is_explained(client, network, room_clerk):
    order = answer_work_order(order=make_order(network.villages[0]), actor=room_clerk, answer="答复")
    client.force_login(room_clerk)
    assert_refused(act(client, order, "close", {"result_code": ""}), "办结须选择办结结果。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ANSWERED


def test_closing_an_unanswered_order_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_refused(act(client, order, "close", {"result_code": "answered"}), "不能执行“办结”")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
