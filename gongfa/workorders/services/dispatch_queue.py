"""The queue of orders waiting for their automatic dispatch (待分派): what intake queues after
commit, the sweep that dispatches them in batches, and dispatching one queued order.

Safe to run in many workers at once: each batch locks its rows (SKIP LOCKED) and takes only NEW
orders, so two sweeps split the queue and a rerun finds nothing done twice.
"""

from __future__ import annotations

import contextlib
import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.dispatch import dispatch_automatically

logger = logging.getLogger(__name__)


def dispatch_pending(*, batch_size: int = 100) -> int:
    """Dispatch queued NEW orders (most urgent first). Safe to run in many workers at once:
    rows another dispatcher holds are skipped, not waited for. Returns how many it took."""
    with transaction.atomic():
        orders = list(
            WorkOrder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=WorkOrderStatus.NEW, manual_dispatch=False)
            .select_related("region", "topic")
            .order_by("-priority", "created_at", "pk")[:batch_size]
        )
        for order in orders:
            _dispatch_or_leave(order)
    return len(orders)


def _dispatch_or_leave(order: WorkOrder) -> bool:
    """Dispatch one locked NEW order by the rules. One the rules cannot place (an inactive place
    or person) is left 待分派 for a person, marked so that no sweep takes it again, instead of
    undoing the rest of its batch at every sweep."""
    try:
        with transaction.atomic():
            dispatch_automatically(order)
    except DomainError as exc:
        logger.warning("order %s left for manual dispatch: %s", order.pk, exc)
        reason = gettext("自动分派未成功，请人工分派：{reason}").format(reason=exc.message)
        WorkOrder.objects.filter(pk=order.pk).update(manual_dispatch=True, routing_reason=reason[:500])
        return False
    return True


# One queued sweep serves every order committed before it starts, as the statistics refresh does
# (gongfa.performance.rollup): an intake's commit queues `dispatch_queued` only when none is
# waiting. The sweep clears this key before it reads the queue, so an order committed after that
# read finds the key gone and queues the next sweep. The key's lifetime bounds the wait when a
# queued sweep is lost; beat's sweep every minute covers the rest.
DISPATCH_QUEUED_KEY = "gongfa:workorders:dispatch-queued"
DISPATCH_QUEUED_SECONDS = 10


def queue_dispatch_after_commit() -> None:
    """Have the order this transaction records dispatched in the background once it commits. When
    the broker refuses the sweep, the commit's caller gets the broker's error (the API answers 503
    and the client's retry replays the stored order); beat's sweep dispatches it later."""
    if connection.in_atomic_block and any(entry[1] is _queue_sweep for entry in connection.run_on_commit):
        return
    transaction.on_commit(_queue_sweep)


def _queue_sweep() -> None:
    from gongfa.workorders.tasks import dispatch_queued

    try:
        if not cache.add(DISPATCH_QUEUED_KEY, 1, timeout=DISPATCH_QUEUED_SECONDS):
            return
    except Exception:  # the shared cache is down: queue one sweep per commit
        logger.warning("could not read the dispatch flag; queueing the sweep anyway", exc_info=True)
    try:
        dispatch_queued.delay()
    except Exception:
        # Not queued: the next commit must try again rather than trust the flag.
        with contextlib.suppress(Exception):
            cache.delete(DISPATCH_QUEUED_KEY)
        raise


def sweep_started() -> None:
    """A dispatch sweep is about to read the queue: the next commit queues another one."""
    try:
        cache.delete(DISPATCH_QUEUED_KEY)
    except Exception:
        logger.warning("could not clear the dispatch flag; it expires by itself", exc_info=True)


def dispatch_queued_order(order_id: int) -> bool:
    """Dispatch one NEW order whose dispatch was queued at intake. Safe to retry and to race
    dispatch_pending: an order already dispatched, or locked by another dispatcher, is left alone.
    Returns whether this call dispatched it."""
    with transaction.atomic():
        order = (
            WorkOrder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=order_id, status=WorkOrderStatus.NEW, manual_dispatch=False)
            .select_related("region", "topic")
            .first()
        )
        if order is None:
            return False
        return _dispatch_or_leave(order)
