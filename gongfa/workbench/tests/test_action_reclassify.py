"""重新分类 through /workbench/orders/<no>/reclassify/ (kept as labelled data)."""

from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.models import Topic, TopicLabel, WorkOrder


def test_reclassifying(client, network, room_clerk):
    order = make_order(network.villages[0], text="老板拖欠工资")
    family = Topic.objects.get(code="marriage_family")
    client.force_login(room_clerk)
    assert_done(client, act(client, order, "reclassify", {"topic": family.pk}), "已改为“婚姻家庭”类别。")
    assert WorkOrder.objects.get(pk=order.pk).topic == family
    assert TopicLabel.objects.get().topic == family


def test_the_same_topic_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0], text="老板拖欠工资")
    client.force_login(room_clerk)
    assert_refused(act(client, order, "reclassify", {"topic": order.topic_id}), "工单已是“劳动纠纷”类别。")
    assert not TopicLabel.objects.exists()


def test_an_unknown_or_inactive_topic_is_explained(client, network, room_clerk):
    order = make_order(network.villages[0])
    retired = Topic.objects.get(code="maritime")
    Topic.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(room_clerk)
    assert_refused(act(client, order, "reclassify", {"topic": "99999"}), "找不到该类别，请重新选择。")
    assert_refused(act(client, order, "reclassify", {"topic": retired.pk}), "找不到该类别，请重新选择。")
    assert_refused(act(client, order, "reclassify", {}), "请选择类别。")
    assert not TopicLabel.objects.exists()
