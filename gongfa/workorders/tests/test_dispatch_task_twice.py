"""The dispatch tasks run twice at once (a redelivered message while the first worker still runs,
or two beat ticks): each order is dispatched once, with one event."""

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order
from gongfa.workorders.services.dispatch_queue import dispatch_queued_order
from gongfa.workorders.tasks import dispatch_queued

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _queued(network, count=1):
    """NEW orders waiting for their dispatch task (auto_dispatch=False queues none: the test runs it)."""
    return [
        create_work_order(
            channel=Channel.API,
            region=network.villages[index % len(network.villages)],
            text=f"工地老板拖欠工资三个月（{index}）",
            requester=CitizenFactory(),
            auto_dispatch=False,
        ).order
        for index in range(count)
    ]


def _dispatch_events(orders):
    return Event.objects.filter(
        verb="workorders.workorder.dispatch", subject_id__in=[str(order.pk) for order in orders]
    ).count()


def test_the_same_dispatch_delivered_twice_at_once_dispatches_once(network):
    (order,) = _queued(network)
    results, errors = run_concurrently(2, lambda _: dispatch_queued_order(order.pk))
    assert errors == []
    assert sorted(results) == [False, True]
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED
    assert _dispatch_events([order]) == 1


def test_two_sweeps_of_the_queue_at_once_share_it(network):
    orders = _queued(network, count=6)
    results, errors = run_concurrently(2, lambda _: dispatch_queued.apply(throw=True).result)
    assert errors == []
    assert sum(results) == 6
    assert not WorkOrder.objects.filter(status=WorkOrderStatus.NEW).exists()
    assert _dispatch_events(orders) == 6
    assert dispatch_queued.apply(throw=True).result == 0  # and a third run finds nothing left
