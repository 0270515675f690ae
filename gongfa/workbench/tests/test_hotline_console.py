"""The 12348 hotline console: caller lookup, quick search, the Q&A placeholder, and recording a
call (idempotent: a double submit never makes two orders)."""

import re
import uuid

import pytest
from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.workorders.choices import SpecialGroup, WorkOrderStatus
from gongfa.workorders.models import Topic, WorkOrder
from gongfa.workorders.services import create_work_order

URL = reverse("workbench:hotline")
CALLER_URL = reverse("workbench:hotline_caller")


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


def test_the_console_has_lookup_search_form_and_qa_panel(agent_client, network):
    page = agent_client.get(URL).content.decode()
    for text in ["来电查询", "来电号码", "工单检索", "登记来电", 'data-testid="qa-panel"', 'name="qa-question"']:
        assert text in page
    assert 'name="token"' in page
    textarea = re.search(r'<textarea name="text"[^>]*>', page)
    assert textarea is not None and "autofocus" in textarea.group(0)
    assert f'<optgroup label="{network.townships[0].name}">' in page
    assert f'value="{network.townships[0].code}"' in page  # a township itself can be chosen


def test_caller_lookup_lists_their_earlier_orders(agent_client, network, agent):
    mine = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="第一次来电",
        contact_phone="13800000123",
        received_by=agent,
    ).order
    other = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="别人的来电",
        contact_phone="13800000999",
        received_by=agent,
    ).order
    page = agent_client.post(CALLER_URL, {"phone": "138 0000 0123"}).content.decode()
    section = page.split("该来电的历史工单")[1].split("</table>")[0]
    assert mine.tracking_number in section and other.tracking_number not in section
    assert 'value="13800000123"' in page  # the record form is prefilled with the number
    # With HTMX only the result comes back.
    partial = agent_client.post(CALLER_URL, {"phone": "13800000123"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="caller-history"') and mine.tracking_number in partial
    assert "登记来电" not in partial
    # …plus the record form's phone input, swapped in out of band with the number.
    assert re.search(
        r'<input[^>]*hx-swap-oob="true"[^>]*value="13800000123"|<input[^>]*value="13800000123"[^>]*hx-swap-oob', partial
    )


def test_caller_search_is_a_post_and_a_phone_in_the_url_is_refused(agent_client, network):
    page = agent_client.get(URL).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(CALLER_URL)}"[^>]*>', page)
    assert form is not None and f'hx-post="{CALLER_URL}"' in form.group(0)
    assert agent_client.get(CALLER_URL, {"phone": "13800000123"}).status_code == 405
    assert agent_client.get(URL, {"phone": "13800000123"}).status_code == 405


def test_caller_search_needs_the_csrf_token(network, agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.post(CALLER_URL, {"phone": "13800000123"}).status_code == 403


def test_caller_without_history(agent_client, network):
    assert "该号码没有历史工单。" in agent_client.post(CALLER_URL, {"phone": "13800000777"}).content.decode()


def test_quick_search(agent_client, network, agent):
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="宅基地被邻居占用",
        contact_phone="13800000123",
        received_by=agent,
    ).order
    page = agent_client.get(URL, {"q": "宅基地"}).content.decode()
    assert order.tracking_number in page.split("检索结果")[1]
    assert "没有找到相关工单。" in agent_client.get(URL, {"q": "离婚"}).content.decode()


def test_recording_a_call_dispatches_it(agent_client, network, agent, station_clerk):
    response = agent_client.post(URL, _call(network, special_groups=[SpecialGroup.MIGRANT_WORKER.value]))
    order = WorkOrder.objects.get()
    # The caller's number is kept in the session for the next page, not put in the URL.
    assert response.status_code == 302 and response["Location"] == URL
    assert order.channel == Channel.HOTLINE and order.contact_phone == "13800000123"
    assert order.first_owner_user == agent and order.first_owner_point == network.centre
    assert order.owner_point == network.stations[network.townships[0].code] and order.owner_user == station_clerk
    assert order.topic is not None and order.topic.code == "labour"  # classified automatically
    assert order.special_groups == SpecialGroup.MIGRANT_WORKER
    page = agent_client.get(response["Location"]).content.decode()
    assert f"已登记工单 {order.tracking_number}" in page and "示范1镇公共法律服务工作站（吴干事）" in page
    assert order.tracking_number in page.split("该来电的历史工单")[1]


def test_a_double_submit_makes_one_order(agent_client, network, station_clerk):
    data = _call(network)
    agent_client.post(URL, data)
    response = agent_client.post(URL, data)
    assert WorkOrder.objects.count() == 1
    page = agent_client.get(response["Location"]).content.decode()
    assert "重复提交" in page and WorkOrder.objects.get().tracking_number in page


def test_the_same_token_with_other_content_is_refused(agent_client, network, station_clerk):
    data = _call(network)
    agent_client.post(URL, data)
    response = agent_client.post(URL, {**data, "text": "另一件事"})
    assert response.status_code == 400
    assert "该幂等键已用于内容不同的请求" in response.content.decode()
    assert WorkOrder.objects.count() == 1


def test_answering_on_the_spot_and_closing(agent_client, network, agent):
    data = _call(network, answer="可以向劳动监察大队投诉，也可以申请劳动仲裁。", result_code="answered")
    agent_client.post(URL, data)
    order = WorkOrder.objects.get()
    assert order.status == WorkOrderStatus.CLOSED and order.result_code == "answered"
    assert order.owner_user == agent and order.answered_by == agent


def test_handle_myself_keeps_the_order(agent_client, network, agent, station_clerk):
    agent_client.post(URL, _call(network, handle_myself="on", urgency="urgent"))
    order = WorkOrder.objects.get()
    assert order.owner_point == network.centre and order.owner_user == agent
    assert order.status == WorkOrderStatus.ASSIGNED and order.urgency == "urgent"


def test_a_chosen_topic_and_a_region_code(agent_client, network, station_clerk):
    family = Topic.objects.get(code="marriage_family")
    agent_client.post(URL, _call(network, topic=family.pk, region="", region_code=network.townships[0].code))
    order = WorkOrder.objects.get()
    assert order.topic == family and order.region == network.townships[0]


def test_the_callers_account_is_linked(agent_client, network, citizen, station_clerk):
    agent_client.post(URL, _call(network, contact_phone=citizen.phone))
    assert WorkOrder.objects.get().requester == citizen


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "请填写诉求内容。"),
        ({"region": ""}, "请选择所在区划。"),
        ({"region": "999999999999"}, "所在村(社区)或乡镇的选项不在列表中，请重新选择。"),
        ({"region": "", "region_code": "330102099099"}, "找不到该区划，请核对后重新选择。"),
        ({"region": "", "region_code": "12ab"}, "区划代码应为12位数字。"),
        ({"contact_phone": "12345"}, "联系电话格式不正确"),
        ({"contact_phone": ""}, "请填写联系电话，方便工作人员联系您。"),
        ({"result_code": "answered"}, "办结前须填写当场答复的内容。"),
        ({"token": ""}, "表单已失效，请刷新页面后重新填写。"),
        ({"urgency": "now"}, "紧急程度的选项不在列表中，请重新选择。"),
        ({"special_groups": ["3"]}, "特殊群体标记不正确。"),
    ],
)
def test_bad_input_is_explained_and_records_nothing(agent_client, network, station_clerk, overrides, message):
    response = agent_client.post(URL, _call(network, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and message in page
    assert not WorkOrder.objects.exists()


def test_an_answer_refused_by_the_service_records_nothing(agent_client, network, settings):
    settings.QUESTION_MAX_CHARS = 100
    response = agent_client.post(URL, _call(network, answer="长" * 101))
    assert response.status_code == 400
    assert "答复内容不能超过 100 个字" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_citizens_cannot_use_the_console(client, network, citizen):
    client.force_login(citizen)
    assert client.get(URL).status_code == 403
