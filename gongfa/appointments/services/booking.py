"""Booking (公证预约): book a slot, reschedule, cancel, check in, record a no-show, and the daily
reminder and no-show sweeps. The office schedule (templates and closures) is in booking_schedule.

Every verb checks who acts and every input first, reports all problems at once, and changes
nothing when it refuses. A slot is held by at most one booking: the partial unique constraint
`appointments_slot_booked_once` guarantees it under any concurrency; a clash becomes SlotTaken
(HTTP 409). Each booking carries a tracked work order (service type 公证), dispatched to the
office, closed when the booking is cancelled or missed; the notarization case takes it over on
check-in. Texts to the citizen go after commit, through tasks that send each at most once.
"""

from __future__ import annotations

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import (
    MODE_OF_RESOURCE,
    BookingChannel,
    BookingMode,
    BookingStatus,
    ResourceKind,
    SpecialGroup,
)
from gongfa.appointments.models import BookableResource, Booking, NotarialMatter, OfficeMatter
from gongfa.appointments.selectors.booking import (
    booking_window,
    closure_on,
    may_manage_office,
    template_for,
)
from gongfa.appointments.services.booking_schedule import (
    add_closure,
    delete_slot_template,
    remove_closure,
    save_slot_template,
)
from gongfa.appointments.services.common import next_number
from gongfa.appointments.states import BOOKING
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import is_working_day

__all__ = [
    "SlotTaken",
    "add_closure",
    "book_slot",
    "cancel_booking",
    "check_in_booking",
    "delete_slot_template",
    "may_act_on",
    "record_no_show",
    "record_no_shows",
    "remove_closure",
    "reschedule_booking",
    "save_slot_template",
    "send_booking_reminders",
    "slot_start",
]

STAFF_BOOKING_CHANNELS = {BookingChannel.HOTLINE, BookingChannel.WINDOW}
WORK_ORDER_CHANNEL = {
    BookingChannel.PORTAL: Channel.PORTAL,
    BookingChannel.HOTLINE: Channel.HOTLINE,
    BookingChannel.WINDOW: Channel.WINDOW,
    BookingChannel.API: Channel.API,
}


class SlotTaken(DomainError):
    """The slot was booked by someone else first (HTTP 409)."""

    code = "slot_taken"
    status = 409

    def __init__(self, message: str = "该时段已被预约，请选择其他时段。") -> None:
        super().__init__(message, code="slot_taken", field="starts_at")


# --- helpers ------------------------------------------------------------------------------------


def slot_start(day: datetime.date, starts_at: datetime.time) -> datetime.datetime:
    """The slot's start as an aware datetime in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, starts_at))


def _setting(booking_or_office: Booking | Agency, spec_key: str) -> int:
    office = booking_or_office.office if isinstance(booking_or_office, Booking) else booking_or_office
    return int(region_setting(office.region, spec_key))


def _channel_of(actor: User | None, booking: Booking | None = None) -> str:
    if actor is None:
        return Channel.SYSTEM
    if actor.is_citizen:
        return Channel.PORTAL
    return Channel.WORKBENCH


def may_act_on(actor: User | None, booking: Booking) -> bool:
    """The citizen on their own booking, staff of the office (or over it), whoever booked it on the
    citizen's behalf; None is the system (sweeps)."""
    if actor is None:
        return True
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_citizen:
        return booking.user_id is not None and booking.user_id == actor.pk
    return booking.booked_by_id == actor.pk or may_manage_office(actor, booking.office)


def _lock(actor: User | None, booking: Booking, *, staff_only: bool = False) -> Booking:
    """Re-read the booking under a row lock, once `actor` may act on it (inside transaction.atomic)."""
    allowed = (
        may_manage_office(actor, booking.office) if staff_only and actor is not None else may_act_on(actor, booking)
    )
    if not allowed:
        raise NotPermitted(gettext("您无权处理该预约。"))
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("office__region", "resource", "matter")
        .get(pk=booking.pk)
    )


