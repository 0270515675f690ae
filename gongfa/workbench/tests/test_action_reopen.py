"""重新办理 through /workbench/orders/<no>/reopen/."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order


def _closed(network, clerk):
    order = make_order(network.villages[0])
    return answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)


def test_reopening_with_a_reason(client, network, room_clerk):
    order = _closed(network, room_clerk)
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "reopen", {"reason": "回访发现问题未解决"}), "已重新办理")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.IN_PROGRESS and order.result_code == ""


def test_reopening_without_a_reason_is_explained(client, network, room_clerk):
    order = _closed(network, room_clerk)
    client.force_login(room_clerk)
    assert_refused(act(client, order, "reopen", {"reason": ""}), "重新办理须填写原因。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.CLOSED
