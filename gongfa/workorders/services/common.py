"""Helpers shared by the work-order services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import transition
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.selectors import Action, visible_to


def clean_text(value: str | None, *, field: str, label: str, max_chars: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(gettext("请填写{label}。").format(label=label), code="required", field=field)
    limit = max_chars or settings.QUESTION_MAX_CHARS
    if len(text) > limit:
        raise DomainError(
            gettext("{label}不能超过 {limit} 个字（现在 {len} 个字）。").format(
                label=label, limit=limit, len=len(text)
            ),
            code="too_long",
            field=field,
        )
    return text


def lock_for(actor: User | None, order: WorkOrder, action: Action = Action.ACT) -> WorkOrder:
    """Re-read the order under a row lock, only if `actor` may act on it (404-style refusal).

    Call inside transaction.atomic(). actor None means the system (sweeps, auto-dispatch)."""
    queryset = WorkOrder.objects.all() if actor is None else visible_to(actor, action)
    # of=("self",): the scope filter may outer-join places; PostgreSQL locks only this row.
    locked = queryset.select_for_update(of=("self",)).filter(pk=order.pk).first()
    if locked is None:
        raise NotPermitted(gettext("您无权处理该工单，或工单不存在。"))
    return locked


def step(
    order: WorkOrder,
    action: str,
    *,
    actor: User | None,
    channel: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """Apply one transition of the work-order table and write its event (region = the order's)."""
    transition(
        order,
        WORK_ORDER_TRANSITIONS,
        action,
        actor=actor,
        channel=channel,
        reason=reason,
        data=data,
        region=order.region,
        extra_update_fields=(*fields, "updated_at"),
    )
