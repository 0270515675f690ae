"""create_work_order(queue_dispatch=True): recorded at the desk at once, dispatched by a sweep queued
after commit (one sweep for every order committed while it waits); the sweep is safe to rerun,
leaves alone an order someone already dispatched, and sets aside one the rules cannot place."""

import pytest
from django.core.cache import cache

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.network.models import ServicePoint
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order, dispatch_work_order
from gongfa.workorders.services.dispatch_queue import DISPATCH_QUEUED_KEY, dispatch_queued_order
from gongfa.workorders.tasks import dispatch_queued


def _dispatches(order):
    return Event.objects.filter(verb="workorders.workorder.dispatch", subject_id=str(order.pk)).count()


def _queued(network, village=0, **extra):
    return create_work_order(
        channel=Channel.API,
        region=network.villages[village],
        text="工地老板拖欠工资三个月",
        requester=CitizenFactory(),
        queue_dispatch=True,
        **extra,
    ).order


def _sweeps(callbacks):
    return [c for c in callbacks if c.__qualname__ == "_queue_sweep"]


def test_the_order_waits_at_the_desk_until_the_queued_sweep_runs(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = _queued(network)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW and order.owner_point == network.centre
    sweeps = _sweeps(callbacks)
    assert len(sweeps) == 1
    sweeps[0]()  # eager in the tests: the sweep runs here
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_point != network.centre
    assert _dispatches(order) == 1
    assert cache.get(DISPATCH_QUEUED_KEY) is None  # the sweep cleared its flag when it started


@pytest.mark.django_db(transaction=True)  # real commits: each intake's hook runs as it commits
def test_orders_committed_while_a_sweep_waits_queue_no_other(network, monkeypatch):
    queued = []
    monkeypatch.setattr(dispatch_queued, "delay", lambda: queued.append(1))
    first = _queued(network)
    second = _queued(network, village=1)
    assert queued == [1]  # the second commit found a sweep waiting
    assert dispatch_queued.apply(throw=True).result == 2  # and that one sweep takes both
    for order in (first, second):
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.ASSIGNED
    _queued(network)
    assert queued == [1, 1]  # a commit after the sweep started queues the next one


def test_running_the_sweep_again_changes_nothing(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _queued(network)
    assert dispatch_queued.apply(throw=True).result == 0
    assert dispatch_queued_order(order.pk) is False
    assert _dispatches(order) == 1


def test_an_order_dispatched_by_hand_first_is_left_alone(
    network, county_supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = _queued(network)
    other_station = network.stations[network.townships[1].code]
    dispatch_work_order(order=order, place=other_station, actor=county_supervisor, reason="就近处理")
    _sweeps(callbacks)[0]()
    order.refresh_from_db()
    assert order.owner_point == other_station
    assert _dispatches(order) == 1


def test_an_order_the_rules_cannot_place_is_set_aside_and_the_rest_dispatched(
    network, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = _queued(network)
        fine = _queued(network, village=1)
    from gongfa.workorders.services import dispatch_queue

    real = dispatch_queue.dispatch_automatically

    def refuse_the_first(order, **kwargs):
        if order.pk == stuck.pk:
            # A write made before the refusal is undone with it (its own savepoint).
            ServicePoint.objects.filter(pk=network.centre.pk).update(name="半途改名")
            raise DomainError("“某服务点”已停用，不能派单。", code="inactive_place")
        return real(order, **kwargs)

    monkeypatch.setattr(dispatch_queue, "dispatch_automatically", refuse_the_first)
    assert dispatch_queued.apply(throw=True).result == 2
    stuck.refresh_from_db()
    fine.refresh_from_db()
    assert fine.status == WorkOrderStatus.ASSIGNED
    assert stuck.status == WorkOrderStatus.NEW and stuck.manual_dispatch
    assert "请人工分派" in stuck.routing_reason and "已停用" in stuck.routing_reason
    assert dispatch_queued.apply(throw=True).result == 0  # no sweep takes it again
    assert ServicePoint.objects.get(pk=network.centre.pk).name == network.centre.name


def test_an_unknown_order_is_nothing_to_do(db):
    assert dispatch_queued_order(987654) is False


def test_inline_dispatch_is_still_the_default(network):
    order = create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="邻里纠纷", requester=CitizenFactory()
    ).order
    assert order.status == WorkOrderStatus.ASSIGNED
    assert WorkOrder.objects.filter(status=WorkOrderStatus.NEW).count() == 0
