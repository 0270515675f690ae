"""create_work_order(queue_dispatch=True): recorded at the desk at once, dispatched by a task queued
after commit; the task is safe to retry and leaves alone an order someone already dispatched."""

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order, dispatch_work_order
from gongfa.workorders.services.dispatch import dispatch_queued_order
from gongfa.workorders.tasks import dispatch_new_order


def _dispatches(order):
    return Event.objects.filter(verb="workorders.workorder.dispatch", subject_id=str(order.pk)).count()


def _queued(network, **extra):
    return create_work_order(
        channel=Channel.API,
        region=network.villages[0],
        text="工地老板拖欠工资三个月",
        requester=CitizenFactory(),
        queue_dispatch=True,
        **extra,
    ).order


def test_the_order_waits_at_the_desk_until_the_queued_task_runs(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = _queued(network)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW and order.owner_point == network.centre
    dispatches = [c for c in callbacks if c.__qualname__ != "_queue_refresh"]  # statistics refresh apart
    assert len(dispatches) == 1
    dispatches[0]()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_point != network.centre
    assert _dispatches(order) == 1


def test_running_the_task_again_changes_nothing(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _queued(network)
    assert dispatch_new_order.delay(order.pk).get() is False
    assert dispatch_queued_order(order.pk) is False
    assert _dispatches(order) == 1


def test_an_order_dispatched_by_hand_first_is_left_alone(
    network, county_supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = _queued(network)
    other_station = network.stations[network.townships[1].code]
    dispatch_work_order(order=order, place=other_station, actor=county_supervisor, reason="就近处理")
    callbacks[0]()
    order.refresh_from_db()
    assert order.owner_point == other_station
    assert _dispatches(order) == 1


def test_an_unknown_order_is_nothing_to_do(db):
    assert dispatch_queued_order(987654) is False


def test_inline_dispatch_is_still_the_default(network):
    order = create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="邻里纠纷", requester=CitizenFactory()
    ).order
    assert order.status == WorkOrderStatus.ASSIGNED
    assert WorkOrder.objects.filter(status=WorkOrderStatus.NEW).count() == 0
