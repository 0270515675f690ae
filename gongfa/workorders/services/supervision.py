"""Supervision of overdue orders (督办): the periodic sweep and escalation up the chain.

An order whose resolve deadline has passed while its clock runs gets a notice to the nearest
supervisor above its owner (village → township → county → city). While it stays overdue and the
highest open notice is older than `workorder.escalation_hours`, the next supervisor up gets one
too. Notices close themselves once the order is answered, paused or closed.

A supervisor may also issue a notice of their own (督办人发起, issue_supervision) on any order in
their region, with a reason and a deadline; it is acknowledged like the sweep's and resolves
itself once the order is answered. The sweep is
idempotent (one open notice per order and level) and safe to run in several workers at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.models import Region
from gongfa.network.region_settings import ESCALATION_HOURS, SUPERVISION_MAX_DAYS
from gongfa.network.selectors import region_setting, supervisors_covering
from gongfa.workorders.choices import (
    CLOCK_RUNNING_STATUSES,
    SlaState,
    SupervisionKind,
    SupervisionStatus,
    WorkOrderStatus,
)
from gongfa.workorders.models import SupervisionNotice, WorkOrder
from gongfa.workorders.selectors import unresolved_notices


@dataclass
class SweepResult:
    raised: int = 0
    escalated: int = 0
    resolved: int = 0
    warned: int = 0

    def __str__(self) -> str:
        return (
            f"新督办 {self.raised} 件，逐级上报 {self.escalated} 件，自动解除 {self.resolved} 件，"
            f"即将超时提醒 {self.warned} 件"
        )


def _owner_region(order: WorkOrder) -> Region:
    place = order.owner_point or order.owner_agency
    return place.region if place is not None else order.region


def _raise(
    order: WorkOrder, region: Region, supervisor: User, *, reason: str, escalated_from: SupervisionNotice | None
) -> bool:
    try:
        with transaction.atomic():
            notice = SupervisionNotice.objects.create(
                order=order,
                level=region.level,
                region=region,
                supervisor=supervisor,
                reason=reason,
                escalated_from=escalated_from,
            )
            # The subscription table (notifications) tells the supervisor and, the first time, the owner.
            record_event(
                order,
                "workorders.supervision_raised",
                actor=None,
                channel=Channel.SYSTEM,
                reason=reason,
                data={
                    "level": region.level,
                    "supervisor": supervisor.pk,
                    "notice": notice.pk,
                    "escalated_from": escalated_from.pk if escalated_from is not None else None,
                },
                region=order.region,
            )
    except IntegrityError:  # another sweep raised the same level first
        return False
    return True


def sweep_overdue(*, now: datetime.datetime | None = None, batch_size: int = 500) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    live = [SupervisionStatus.OPEN, SupervisionStatus.ACKNOWLEDGED]
    result.resolved = (
        SupervisionNotice.objects.filter(status__in=live, kind=SupervisionKind.SWEEP)
        .exclude(order__in=WorkOrder.objects.sla_state(SlaState.OVERDUE, now=now).values("pk"))
        .update(status=SupervisionStatus.RESOLVED, resolved_at=now)
    )
    # A supervisor's own notice stands until the order is answered (or closed, merged …).
    result.resolved += (
        SupervisionNotice.objects.filter(status__in=live, kind=SupervisionKind.MANUAL)
        .exclude(order__status__in=(*CLOCK_RUNNING_STATUSES, WorkOrderStatus.WAITING))
        .update(status=SupervisionStatus.RESOLVED, resolved_at=now)
    )
    overdue = (
        WorkOrder.objects.sla_state(SlaState.OVERDUE, now=now)
        .select_related("region", "owner_point__region", "owner_agency__region", "owner_user")
        .order_by("resolve_due", "pk")
    )
    batch: list[WorkOrder] = []
    for order in overdue.iterator(chunk_size=batch_size):
        batch.append(order)
        if len(batch) >= batch_size:
            _sweep_batch(batch, now, result)
            batch = []
    if batch:
        _sweep_batch(batch, now, result)
    result.warned = warn_due_soon(now=now, batch_size=batch_size)
    return result


DUE_SOON_VERB = "workorders.due_soon"


def warn_due_soon(*, now: datetime.datetime | None = None, batch_size: int = 500) -> int:
    """Record a "due soon" event (即将超时) for each owned order whose resolve deadline falls
    within the near-due window, once per order and deadline (a moved deadline warns again). The
    subscription table turns the event into the owner's notice; its notify_key keeps two sweeps
    racing on the same order to one notice."""
    now = now or timezone.now()
    near = (
        WorkOrder.objects.sla_state(SlaState.NEAR_DUE, now=now)
        .filter(owner_user__isnull=False)
        .select_related("region")
        .order_by("resolve_due", "pk")
    )
    content_type = ContentType.objects.get_for_model(WorkOrder)
    warned = 0
    batch: list[WorkOrder] = []

    def flush() -> int:
        done = {
            (subject_id, (data or {}).get("deadline"))
            for subject_id, data in Event.objects.filter(
                verb=DUE_SOON_VERB, subject_type=content_type, subject_id__in=[str(o.pk) for o in batch]
            ).values_list("subject_id", "data")
        }
        count = 0
        for order in batch:
            if order.resolve_due is None:  # never for a near-due order; keeps mypy honest
                continue
            deadline = order.resolve_due.isoformat()
            if (str(order.pk), deadline) in done:
                continue
            record_event(
                order,
                DUE_SOON_VERB,
                actor=None,
                channel=Channel.SYSTEM,
                reason="距办结时限不足一天",
                data={
                    "deadline": deadline,
                    "deadline_text": f"{timezone.localtime(order.resolve_due):%Y-%m-%d %H:%M}",
                    "owner": order.owner_user_id,
                    "notify_key": f"due-soon:{order.pk}:{order.resolve_due:%Y%m%d%H%M}",
                },
                region=order.region,
            )
            count += 1
        return count

    for order in near.iterator(chunk_size=batch_size):
        batch.append(order)
        if len(batch) >= batch_size:
            warned += flush()
            batch = []
    if batch:
        warned += flush()
    return warned


def _sweep_batch(orders: list[WorkOrder], now: datetime.datetime, result: SweepResult) -> None:
    open_notices: dict[int, list[SupervisionNotice]] = {}
    live = [SupervisionStatus.OPEN, SupervisionStatus.ACKNOWLEDGED]
    for notice in SupervisionNotice.objects.filter(
        order__in=orders, status__in=live, kind=SupervisionKind.SWEEP
    ).order_by("level"):
        open_notices.setdefault(notice.order_id, []).append(notice)
    chains: dict[int, list[tuple[Region, User]]] = {}
    for order in orders:
        region = _owner_region(order)
        if region.pk not in chains:
            chains[region.pk] = supervisors_covering(region)
        chain = [pair for pair in chains[region.pk] if pair[1].pk != order.owner_user_id]
        if not chain:
            continue
        overdue_hours = int((now - order.resolve_due).total_seconds() // 3600) if order.resolve_due else 0
        notices = open_notices.get(order.pk, [])
        if not notices:
            region_, supervisor = chain[0]
            reason = f"工单已超过办结时限 {overdue_hours} 小时，请督促{order.owner_place_name}尽快办理"
            result.raised += _raise(order, region_, supervisor, reason=reason, escalated_from=None)
            continue
        top = min(notices, key=lambda n: n.level)  # the highest level reached so far
        hours = region_setting(order.region, ESCALATION_HOURS.key)
        if top.raised_at > now - datetime.timedelta(hours=hours):
            continue
        above = [pair for pair in chain if pair[0].level < top.level]
        if not above:
            continue
        region_, supervisor = above[0]
        reason = f"督办 {hours} 小时后仍未办结（已超时 {overdue_hours} 小时），逐级上报"
        result.escalated += _raise(order, region_, supervisor, reason=reason, escalated_from=top)


def acknowledge_notice(*, notice: SupervisionNotice, actor: User) -> SupervisionNotice:
    """签收: the supervisor confirms they have taken the notice on."""
    with transaction.atomic():
        locked = (
            SupervisionNotice.objects.select_for_update(of=("self",)).select_related("order__region").get(pk=notice.pk)
        )
        if locked.supervisor_id != actor.pk and not actor.is_administrator:
            raise NotPermitted(gettext("只能签收发给您的督办通知。"))
        if locked.status != SupervisionStatus.OPEN:
            raise DomainError(gettext("该督办通知已签收或已解除。"), code="not_open")
        locked.status, locked.acknowledged_at = SupervisionStatus.ACKNOWLEDGED, timezone.now()
        locked.save(update_fields=["status", "acknowledged_at"])
        record_event(
            locked.order,
            "workorders.supervision_acknowledged",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"notice": locked.pk},
            region=locked.order.region,
        )
    return locked


def open_notices_for(user: User) -> list[SupervisionNotice]:
    return list(
        unresolved_notices(user)
        .select_related("order__region", "order__owner_point", "order__owner_agency", "region")
        .order_by("-raised_at")[:200]
    )


ISSUED_VERB = "workorders.supervision_issued"
REASON_MAX = 255


def supervising_region(supervisor: User, order: WorkOrder) -> Region | None:
    """The region, nearest the order's, in which `supervisor` supervises it (None: not theirs)."""
    for region, person in supervisors_covering(order.region):
        if person.pk == supervisor.pk:
            return region
    return None


