"""The order page: all details, the timeline in plain words, and only the actions allowed now."""

from django.urls import reverse

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.testing.factories import UserFactory, post
from gongfa.workbench.tests.conftest import make_order
from gongfa.workorders.choices import ResultCode, SpecialGroup, Urgency
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    create_work_order,
    sweep_overdue,
    transfer_work_order,
)


def _detail(client, order):
    return client.get(reverse("workbench:order_detail", args=[order.tracking_number]))


def _actions(page):
    return {part.split('"')[0] for part in page.split('id="action-')[1:]}


def test_the_page_shows_the_details_with_masked_contact(client, network, room_clerk, citizen):
    order = make_order(
        network.villages[0],
        requester=citizen,
        text="<b>工资</b>被拖欠",
        special_groups=SpecialGroup.ELDERLY,
        urgency=Urgency.URGENT,
    )
    client.force_login(room_clerk)
    page = _detail(client, order).content.decode()
    assert "&lt;b&gt;工资&lt;/b&gt;被拖欠" in page
    assert "139****5678" in page and "13912345678" not in page
    assert "李*爷" in page and "李大爷" not in page
    for text in [
        "就近派至",
        "劳动纠纷",
        "法律咨询",
        "老年人",
        "紧急",
        "办结时限",
        "受理时限",
        "示范县 示范1镇 示范1镇1村",
    ]:
        assert text in page, text


def test_the_timeline_is_in_plain_words_with_citizens_masked(client, network, room_clerk, citizen):
    order = make_order(network.villages[0], requester=citizen)
    answer_work_order(order=order, actor=room_clerk, answer="可以申请仲裁", close_with=ResultCode.ANSWERED)
    client.force_login(room_clerk)
    timeline = _detail(client, order).content.decode().split('data-testid="timeline"')[1]
    for label in ["登记受理", "派单", "答复", "办结", "办结结果：已解答", "派至示范1镇1村公共法律服务工作室"]:
        assert label in timeline, label
    assert "李*爷" in timeline and "李大爷" not in timeline
    assert "周干事" in timeline  # staff are named
    assert "workorders." not in timeline


def test_only_the_actions_allowed_now_are_offered(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assigned = _actions(_detail(client, order).content.decode())
    assert {
        "accept",
        "answer",
        "return",
        "transfer",
        "transfer_out",
        "merge",
        "callback",
        "link",
        "reclassify",
    } <= assigned
    assert not assigned & {"close", "reopen", "resume", "dispatch", "pause", "feedback", "convert"}
    answer_work_order(order=order, actor=room_clerk, answer="答复", close_with=ResultCode.ANSWERED)
    closed = _actions(_detail(client, order).content.decode())
    assert closed == {"reopen"}


def test_first_contact_owner_stays_visible_and_can_only_look(client, network, agent, room_clerk, station_clerk):
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="工资被拖欠",
        contact_phone="13800000001",
        received_by=agent,
    ).order
    transfer_work_order(
        order=order, actor=room_clerk, place=network.stations[network.townships[0].code], reason="需要镇里协调"
    )
    accept_work_order(order=order, actor=station_clerk)  # before this the agent may 改派 (test_redirect_order)
    client.force_login(agent)
    page = _detail(client, order).content.decode()
    first = page.split('data-testid="first-owner">')[1].split("</dd>")[0]
    assert "示范县公共法律服务中心" in first and "孙坐席" in first
    assert "示范1镇公共法律服务工作站" in page.split('data-testid="owner">')[1].split("</dd>")[0]
    assert "不能办理" in page and not _actions(page)


def test_outsiders_get_404_for_the_page_and_every_action(client, network, room_clerk, other_clerk):
    order = make_order(network.villages[0])
    client.force_login(other_clerk)
    assert _detail(client, order).status_code == 404
    for action in ["accept", "answer", "close", "transfer"]:
        url = reverse("workbench:order_action", args=[order.tracking_number, action])
        assert client.post(url, {"answer": "x", "result_code": "answered"}).status_code == 404
    assert Event.objects.filter(subject_id=str(order.pk)).count() == 2  # submit and dispatch only


def test_an_unknown_action_is_404(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert client.post(reverse("workbench:order_action", args=[order.tracking_number, "explode"])).status_code == 404
    assert client.get(reverse("workbench:order_action", args=[order.tracking_number, "accept"])).status_code == 405


def test_possible_duplicates_are_listed_with_merge_and_link(client, network, room_clerk, citizen):
    first = make_order(network.villages[0], requester=citizen, text="老板拖欠我三个月工资不给")
    second = make_order(network.villages[0], requester=citizen, text="老板拖欠我三个月的工资不给怎么办")
    client.force_login(room_clerk)
    page = _detail(client, second).content.decode()
    section = page.split("疑似重复工单")[1]
    assert first.tracking_number in section and "合并到该工单" in section and "关联该工单" in section


def test_duplicates_the_user_may_not_see_are_hidden(client, network, room_clerk, station_clerk, citizen):
    elsewhere = make_order(network.villages[1], requester=citizen, text="老板拖欠我三个月工资不给")
    mine = make_order(network.villages[0], requester=citizen, text="老板拖欠我三个月的工资不给怎么办")
    client.force_login(room_clerk)
    page = _detail(client, mine).content.decode()
    assert elsewhere.tracking_number not in page


def test_supervision_notices_are_shown_with_acknowledge_for_mine(client, network, room_clerk, county_supervisor):
    from gongfa.workbench.tests.conftest import set_due

    order = set_due(make_order(network.villages[0]), -2)
    sweep_overdue()
    client.force_login(county_supervisor)
    page = _detail(client, order).content.decode()
    assert "已超过办结时限" in page and "签收督办" in page
    client.force_login(room_clerk)
    page = _detail(client, order).content.decode()
    assert "已超过办结时限" in page and "签收督办" not in page.split("<h2>督办</h2>")[1].split("</ul>")[0]


def test_staff_posted_elsewhere_but_with_an_advisor_role_see_nothing(client, network):
    order = make_order(network.villages[0])
    user = UserFactory(real_name="路人")
    post(user, network.rooms[network.villages[4].code])
    client.force_login(user)
    assert _detail(client, order).status_code == 404
