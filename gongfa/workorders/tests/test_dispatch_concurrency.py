"""Many dispatchers at once on PostgreSQL: no order assigned twice, none lost (SKIP LOCKED)."""

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order, dispatch_pending

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_dispatchers_assign_each_order_exactly_once():
    network = build_network(townships=2, villages_per_township=3)
    for room in network.rooms.values():
        post(UserFactory(), room)
    citizen = CitizenFactory()
    orders = [
        create_work_order(
            channel=Channel.PORTAL,
            region=network.villages[i % len(network.villages)],
            text=f"问题{i}",
            requester=citizen,
            auto_dispatch=False,
        ).order
        for i in range(120)
    ]

    def dispatcher(_index: int) -> int:
        total = 0
        while True:
            done = dispatch_pending(batch_size=7)
            total += done
            if done == 0:
                return total

    results, errors = run_concurrently(8, dispatcher)
    assert errors == []
    assert sum(results) == 120
    assert not WorkOrder.objects.filter(status=WorkOrderStatus.NEW).exists()
    per_order = Event.objects.filter(verb="workorders.workorder.dispatch").values_list("subject_id", flat=True)
    assert sorted(per_order) == sorted(str(order.pk) for order in orders)  # exactly one dispatch each
