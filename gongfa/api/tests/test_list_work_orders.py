"""GET /api/v1/workorders: the caller's orders with the queue filters, paginated, in a constant
number of queries."""

import datetime

import pytest
from django.utils import timezone

from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import SpecialGroup
from gongfa.workorders.models import Topic, WorkOrder

from .conftest import ApiClient

URL = "/api/v1/workorders"


def numbers(response):
    assert response.status_code == 200, response.content
    return {item["tracking_number"] for item in response.json()["items"]}


@pytest.fixture
def orders(network, staffed_village, order_at):
    village, _ = staffed_village
    wages = order_at(village, "老板拖欠工资三个月")
    divorce = order_at(network.villages[3], "离婚后孩子抚养费怎么算", special_groups=SpecialGroup.ELDERLY)
    return wages, divorce


def test_staff_see_their_county_and_filters_narrow_it(api_client, orders, staffed_village):
    wages, divorce = orders
    _, clerk = staffed_village
    both = {wages.tracking_number, divorce.tracking_number}
    assert numbers(api_client.get(URL)) == both
    assert numbers(api_client.get(URL, {"status": "assigned"})) == both
    assert numbers(api_client.get(URL, {"status": "open"})) == both
    assert numbers(api_client.get(URL, {"status": "closed"})) == set()
    assert numbers(api_client.get(URL, {"topic": "labour"})) == {wages.tracking_number}
    assert numbers(api_client.get(URL, {"channel": "portal"})) == both
    assert numbers(api_client.get(URL, {"channel": "hotline"})) == set()
    assert numbers(api_client.get(URL, {"point": wages.owner_point_id})) == {wages.tracking_number}
    assert numbers(api_client.get(URL, {"person": clerk.pk})) == {wages.tracking_number}
    assert numbers(api_client.get(URL, {"special_group": "elderly"})) == {divorce.tracking_number}
    assert numbers(api_client.get(URL, {"special_group": "1"})) == {divorce.tracking_number}
    assert numbers(api_client.get(URL, {"q": "工资"})) == {wages.tracking_number}


def test_the_sla_filter(api_client, orders):
    wages, divorce = orders
    WorkOrder.objects.filter(pk=wages.pk).update(
        resolve_due=timezone.now() - datetime.timedelta(hours=1), near_due_at=None
    )
    # A portal order is answered within 24 hours (near due at once): give this one a week.
    WorkOrder.objects.filter(pk=divorce.pk).update(
        resolve_due=timezone.now() + datetime.timedelta(days=7), near_due_at=None
    )
    assert numbers(api_client.get(URL, {"sla": "overdue"})) == {wages.tracking_number}
    assert numbers(api_client.get(URL, {"sla": "on_time"})) == {divorce.tracking_number}
    item = next(i for i in api_client.get(URL).json()["items"] if i["tracking_number"] == wages.tracking_number)
    assert item["sla_state"] == "overdue" and item["sla_state_label"] == "已超时"


def test_urgent_and_special_groups_come_first(api_client, orders):
    wages, divorce = orders
    items = api_client.get(URL).json()["items"]
    assert [i["tracking_number"] for i in items] == [divorce.tracking_number, wages.tracking_number]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "sleeping"}, "status"),
        ({"sla": "late"}, "sla"),
        ({"channel": "pigeon"}, "channel"),
        ({"point": "x"}, "point"),
    ],
)
def test_bad_filters_are_a_422(api_client, db, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert any(field in detail["loc"] for detail in error["details"])


@pytest.mark.parametrize(
    ("params", "code"),
    [({"topic": "astrology"}, "unknown_topic"), ({"special_group": "aliens"}, "unknown_special_group")],
)
def test_unknown_filter_references_are_a_422(api_client, db, params, code):
    response = api_client.get(URL, params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_another_county_sees_none_of_them(other_supervisor, make_token, orders):
    _, plain = make_token(other_supervisor, ["workorders:read"])
    assert numbers(ApiClient(plain).get(URL)) == set()


def test_a_citizen_lists_their_own_newest_first(client, citizen, orders, order_at, network):
    someone_else = order_at(network.villages[1], requester=CitizenFactory())
    client.force_login(citizen)
    items = client.get(URL).json()["items"]
    assert [i["tracking_number"] for i in items] == [orders[1].tracking_number, orders[0].tracking_number]
    assert someone_else.tracking_number not in {i["tracking_number"] for i in items}


def test_pages(api_client, staffed_village, order_at):
    for i in range(3):
        order_at(staffed_village[0], f"问题{i}")
    first = api_client.get(URL, {"page": 1, "page_size": 2}).json()
    second = api_client.get(URL, {"page": 2, "page_size": 2}).json()
    assert first["count"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    assert not {i["tracking_number"] for i in first["items"]} & {i["tracking_number"] for i in second["items"]}
    assert api_client.get(URL, {"page": "abc"}).status_code == 422


def test_the_query_count_does_not_grow_with_the_rows(
    api_client, network, staffed_village, order_at, django_assert_max_num_queries
):
    labour = Topic.objects.get(code="labour")
    villages = network.villages
    for i in range(3):
        order_at(villages[i % len(villages)], f"问题{i}", topic=labour, special_groups=SpecialGroup.ELDERLY)
    filters = {"topic": "labour", "special_group": "elderly", "status": "open"}
    api_client.get(URL)  # warm up (last_used_at, content types)
    with django_assert_max_num_queries(12) as plain_3:
        assert api_client.get(URL).json()["count"] == 3
    with django_assert_max_num_queries(12) as filtered_3:
        assert api_client.get(URL, filters).json()["count"] == 3
    for i in range(3, 30):
        order_at(villages[i % len(villages)], f"问题{i}", topic=labour, special_groups=SpecialGroup.ELDERLY)
    with django_assert_max_num_queries(len(plain_3.captured_queries)):
        body = api_client.get(URL).json()
    assert body["count"] == 30 and len(body["items"]) == 30
    with django_assert_max_num_queries(len(filtered_3.captured_queries)):
        assert api_client.get(URL, filters).json()["count"] == 30
