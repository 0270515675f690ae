"""Window intake for walk-ins: the channel follows the staff member's point (window or village room)."""

import uuid

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import WorkOrder

URL = reverse("workbench:intake")


def _walk_in(region_code, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "contact_phone": "13800000456",
        "text": "邻居占了我家宅基地",
        "region": region_code,
    }
    data.update(overrides)
    return data


def test_a_village_room_records_as_village_room_and_keeps_it_local(client, network, room_clerk):
    client.force_login(room_clerk)
    page = client.get(URL).content.decode()
    village = network.villages[0]
    assert "村(居)工作室" in page and f'<option value="{village.code}" selected>' in page
    response = client.post(URL, _walk_in(village.code))
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbench/orders/{order.tracking_number}/"
    assert order.channel == Channel.VILLAGE_ROOM and order.owner_user == room_clerk
    assert order.first_owner_point == network.rooms[village.code]


def test_the_centre_window_records_as_window(client, network, station_clerk):
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="窗口")
    post(clerk, network.centre)
    client.force_login(clerk)
    client.post(URL, _walk_in(network.villages[1].code))
    order = WorkOrder.objects.get()
    assert order.channel == Channel.WINDOW and order.owner_user == station_clerk


def test_a_double_submit_makes_one_order(client, network, room_clerk):
    client.force_login(room_clerk)
    data = _walk_in(network.villages[0].code)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert WorkOrder.objects.count() == 1 and first["Location"] == second["Location"]
    assert "重复提交" in client.get(second["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": " "}, "请填写诉求内容。"),
        ({"region": ""}, "请选择所在区划。"),
        ({"contact_phone": "abc"}, "联系电话格式不正确"),
    ],
)
def test_bad_input_is_explained(client, network, room_clerk, overrides, message):
    client.force_login(room_clerk)
    response = client.post(URL, _walk_in(network.villages[0].code, **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not WorkOrder.objects.exists()
