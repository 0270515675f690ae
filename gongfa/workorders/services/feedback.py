"""Ratings and return visits (好差评、回访、整改).

- Only the citizen who asked rates, once per order, after it is closed: in the portal, or through
  a signed link (no login) that expires after `workorder.rating_link_days`.
- Any 不满意 or worse opens a mandatory return visit for the supervisor above the handler and a
  rectification record (整改) with a deadline.
- A configurable share of closed orders is sampled for return visits (回访抽查); the choice is a
  hash of the tracking number, so it is stable and auditable.
- The rectification deadline and the sampled return visit's deadline are counted in working days
  (工作日, the gongfa.workdays calendar: weekends and official holidays do not count), the numbers
  from the region's settings `workorder.rectification_days` and `workorder.sample_visit_days`.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.models import Region, ServicePoint
from gongfa.network.region_settings import (
    RATING_LINK_DAYS,
    RECTIFICATION_DAYS,
    RETURN_VISIT_DUE_HOURS,
    RETURN_VISIT_SAMPLE_PERCENT,
    SAMPLE_VISIT_DAYS,
)
from gongfa.network.selectors import region_setting, supervisors_covering
from gongfa.workdays.services import add_working_days
from gongfa.workorders.choices import BAD_RATINGS, Rating, ReturnVisitKind, TaskStatus, WorkOrderStatus
from gongfa.workorders.models import Rectification, ReturnVisit, WorkOrder
from gongfa.workorders.selectors import Action, rectification_condition, visible_to

RATING_COMMENT_MAX = 500
_SIGNER_SALT = "gongfa.workorders.rating-link"


def _parse_rating(rating: int | str | None) -> Rating:
    try:
        return Rating(int(rating))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DomainError(gettext("请选择 1–5 之间的评价等级。"), code="invalid_rating", field="rating") from None


def _supervisor_for(order: WorkOrder) -> User | None:
    place = order.owner_point or order.owner_agency
    region = place.region if place is not None else order.region
    found = supervisors_covering(region, exclude_user_id=order.owner_user_id)
    return found[0][1] if found else None


def check_rating(*, order: WorkOrder, rating: int | str | None, comment: str = "") -> tuple[Rating, str]:
    """A rating: the order closed and not yet rated, the grade 1–5 and the comment's length, every
    problem at once; writes nothing. Returns the grade and the comment as stored."""
    problems = Problems()
    if order.status != WorkOrderStatus.CLOSED:
        problems.add(None, gettext("事项办结后才能评价。"), code="not_closed")
    elif order.rating is not None:
        problems.add(None, gettext("该事项已评价，不能重复评价。"), code="already_rated")
    value = Rating.VERY_SATISFIED
    with problems.check():
        value = _parse_rating(rating)
    text = (comment or "").strip()
    if len(text) > RATING_COMMENT_MAX:
        problems.add(
            "comment",
            gettext("评价意见不能超过 {RATING_COMMENT_MAX} 个字。").format(RATING_COMMENT_MAX=RATING_COMMENT_MAX),
            code="too_long",
        )
    problems.raise_if_any()
    return value, text


def _record_rating(
    order: WorkOrder, *, rating: int | str | None, comment: str, actor: User | None, channel: str
) -> WorkOrder:
    value, comment = check_rating(order=order, rating=rating, comment=comment)
    order.rating = value
    order.rating_comment = comment
    order.rated_at = timezone.now()
    order.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record_event(
        order,
        "workorders.workorder.rate",
        actor=actor,
        channel=channel,
        data={"rating": int(value)},
        region=order.region,
    )
    if value in BAD_RATINGS:
        _open_mandatory_follow_up(order)
    return order


def rate_work_order(
    *, order: WorkOrder, actor: User, rating: int | str | None, comment: str = "", channel: str = Channel.PORTAL
) -> WorkOrder:
    """The citizen rates a closed order in the portal."""
    with transaction.atomic():
        locked = visible_to(actor, Action.RATE).select_for_update(of=("self",)).filter(pk=order.pk).first()
        if locked is None:
            raise NotPermitted(gettext("只有提出诉求的群众本人可以评价。"))
        return _record_rating(locked, rating=rating, comment=comment, actor=actor, channel=channel)


def rating_token(order: WorkOrder) -> str:
    return signing.TimestampSigner(salt=_SIGNER_SALT).sign(order.tracking_number)


def rating_link(order: WorkOrder) -> str:
    return reverse("portal:rate_by_link", args=[rating_token(order)])


def order_for_token(token: str) -> WorkOrder:
    """The order a rating link belongs to; refuses forged and expired links."""
    signer = signing.TimestampSigner(salt=_SIGNER_SALT)
    try:
        tracking_number = signer.unsign(token)
    except signing.BadSignature:
        raise DomainError(gettext("评价链接无效，请核对短信中的链接。"), code="invalid_link") from None
    order = WorkOrder.objects.select_related("region").filter(tracking_number=tracking_number).first()
    if order is None:
        raise DomainError(gettext("评价链接无效，请核对短信中的链接。"), code="invalid_link")
    days = region_setting(order.region, RATING_LINK_DAYS.key)
    try:
        signer.unsign(token, max_age=datetime.timedelta(days=days))
    except signing.SignatureExpired:
        raise DomainError(
            gettext("评价链接已过期（有效期 {days} 天），请登录“我的事项”评价。").format(days=days), code="link_expired"
        ) from None
    return order


def rate_by_token(*, token: str, rating: int | str | None, comment: str = "") -> WorkOrder:
    """Rate through the signed link sent by SMS (no login; one rating per order)."""
    order = order_for_token(token)
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        return _record_rating(locked, rating=rating, comment=comment, actor=None, channel=Channel.PORTAL)


def rectification_due_on(region: Region | None, *, now: datetime.datetime | None = None) -> datetime.date:
    """The day a rectification opened now must be done by: the region's `rectification_days`
    working days after today (today does not count)."""
    days = region_setting(region, RECTIFICATION_DAYS.key)
    return add_working_days(timezone.localdate(now or timezone.now()), days)


def sample_visit_due_at(region: Region | None, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """When a sampled return visit opened now is due: the end of the region's `sample_visit_days`-th
    working day after today (today does not count)."""
    days = region_setting(region, SAMPLE_VISIT_DAYS.key)
    due = add_working_days(timezone.localdate(now or timezone.now()), days)
    return timezone.make_aware(datetime.datetime.combine(due, datetime.time(23, 59, 59)))


def _open_mandatory_follow_up(order: WorkOrder) -> None:
    supervisor = _supervisor_for(order)
    now = timezone.now()
    hours = region_setting(order.region, RETURN_VISIT_DUE_HOURS.key)
    _, created = ReturnVisit.objects.get_or_create(
        order=order,
        kind=ReturnVisitKind.DISSATISFIED,
        defaults={"assignee": supervisor, "due_at": now + datetime.timedelta(hours=hours)},
    )
    rectification, rectification_created = Rectification.objects.get_or_create(
        order=order,
        defaults={
            "responsible_user": order.owner_user,
            "responsible_point": order.owner_point,
            "due_on": rectification_due_on(order.region, now=now),
        },
    )
    # The subscription table (notifications) tells the assignee and the responsible person.
    if created:
        record_event(
            order,
            "workorders.return_visit_opened",
            actor=None,
            channel=Channel.SYSTEM,
            reason="群众评价不满意，须回访并整改",
            data={"assignee": supervisor.pk if supervisor else None, "deadline_text": f"{hours} 小时内"},
            region=order.region,
        )
    if rectification_created:
        record_event(
            order,
            "workorders.rectification_opened",
            actor=None,
            channel=Channel.SYSTEM,
            reason="群众评价不满意，须整改",
            data={
                "responsible": rectification.responsible_user_id,
                "deadline_text": rectification.due_on.isoformat(),
            },
            region=order.region,
        )


def is_sampled(order: WorkOrder, percent: int) -> bool:
    """Stable sampling: the same order is always in or out for a given percentage."""
    digest = int(hashlib.sha256(order.tracking_number.encode()).hexdigest()[:8], 16)
    return digest % 100 < percent


def after_close(order: WorkOrder) -> None:
    """Hook run when an order closes (inside the closing transaction): sample for a return visit."""
    percent = region_setting(order.region, RETURN_VISIT_SAMPLE_PERCENT.key)
    if percent <= 0 or not is_sampled(order, percent):
        return
    supervisor = _supervisor_for(order)
    due_at = sample_visit_due_at(order.region)
    _, created = ReturnVisit.objects.get_or_create(
        order=order,
        kind=ReturnVisitKind.SAMPLE,
        defaults={"assignee": supervisor, "due_at": due_at},
    )
    if created:
        record_event(
            order,
            "workorders.return_visit_sampled",
            actor=None,
            channel=Channel.SYSTEM,
            reason=f"办结工单按 {percent}% 比例抽查回访",
            data={
                "assignee": supervisor.pk if supervisor else None,
                "deadline_text": f"{timezone.localtime(due_at):%Y-%m-%d}前",
            },
            region=order.region,
        )


def _task_owner_check(actor: User, order: WorkOrder) -> None:
    if not actor.is_platform_staff or not visible_to(actor, Action.ACT).filter(pk=order.pk).exists():
        raise NotPermitted(gettext("您无权处理该回访或整改任务。"))


def complete_return_visit(*, visit: ReturnVisit, actor: User, outcome: str) -> ReturnVisit:
    """Record the return visit's outcome (回访情况)."""
    text = (outcome or "").strip()
    if not text:
        raise DomainError(gettext("请填写回访情况。"), code="required", field="outcome")
    with transaction.atomic():
        locked = ReturnVisit.objects.select_for_update(of=("self",)).select_related("order__region").get(pk=visit.pk)
        if locked.assignee_id != actor.pk:
            _task_owner_check(actor, locked.order)
        if locked.status == TaskStatus.DONE:
            raise DomainError(gettext("该回访已完成。"), code="already_done")
        locked.status, locked.outcome = TaskStatus.DONE, text[:2000]
        locked.done_at, locked.done_by = timezone.now(), actor
        locked.save(update_fields=["status", "outcome", "done_at", "done_by"])
        record_event(
            locked.order,
            "workorders.return_visit_done",
            actor=actor,
            channel=Channel.WORKBENCH,
            reason=text[:200],
            data={"kind": locked.kind},
            region=locked.order.region,
        )
    return locked


