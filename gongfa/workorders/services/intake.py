"""Intake from every channel (受理): portal, 12348 hotline, window, village room, kiosk, 12345, API.

Every request becomes one WorkOrder, written in one transaction with its first event, its stage
deadlines and (unless staff keep it themselves) its automatic dispatch. Intake is idempotent:
a client's key always returns the same order, and the same 12345 reference is accepted once.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.network.models import Region, ServicePoint, StaffPosting
from gongfa.workorders.choices import (
    SPECIAL_GROUP_PRIORITY,
    URGENCY_PRIORITY,
    AgeBand,
    ContactSex,
    ExternalSystem,
    Urgency,
    WorkOrderStatus,
    special_groups_of,
)
from gongfa.workorders.classify import classify_topic
from gongfa.workorders.models import IntakeKey, Topic, TrackingSequence, WorkOrder, format_tracking_number
from gongfa.workorders.search import build_search_text
from gongfa.workorders.services.common import clean_text
from gongfa.workorders.services.deadlines import apply_deadlines, set_resolve_due
from gongfa.workorders.services.dispatch import Target, _apply_dispatch, county_centre, dispatch_automatically
from gongfa.workorders.services.dispatch_queue import queue_dispatch_after_commit

STAFF_CHANNELS = {Channel.HOTLINE, Channel.WINDOW, Channel.VILLAGE_ROOM, Channel.LETTER}


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"
    status = 409


@dataclass(frozen=True)
class Idempotency:
    """A client's idempotency key (Idempotency-Key header, or a form's one-time token)."""

    client: str
    key: str
    request_hash: str

    @staticmethod
    def hash_of(payload: dict[str, Any]) -> str:
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class CallerDetails:
    """What a hotline agent or window clerk may note about the person (all optional): the ID
    number (encrypted at rest), sex and age band, and whether the switch withheld the number."""

    id_number: str = ""
    sex: str = ""
    age_band: str = ""
    phone_withheld: bool = False


NO_DETAILS = CallerDetails()


@dataclass
class IntakeResult:
    order: WorkOrder
    created: bool
    notes: list[str] = field(default_factory=list)


def next_tracking_number(day: datetime.date | None = None) -> str:
    """Allocate the next number of the day (GF20261124-00123), safe under concurrency.

    One `UPDATE … RETURNING` statement: the day's row is locked only as long as the enclosing
    transaction. Intake calls this before it opens its own transaction, so concurrent intakes
    do not queue behind each other's whole write; a failed intake leaves a gap in the numbers,
    never a duplicate."""
    day = day or timezone.localdate()
    table = connection.ops.quote_name(TrackingSequence._meta.db_table)
    param = connection.ops.adapt_datefield_value(day)
    sql = f"UPDATE {table} SET last_value = last_value + 1 WHERE day = %s RETURNING last_value"  # noqa: S608 - our table name
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # One autocommitted statement whose commit does not wait for the WAL flush (set_config's
        # local value lasts only for this statement's own transaction): the order that uses the
        # number commits later with a flush, which writes this change first (WAL is sequential).
        # A crash can lose only numbers that no committed order holds, so none is ever issued twice.
        sql = (
            f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - our table name
            "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush "
            "WHERE day = %s RETURNING last_value"
        )
    # One statement: atomic on its own in autocommit mode, or part of the caller's transaction.
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        row = cursor.fetchone()
    if row is not None:
        return format_tracking_number(day, int(row[0]))
    try:
        with transaction.atomic():
            TrackingSequence.objects.create(day=day, last_value=1)
        return format_tracking_number(day, 1)
    except IntegrityError:  # another request created the day's row first
        return next_tracking_number(day)


def priority_of(urgency: str, special_groups: int) -> int:
    return URGENCY_PRIORITY[Urgency(urgency)] + SPECIAL_GROUP_PRIORITY * len(special_groups_of(special_groups))


def staff_point(user: User) -> ServicePoint | None:
    """The service point where a staff member receives requests (their first active posting)."""
    posting = (
        StaffPosting.objects.filter(user=user, is_active=True, point__isnull=False)
        .select_related("point__region")
        .order_by("pk")
        .first()
    )
    return posting.point if posting is not None else None


def _validate(
    *,
    channel: str,
    region: Region | None,
    text: str,
    requester: User | None,
    contact_phone: str,
    received_by: User | None,
    urgency: str,
    special_groups: int,
    details: CallerDetails = NO_DETAILS,
) -> tuple[str, str, str]:
    """Check every input and refuse once with every problem found (ValidationFailed), so a
    hotline agent fixes them all in one go; who may submit is checked first (a refusal, not a
    field problem)."""
    if requester is not None and not requester.is_citizen:
        raise NotPermitted(gettext("只能以群众本人的身份提交诉求。"))
    if channel in STAFF_CHANNELS and (received_by is None or not received_by.is_platform_staff):
        raise NotPermitted(gettext("该渠道须由工作人员登记。"))
    problems = Problems()
    if channel not in Channel.values or channel in {Channel.WORKBENCH, Channel.SYSTEM}:
        problems.add("channel", gettext("未知的受理渠道：{channel}。").format(channel=channel), code="invalid_channel")
    if region is None:
        problems.add("region", gettext("请选择所在区划。"), code="unknown_region")
    body = ""
    with problems.check():
        body = clean_text(text, field="text", label=gettext("诉求内容"))
    phone = normalize_phone(contact_phone or "")
    if phone:
        try:
            validate_person_phone(phone)
        except ValidationError as exc:
            problems.add("contact_phone", exc.messages[0], code="invalid_phone")
    if requester is None and not phone and not details.phone_withheld:
        problems.add("contact_phone", gettext("请填写联系电话，方便工作人员联系您。"), code="contact_required")
    if details.phone_withheld and phone:
        problems.add(
            "phone_withheld", gettext("已填写联系电话，请不要同时勾选“号码未显示”。"), code="phone_withheld_with_phone"
        )
    if details.phone_withheld and channel not in STAFF_CHANNELS:
        problems.add(
            "phone_withheld", gettext("只有工作人员登记来电时可以勾选“号码未显示”。"), code="phone_withheld_not_staff"
        )
    id_number = normalize_id_number(details.id_number or "")
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            problems.add("contact_id_number", exc.messages[0], code="invalid_id_number")
    if details.sex and details.sex not in ContactSex.values:
        problems.add("contact_sex", gettext("性别不正确。"), code="invalid_sex")
    if details.age_band and details.age_band not in AgeBand.values:
        problems.add("contact_age_band", gettext("年龄段不正确。"), code="invalid_age_band")
    if urgency not in Urgency.values:
        problems.add("urgency", gettext("紧急程度不正确。"), code="invalid_urgency")
    if special_groups < 0 or special_groups & ~sum(g.value for g in special_groups_of(special_groups)):
        problems.add("special_groups", gettext("特殊群体标记不正确。"), code="invalid_special_groups")
    problems.raise_if_any()
    return body, phone, id_number


def check_intake(
    *,
    channel: str,
    region: Region | None,
    text: str,
    contact_phone: str = "",
    requester: User | None = None,
    received_by: User | None = None,
    urgency: str = Urgency.NORMAL,
    special_groups: int = 0,
    details: CallerDetails = NO_DETAILS,
) -> None:
    """What create_work_order would refuse in the input, without creating anything (a form whose
    own checks failed still shows these in the same round)."""
    _validate(
        channel=channel,
        region=region,
        text=text,
        requester=requester,
        contact_phone=contact_phone,
        received_by=received_by,
        urgency=urgency,
        special_groups=special_groups,
        details=details,
    )


def create_work_order(
    *,
    channel: str,
    region: Region | None,
    text: str,
    requester: User | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    topic: Topic | None = None,
    service_type: Any = None,
    urgency: str = Urgency.NORMAL,
    special_groups: int = 0,
    received_by: User | None = None,
    handle_myself: bool = False,
    auto_dispatch: bool = True,
    queue_dispatch: bool = False,
    external_system: str = "",
    external_ref: str = "",
    complained_user: User | None = None,
    submitted_by: User | None = None,
    idempotency: Idempotency | None = None,
    triage_note: str = "",
    details: CallerDetails = NO_DETAILS,
    resolve_due: datetime.datetime | None = None,
    deadline_source: str = "",
    after_hours: bool = False,
    contact_due: datetime.datetime | None = None,
) -> IntakeResult:
    """Record a request from any channel as a work order and send it on its way.

    triage_note is what the channel already knows about the request that staff must see first
    (the Q&A's 安全风险 for a hand-over that signals danger); it leads the triage reason.

    submitted_by names the account that handed the request in when it is neither the citizen nor a
    receiving staff member (an integration's token user: 12345, a kiosk, a mini-program).

    queue_dispatch leaves the automatic dispatch to a task queued after commit (integrations
    that submit in volume answer at once; the order waits as 待分派 at the desk until then, and
    the periodic dispatch_queued job picks up anything the task missed).

    resolve_due, with deadline_source saying where it comes from, replaces the catalogue's
    resolve deadline (an order from 12345 keeps 12345's own limit). after_hours marks a message
    left outside the hotline's duty roster; contact_due then is its call-back deadline."""
    from gongfa.catalog.selectors import default_service_type

    body, phone, id_number = _validate(
        channel=channel,
        region=region,
        text=text,
        requester=requester,
        contact_phone=contact_phone,
        received_by=received_by,
        urgency=urgency,
        special_groups=special_groups,
        details=details,
    )
    assert region is not None
    contact_name = (contact_name or "").strip()[:64]
    # Replays are answered before anything is locked or numbered. A concurrent first request
    # with the same key or reference is caught by the unique constraints below.
    if idempotency is not None and _key_is_known(idempotency):
        existing = IntakeKey.objects.select_related("order").get(client=idempotency.client, key=idempotency.key)
        return _replay(existing, idempotency)
    if external_ref:
        known = WorkOrder.objects.filter(external_system=external_system, external_ref=external_ref).first()
        if known is not None:
            if known.text != body:
                # Their system sent the same reference with new content: keep it on the record.
                record_event(
                    known,
                    "workorders.workorder.external_resent",
                    actor=submitted_by,
                    channel=channel,
                    reason="外部系统以相同编号重新推送，内容有变化",
                    data={"text": body[:2000]},
                    region=known.region,
                )
            return IntakeResult(known, created=False, notes=[gettext("该外部编号已受理，返回原工单")])
    guess_reason = ""
    if topic is None:
        guess = classify_topic(body)
        topic, guess_reason = guess.topic, guess.reason
    if triage_note:
        guess_reason = f"{triage_note}；{guess_reason}" if guess_reason else triage_note
    intake_point = staff_point(received_by) if received_by is not None else None
    desk = intake_point or county_centre(region)
    if desk is None:
        raise DomainError(
            gettext("{name}所在地区尚未设立公共法律服务中心，暂不能受理。").format(name=region.name),
            code="no_service_point",
        )
    now = timezone.now()
    order = WorkOrder(
        tracking_number=next_tracking_number(timezone.localdate(now)),
        channel=channel,
        requester=requester,
        contact_name=contact_name or (requester.real_name if requester else ""),
        contact_phone=phone or (requester.phone if requester else ""),
        phone_withheld=details.phone_withheld,
        contact_id_number=id_number,
        contact_sex=details.sex,
        contact_age_band=details.age_band,
        after_hours=after_hours,
        region=region,
        region_code=region.code,
        text=body,
        topic=topic,
        topic_reason=guess_reason[:255],
        service_type=service_type or default_service_type(),
        urgency=urgency,
        special_groups=special_groups,
        priority=priority_of(urgency, special_groups),
        status=WorkOrderStatus.NEW,
        first_owner_point=intake_point,
        first_owner_user=received_by if intake_point is not None else None,
        external_system=external_system,
        external_ref=external_ref,
        complained_user=complained_user,
        created_at=now,
    )
    order.set_owner(desk)  # the intake desk, until dispatch
    apply_deadlines(order, start=now)
    if resolve_due is not None:
        set_resolve_due(order, resolve_due, start=now)
        order.deadline_source = (deadline_source or "外部系统要求")[:64]
    if contact_due is not None:
        order.contact_due = contact_due
    order.search_text = build_search_text(order)
    with transaction.atomic():
        order.save()
        if idempotency is not None:
            try:
                # No savepoint of its own: on a clash the whole intake is undone anyway.
                with transaction.atomic(savepoint=False):
                    IntakeKey.objects.create(
                        client=idempotency.client,
                        key=idempotency.key,
                        request_hash=idempotency.request_hash,
                        order=order,
                    )
            except IntegrityError:
                # A concurrent request with the same key won: raising undoes this order.
                raise _ConcurrentKey from None
        actor = received_by or requester or submitted_by
        record_event(
            order,
            "workorders.workorder.submit",
            actor=actor,
            channel=channel,
            to_status=order.status,
            reason=guess_reason,
            data={"intake_point": desk.pk, "external_ref": external_ref} if external_ref else {"intake_point": desk.pk},
            region=region,
        )
        if handle_myself and received_by is not None and intake_point is not None:
            _apply_dispatch(
                order,
                Target(intake_point, received_by, f"{received_by.display_name}受理登记并自行办理"),
                actor=received_by,
                channel=channel,
            )
        elif complained_user is not None:
            from gongfa.workorders.services.complaints import route_complaint

            route_complaint(order)
        elif auto_dispatch and queue_dispatch:
            queue_dispatch_after_commit()
        elif auto_dispatch:
            dispatch_automatically(order, channel=channel)
    return IntakeResult(order, created=True)


class _ConcurrentKey(Exception):
    pass


def _key_is_known(idempotency: Idempotency) -> bool:
    """Whether the key was used before. Every intake asks and almost every answer is no, so this is
    a plain indexed probe; the order is loaded only for a replay (a select_related of the whole
    order costs more to build than the rest of the lookup)."""
    table, client, key = map(connection.ops.quote_name, (IntakeKey._meta.db_table, "client", "key"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE {client} = %s AND {key} = %s",  # noqa: S608 - our names
            [idempotency.client, idempotency.key],
        )
        return cursor.fetchone() is not None


def _replay(existing: IntakeKey, idempotency: Idempotency) -> IntakeResult:
    if existing.request_hash != idempotency.request_hash:
        raise IdempotencyConflict(
            gettext("该幂等键已用于内容不同的请求，请使用新的 Idempotency-Key。"), field="Idempotency-Key"
        )
    return IntakeResult(existing.order, created=False, notes=[gettext("重复提交，返回原工单")])


def create_idempotent(idempotency: Idempotency, **kwargs: Any) -> IntakeResult:
    """create_work_order, retried once when a concurrent request with the same key got there first."""
    try:
        return create_work_order(idempotency=idempotency, **kwargs)
    except _ConcurrentKey:
        existing = IntakeKey.objects.select_related("order").get(client=idempotency.client, key=idempotency.key)
        return _replay(existing, idempotency)


def submit_question(
    *,
    requester: User,
    village: Region,
    text: str,
    channel: str = Channel.PORTAL,
    idempotency: Idempotency | None = None,
    urgency: str = Urgency.NORMAL,
    triage_note: str = "",
) -> WorkOrder:
    """A citizen asks on the portal (提交咨询), or hands a Q&A question over to a person (转人工:
    urgent, with the danger it signals as triage_note, when the Q&A saw one)."""
    if not requester.is_citizen:
        raise NotPermitted(gettext("只有群众本人可以通过门户提交咨询。"))
    if village.level != 5:
        raise DomainError(gettext("请选择所在的村(社区)。"), code="not_a_village", field="village")
    kwargs: dict[str, Any] = {
        "channel": channel,
        "region": village,
        "text": text,
        "requester": requester,
        "urgency": urgency,
        "triage_note": triage_note,
    }
    if idempotency is not None:
        return create_idempotent(idempotency, **kwargs).order
    return create_work_order(**kwargs).order


def receive_12345_transfer(
    *,
    reference: str,
    region: Region | None,
    text: str,
    contact_name: str = "",
    contact_phone: str = "",
    urgency: str = Urgency.NORMAL,
    submitted_by: User | None = None,
    deadline: datetime.datetime | None = None,
) -> IntakeResult:
    """A matter transferred in from the 12345 hotline (12345转办), keeping its reference; the same
    reference is accepted once. `deadline` is the limit 12345 set in its message: it governs the
    order instead of the catalogue's rule."""
    reference = (reference or "").strip()
    deadline_problem = deadline is not None and deadline <= timezone.now()
    if not reference or deadline_problem:
        # Reported with the content's own problems, so their system fixes everything in one resend.
        problems = Problems()
        if not reference:
            problems.add("reference", gettext("缺少12345工单编号。"), code="reference_required")
        if deadline_problem:
            problems.add(
                "deadline", gettext("办理时限已过或早于当前时间，请核对12345工单的时限。"), code="deadline_in_past"
            )
        with problems.check():
            check_intake(
                channel=Channel.TRANSFER_12345,
                region=region,
                text=text,
                contact_phone=contact_phone,
                urgency=urgency,
            )
        problems.raise_if_any()
    try:
        return create_work_order(
            channel=Channel.TRANSFER_12345,
            region=region,
            text=text,
            contact_name=contact_name,
            contact_phone=contact_phone,
            urgency=urgency,
            external_system=ExternalSystem.HOTLINE_12345,
            external_ref=reference[:64],
            submitted_by=submitted_by,
            queue_dispatch=True,
            resolve_due=deadline,
            deadline_source="12345工单规定的办理时限" if deadline is not None else "",
        )
    except IntegrityError:  # the same reference arrived twice at once
        known = WorkOrder.objects.get(external_system=ExternalSystem.HOTLINE_12345, external_ref=reference[:64])
        return IntakeResult(known, created=False, notes=[gettext("该外部编号已受理，返回原工单")])
