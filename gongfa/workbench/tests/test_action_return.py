"""退回 through /workbench/orders/<no>/return/."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder


def test_returning_with_a_reason(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "return", {"reason": "不属于本村事项"}), "等待重新分派")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW and order.owner_point == network.centre and order.manual_dispatch


def test_returning_without_a_reason_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    page = assert_refused(act(client, order, "return", {"reason": "  "}), "退回须填写原因。")
    assert 'id="action-return" open' in page  # the failing form is unfolded
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