def _matter_allows(office: Agency, matter: NotarialMatter, mode: str) -> tuple[OfficeMatter | None, str]:
    """The office's entry for the matter, and a problem message ('' when none)."""
    entry = OfficeMatter.objects.filter(office=office, matter=matter, is_active=True).first()
    if entry is None:
        return None, f"{office.name}不办理“{matter.name}”，请选择该公证处办理的事项或其他公证处。"
    if mode == BookingMode.VIDEO:
        allowed = entry.video_allowed if entry.video_allowed is not None else matter.video_allowed
        if not allowed:
            return entry, f"“{matter.name}”不能视频办理，请选择到公证处办理的时段。"
    if mode == BookingMode.AGENCY_POINT:
        allowed = entry.agency_point_allowed if entry.agency_point_allowed is not None else matter.agency_point_allowed
        if not allowed:
            return entry, f"“{matter.name}”不能在代办点办理，请选择到公证处办理的时段。"
    return entry, ""


def _check_slot(
    problems: Problems,
    *,
    office: Agency,
    resource: BookableResource,
    day: datetime.date,
    starts_at: datetime.time,
    today: datetime.date,
) -> datetime.time | None:
    """Every problem with the slot itself; returns its end when it is a real slot of the resource."""
    if resource.office_id != office.pk:
        problems.add(
            "resource",
            gettext("“{name}”不属于{name2}，请重新选择时段。").format(name=resource.name, name2=office.name),
            code="wrong_resource",
        )
        return None
    if not resource.is_active:
        problems.add(
            "resource",
            gettext("“{name}”已停止预约，请选择其他时段。").format(name=resource.name),
            code="inactive_resource",
        )
    first, last = booking_window(office.region, today)
    if day <= today:
        problems.add(
            "date",
            gettext("只能预约明天（{first:%Y年%m月%d日}）及以后的时段，不能预约今天或已过去的日期。").format(
                first=first
            ),
            code="slot_in_past",
        )
        return None
    if day > last:
        problems.add(
            "date",
            gettext("超出可预约范围：最远只能预约到{last:%Y年%m月%d日}。").format(last=last),
            code="beyond_window",
        )
        return None
    closure = closure_on(office, resource, day)
    if closure is not None:
        problems.add(
            "date",
            gettext("{day:%Y年%m月%d日}停止办公（{reason}），请选择其他日期。").format(day=day, reason=closure.reason),
            code="closed",
        )
        return None
    if not is_working_day(day):
        problems.add(
            "date", gettext("{day:%Y年%m月%d日}不是工作日，请选择其他日期。").format(day=day), code="not_working_day"
        )
        return None
    template = template_for(resource, day, starts_at)
    if template is None:
        problems.add(
            "starts_at",
            gettext("“{name}”在{day:%m月%d日} {starts_at:%H:%M}没有可预约的时段。").format(
                name=resource.name, day=day, starts_at=starts_at
            ),
            code="not_a_slot",
        )
        return None
    return template.ends_at


def _check_taken(
    resource: BookableResource, day: datetime.date, starts_at: datetime.time, exclude: int | None = None
) -> None:
    held = Booking.objects.holding().filter(resource=resource, date=day, starts_at=starts_at)
    if exclude is not None:
        held = held.exclude(pk=exclude)
    if held.exists():
        raise SlotTaken(
            gettext("{day:%m月%d日} {starts_at:%H:%M}的时段已被预约，请选择其他时段。").format(
                day=day, starts_at=starts_at
            )
        )


def _clean_person(problems: Problems, *, name: str, phone: str, id_number: str, note: str) -> tuple[str, str, str, str]:
    name = (name or "").strip()
    if not name:
        problems.add("name", gettext("请填写预约人姓名。"), code="required")
    elif len(name) > 64:
        problems.add("name", gettext("姓名不能超过 64 个字。"), code="too_long")
    phone = normalize_phone(phone or "")
    if not phone:
        problems.add("phone", gettext("请填写联系电话，以便接收预约确认和提醒。"), code="required")
    else:
        try:
            validate_person_phone(phone)
        except ValidationError as exc:
            problems.add("phone", exc.messages[0], code="invalid_phone")
    id_number = normalize_id_number(id_number or "") if id_number else ""
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            problems.add("id_number", exc.messages[0], code="invalid_id_number")
    note = (note or "").strip()
    if len(note) > 300:
        problems.add(
            "note", gettext("备注不能超过 300 个字（现在 {len} 个字）。").format(len=len(note)), code="too_long"
        )
    return name, phone, id_number, note


