"""The staff queue: default "open" status, each filter narrows, counters, pages, HTMX, access."""

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory, UserFactory
from gongfa.workbench.tests.conftest import make_order, set_due
from gongfa.workorders.choices import ResultCode, SpecialGroup, Urgency, WorkOrderStatus
from gongfa.workorders.models import Topic
from gongfa.workorders.services import accept_work_order, answer_work_order, create_work_order


def _page(client, **params):
    response = client.get(reverse("workbench:queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page):
    return page.split("<tbody>")[1].split("</tbody>")[0]


@pytest.fixture
def clerk_client(client, room_clerk):
    client.force_login(room_clerk)
    return client


def test_the_queue_shows_open_orders_of_my_point_with_masked_contacts(clerk_client, network, room_clerk):
    mine = [make_order(network.villages[0]) for _ in range(2)]
    closed = make_order(network.villages[0])
    answer_work_order(order=closed, actor=room_clerk, answer="答复", close_with=ResultCode.ANSWERED)
    others = make_order(network.villages[1])
    rows = _rows(_page(clerk_client))
    for order in mine:
        assert order.tracking_number in rows and order.requester is not None
        assert order.requester.masked_phone in rows and order.requester.phone not in rows
    assert closed.tracking_number not in rows  # default: open orders only
    assert others.tracking_number not in rows  # another village's room


def test_each_row_shows_what_the_list_needs(clerk_client, network):
    order = make_order(
        network.villages[0], urgency=Urgency.URGENT, special_groups=SpecialGroup.ELDERLY | SpecialGroup.DISABLED
    )
    set_due(order, 24 * 7)  # a portal order's 24 hours would make it near due at once
    rows = _rows(_page(clerk_client))
    for text in [
        order.tracking_number,
        "劳动纠纷",
        "网络平台",
        "示范1镇1村公共法律服务工作室",
        "周干事",
        "老年人",
        "残疾人",
    ]:
        assert text in rows
    assert "紧急" in rows and str(order.priority) in rows
    assert "正常" in rows  # the SLA state tag


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "assigned"}, {"assigned", "overdue", "near", "urgent_elderly", "hotline"}),
        ({"status": "in_progress"}, {"accepted"}),
        ({"status": "closed"}, {"closed"}),
        ({"status": ""}, {"assigned", "accepted", "closed", "overdue", "near", "urgent_elderly", "hotline"}),
        ({"sla": "overdue"}, {"overdue"}),
        ({"sla": "near_due"}, {"near"}),
        ({"channel": "hotline"}, {"hotline"}),
        ({"group": str(SpecialGroup.ELDERLY.value)}, {"urgent_elderly"}),
        ({"q": "宅基地"}, {"near"}),
    ],
)
def test_each_filter_narrows_the_list(clerk_client, network, room_clerk, params, expected):
    village = network.villages[0]
    orders = {
        "assigned": make_order(village, text="合同违约金怎么算"),
        "accepted": make_order(village, text="离婚财产怎么分"),
        "closed": make_order(village, text="借钱不还怎么办"),
        "overdue": make_order(village, text="交通事故赔偿"),
        "near": make_order(village, text="宅基地被邻居占用"),
        "urgent_elderly": make_order(village, text="子女不赡养老人", special_groups=SpecialGroup.ELDERLY),
        "hotline": create_work_order(
            channel=Channel.HOTLINE,
            region=village,
            text="被狗咬伤找谁赔",
            contact_phone="13800000001",
            received_by=room_clerk,
        ).order,
    }
    accept_work_order(order=orders["accepted"], actor=room_clerk)
    answer_work_order(order=orders["closed"], actor=room_clerk, answer="答复", close_with=ResultCode.ANSWERED)
    set_due(orders["overdue"], -5)
    set_due(orders["near"], 3)
    for key in ("assigned", "accepted", "urgent_elderly", "hotline"):
        set_due(orders[key], 24 * 10)
    rows = _rows(_page(clerk_client, **params))
    shown = {key for key, order in orders.items() if order.tracking_number in rows}
    assert shown == expected


def test_topic_point_and_person_filters(client, network, county_supervisor, room_clerk, station_clerk):
    labour = Topic.objects.get(code="labour")
    in_room = make_order(network.villages[0], text="老板拖欠工资")
    at_station = make_order(network.villages[1], text="离婚后孩子抚养费")
    assert at_station.owner_user == station_clerk and in_room.owner_user == room_clerk
    client.force_login(county_supervisor)
    rows = _rows(_page(client, topic=str(labour.pk)))
    assert in_room.tracking_number in rows and at_station.tracking_number not in rows
    rows = _rows(_page(client, point=str(network.stations[network.townships[0].code].pk)))
    assert at_station.tracking_number in rows and in_room.tracking_number not in rows
    rows = _rows(_page(client, person=str(room_clerk.pk)))
    assert in_room.tracking_number in rows and at_station.tracking_number not in rows