def check_supervision(
    *, order: WorkOrder, supervisor: User, reason: str, due_at: datetime.datetime | None
) -> tuple[Region, str]:
    """Every problem of a supervisor's own notice at once; writes nothing. Returns the region it is
    issued from and the reason as stored."""
    problems = Problems()
    region = supervising_region(supervisor, order) if supervisor.is_supervisor else None
    if region is None:
        problems.add(None, gettext("只有该工单所在区划的督办主管可以发起督办。"), code="not_your_region")
    if not order.is_open:
        problems.add(None, gettext("工单已办结或已合并，无需督办。"), code="order_closed")
    elif order.status == WorkOrderStatus.ANSWERED:
        problems.add(None, gettext("工单已答复，无需督办。"), code="order_answered")
    why = (reason or "").strip()
    if not why:
        problems.add("reason", gettext("请填写督办事由。"), code="reason_required")
    elif len(why) > REASON_MAX:
        problems.add(
            "reason", gettext("督办事由不能超过 {REASON_MAX} 个字。").format(REASON_MAX=REASON_MAX), code="too_long"
        )
    now = timezone.now()
    days = region_setting(order.region, SUPERVISION_MAX_DAYS.key)
    if due_at is None:
        problems.add("due_at", gettext("请填写办理期限。"), code="required")
    elif due_at <= now:
        problems.add("due_at", gettext("办理期限应晚于现在。"), code="due_in_past")
    elif due_at > now + datetime.timedelta(days=days):
        problems.add("due_at", gettext("办理期限不能超过 {days} 天。").format(days=days), code="due_too_far")
    if region is not None and _live_manual(order, region).exists():
        problems.add(
            None, gettext("{name}已对该工单发起督办，尚未解除。").format(name=region.name), code="already_supervised"
        )
    problems.raise_if_any()
    assert region is not None
    return region, why


