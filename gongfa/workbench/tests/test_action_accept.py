"""受理 through /workbench/orders/<no>/accept/."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder


def test_accepting(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "accept"), f"已受理工单 {order.tracking_number}。")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.IN_PROGRESS and order.accepted_at is not None


def test_accepting_twice_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    act(client, order, "accept")
    accepted_at = WorkOrder.objects.get(pk=order.pk).accepted_at
    assert_refused(act(client, order, "accept"), "当前状态为“办理中”，不能执行“受理”。")
    assert WorkOrder.objects.get(pk=order.pk).accepted_at == accepted_at


def test_an_outsider_gets_404(client, network, other_clerk):
    order = make_order(network.villages[0])
    client.force_login(other_clerk)
    assert act(client, order, "accept").status_code == 404
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
