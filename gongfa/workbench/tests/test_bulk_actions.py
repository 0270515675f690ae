"""Bulk actions in the queue (supervisors only): each order goes through the service; successes
and refusals are reported one by one; bad input changes nothing."""

import pytest
from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory
from gongfa.workbench.forms import place_value
from gongfa.workbench.tests.conftest import make_order, set_due
from gongfa.workorders.choices import SupervisionStatus, WorkOrderStatus
from gongfa.workorders.models import SupervisionNotice, WorkOrder
from gongfa.workorders.services import create_work_order, sweep_overdue


def _queued(network, n, village_index=0):
    """NEW orders waiting at the county desk for manual dispatch."""
    return [
        create_work_order(
            channel=Channel.PORTAL,
            region=network.villages[village_index],
            text=f"问题{i}",
            requester=CitizenFactory(),
            auto_dispatch=False,
        ).order
        for i in range(n)
    ]


def _post(client, data, **query):
    url = reverse("workbench:queue")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, data)


def test_bulk_dispatch_reports_successes_and_refusals(client, network, county_supervisor, station_clerk):
    queued = _queued(network, 2)
    assigned = make_order(network.villages[1])  # already dispatched: refused
    station = network.stations[network.townships[0].code]
    client.force_login(county_supervisor)
    numbers = [o.tracking_number for o in [*queued, assigned]]
    response = _post(
        client,
        {"action": "dispatch", "place": place_value(station), "reason": "镇里统一办理", "orders": numbers},
        status="",
    )
    assert response.status_code == 302 and response["Location"] == "/workbench/queue/?status="
    for order in queued:
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.ASSIGNED and order.owner_point == station
    page = client.get(response["Location"]).content.decode()
    assert f"人工派单成功 2 件：{queued[0].tracking_number}、{queued[1].tracking_number}" in page
    assert f"人工派单未成功 {assigned.tracking_number}：当前状态为“待受理”，不能执行“派单”。" in page
    assert WorkOrder.objects.get(pk=assigned.pk).owner_point == network.stations[network.townships[0].code]


def test_bulk_transfer_to_the_same_place_is_refused_for_that_order(client, network, county_supervisor, station_clerk):
    at_station = make_order(network.villages[1])
    in_room = make_order(network.villages[2])
    station = network.stations[network.townships[0].code]
    assert at_station.owner_point == station == in_room.owner_point
    other = network.stations[network.townships[1].code]
    client.force_login(county_supervisor)
    response = _post(
        client,
        {"action": "transfer", "place": place_value(station), "reason": "调整", "orders": [at_station.tracking_number]},
    )
    page = client.get(response["Location"]).content.decode()
    assert "不能转办给当前承办单位" in page
    _post(
        client,
        {"action": "transfer", "place": place_value(other), "reason": "调整", "orders": [in_room.tracking_number]},
    )
    assert WorkOrder.objects.get(pk=in_room.pk).owner_point == other
    assert WorkOrder.objects.get(pk=at_station.pk).owner_point == station


def test_bulk_acknowledge(client, network, county_supervisor, station_clerk):
    order = set_due(make_order(network.villages[1]), -3)
    quiet = make_order(network.villages[2])
    sweep_overdue()
    notice = SupervisionNotice.objects.get(order=order)
    assert notice.supervisor == county_supervisor
    client.force_login(county_supervisor)
    response = _post(client, {"action": "acknowledge", "orders": [order.tracking_number, quiet.tracking_number]})
    page = client.get(response["Location"]).content.decode()
    notice.refresh_from_db()
    assert notice.status == SupervisionStatus.ACKNOWLEDGED
    assert f"签收督办成功 1 件：{order.tracking_number}" in page
    assert f"{quiet.tracking_number}：没有发给您的待签收督办通知。" in page


def test_orders_outside_my_region_are_refused(client, network, township_supervisor, other_clerk):
    elsewhere = _queued(network, 1, village_index=3)[0]  # the second township
    client.force_login(township_supervisor)
    station = network.stations[network.townships[0].code]
    response = _post(
        client,
        {"action": "dispatch", "place": place_value(station), "reason": "试试", "orders": [elsewhere.tracking_number]},
    )
    page = client.get(response["Location"]).content.decode()
    assert f"{elsewhere.tracking_number}：找不到该工单，或您无权处理。" in page
    assert WorkOrder.objects.get(pk=elsewhere.pk).status == WorkOrderStatus.NEW


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "dispatch", "reason": "x", "place": "__station__"}, "请先勾选要处理的工单。"),
        ({"action": "", "orders": ["__order__"]}, "请选择批量操作。"),
        ({"action": "dispatch", "reason": "x", "orders": ["__order__"]}, "请选择承办服务点或机构。"),
        (
            {"action": "dispatch", "place": "point:999999", "orders": ["__order__"]},
            "找不到该服务点或机构，请重新选择。",
        ),
        ({"action": "dispatch", "place_code": "123", "orders": ["__order__"]}, "区划代码应为12位数字。"),
        (
            {"action": "dispatch", "place_code": "330102009000", "orders": ["__order__"]},
            "该区划没有服务点，请核对区划代码。",
        ),
        ({"action": "dispatch", "place": "__station__", "orders": ["not-a-number"]}, "工单编号格式不正确。"),
    ],
)
def test_bad_bulk_input_is_explained_and_changes_nothing(client, network, county_supervisor, data, message):
    order = _queued(network, 1)[0]
    station = network.stations[network.townships[0].code]
    data = {
        key: (
            [order.tracking_number if v == "__order__" else v for v in value]
            if isinstance(value, list)
            else place_value(station)
            if value == "__station__"
            else value
        )
        for key, value in data.items()
    }
    client.force_login(county_supervisor)
    response = _post(client, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and message in page
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_bulk_actions_are_for_supervisors_only(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = _post(
        client, {"action": "transfer", "place": "point:1", "reason": "x", "orders": [order.tracking_number]}
    )
    assert response.status_code == 403
    assert WorkOrder.objects.get(pk=order.pk).owner_point == network.rooms[network.villages[0].code]
