"""Both ways with 12345 (12345双向): updates back to the platform an order came from, and orders it
returns as unsatisfactory.

- Acceptance, progress and the result of an order whose external_system is 12345 are queued as
  ExternalUpdate rows in the same transaction as the change they report, and sent by a task after
  commit (send_external_update). A refusal or an unreachable interface is kept as an attempt and
  tried again later, with a growing wait (exponential backoff), until the platform acknowledges it;
  after WORKORDER_UPDATE_MAX_ATTEMPTS failures the update is given up and the order's owner is told
  to report it by hand. A periodic sweep (resend_external_updates) sends what is due and rescues
  rows whose task was lost. Updates of one order go in the order they were queued.
- An order 12345 returns as unsatisfactory (不满意退回) reopens with the returned reason, and its
  owner is told. A repeated identical return changes nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.core.i18n import stored_text
from gongfa.workorders.choices import (
    WORK_ORDER_TRANSITIONS,
    ExternalSystem,
    ExternalUpdateKind,
    ExternalUpdateStatus,
    WorkOrderStatus,
)
from gongfa.workorders.models import ExternalUpdate, WorkOrder
from gongfa.workorders.services.common import clean_text, lock_for, step
from gongfa.workorders.services.deadlines import set_resolve_due

logger = logging.getLogger("gongfa.gateway")

BODY_MAX_CHARS = 2000
# The first retry waits this long, each next one twice as long, never more than BACKOFF_MAX.
BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_MAX = datetime.timedelta(hours=6)
RETURN_ACTION = "return_12345"
RETURN_VERB = f"workorders.workorder.{RETURN_ACTION}"
PROGRESS_VERB = "workorders.workorder.progress_reported"
GAVE_UP_VERB = "workorders.external_update_gave_up"


class UnknownReference(DomainError):
    code = "unknown_reference"
    status = 404


class NotReturnable(DomainError):
    """The order is not in a state 12345 can send back (not answered yet)."""

    code = "not_answered"
    status = 409


def max_attempts() -> int:
    return int(getattr(settings, "WORKORDER_UPDATE_MAX_ATTEMPTS", 8))


def reports_back(order: WorkOrder) -> bool:
    """Whether the order came from 12345, so its handling is reported back."""
    return order.external_system == ExternalSystem.HOTLINE_12345 and bool(order.external_ref)


def queue_external_update(order: WorkOrder, kind: str, body: str = "") -> ExternalUpdate | None:
    """Queue one update to the system the order came from (nothing for other orders). Call it
    inside the transaction that makes the change: the row commits with it, and the send is queued
    after commit (a lost queueing is rescued by the sweep)."""
    from gongfa.workorders.tasks import send_external_update

    if not reports_back(order):
        return None
    if kind not in ExternalUpdateKind.values:
        raise ValueError(f"unknown update kind {kind!r}")
    update = ExternalUpdate.objects.create(
        order=order, system=order.external_system, kind=kind, body=(body or "").strip()[:BODY_MAX_CHARS]
    )
    transaction.on_commit(lambda: send_external_update.delay(update.pk), robust=True)
    return update


def backoff(failures: int) -> datetime.timedelta:
    """How long to wait after the n-th failed attempt: 1, 2, 4 … minutes, at most six hours."""
    return min(BACKOFF_BASE * (2 ** max(failures - 1, 0)), BACKOFF_MAX)


def _earlier_pending(update: ExternalUpdate) -> bool:
    return (
        ExternalUpdate.objects.filter(order_id=update.order_id, status=ExternalUpdateStatus.PENDING)
        .filter(created_at__lte=update.created_at)
        .exclude(pk=update.pk)
        .exclude(created_at=update.created_at, pk__gt=update.pk)
        .exists()
    )


def send_update_now(update_id: int, *, now: datetime.datetime | None = None) -> str:
    """Try to send one pending update, if it is due. Returns "sent", "retry", "gave_up", "waiting"
    (an earlier update of the order goes first) or "skipped" (sent already, given up, not due, or
    another worker has it).

    Safe to run twice at once: the row is locked (SKIP LOCKED) and must still be pending, so a
    sent row is never sent again."""
    from gongfa.workorders.gateways import get_gateway

    now = now or timezone.now()
    with transaction.atomic():
        update = (
            ExternalUpdate.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order")
            .filter(pk=update_id, status=ExternalUpdateStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if update is None:
            return "skipped"
        if _earlier_pending(update):
            return "waiting"
        attempt: dict[str, object] = {"at": now.isoformat(), "ok": False, "error": "", "reference": ""}
        try:
            reference = get_gateway().send_update(update.order, update.kind, update.body)
        except Exception as exc:  # the interface's refusal, a timeout, anything: kept and retried
            logger.warning("update %s of order %s not sent: %s", update.pk, update.order_id, exc)
            attempt["error"] = str(exc)[:500] or exc.__class__.__name__
            update.attempts = [*update.attempts, attempt]
            failures = sum(1 for a in update.attempts if not a.get("ok"))
            if failures >= max_attempts():
                update.status = ExternalUpdateStatus.GAVE_UP
                update.save(update_fields=["attempts", "status"])
                _tell_owner_gave_up(update, failures)
                result = "gave_up"
            else:
                update.next_attempt_at = now + backoff(failures)
                update.save(update_fields=["attempts", "next_attempt_at"])
                result = "retry"
        else:
            attempt.update(ok=True, reference=str(reference)[:64])
            update.attempts = [*update.attempts, attempt]
            update.status = ExternalUpdateStatus.SENT
            update.acknowledged_at = now
            update.reference = str(reference)[:64]
            update.save(update_fields=["attempts", "status", "acknowledged_at", "reference"])
            result = "sent"
        if result != "retry":
            _queue_next(update)
    return result


def _queue_next(update: ExternalUpdate) -> None:
    """The order's next waiting update goes now (it waited for this one)."""
    from gongfa.workorders.tasks import send_external_update

    following = (
        ExternalUpdate.objects.filter(order_id=update.order_id, status=ExternalUpdateStatus.PENDING)
        .exclude(pk=update.pk)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        transaction.on_commit(lambda: send_external_update.delay(following), robust=True)


def _tell_owner_gave_up(update: ExternalUpdate, failures: int) -> None:
    order = update.order
    reason = f"回传12345“{stored_text(update.get_kind_display())}”连续 {failures} 次失败，已停止自动重发，请人工报送"
    record_event(
        order,
        GAVE_UP_VERB,
        actor=None,
        channel=Channel.SYSTEM,
        reason=reason,
        data={"update": update.pk, "kind": update.kind, "attempts": failures},
        region=order.region,
    )
    # The owner (or the first owner) hears of it through the subscription table
    # (workorders.external_update_gave_up; notifications migration 0008).


def due_update_ids(*, now: datetime.datetime | None = None, limit: int = 100) -> list[int]:
    """Pending updates whose time has come, soonest first (the partial index wo_external_update_pending)."""
    return list(
        ExternalUpdate.objects.filter(status=ExternalUpdateStatus.PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at", "created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def report_progress(*, order: WorkOrder, actor: User, text: str, channel: str = Channel.WORKBENCH) -> ExternalUpdate:
    """登记办理进展: staff report how an open 12345 order is going; the note goes back to 12345."""
    body = clean_text(text, field="progress", label=gettext("办理进展"), max_chars=BODY_MAX_CHARS)
    with transaction.atomic():
        locked = lock_for(actor, order)
        if not reports_back(locked):
            raise DomainError(gettext("该工单不是12345转办的工单，无需回传进展。"), code="not_from_12345")
        if not locked.is_open or locked.status in (WorkOrderStatus.ANSWERED,):
            raise DomainError(gettext("工单已答复或已办结，不能再登记办理进展。"), code="order_closed")
        update = queue_external_update(locked, ExternalUpdateKind.PROGRESS, body)
        assert update is not None
        record_event(
            locked,
            PROGRESS_VERB,
            actor=actor,
            channel=channel,
            reason=body[:200],
            data={"update": update.pk},
            region=locked.region,
        )
    return update


@dataclass
class ReturnResult:
    order: WorkOrder
    replayed: bool


def order_for_12345(reference: str) -> WorkOrder:
    """The order 12345 transferred in under `reference` (DomainError when none)."""
    ref = (reference or "").strip()
    if not ref:
        raise DomainError(gettext("缺少12345工单编号。"), code="reference_required", field="reference")
    found = WorkOrder.objects.select_related("region")
    order = found.filter(external_system=ExternalSystem.HOTLINE_12345, external_ref=ref[:64]).first()
    if order is None:  # our own tracking number is accepted too
        order = found.filter(tracking_number=ref[:20]).first()
        if order is not None and not reports_back(order):
            raise DomainError(
                gettext("该工单不是12345转办的工单，不能由12345退回。"), code="not_from_12345", field="reference"
            )
    if order is None:
        raise UnknownReference(gettext("找不到该12345工单编号对应的工单。"), field="reference")
    return order


def reopen_from_12345(
    *, order: WorkOrder, reason: str, deadline: datetime.datetime | None = None, actor: User | None = None
) -> ReturnResult:
    """不满意退回: 12345 sends an answered or closed order back; it is handled again, with the
    returned reason (and, when 12345 sets one, a new deadline). The owner is told. The same return
    again (same reason, the order not answered since) changes nothing."""
    problems = Problems()
    why = (reason or "").strip()
    if not why:
        problems.add("reason", gettext("请填写退回原因。"), code="reason_required")
    elif len(why) > 1000:
        problems.add("reason", gettext("退回原因不能超过 1000 个字。"), code="too_long")
    if deadline is not None and deadline <= timezone.now():
        problems.add(
            "deadline", gettext("办理时限已过或早于当前时间，请核对12345工单的时限。"), code="deadline_in_past"
        )
    if not reports_back(order):
        problems.add("reference", gettext("该工单不是12345转办的工单。"), code="not_from_12345")
    problems.raise_if_any()
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update(of=("self",)).select_related("owner_user").get(pk=order.pk)
        if _same_return_pending(locked, why):
            return ReturnResult(locked, replayed=True)
        if not WORK_ORDER_TRANSITIONS.can(locked.status, RETURN_ACTION):
            raise NotReturnable(
                gettext("工单当前状态为“{get_status_display}”，尚未答复，不能退回重办。").format(
                    get_status_display=locked.get_status_display()
                )
            )
        fields = ["closed_at", "result_code"]
        locked.closed_at = None
        locked.result_code = ""
        data: dict[str, object] = {"owner": locked.owner_user_id, "from": locked.status}
        if deadline is not None:
            fields += set_resolve_due(locked, deadline, start=timezone.now())
            locked.deadline_source = "12345工单规定的办理时限"
            fields.append("deadline_source")
            data["deadline"] = deadline.isoformat()
        step(
            locked,
            RETURN_ACTION,
            actor=actor,
            channel=Channel.TRANSFER_12345,
            reason=why,
            data=data,
            fields=tuple(fields),
        )
        # The owner hears of it through the subscription table (workorders.workorder.return_12345).
    return ReturnResult(locked, replayed=False)


def _same_return_pending(order: WorkOrder, reason: str) -> bool:
    """Whether the last return is this same one and the order has not been answered since."""
    if order.status != WorkOrderStatus.IN_PROGRESS:
        return False
    last = (
        Event.objects.filter(subject_type__model="workorder", subject_id=str(order.pk))
        .filter(verb__in=[RETURN_VERB, "workorders.workorder.answer", "workorders.workorder.feedback"])
        .order_by("-occurred_at", "-pk")
        .values_list("verb", "reason")
        .first()
    )
    return last is not None and last[0] == RETURN_VERB and last[1] == reason
