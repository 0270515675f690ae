"""即将超时: the SLA sweep warns the owner once per order and deadline, however often it runs."""

import datetime

import time_machine

from gongfa.audit.models import Event
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.notifications.services import dispatch_for_event
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order, sweep_overdue
from gongfa.workorders.services.supervision import DUE_SOON_VERB

T0 = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC)


def _order(citizen, village):
    with time_machine.travel(T0, tick=False):
        return create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order


def test_the_sweep_warns_the_owner_once(network, citizen, staffed_village, on_commit):
    village, clerk = staffed_village
    order = _order(citizen, village)
    assert order.resolve_due is not None
    with time_machine.travel(order.resolve_due - datetime.timedelta(days=3), tick=False), on_commit():
        assert sweep_overdue().warned == 0  # not yet within a day
    with time_machine.travel(order.resolve_due - datetime.timedelta(hours=5), tick=False), on_commit():
        first = sweep_overdue()
        again = sweep_overdue()
    assert (first.warned, again.warned) == (1, 0)
    notice = Notification.objects.get(recipient=clerk)
    assert (notice.kind, notice.title) == ("due_soon", f"即将超时：工单 {order.tracking_number}")
    assert "请抓紧办理" in notice.body
    assert Event.objects.filter(verb=DUE_SOON_VERB).count() == 1


def test_a_moved_deadline_warns_again(network, citizen, staffed_village, on_commit):
    village, clerk = staffed_village
    order = _order(citizen, village)
    assert order.resolve_due is not None
    with time_machine.travel(order.resolve_due - datetime.timedelta(hours=5), tick=False), on_commit():
        sweep_overdue()
    later = order.resolve_due + datetime.timedelta(days=2)
    WorkOrder.objects.filter(pk=order.pk).update(resolve_due=later, near_due_at=None)
    with time_machine.travel(later - datetime.timedelta(hours=5), tick=False), on_commit():
        assert sweep_overdue().warned == 1
    assert Notification.objects.filter(recipient=clerk, kind="due_soon").count() == 2


def test_two_racing_sweeps_give_one_notice(network, citizen, staffed_village, on_commit):
    """Two workers that both recorded the warning for the same deadline: the notify_key wins."""
    village, clerk = staffed_village
    order = _order(citizen, village)
    data = {"deadline": "x", "notify_key": f"due-soon:{order.pk}:x"}
    first = record_event(order, DUE_SOON_VERB, data=data, region=order.region)
    second = record_event(order, DUE_SOON_VERB, data=data, region=order.region)
    assert len(dispatch_for_event(first)) == 1
    assert dispatch_for_event(second) == []
    assert Notification.objects.filter(recipient=clerk, kind="due_soon").count() == 1
