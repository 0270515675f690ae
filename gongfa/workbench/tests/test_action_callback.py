"""回拨 through /workbench/orders/<no>/callback/."""

import pytest

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import ResultCode
from gongfa.workorders.models import CallbackRecord, WorkOrder
from gongfa.workorders.services import answer_work_order


def test_logging_a_call_back(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    page = assert_done(
        client, act(client, order, "callback", {"outcome": "reached", "notes": "已了解情况"}), "已登记回拨：已接通。"
    )
    assert "回拨记录" in page and "已了解情况" in page
    assert WorkOrder.objects.get(pk=order.pk).first_contact_at is not None


def test_an_unanswered_call_does_not_count_as_contact(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    act(client, order, "callback", {"outcome": "no_answer"})
    assert WorkOrder.objects.get(pk=order.pk).first_contact_at is None
    assert CallbackRecord.objects.get().outcome == "no_answer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择回拨结果。"),
        ({"outcome": "maybe"}, "回拨结果的选项不在列表中，请重新选择。"),
        ({"outcome": "busy", "notes": "长" * 2001}, "回拨记录不能超过 2000 个字。"),
    ],
)
def test_bad_call_backs_are_explained(client, network, room_clerk, data, message):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert_refused(act(client, order, "callback", data), message)
    assert not CallbackRecord.objects.exists()


def test_no_call_back_on_a_closed_order(client, network, room_clerk):
    order = make_order(network.villages[0])
    answer_work_order(order=order, actor=room_clerk, answer="答复", close_with=ResultCode.ANSWERED)
    client.force_login(room_clerk)
    assert act(client, order, "callback", {"outcome": "reached"}).status_code == 400
    assert not CallbackRecord.objects.exists()