# --- booking ------------------------------------------------------------------------------------


def book_slot(
    *,
    actor: User | None,
    office: Agency,
    resource: BookableResource,
    matter: NotarialMatter,
    date: datetime.date,
    starts_at: datetime.time,
    name: str,
    phone: str,
    user: User | None = None,
    id_number: str = "",
    address: str = "",
    special_group: str = "",
    note: str = "",
    channel: str = BookingChannel.PORTAL,
    client_key: str | None = None,
) -> Booking:
    """预约: book one slot of one resource for a matter. A citizen books for themself; hotline and
    window staff book on someone's behalf. The same client_key returns the booking it made.
    Raises NotPermitted, ValidationFailed (every problem at once) or SlotTaken."""
    if client_key:
        existing = Booking.objects.filter(client_key=client_key).first()
        if existing is not None:
            return existing
    if actor is not None and actor.is_citizen:
        if user is not None and user.pk != actor.pk:
            raise NotPermitted(gettext("群众只能为本人预约。"))
        user = actor
    if channel in STAFF_BOOKING_CHANNELS and (actor is None or not actor.is_platform_staff):
        raise NotPermitted(gettext("热线、窗口代约须由工作人员办理。"))
    if user is not None and not user.is_citizen:
        raise NotPermitted(gettext("预约人账号须为群众账号。"))
    today = timezone.localdate()
    problems = Problems()
    if channel not in BookingChannel.values:
        problems.add("channel", gettext("预约渠道不正确。"), code="invalid_channel")
    if office.kind != AgencyKind.NOTARY_OFFICE or not office.is_active:
        problems.add("office", gettext("{name}不接受公证预约。").format(name=office.name), code="not_a_notary_office")
    name, phone, id_number, note = _clean_person(problems, name=name, phone=phone, id_number=id_number, note=note)
    mode = str(MODE_OF_RESOURCE[ResourceKind(resource.kind)])
    if not matter.is_active:
        problems.add("matter", gettext("“{name}”已停止办理。").format(name=matter.name), code="inactive_matter")
    elif matter.children.filter(is_active=True).exists():
        problems.add(
            "matter",
            gettext("“{name}”下有具体事项，请选择其中一项。").format(name=matter.name),
            code="matter_has_children",
        )
    else:
        _entry, message = _matter_allows(office, matter, mode)
        if message:
            problems.add("matter", message, code="matter_not_handled")
    address = (address or "").strip()
    if mode == BookingMode.HOME_VISIT:
        if not address:
            problems.add("address", gettext("上门办理须填写上门地址。"), code="required")
        elif len(address) > 255:
            problems.add("address", gettext("地址不能超过 255 个字。"), code="too_long")
        if special_group not in SpecialGroup.values:
            problems.add(
                "special_group",
                gettext("上门办理仅面向高龄老人、残疾人、重病患者等特殊群体，请选择所属情形。"),
                code="required",
            )
    else:
        address, special_group = "", special_group if special_group in SpecialGroup.values else ""
    ends_at = _check_slot(problems, office=office, resource=resource, day=date, starts_at=starts_at, today=today)
    problems.raise_if_any()
    assert ends_at is not None
    _check_taken(resource, date, starts_at)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                number=next_number("booking"),
                mode=mode,
                office=office,
                resource=resource,
                matter=matter,
                date=date,
                starts_at=starts_at,
                ends_at=ends_at,
                user=user,
                name=name,
                phone=phone,
                address=address,
                special_group=special_group,
                note=note,
                channel=channel,
                booked_by=actor if actor is not None and actor.is_platform_staff else None,
                client_key=client_key or None,
            )
            _open_work_order(booking, actor=actor, id_number=id_number)
            record_event(
                booking,
                "appointments.booking.book",
                actor=actor,
                channel=WORK_ORDER_CHANNEL.get(BookingChannel(channel), Channel.PORTAL),
                to_status=booking.status,
                data={"slot": _slot_data(booking), "matter": matter.code, "mode": mode},
                region=office.region,
            )
            _queue_text(booking, "confirm")
    except IntegrityError:
        if client_key:
            existing = Booking.objects.filter(client_key=client_key).first()
            if existing is not None:
                return existing
        raise SlotTaken(
            gettext("{date:%m月%d日} {starts_at:%H:%M}的时段已被预约，请选择其他时段。").format(
                date=date, starts_at=starts_at
            )
        ) from None
    return booking


