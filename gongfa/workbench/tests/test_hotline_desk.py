"""The hotline desk (issue #16): "派给…" with the suggestion, the caller's optional details, the
CTI's ring URL and the overnight messages; 改派 on the order page."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.testing.factories import build_network
from gongfa.workbench.target_picker import place_value
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder
from gongfa.workorders.services import accept_work_order, calls

URL = reverse("workbench:hotline")
RING = reverse("workbench:hotline_ring")


def _call(network, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "contact_phone": "13800000123",
        "contact_name": "张三",
        "text": "工地老板拖欠我两个月工资，打电话也不接。",
        "region": network.villages[2].code,
        "urgency": "normal",
    }
    data.update(overrides)
    return data


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def queue(network):
    return HotlineQueue.objects.create(code="12348", name="12348热线", point=network.centre)


def test_the_form_offers_places_grouped_with_automatic_dispatch_first(agent_client, network):
    page = agent_client.get(URL).content.decode()
    recipient = page.split('id="recipient"')[1]
    assert '<legend class="label">派给…' in recipient
    assert re.search(r'<input type="radio" name="dispatch_to" value="" id="id_dispatch_to_auto" checked>', recipient)
    assert "公共法律服务工作站 · 示范1镇" in recipient and "公共法律服务工作室 · 示范2镇" in recipient
    assert 'name="phone_withheld"' in page and 'name="contact_id_number"' in page
    assert 'name="contact_sex"' in page and 'name="contact_age_band"' in page


def test_refine_shows_the_suggestion_and_records_nothing(agent_client, network, station_clerk):
    response = agent_client.post(URL, _call(network, refine="1", target_q="1镇"))
    page = response.content.decode()
    assert response.status_code == 200 and not WorkOrder.objects.exists()
    suggestion = page.split('data-testid="suggestion"')[1].split("</p>")[0]
    assert "示范1镇公共法律服务工作站" in suggestion and "吴干事" in suggestion and "无在岗人员" in suggestion
    assert "按规则自动派单（示范1镇公共法律服务工作站）" in page
    options = page.split('id="id_dispatch_to_options"')[1].split('id="id_dispatch_person"')[0]
    assert "示范1镇3村公共法律服务工作室" in options and "示范2镇" not in options
    assert "工地老板拖欠我两个月工资" in page and 'value="13800000123"' in page  # the call is kept
    assert "error-message" not in page


def test_htmx_recipient_follows_the_region(agent_client, network, station_clerk):
    response = agent_client.post(reverse("workbench:hotline_recipient"), _call(network), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert fragment.startswith('<div id="recipient"') and "无在岗人员" in fragment
    assert not WorkOrder.objects.exists()


def test_registering_with_a_chosen_recipient(agent_client, network, agent, other_clerk):
    other_station = network.stations[network.townships[1].code]
    response = agent_client.post(URL, _call(network, dispatch_to=place_value(other_station)))
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    assert (order.owner_point, order.owner_user, order.status) == (other_station, other_clerk, "assigned")
    assert "孙坐席登记时选择派至示范2镇公共法律服务工作站" in order.routing_reason
    page = agent_client.get(URL).content.decode()
    last = page.split('data-testid="last-order"')[1].split("</p>")[0]
    assert order.tracking_number in last and "打印受理回执" in last and "改派" in last


def test_a_recipient_and_handling_it_myself_conflict(agent_client, network, other_clerk):
    station = network.stations[network.townships[1].code]
    response = agent_client.post(URL, _call(network, dispatch_to=place_value(station), handle_myself="on"))
    assert response.status_code == 400 and not WorkOrder.objects.exists()
    assert "请把“派给…”改回自动派单" in response.content.decode()


def test_an_inactive_recipient_is_refused_with_the_other_problems(agent_client, network):
    station = network.stations[network.townships[1].code]
    station.is_active = False
    station.save()
    response = agent_client.post(URL, _call(network, dispatch_to=place_value(station), text=""))
    page = response.content.decode()
    assert response.status_code == 400 and not WorkOrder.objects.exists()
    assert "已停用，不能派单" in page and "诉求内容" in page.split("error-summary__list")[1]


def test_caller_details_are_stored_encrypted_and_shown_masked(agent_client, network, station_clerk):
    agent_client.post(
        URL,
        _call(network, contact_id_number="11010519491231002x", contact_sex="female", contact_age_band="60_79"),
    )
    order = WorkOrder.objects.get()
    assert order.contact_id_number == "11010519491231002X"
    assert (order.contact_sex, order.contact_age_band) == ("female", "60_79")
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_id_number FROM workorders_workorder WHERE id = %s", [order.pk])
        assert "110105" not in str(cursor.fetchone()[0])
    page = agent_client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    shown = page.split('data-testid="contact-id-number">')[1].split("</dd>")[0]
    assert "11010519491231002X" not in page and shown.startswith("1") and "*" in shown
    assert "女 · 60–79岁" in page


def test_an_empty_phone_needs_number_withheld(agent_client, network, station_clerk):
    response = agent_client.post(URL, _call(network, contact_phone=""))
    assert response.status_code == 400 and "请填写联系电话" in response.content.decode()
    both = agent_client.post(URL, _call(network, phone_withheld="on", token=str(uuid.uuid4())))
    assert both.status_code == 400 and "请不要同时勾选“号码未显示”" in both.content.decode()
    bad_id = agent_client.post(
        URL, _call(network, contact_id_number="123", contact_sex="x", token=str(uuid.uuid4()))
    ).content.decode()
    assert "身份证号" in bad_id.split("error-summary__list")[1] and "性别" in bad_id.split("error-summary__list")[1]
    assert not WorkOrder.objects.exists()
    agent_client.post(URL, _call(network, contact_phone="", phone_withheld="on", token=str(uuid.uuid4())))
    order = WorkOrder.objects.get()
    assert order.phone_withheld and order.contact_phone == ""
    assert (
        "号码未显示"
        in agent_client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    )


def test_the_ring_url_records_the_call_and_hides_the_number(agent_client, network, agent, queue, station_clerk):
    response = agent_client.get(RING, {"caller": "13800000123", "call_id": "CTI-1", "queue": "12348"})
    assert response.status_code == 302 and response["Location"] == URL
    assert "13800000123" not in response["Location"]
    call = CallRecord.objects.get(call_id="CTI-1")
    assert call.caller_phone == "13800000123" and call.agent == agent
    page = agent_client.get(URL).content.decode()
    assert 'name="contact_phone" value="13800000123"' in page or re.search(
        r'<input[^>]*name="contact_phone"[^>]*value="13800000123"', page
    )
    assert "该来电的历史工单" in page and 'name="call_id" value="CTI-1"' in page
    # Opening it again (a reloaded tab) records nothing twice.
    agent_client.get(RING, {"caller": "13800000123", "call_id": "CTI-1", "queue": "12348"})
    assert CallRecord.objects.count() == 1
    agent_client.post(URL, _call(network, call_id="CTI-1"))
    order = WorkOrder.objects.get()
    call.refresh_from_db()
    assert call.order == order
    assert 'name="call_id" value=""' in agent_client.get(URL).content.decode() or "CTI-1" not in (
        agent_client.get(URL).content.decode()
    )


def test_bad_ring_parameters_are_refused(agent_client, network, queue):
    assert agent_client.get(RING, {"caller": "13800000123"}).status_code == 400
    assert agent_client.get(RING, {"call_id": "CTI-2", "queue": "nope"}).status_code == 400
    assert agent_client.get(RING, {"call_id": "CTI-3", "queue": "12348", "caller": "abc"}).status_code == 400
    assert not CallRecord.objects.exists()


def test_the_ring_url_needs_a_staff_login(client, network, queue):
    response = client.get(RING, {"caller": "13800000123", "call_id": "CTI-1", "queue": "12348"})
    assert response.status_code in (302, 403) and not CallRecord.objects.exists()


def test_overnight_messages_come_first_oldest_first(agent_client, network, agent, queue):
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    night = yesterday.replace(hour=22, minute=0)
    later = yesterday.replace(hour=23, minute=30)
    calls.leave_after_hours_message("N-1", "13800000111", "12348", received_by=agent, text="第一条留言", at=night)
    calls.leave_after_hours_message("N-2", "13800000222", "12348", received_by=agent, text="第二条留言", at=later)
    page = agent_client.get(URL).content.decode()
    section = page.split('id="overnight-title"')[1].split("</section>")[0]
    first, second = (WorkOrder.objects.get(calls__call_id=c).tracking_number for c in ("N-1", "N-2"))
    assert section.index(first) < section.index(second)


def test_the_desk_takes_a_bounded_number_of_queries(agent_client, network, agent, queue, station_clerk):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert agent_client.get(URL).status_code == 200
        return len(queries)

    small = count()
    bigger = build_network(prefix="330104", name="大")
    for n in range(len(bigger.villages[:3])):
        calls.leave_after_hours_message(
            f"M-{n}", f"1380000050{n}", "12348", received_by=agent, text="夜间留言", at=timezone.now()
        )
    assert count() <= small + 3  # the overnight list: its owners (point, agency, person), whatever their number


def test_the_registering_agent_sees_redirect_instead_of_cannot_act(
    agent_client, network, agent, station_clerk, other_clerk
):
    agent_client.post(URL, _call(network))
    order = WorkOrder.objects.get()
    detail = reverse("workbench:order_detail", args=[order.tracking_number])
    page = agent_client.get(detail).content.decode()
    assert "不由您承办" not in page and 'id="redirect-title"' in page
    target = network.stations[network.townships[1].code]
    url = reverse("workbench:order_redirect", args=[order.tracking_number])
    refused = agent_client.post(url, {"place": place_value(target), "reason": ""})
    assert refused.status_code == 400 and "改派须填写原因。" in refused.content.decode()
    done = agent_client.post(url, {"place": place_value(target), "reason": "来电人住在2镇"})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.owner_point == target and order.owner_user == other_clerk
    assert Event.objects.filter(verb="workorders.workorder.redirect", actor=agent).exists()
    accept_work_order(order=order, actor=other_clerk)
    page = agent_client.get(detail).content.decode()
    assert "不由您承办" in page and 'id="redirect-title"' not in page
    late = agent_client.post(url, {"place": place_value(network.centre), "reason": "再改"})
    assert late.status_code == 302
    order.refresh_from_db()
    assert order.owner_point == target and order.status == WorkOrderStatus.IN_PROGRESS


def test_window_registration_offers_the_receipt(client, network, station_clerk):
    client.force_login(station_clerk)
    response = client.post(reverse("workbench:intake"), _call(network, channel=Channel.WINDOW))
    order = WorkOrder.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert reverse("workbench:order_receipt", args=[order.tracking_number]) in page


def test_a_call_that_ended_links_no_later_registration(agent_client, network, agent, queue, station_clerk):
    agent_client.get(RING, {"caller": "13800000123", "call_id": "CTI-9", "queue": "12348"})
    calls.record_hangup("CTI-9")  # the caller hung up before anything was registered
    page = agent_client.get(URL).content.decode()
    assert 'data-testid="current-call"' not in page and 'name="call_id" value="CTI-9"' not in page
    agent_client.post(URL, _call(network))
    assert CallRecord.objects.get(call_id="CTI-9").order is None
