"""Verbs that change work orders. Views, the API and tasks call these and nothing else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import Region, ServicePoint
from gongfa.network.selectors import point_has_active_staff
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, Rating, WorkOrderStatus
from gongfa.workorders.models import TrackingSequence, WorkOrder, format_tracking_number
from gongfa.workorders.selectors import Action, visible_to

RATING_COMMENT_MAX = 500


@dataclass(frozen=True)
class Route:
    point: ServicePoint
    reason: str


def next_tracking_number(day: datetime.date | None = None) -> str:
    """Allocate the next number of the day (GF20261124-00123), safe under concurrency."""
    day = day or timezone.localdate()
    with transaction.atomic():
        updated = TrackingSequence.objects.filter(day=day).update(last_value=F("last_value") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    TrackingSequence.objects.create(day=day, last_value=1)
                return format_tracking_number(day, 1)
            except IntegrityError:  # another request created the day's row first
                TrackingSequence.objects.filter(day=day).update(last_value=F("last_value") + 1)
        value = TrackingSequence.objects.filter(day=day).values_list("last_value", flat=True).get()
    return format_tracking_number(day, value)


def route_question(village: Region) -> Route:
    """Where a citizen's question goes first: the village room when someone staffs it, else the
    township station, else the county centre. The reason is stored on the order."""
    codes = [*village.ancestor_codes(), village.code]
    points = {
        p.tier: p
        for p in ServicePoint.objects.filter(region__code__in=codes, is_active=True).select_related("region")
        if p.tier != PointTier.CENTRE or p.region.level == RegionLevel.COUNTY
    }
    room = points.get(PointTier.ROOM)
    if room is not None and point_has_active_staff(room):
        return Route(room, f"就近派至{room.name}")
    station = points.get(PointTier.STATION)
    if station is not None:
        why = "无在岗人员" if room is not None else "未设工作室"
        return Route(station, f"{village.name}{why}，转由{station.name}承办")
    centre = points.get(PointTier.CENTRE)
    if centre is not None:
        return Route(centre, f"乡镇未设工作站，转由{centre.name}承办")
    raise DomainError(f"{village.name}所在地区尚未设立公共法律服务点，暂不能受理。", code="no_service_point")


def _clean_text(value: str, *, field: str, label: str, max_chars: int) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(f"请填写{label}。", code="required", field=field)
    if len(text) > max_chars:
        raise DomainError(f"{label}不能超过 {max_chars} 个字（现在 {len(text)} 个字）。", code="too_long", field=field)
    return text


def submit_question(*, requester: User, village: Region, text: str, channel: str = Channel.PORTAL) -> WorkOrder:
    """A citizen asks a question (提交咨询): create the order and route it to the nearest staffed point."""
    if not requester.is_citizen:
        raise NotPermitted("只有群众本人可以通过门户提交咨询。")
    if village.level != RegionLevel.VILLAGE:
        raise DomainError("请选择所在的村(社区)。", code="not_a_village", field="village")
    body = _clean_text(text, field="text", label="问题描述", max_chars=settings.QUESTION_MAX_CHARS)
    route = route_question(village)
    with transaction.atomic():
        order = WorkOrder.objects.create(
            tracking_number=next_tracking_number(),
            channel=channel,
            requester=requester,
            region=village,
            text=body,
            owner_point=route.point,
            first_owner_point=route.point,
            routing_reason=route.reason,
        )
        record_event(
            order,
            "workorders.workorder.submit",
            actor=requester,
            channel=channel,
            to_status=order.status,
            reason=route.reason,
            data={"owner_point": route.point.pk},
            region=village,
        )
    return order


def answer_work_order(*, order: WorkOrder, actor: User, answer: str, channel: str = Channel.WORKBENCH) -> WorkOrder:
    """Staff answer a question (答复); the citizen is told by SMS after commit."""
    from gongfa.workorders.tasks import notify_requester_answered

    body = _clean_text(answer, field="answer", label="答复内容", max_chars=settings.QUESTION_MAX_CHARS)
    with transaction.atomic():
        locked = visible_to(actor, Action.ANSWER).select_for_update().filter(pk=order.pk).first()
        if locked is None:
            raise NotPermitted("您无权答复该工单。")
        locked.answer = body
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        if locked.owner_user_id is None:
            locked.owner_user = actor
        transition(
            locked,
            WORK_ORDER_TRANSITIONS,
            "answer",
            actor=actor,
            channel=channel,
            region=locked.region,
            extra_update_fields=("answer", "answered_at", "answered_by", "owner_user", "updated_at"),
        )
        transaction.on_commit(lambda: notify_requester_answered.delay(locked.pk))
    return locked


def rate_work_order(*, order: WorkOrder, actor: User, rating: int | str, comment: str = "") -> WorkOrder:
    """The citizen rates the answer (评价), which closes the order."""
    try:
        value = Rating(int(rating))
    except (TypeError, ValueError):
        raise DomainError("请选择 1–5 之间的评价等级。", code="invalid_rating", field="rating") from None
    comment = (comment or "").strip()
    if len(comment) > RATING_COMMENT_MAX:
        raise DomainError(f"评价意见不能超过 {RATING_COMMENT_MAX} 个字。", code="too_long", field="comment")
    with transaction.atomic():
        locked = visible_to(actor, Action.RATE).select_for_update().filter(pk=order.pk).first()
        if locked is None:
            raise NotPermitted("只有提问人本人可以评价。")
        if locked.rating is not None:
            raise DomainError("该事项已评价，不能重复评价。", code="already_rated")
        locked.rating = value
        locked.rating_comment = comment
        locked.rated_at = timezone.now()
        transition(
            locked,
            WORK_ORDER_TRANSITIONS,
            "rate",
            actor=actor,
            channel=Channel.PORTAL,
            region=locked.region,
            data={"rating": int(value)},
            extra_update_fields=("rating", "rating_comment", "rated_at", "updated_at"),
        )
    return locked


__all__ = [
    "Route",
    "WorkOrderStatus",
    "answer_work_order",
    "next_tracking_number",
    "rate_work_order",
    "route_question",
    "submit_question",
]