def _slot_data(booking: Booking) -> dict[str, object]:
    return {
        "resource": booking.resource_id,
        "date": booking.date.isoformat(),
        "starts_at": booking.starts_at.strftime("%H:%M"),
    }


def _open_work_order(booking: Booking, *, actor: User | None, id_number: str) -> None:
    """The tracked work order of the booking (service type 公证), dispatched to the office."""
    from gongfa.catalog.selectors import service_type_by_code
    from gongfa.workorders.services import create_work_order
    from gongfa.workorders.services.dispatch import Target, _apply_dispatch

    channel = WORK_ORDER_CHANNEL[BookingChannel(booking.channel)]
    matter = booking.matter
    text = (
        f"公证预约 {booking.number}：{matter.name if matter else '公证'}，"
        f"{booking.date:%Y年%m月%d日} {booking.starts_at:%H:%M}，{booking.office.name}·{booking.resource.name}"
        f"（{booking.get_mode_display()}）"
    )
    staff_actor = actor if actor is not None and actor.is_platform_staff else None
    result = create_work_order(
        channel=channel,
        region=booking.office.region,
        text=text,
        requester=booking.user,
        contact_name=booking.name,
        contact_phone=booking.phone,
        service_type=service_type_by_code("notarization"),
        received_by=staff_actor if channel in (Channel.HOTLINE, Channel.WINDOW) else None,
        submitted_by=staff_actor,
        auto_dispatch=False,
    )
    order = result.order
    person = booking.resource.notary if booking.resource.kind == ResourceKind.NOTARY else None
    _apply_dispatch(
        order,
        Target(booking.office, person, f"公证预约：由{booking.office.name}办理"),
        actor=staff_actor,
        channel=channel,
    )
    booking.work_order = order
    booking.save(update_fields=["work_order"])


def _close_work_order(booking: Booking, *, result_code: str, answer: str) -> None:
    """Close the booking's work order (cancelled or missed), whatever stage it had reached."""
    if booking.work_order_id is None:
        return
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.models import WorkOrder
    from gongfa.workorders.services.common import step
    from gongfa.workorders.services.handling import _close

    order = WorkOrder.objects.select_for_update(of=("self",)).get(pk=booking.work_order_id)
    if order.status in (WorkOrderStatus.ASSIGNED, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.WAITING):
        order.answer = answer
        order.answered_at = timezone.now()
        step(order, "answer", actor=None, channel=Channel.SYSTEM, reason=answer, fields=("answer", "answered_at"))
    if order.status in (WorkOrderStatus.ANSWERED, WorkOrderStatus.CONVERTED):
        _close(order, actor=None, result_code=result_code, channel=Channel.SYSTEM)


def _queue_text(booking: Booking, kind: str) -> None:
    from gongfa.appointments.tasks import text_booking

    key = f"{kind}:{booking.date:%Y%m%d}{booking.starts_at:%H%M}:{booking.reschedule_count}"
    transaction.on_commit(functools.partial(text_booking.delay, booking.pk, kind, key), robust=True)


def _check_cutoff(booking: Booking, what: str) -> None:
    hours = _setting(booking, rules.CHANGE_CUTOFF_HOURS.key)
    if timezone.now() > slot_start(booking.date, booking.starts_at) - datetime.timedelta(hours=hours):
        raise DomainError(
            gettext("已超过{what}截止时间（预约开始前{hours}小时），如需{what}请致电公证处。").format(
                what=what, hours=hours
            ),
            code="past_cutoff",
        )


def _check_open(booking: Booking, action: str) -> None:
    """The action must be allowed from the booking's status (InvalidTransition otherwise)."""
    BOOKING.get(booking.status, action)


