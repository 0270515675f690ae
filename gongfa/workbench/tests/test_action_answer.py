"""答复 through /workbench/orders/<no>/answer/ (optionally 答复后办结 with a result code)."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder


def test_answering(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    page = assert_done(client, act(client, order, "answer", {"answer": "可以申请劳动仲裁"}), "系统将短信通知群众")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ANSWERED and order.answer == "可以申请劳动仲裁"
    assert 'id="action-answer"' not in page and 'id="action-close"' in page


def test_answering_and_closing_at_once(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = act(client, order, "answer", {"answer": "已解答", "close_now": "on", "result_code": "answered"})
    assert_done(client, response, "已答复并办结工单")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.result_code == "answered"


def test_closing_without_a_result_code_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = act(client, order, "answer", {"answer": "已解答", "close_now": "on", "result_code": ""})
    assert_refused(response, "答复后办结须选择办结结果。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED


def test_an_empty_answer_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    page = assert_refused(act(client, order, "answer", {"answer": " "}), "请填写答复内容。")
    assert 'href="#id_answer_answer"' in page  # the summary links to the field
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED


def test_answering_twice_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    act(client, order, "answer", {"answer": "一"})
    assert_refused(act(client, order, "answer", {"answer": "二"}), "不能执行“答复”")
    assert WorkOrder.objects.get(pk=order.pk).answer == "一"


def test_an_unknown_result_code_is_refused(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    response = act(client, order, "answer", {"answer": "x", "close_now": "on", "result_code": "bogus"})
    assert_refused(response, "办结结果的选项不在列表中，请重新选择。")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
