"""Where the desk meets the call records (gongfa.workorders.services.calls, issue #16): the call
being answered, kept in the session from the CTI's ring until the order is registered, the link
from that call to its order, and the messages left overnight."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpRequest

from gongfa.accounts.models import User
from gongfa.workorders.models import CallRecord, WorkOrder
from gongfa.workorders.selectors_calls import overnight_messages

CALL_SESSION = "workbench_hotline_call"


def remember_call(request: HttpRequest, call_id: str) -> None:
    request.session[CALL_SESSION] = call_id


def current_call(request: HttpRequest) -> str:
    """The call the agent is on: the last one rung through to them, until it is registered or the
    switch reports its hang-up (a call that ended links no later registration)."""
    call_id = str(request.session.get(CALL_SESSION) or "")
    if call_id and not CallRecord.objects.filter(call_id=call_id, ended_at__isnull=True, order__isnull=True).exists():
        forget_call(request)
        return ""
    return call_id


def forget_call(request: HttpRequest) -> None:
    request.session.pop(CALL_SESSION, None)


def link_call(call_id: str, order: WorkOrder, agent: User) -> None:
    """The registered order belongs to this call (CallRecord.order), unless the call has one."""
    from gongfa.workorders.services import calls

    link = getattr(calls, "link_order", None)
    if link is not None:
        link(call_id=call_id, order=order, agent=agent)
        return
    CallRecord.objects.filter(call_id=call_id, order__isnull=True).update(order=order)


def overnight(user: User, limit: int) -> list[WorkOrder]:
    """Messages left outside the duty hours on the queues of the user's points that are still
    open, oldest first (the morning's first calls back), with what the list shows."""
    orders = overnight_messages(user, limit)
    prefetch_related_objects(orders, "owner_point", "owner_agency", "owner_user")
    return orders