def reschedule_booking(
    *, actor: User | None, booking: Booking, resource: BookableResource, date: datetime.date, starts_at: datetime.time
) -> Booking:
    """改约: move the booking to another free slot of the same office (same checks as booking).
    Counts toward MAX_RESCHEDULES; refused after the cut-off before the current slot. Atomic: the
    old slot is freed and the new one taken, or nothing changes."""
    with transaction.atomic():
        locked = _lock(actor, booking)
        _check_open(locked, "reschedule")
        problems = Problems()
        with problems.check():
            _check_cutoff(locked, gettext("改约"))
        limit = _setting(locked, rules.MAX_RESCHEDULES.key)
        if locked.reschedule_count >= limit:
            problems.add(
                None,
                gettext("每个预约最多改约{limit}次，已改约{reschedule_count}次，如需改期请取消后重新预约。").format(
                    limit=limit, reschedule_count=locked.reschedule_count
                ),
                code="too_many_reschedules",
            )
        if (resource.pk, date, starts_at) == (locked.resource_id, locked.date, locked.starts_at):
            problems.add("starts_at", gettext("新时段与原预约时段相同，请选择其他时段。"), code="same_slot")
        mode = str(MODE_OF_RESOURCE[ResourceKind(resource.kind)])
        if locked.matter is not None and resource.office_id == locked.office_id:
            _entry, message = _matter_allows(locked.office, locked.matter, mode)
            if message:
                problems.add("resource", message, code="matter_not_handled")
        if mode == BookingMode.HOME_VISIT and not locked.address:
            problems.add("resource", gettext("上门办理须有上门地址，请取消后重新预约上门服务。"), code="required")
        ends_at = _check_slot(
            problems, office=locked.office, resource=resource, day=date, starts_at=starts_at, today=timezone.localdate()
        )
        problems.raise_if_any()
        assert ends_at is not None
        _check_taken(resource, date, starts_at, exclude=locked.pk)
        before = _slot_data(locked)
        locked.resource, locked.date, locked.starts_at, locked.ends_at = resource, date, starts_at, ends_at
        locked.mode = mode
        locked.reschedule_count += 1
        locked.reminded_at = None
        try:
            with transaction.atomic():
                transition(
                    locked,
                    BOOKING,
                    "reschedule",
                    actor=actor,
                    channel=_channel_of(actor),
                    data={"from": before, "to": _slot_data(locked)},
                    region=locked.office.region,
                    extra_update_fields=(
                        "resource",
                        "date",
                        "starts_at",
                        "ends_at",
                        "mode",
                        "reschedule_count",
                        "reminded_at",
                    ),
                )
        except IntegrityError:
            raise SlotTaken(
                gettext("{date:%m月%d日} {starts_at:%H:%M}的时段已被预约，请选择其他时段。").format(
                    date=date, starts_at=starts_at
                )
            ) from None
        _queue_text(locked, "reschedule")
    return locked


def cancel_booking(*, actor: User | None, booking: Booking, reason: str = "") -> Booking:
    """取消预约: frees the slot and closes the work order. Refused after the cut-off."""
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise DomainError(gettext("取消原因不能超过 200 个字。"), code="too_long", field="reason")
    with transaction.atomic():
        locked = _lock(actor, booking)
        _check_open(locked, "cancel")
        _check_cutoff(locked, gettext("取消"))
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        transition(
            locked,
            BOOKING,
            "cancel",
            actor=actor,
            channel=_channel_of(actor),
            reason=reason,
            region=locked.office.region,
            extra_update_fields=("cancelled_at", "cancel_reason"),
        )
        from gongfa.workorders.choices import ResultCode

        _close_work_order(locked, result_code=ResultCode.WITHDRAWN, answer=f"预约 {locked.number} 已取消。")
        _queue_text(locked, "cancel")
    return locked


def check_in_booking(*, actor: User, booking: Booking) -> Booking:
    """到场签到: staff of the office record that the citizen came (on the day of the slot or
    later). The work order is accepted by the person who checks the citizen in, ready to be
    converted into the notarization case."""
    with transaction.atomic():
        locked = _lock(actor, booking, staff_only=True)
        _check_open(locked, "check_in")
        if timezone.localdate() < locked.date:
            raise DomainError(
                gettext("预约日期（{date:%Y年%m月%d日}）未到，不能签到。").format(date=locked.date), code="too_early"
            )
        locked.attended_at = timezone.now()
        transition(
            locked,
            BOOKING,
            "check_in",
            actor=actor,
            channel=Channel.WORKBENCH,
            region=locked.office.region,
            extra_update_fields=("attended_at",),
        )
        _accept_work_order(locked, actor)
    return locked


