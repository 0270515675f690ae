"""合并 and 关联 through /workbench/orders/<no>/merge/ and /link/."""

import pytest

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order


def test_merging_into_another_order(client, network, room_clerk, citizen):
    keep = make_order(network.villages[0], requester=citizen)
    duplicate = make_order(network.villages[0], requester=citizen)
    client.force_login(room_clerk)
    response = act(client, duplicate, "merge", {"other": keep.tracking_number, "reason": "重复诉求"})
    assert_done(client, response, f"已合并到工单 {keep.tracking_number}。")
    duplicate.refresh_from_db()
    assert duplicate.status == WorkOrderStatus.MERGED and duplicate.merged_into == keep


def test_linking_to_another_order(client, network, room_clerk, citizen):
    parent = make_order(network.villages[0], requester=citizen)
    child = make_order(network.villages[0], requester=citizen)
    client.force_login(room_clerk)
    assert_done(client, act(client, child, "link", {"other": parent.tracking_number}), "已关联到工单")
    assert WorkOrder.objects.get(pk=child.pk).parent == parent


@pytest.mark.parametrize(
    ("other", "reason", "message"),
    [
        ("", "x", "请填写目标工单编号。"),
        ("123", "x", "工单编号格式应为 GF20261124-00123。"),
        ("GF20000101-00001", "x", "找不到工单 GF20000101-00001，或您无权处理它。"),
        ("__self__", "x", "不能把工单合并到它自己。"),
        ("__keep__", "", "合并须填写原因。"),
        ("__closed__", "x", "已办结，不能合并到它。"),
        ("__elsewhere__", "x", "或您无权处理它。"),
    ],
)
def test_bad_merges_are_explained(client, network, room_clerk, station_clerk, citizen, other, reason, message):
    order = make_order(network.villages[0], requester=citizen)
    keep = make_order(network.villages[0], requester=citizen)
    closed = answer_work_order(
        order=make_order(network.villages[0]), actor=room_clerk, answer="x", close_with=ResultCode.ANSWERED
    )
    elsewhere = make_order(network.villages[1])
    numbers = {"__self__": order, "__keep__": keep, "__closed__": closed, "__elsewhere__": elsewhere}
    other = numbers[other].tracking_number if other in numbers else other
    client.force_login(room_clerk)
    assert_refused(act(client, order, "merge", {"other": other, "reason": reason}), message)
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED


def test_linking_to_itself_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_refused(act(client, order, "link", {"other": order.tracking_number}), "不能把工单关联到它自己。")
    assert WorkOrder.objects.get(pk=order.pk).parent is None
