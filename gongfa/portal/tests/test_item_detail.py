"""The citizen's item page: status and a timeline in plain words, where a transfer went and why,
never staff names."""

from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import CallbackOutcome, ResultCode
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    create_work_order,
    log_callback,
    submit_question,
    transfer_work_order,
)


def test_the_timeline_is_plain_and_hides_staff_names(client, network):
    citizen = CitizenFactory(real_name="李大爷")
    agent = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席")
    post(agent, network.centre)
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="吴干事")
    station = network.stations[network.townships[0].code]
    post(clerk, station)
    room_clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(room_clerk, network.rooms[network.villages[0].code])
    order = create_work_order(
        channel=Channel.HOTLINE, region=network.villages[0], text="工资被拖欠", requester=citizen, received_by=agent
    ).order
    transfer_work_order(order=order, actor=room_clerk, place=station, reason="需要镇里协调用人单位")
    accept_work_order(order=order, actor=clerk)
    log_callback(order=order, actor=clerk, outcome=CallbackOutcome.REACHED, notes="吴干事已联系")
    answer_work_order(order=order, actor=clerk, answer="可以申请劳动仲裁", close_with=ResultCode.ANSWERED)
    client.force_login(citizen)
    page = client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode()
    timeline = page.split('data-testid="citizen-timeline"')[1].split("</ol>")[0]
    for step in [
        "您的事项已提交",
        "已交由示范1镇1村公共法律服务工作室办理",
        "已转交示范1镇公共法律服务工作站办理",
        "原因：需要镇里协调用人单位",  # the transfer form tells staff the citizen reads it
        "工作人员已受理",
        "已答复您",
        "事项已办结",
    ]:
        assert step in timeline, step
    for name in ["孙坐席", "吴干事", "周干事", "回拨"]:
        assert name not in page, name
    assert 'data-testid="plain-status">已办结' in page


def test_my_items_shows_status_in_plain_words(client, network):
    citizen = CitizenFactory()
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.rooms[network.villages[0].code])
    waiting = submit_question(requester=citizen, village=network.villages[0], text="第一个问题")
    done = submit_question(requester=citizen, village=network.villages[0], text="第二个问题")
    answer_work_order(order=done, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    client.force_login(citizen)
    page = client.get(reverse("portal:my_items")).content.decode()
    cards = {card.split("编号 ")[1][:16]: card for card in page.split('<li class="card">')[1:]}
    assert "已交给办理单位，等待受理" in cards[waiting.tracking_number]
    assert "已办结，请评价" in cards[done.tracking_number]