def _accept_work_order(booking: Booking, actor: User) -> None:
    if booking.work_order_id is None:
        return
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.models import WorkOrder
    from gongfa.workorders.services.common import step

    order = WorkOrder.objects.select_for_update(of=("self",)).get(pk=booking.work_order_id)
    if order.status == WorkOrderStatus.ASSIGNED:
        order.accepted_at = timezone.now()
        if order.owner_user_id is None:
            order.owner_user = actor
        step(order, "accept", actor=actor, channel=Channel.WORKBENCH, fields=("accepted_at", "owner_user"))


def record_no_show(*, actor: User | None, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    """记录爽约: the citizen did not come. Only after the slot start + NO_SHOW_AFTER_MINUTES; by staff
    of the office or the sweep (actor None). Closes the work order."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(actor, booking, staff_only=True)
        _check_open(locked, "record_no_show")
        minutes = _setting(locked, rules.NO_SHOW_AFTER_MINUTES.key)
        after = slot_start(locked.date, locked.starts_at) + datetime.timedelta(minutes=minutes)
        if now < after:
            raise DomainError(
                gettext("预约开始{minutes}分钟后（{localtime:%m月%d日 %H:%M}以后）仍未到场，才能记为爽约。").format(
                    minutes=minutes, localtime=timezone.localtime(after)
                ),
                code="too_early",
            )
        locked.no_show_at = now
        transition(
            locked,
            BOOKING,
            "record_no_show",
            actor=actor,
            channel=_channel_of(actor),
            region=locked.office.region,
            extra_update_fields=("no_show_at",),
        )
        from gongfa.workorders.choices import ResultCode

        _close_work_order(locked, result_code=ResultCode.OTHER, answer=f"预约 {locked.number} 未到场（爽约）。")
    return locked


# --- sweeps -------------------------------------------------------------------------------------


def send_booking_reminders(*, today: datetime.date | None = None) -> int:
    """The day before: remind each citizen booked for tomorrow, once per booking (reminded_at,
    set under the row lock; a rescheduled booking is reminded again for its new day). Safe to run
    twice or concurrently."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    due = Booking.objects.filter(status=BookingStatus.BOOKED, date=tomorrow, reminded_at__isnull=True).order_by("pk")
    sent = 0
    for booking_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = (
                Booking.objects.select_for_update(skip_locked=True)
                .filter(pk=booking_id, status=BookingStatus.BOOKED, date=tomorrow, reminded_at__isnull=True)
                .select_related("office__region")
                .first()
            )
            if locked is None:
                continue
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            record_event(
                locked,
                "appointments.booking.remind",
                actor=None,
                channel=Channel.SYSTEM,
                data={"slot": _slot_data(locked)},
                region=locked.office.region,
            )
            _queue_text(locked, "remind")
            sent += 1
    return sent


def record_no_shows(*, now: datetime.datetime | None = None) -> int:
    """Record every booking still BOOKED past its start + NO_SHOW_AFTER_MINUTES as a no-show.
    Safe to run twice: a recorded booking is no longer BOOKED."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = Booking.objects.filter(status=BookingStatus.BOOKED, date__lte=today).select_related("office__region")
    recorded = 0
    grace: dict[int, int] = {}  # office → minutes (one setting read per office, not per booking)
    for booking in list(candidates.order_by("date", "starts_at", "pk")):
        if booking.office_id not in grace:
            grace[booking.office_id] = _setting(booking, rules.NO_SHOW_AFTER_MINUTES.key)
        minutes = grace[booking.office_id]
        if now < slot_start(booking.date, booking.starts_at) + datetime.timedelta(minutes=minutes):
            continue
        try:
            record_no_show(actor=None, booking=booking, now=now)
        except DomainError:  # changed meanwhile (checked in, cancelled, recorded by staff)
            continue
        recorded += 1
    return recorded