def complete_rectification(*, rectification: Rectification, actor: User, measures: str) -> Rectification:
    """Record what was done to put things right (整改措施)."""
    text = (measures or "").strip()
    if not text:
        raise DomainError(gettext("请填写整改措施。"), code="required", field="measures")
    with transaction.atomic():
        locked = (
            Rectification.objects.select_for_update(of=("self",))
            .select_related("order__region", "responsible_point__region")
            .get(pk=rectification.pk)
        )
        if locked.order is not None:
            _task_owner_check(actor, locked.order)
        elif (
            not actor.is_platform_staff
            or not Rectification.objects.filter(rectification_condition(actor), pk=locked.pk).exists()
        ):
            raise NotPermitted(gettext("您无权处理该回访或整改任务。"))
        if locked.status == TaskStatus.DONE:
            raise DomainError(gettext("该整改已完成。"), code="already_done")
        locked.status, locked.measures, locked.completed_at = TaskStatus.DONE, text[:4000], timezone.now()
        locked.save(update_fields=["status", "measures", "completed_at"])
        point = locked.responsible_point
        record_event(
            locked.order if locked.order is not None else locked,
            "workorders.rectification_done",
            actor=actor,
            channel=Channel.WORKBENCH,
            reason=text[:200],
            region=locked.order.region if locked.order is not None else (point.region if point else None),
        )
    return locked