def test_filters_offer_only_points_and_people_in_my_scope(clerk_client, network, other_clerk):
    page = _page(clerk_client)
    assert "示范1镇1村公共法律服务工作室" in page.split('name="point"')[1].split("</select>")[0]
    people = page.split('name="person"')[1].split("</select>")[0]
    assert "周干事" in people and "冯干事" not in people


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"sla": "late"}, {"topic": "abc"}, {"point": "999999"}])
def test_an_invalid_filter_is_dropped_not_an_error(clerk_client, network, params):
    order = make_order(network.villages[0])
    page = _page(clerk_client, **params)
    assert order.tracking_number in _rows(page)
    assert "部分筛选条件无效，已忽略。" in page


def test_counters_per_status_and_deadline(clerk_client, network, room_clerk):
    first, second, third = (make_order(network.villages[0]) for _ in range(3))
    accept_work_order(order=first, actor=room_clerk)
    set_due(first, 24 * 7)  # a portal order's 24 hours would make it near due at once
    set_due(second, -1)
    set_due(third, 2)
    page = _page(clerk_client)
    assert "<strong>3</strong>在办" in page
    assert 'data-status="assigned"><strong>2</strong>待受理' in page
    assert 'data-status="in_progress"><strong>1</strong>办理中' in page
    assert '<strong data-testid="overdue-count">1</strong>' in page
    assert '<strong data-testid="near-due-count">1</strong>' in page


def test_pages_of_fifty(clerk_client, network):
    citizen = CitizenFactory()
    for i in range(52):
        make_order(network.villages[0], requester=citizen, text=f"问题{i}")
    first = _page(clerk_client)
    assert _rows(first).count("data-row-link") == 50
    assert "共 52 件工单" in first and "第 1 / 2 页" in first
    second = _page(clerk_client, page="2")
    assert _rows(second).count("data-row-link") == 2
    assert _page(clerk_client, page="abc").count("data-row-link") == 50  # a bad page number: the first


def test_query_count_does_not_grow_with_rows(clerk_client, network, django_assert_max_num_queries):
    citizen = CitizenFactory()
    for i in range(3):
        make_order(network.villages[0], requester=citizen, text=f"问题{i}", special_groups=SpecialGroup.ELDERLY)
    clerk_client.get(reverse("workbench:queue"))  # warm caches (content types, session)
    with django_assert_max_num_queries(20) as few:
        clerk_client.get(reverse("workbench:queue"))
    for i in range(37):
        make_order(network.villages[0], requester=CitizenFactory(), text=f"更多问题{i}", urgency=Urgency.URGENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = clerk_client.get(reverse("workbench:queue")).content.decode()
    assert _rows(page).count("data-row-link") == 40


def test_htmx_requests_get_only_the_results(clerk_client, network):
    make_order(network.villages[0])
    response = clerk_client.get(reverse("workbench:queue"), {"status": "assigned"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert '<table class="queue-table"' in page and "<html" not in page
    assert 'hx-push-url="true"' not in page  # the filter form stays on the page


def test_the_page_explains_keyboard_use(clerk_client, network):
    page = _page(clerk_client)
    assert 'id="kbd-hint"' in page and "按 j 移到下一条工单" in page
    assert 'aria-describedby="kbd-hint"' in page
    assert 'hx-get="/workbench/queue/"' in page and 'hx-push-url="true"' in page


def test_staff_without_posting_are_told_why_the_queue_is_empty(client, network):
    make_order(network.villages[0])
    client.force_login(UserFactory(role=Role.WINDOW_STAFF))
    page = _page(client)
    assert "您还没有在岗的岗位" in page
    assert "GF" not in _rows(page)


def test_citizens_are_refused(client, network):
    client.force_login(CitizenFactory())
    assert client.get(reverse("workbench:queue")).status_code == 403


def test_anonymous_goes_to_staff_login(client, db):
    response = client.get(reverse("workbench:queue"))
    assert response.status_code == 302 and reverse("accounts:staff_login") in response["Location"]


def test_bulk_controls_only_for_supervisors(client, network, room_clerk, county_supervisor):
    make_order(network.villages[0])
    client.force_login(room_clerk)
    assert 'id="bulk-form"' not in _page(client)
    client.force_login(county_supervisor)
    page = _page(client)
    assert 'id="bulk-form"' in page and 'form="bulk-form"' in page


def test_answered_status_is_listed_with_its_own_filter(clerk_client, network, room_clerk):
    order = make_order(network.villages[0])
    answer_work_order(order=order, actor=room_clerk, answer="答复")
    assert order.tracking_number in _rows(_page(clerk_client, status=WorkOrderStatus.ANSWERED))
    assert order.tracking_number in _rows(_page(clerk_client))  # answered is still open


@pytest.mark.parametrize(
    ("params", "expect_count_query"),
    [({}, False), ({"status": "assigned"}, False), ({"sla": "overdue"}, False), ({"status": "closed"}, True)],
)
def test_the_counters_spare_the_paginator_its_count(
    clerk_client, network, django_assert_max_num_queries, params, expect_count_query
):
    """The usual views reuse the counters' numbers instead of a separate COUNT(*) over the scope."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        make_order(network.villages[0], text=f"问题{i}")
    clerk_client.get(reverse("workbench:queue"), params)
    with CaptureQueriesContext(connection) as captured:
        clerk_client.get(reverse("workbench:queue"), params)
    plain_counts = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "workorders_workorder"')
    ]
    assert bool(plain_counts) is expect_count_query