def _live_manual(order: WorkOrder, region: Region) -> models.QuerySet[SupervisionNotice]:
    return SupervisionNotice.objects.filter(order=order, region=region, kind=SupervisionKind.MANUAL).exclude(
        status=SupervisionStatus.RESOLVED
    )


def place_staff(order: WorkOrder) -> list[User]:
    """The active staff posted at the order's point or agency (who hear of a supervisor's 督办)."""
    from gongfa.network.models import StaffPosting

    place = Q(point_id=order.owner_point_id) if order.owner_point_id else Q(agency_id=order.owner_agency_id)
    if not (order.owner_point_id or order.owner_agency_id):
        return []
    return [
        posting.user
        for posting in StaffPosting.objects.filter(place, is_active=True, user__is_active=True).select_related("user")
    ]


def issue_supervision(
    *, order: WorkOrder, supervisor: User, reason: str, due_at: datetime.datetime | None
) -> SupervisionNotice:
    """发起督办: a supervisor's own notice on an order in their region, with a reason and a
    deadline (not beyond the region's `workorder.supervision_max_days`). The owner and the staff of
    the owner's place are told. One live notice per order from each region."""
    check_supervision(order=order, supervisor=supervisor, reason=reason, due_at=due_at)
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update(of=("self",)).select_related("region").get(pk=order.pk)
        region, why = check_supervision(order=locked, supervisor=supervisor, reason=reason, due_at=due_at)
        assert due_at is not None
        try:
            with transaction.atomic():
                notice = SupervisionNotice.objects.create(
                    order=locked,
                    level=region.level,
                    region=region,
                    supervisor=supervisor,
                    reason=why,
                    kind=SupervisionKind.MANUAL,
                    due_at=due_at,
                )
        except IntegrityError:  # issued at the same moment from the same region
            raise DomainError(
                gettext("{name}已对该工单发起督办，尚未解除。").format(name=region.name), code="already_supervised"
            ) from None
        deadline_text = f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"
        record_event(
            locked,
            ISSUED_VERB,
            actor=supervisor,
            channel=Channel.WORKBENCH,
            reason=why,
            data={"notice": notice.pk, "level": region.level, "deadline_text": deadline_text},
            region=locked.region,
        )
        # Who hears of it is the subscription table's (workorders.supervision_issued: the owner by SMS,
        # the place's staff in the workbench; notifications migration 0008).
    return notice


def resolve_answered_notices(order: WorkOrder) -> int:
    """Close the supervisors' own live notices of an order that has been answered (called from
    answering); the sweep's notices are the sweep's to resolve."""
    return (
        SupervisionNotice.objects.filter(order=order, kind=SupervisionKind.MANUAL)
        .exclude(status=SupervisionStatus.RESOLVED)
        .update(status=SupervisionStatus.RESOLVED, resolved_at=timezone.now())
    )
