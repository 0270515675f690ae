"""人工派单 through /workbench/orders/<no>/dispatch/ (orders waiting at the dispatch desk)."""

from gongfa.core.choices import Channel
from gongfa.network.models import ServicePoint
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workbench.forms import place_value
from gongfa.workbench.tests.conftest import act, assert_done, assert_refused
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order


def _queued(network):
    return create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="问题", requester=CitizenFactory(), auto_dispatch=False
    ).order


def test_manual_dispatch_with_a_reason(client, network, county_supervisor, station_clerk):
    order = _queued(network)
    station = network.stations[network.townships[0].code]
    client.force_login(county_supervisor)
    page = client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()
    assert 'id="action-dispatch" open' in page
    response = act(client, order, "dispatch", {"place": place_value(station), "reason": "村工作室人员外出"})
    assert_done(client, response, "已派单至示范1镇公共法律服务工作站。")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_user == station_clerk
    assert "郑主任人工派单：村工作室人员外出" in order.routing_reason


def test_dispatch_to_an_inactive_person_is_explained(client, network, county_supervisor):
    station = network.stations[network.townships[0].code]
    gone = UserFactory(real_name="停用者", is_active=False)
    post(gone, station)
    order = _queued(network)
    client.force_login(county_supervisor)
    response = act(client, order, "dispatch", {"place": place_value(station), "person": gone.pk, "reason": "指定"})
    assert_refused(response, "停用者 的账号已停用，不能派单给他。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_dispatch_to_an_inactive_place_is_explained(client, network, county_supervisor):
    station = network.stations[network.townships[0].code]
    ServicePoint.objects.filter(pk=station.pk).update(is_active=False)
    order = _queued(network)
    client.force_login(county_supervisor)
    response = act(client, order, "dispatch", {"place": place_value(station), "reason": "指定"})
    assert_refused(response, "已停用，不能派单。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_dispatch_without_a_reason_is_explained(client, network, county_supervisor):
    order = _queued(network)
    client.force_login(county_supervisor)
    station = network.stations[network.townships[0].code]
    assert_refused(act(client, order, "dispatch", {"place": place_value(station)}), "人工派单须填写原因。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_dispatching_an_assigned_order_is_refused(client, network, county_supervisor, room_clerk):
    from gongfa.workbench.tests.conftest import make_order

    order = make_order(network.villages[0])
    client.force_login(county_supervisor)
    station = network.stations[network.townships[0].code]
    response = act(client, order, "dispatch", {"place": place_value(station), "reason": "改派"})
    assert_refused(response, "不能执行“派单”")
    assert WorkOrder.objects.get(pk=order.pk).owner_user == room_clerk
