"""转办 through /workbench/orders/<no>/transfer/: a place from the list or a region code, an
optional person, a reason."""

import pytest

from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workbench.forms import place_value
from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder


def test_transfer_to_a_station_and_a_named_person(client, network, room_clerk, station_clerk):
    order = make_order(network.villages[0])
    station = network.stations[network.townships[0].code]
    client.force_login(room_clerk)
    response = act(
        client, order, "transfer", {"place": place_value(station), "person": station_clerk.pk, "reason": "需镇里协调"}
    )
    assert_done(client, response, "已转办至示范1镇公共法律服务工作站。")
    order.refresh_from_db()
    assert (order.owner_point, order.owner_user, order.status) == (station, station_clerk, WorkOrderStatus.ASSIGNED)


def test_the_form_lists_places_and_people_of_the_county(client, network, room_clerk, station_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    page = client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()
    form = page.split('id="action-transfer"')[1].split("</details>")[0]
    assert "示范1镇公共法律服务工作站" in form and "示范县法律援助中心" in form
    assert "吴干事（示范1镇公共法律服务工作站）" in form


def test_transfer_across_regions_by_region_code(client, network, room_clerk):
    other = build_network(prefix="330103", name="邻近")
    target = other.stations[other.townships[0].code]
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = act(client, order, "transfer", {"place_code": target.region.code, "reason": "户籍地在邻县"})
    assert_done(client, response, "已转办至邻近1镇公共法律服务工作站。")
    assert WorkOrder.objects.get(pk=order.pk).owner_point == target


def test_transfer_to_the_same_point_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    room = network.rooms[network.villages[0].code]
    client.force_login(room_clerk)
    response = act(client, order, "transfer", {"place": place_value(room), "reason": "再看看"})
    assert_refused(response, "不能转办给当前承办单位，请选择其他服务点或机构。")
    assert WorkOrder.objects.get(pk=order.pk).routing_reason == order.routing_reason


def test_transfer_to_an_inactive_person_is_explained(client, network, room_clerk):
    station = network.stations[network.townships[0].code]
    gone = UserFactory(real_name="离职者", is_active=False)
    post(gone, station)
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = act(client, order, "transfer", {"place": place_value(station), "person": gone.pk, "reason": "x"})
    assert_refused(response, "离职者 的账号已停用，不能派单给他。")
    assert WorkOrder.objects.get(pk=order.pk).owner_point == network.rooms[network.villages[0].code]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "x"}, "请选择承办服务点或机构。"),
        ({"place": "point:0", "reason": "x"}, "找不到该服务点或机构，请重新选择。"),
        ({"place": "nonsense", "reason": "x"}, "找不到该服务点或机构，请重新选择。"),
        ({"place_code": "33010", "reason": "x"}, "区划代码应为12位数字。"),
        ({"place_code": "330199001000", "reason": "x"}, "该区划没有服务点，请核对区划代码。"),
        ({"place": "__station__", "reason": ""}, "转办须填写原因。"),
        ({"place": "__station__", "person": "abc", "reason": "x"}, "找不到该工作人员，请重新选择。"),
        ({"place": "__station__", "person": "999999", "reason": "x"}, "找不到该工作人员，请重新选择。"),
        ({"place": "__station__", "person": "__room_clerk__", "reason": "x"}, "不在“示范1镇公共法律服务工作站”在岗"),
    ],
)
def test_bad_transfer_input_is_explained_and_changes_nothing(client, network, room_clerk, data, message):
    station = network.stations[network.townships[0].code]
    replace = {"__station__": place_value(station), "__room_clerk__": str(room_clerk.pk)}
    data = {key: replace.get(value, value) for key, value in data.items()}
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_refused(act(client, order, "transfer", data), message)
    assert WorkOrder.objects.get(pk=order.pk).owner_point == network.rooms[network.villages[0].code]