def open_site_rectification(
    *,
    point: ServicePoint,
    issue: str,
    due_on: datetime.date | None = None,
    responsible_user: User | None = None,
    actor: User | None = None,
    reason: str = "",
) -> Rectification:
    """Open a rectification without a work order (整改: an item that lost points in a site
    inspection, performance.services.scoring). The deadline is `due_on`, else the region's
    RECTIFICATION_DAYS working days from today; the point (and the person named) must put it right. Call it
    inside the caller's transaction."""
    text = (issue or "").strip()
    if not text:
        raise DomainError(gettext("请填写整改问题。"), code="required", field="issue")
    if due_on is None:
        due_on = rectification_due_on(point.region)
    rectification = Rectification.objects.create(
        order=None,
        issue=text[:255],
        responsible_user=responsible_user,
        responsible_point=point,
        due_on=due_on,
    )
    record_event(
        rectification,
        "workorders.site_rectification_opened",
        actor=actor,
        channel=Channel.WORKBENCH if actor is not None else Channel.SYSTEM,
        reason=(reason or text)[:200],
        data={
            "responsible": responsible_user.pk if responsible_user is not None else None,
            "point": point.pk,
            "issue": text[:255],
            "deadline_text": due_on.isoformat(),
        },
        region=point.region,
    )
    return rectification
