"""Stage deadlines of a work order (时限): computed, never typed.

From the catalogue's SLA rule for the order's service type, region and channel (an online message
is answered within 24 hours, a letter or a call keeps its own limit), the working-day calendar
and the region's day-count setting (catalog.selectors.stage_deadlines). Pausing the clock while
waiting for the citizen shifts every deadline by the paused time.
"""

from __future__ import annotations

import datetime

from gongfa.workorders.models import WorkOrder, near_due_from

STAGE_FIELDS = {"accept": "accept_due", "first_contact": "contact_due", "resolve": "resolve_due"}


def apply_deadlines(order: WorkOrder, *, start: datetime.datetime) -> None:
    """Set accept/contact/resolve deadlines on an unsaved or locked order (no save)."""
    from gongfa.catalog.selectors import stage_deadlines

    if order.service_type is None:
        return
    warnings: list[str] = []
    for stage, deadline in stage_deadlines(order.service_type, order.region, start, order.channel).items():
        field = STAGE_FIELDS.get(str(stage))
        if field is None:
            continue
        setattr(order, field, deadline.due)
        warnings.extend(w for w in deadline.warnings if w not in warnings)
    order.deadline_warnings = warnings
    order.near_due_at = near_due_from(start, order.resolve_due)


def set_resolve_due(order: WorkOrder, due: datetime.datetime, *, start: datetime.datetime) -> tuple[str, ...]:
    """Replace the resolve deadline (12345's own limit), moving the near-due moment with it."""
    order.resolve_due = due
    order.near_due_at = near_due_from(start, due)
    return ("resolve_due", "near_due_at")


def shift_deadlines(order: WorkOrder, by: datetime.timedelta) -> tuple[str, ...]:
    """Move the deadlines that are still running later by `by` (after a pause); returns the fields."""
    changed = []
    for field in (*STAGE_FIELDS.values(), "near_due_at"):
        due = getattr(order, field)
        if due is not None:
            setattr(order, field, due + by)
            changed.append(field)
    return tuple(changed)
