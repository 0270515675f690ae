"""Appointments API: notarization booking (公证预约) under /api/v1/appointments/.

- GET  /offices/{id}/slots           free slots of a notary office (public, no personal data)
- GET  /matters                      the published matter list with materials (public)
- POST /bookings                     book a slot (Idempotency-Key required, rate limited;
                                     a citizen's session or a token with appointments:book)
- GET  /bookings/{number}            one booking (its citizen, the office's staff, whoever booked it)
- POST /bookings/{number}/reschedule move it to another free slot
- POST /bookings/{number}/cancel     cancel it (before the cut-off)

201 for a new booking, 200 for a replay of the same key (header Idempotent-Replayed), 409
`slot_taken` when someone else holds the slot, 400 with every field problem at once, 403 for a
step the caller may not take, 404 for a booking or office the caller may not see, 409
`invalid_transition` for a step out of order, 429 past the rate limit."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Annotated

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Header, Path, Query, Router, Status
from ninja.throttling import BaseThrottle, SimpleRateThrottle
from pydantic import BeforeValidator, WithJsonSchema

from gongfa.accounts.models import User
from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.lookups import NotFound
from gongfa.api.models import TokenScope
from gongfa.api.schemas import IDENTIFIER_PATTERN, PlainText, RowId, RowIdPath, documented
from gongfa.api.throttling import ClientAnonRateThrottle
from gongfa.appointments.choices import BookingChannel, BookingMode
from gongfa.appointments.models import BookableResource, Booking, MatterMaterial, NotarialMatter
from gongfa.appointments.selectors import booking as sel
from gongfa.appointments.services import booking as svc
from gongfa.core.access import Audience, api_door
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency

# Dates and times travel as ISO strings: 2026-12-07 and 09:30 (or 09:30:00).
DATE_MAX = 10
SlotDate = Annotated[
    datetime.date, Field(description="预约日期（YYYY-MM-DD）", json_schema_extra=documented(maxLength=DATE_MAX))
]
IdempotencyKey = Annotated[PlainText, Field(json_schema_extra=documented(maxLength=128))]
# A wall-clock time of day, without a zone. JSON Schema's format "time" is RFC 3339's full-time,
# which needs an offset ("09:00:00+08:00"): stated with it, "09:00" could not be sent within
# maxLength 8 and the answers' "09:00:00" broke the schema. So the schema states a pattern, and
# the input takes exactly what it states (no offsets, no seconds-since-midnight numbers).
WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _wall_clock(value: object) -> object:
    if isinstance(value, datetime.time):
        return value
    if not isinstance(value, str) or not re.fullmatch(WALL_CLOCK_PATTERN, value):
        raise ValueError("expected a time of day as HH:MM or HH:MM:SS")
    return value


SlotTime = Annotated[
    datetime.time,
    BeforeValidator(_wall_clock),
    WithJsonSchema(
        {"type": "string", "pattern": WALL_CLOCK_PATTERN, "maxLength": 8, "description": "时段开始时间（HH:MM）"}
    ),
]
WallClockOut = Annotated[
    datetime.time, WithJsonSchema({"type": "string", "pattern": WALL_CLOCK_PATTERN, "description": "HH:MM:SS"})
]

router = Router(tags=["appointments"])
BOOK = token_or_session(TokenScope.APPOINTMENTS_BOOK)
IDEMPOTENCY_KEY_MAX = 128
BookingNumber = Annotated[str, Path(..., max_length=24, pattern=IDENTIFIER_PATTERN, description="预约号")]
ERRORS_WITH_LIMIT = {**ERRORS, 429: ERRORS[400]}


def _rate(name: str, default: str) -> str:
    return str(getattr(settings, name, default))


class PrincipalRateThrottle(SimpleRateThrottle):
    """Booking requests per caller (a token, or a signed-in person): 按调用者限流."""

    scope = "appointments_book"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        ident = getattr(auth, "client_id", None) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def book_throttles() -> list[BaseThrottle]:
    return [PrincipalRateThrottle(_rate("APPOINTMENTS_BOOK_RATE", "20/m"))]


class IdempotencyKeyError(DomainError):
    code = "idempotency_key_required"
    status = 400


# --- schemas ------------------------------------------------------------------------------------


class BookingSlotOut(Schema):
    key: str = Field(..., description="时段标识：资源ID-日期-时间")
    resource_id: int
    resource_name: str
    resource_kind: str
    mode: str
    date: datetime.date
    starts_at: WallClockOut
    ends_at: WallClockOut


class BookingSlotFilters(Schema):
    mode: BookingMode | None = Field(None, description="办理方式：at_office / home_visit / agency_point / video")
    resource_id: RowId | None = None
    first: datetime.date | None = Field(
        None, description="最早日期（默认明天）", json_schema_extra=documented(maxLength=DATE_MAX)
    )
    last: datetime.date | None = Field(
        None, description="最晚日期（默认可预约范围的最后一天）", json_schema_extra=documented(maxLength=DATE_MAX)
    )


class BookingMaterialOut(Schema):
    name: str
    note: str
    required: bool


class BookingMatterOut(Schema):
    code: str
    name: str
    parent_code: str | None
    parent_name: str | None
    category: str
    time_limit: str
    working_days: int
    fee_yuan: str | None
    fee_note: str
    in_person: bool
    video_allowed: bool
    agency_point_allowed: bool
    is_example: bool
    materials: list[BookingMaterialOut]


class BookingMatterFilters(Schema):
    office_id: RowId | None = Field(None, description="只列出该公证处办理的事项")


class BookingIn(Schema):
    office_id: RowId
    resource_id: RowId
    matter_code: PlainText = Field(..., max_length=64)
    date: SlotDate
    starts_at: SlotTime
    name: PlainText = Field("", max_length=64, description="预约人姓名；群众账号留空则用账号姓名")
    phone: PlainText = Field("", max_length=20, description="联系电话；群众账号留空则用账号手机号")
    id_number: PlainText = Field("", max_length=18)
    address: PlainText = Field("", max_length=255, description="上门办理须填写")
    special_group: PlainText = Field(
        "", max_length=16, description="上门办理须填写：elderly / disabled / seriously_ill / other"
    )
    note: PlainText = Field("", max_length=300)
    channel: BookingChannel | None = Field(None, description="工作人员令牌代约：hotline / window / api（默认 api）")


class BookingRescheduleIn(Schema):
    resource_id: RowId
    date: SlotDate
    starts_at: SlotTime


class BookingCancelIn(Schema):
    reason: PlainText = Field("", max_length=200)


class BookingOut(Schema):
    number: str
    status: str
    status_label: str
    mode: str
    mode_label: str
    office_id: int
    office_name: str
    resource_id: int
    resource_name: str
    matter_code: str | None
    matter_name: str | None
    date: datetime.date
    starts_at: WallClockOut
    ends_at: WallClockOut
    name_masked: str
    phone_masked: str
    channel: str
    reschedule_count: int
    work_order: str | None = Field(None, description="工单编号")
    materials: list[BookingMaterialOut] = Field(default_factory=list, description="所需材料（一次性告知）")


def booking_out(booking: Booking) -> BookingOut:
    matter = booking.matter
    materials = (
        [BookingMaterialOut(name=m.name, note=m.note, required=m.required) for m in matter.materials.all()]
        if matter is not None
        else []
    )
    return BookingOut(
        number=booking.number,
        status=booking.status,
        status_label=booking.get_status_display(),
        mode=booking.mode,
        mode_label=booking.get_mode_display(),
        office_id=booking.office_id,
        office_name=booking.office.name,
        resource_id=booking.resource_id,
        resource_name=booking.resource.name,
        matter_code=matter.code if matter else None,
        matter_name=matter.name if matter else None,
        date=booking.date,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        name_masked=booking.masked_name,
        phone_masked=booking.masked_phone,
        channel=booking.channel,
        reschedule_count=booking.reschedule_count,
        work_order=booking.work_order.tracking_number if booking.work_order is not None else None,
        materials=materials,
    )


def _refetch(booking: Booking) -> Booking:
    return (
        Booking.objects.select_related("office", "resource", "matter", "work_order")
        .prefetch_related(Prefetch("matter__materials", queryset=MatterMaterial.objects.order_by("sort_order", "pk")))
        .get(pk=booking.pk)
    )


def _office(pk: int) -> Agency:
    office = (
        Agency.objects.select_related("region").filter(pk=pk, kind=AgencyKind.NOTARY_OFFICE, is_active=True).first()
    )
    if office is None:
        raise NotFound(gettext("未找到该公证处。"), field="office_id")
    return office


def _visible_booking(user: User, number: str) -> Booking:
    booking = sel.booking_by_number(number)
    if booking is None or not svc.may_act_on(user, booking):
        raise NotFound(gettext("未找到预约 {number}。").format(number=number), field="number")
    return booking


# --- public reads -------------------------------------------------------------------------------


@router.get(
    "/offices/{office_id}/slots",
    auth=None,
    throttle=[ClientAnonRateThrottle(_rate("APPOINTMENTS_SLOTS_RATE", "120/m"))],
    response={200: list[BookingSlotOut], **ERRORS_WITH_LIMIT},
    summary="公证处可预约时段",
)
@api_door(Audience.PUBLIC)
def office_slots(
    request: HttpRequest, office_id: RowIdPath, filters: Query[BookingSlotFilters]
) -> list[BookingSlotOut]:
    """The office's free slots from tomorrow to the end of the booking window (closures and
    non-working days excluded), optionally one mode, one resource or a narrower range. No personal
    data: only which slots are free."""
    office = _office(office_id)
    resource = None
    if filters.resource_id is not None:
        resource = BookableResource.objects.filter(pk=filters.resource_id, office=office).first()
        if resource is None:
            raise NotFound(gettext("该公证处没有这个预约资源。"), field="resource_id")
    slots = sel.available_slots(office, mode=filters.mode, resource=resource, first=filters.first, last=filters.last)
    return [
        BookingSlotOut(key=s.key, **{k: getattr(s, k) for k in BookingSlotOut.model_fields if k != "key"})
        for s in slots
    ]


@router.get(
    "/matters",
    auth=None,
    throttle=[ClientAnonRateThrottle(_rate("APPOINTMENTS_SLOTS_RATE", "120/m"))],
    response={200: list[BookingMatterOut], **ERRORS_WITH_LIMIT},
    summary="公证事项与所需材料",
)
@api_door(Audience.PUBLIC)
def matters(request: HttpRequest, filters: Query[BookingMatterFilters]) -> list[BookingMatterOut]:
    """The matters one books (child matters, and parents without children), each with its
    materials told all at once; with office_id, only those the office handles."""
    queryset = (
        NotarialMatter.objects.filter(is_active=True)
        .exclude(children__is_active=True)
        .select_related("parent")
        .prefetch_related(Prefetch("materials", queryset=MatterMaterial.objects.order_by("sort_order", "pk")))
        .order_by("sort_order", "code")
        .distinct()
    )
    if filters.office_id is not None:
        office = _office(filters.office_id)
        queryset = queryset.filter(offices__office=office, offices__is_active=True)
    return [
        BookingMatterOut(
            code=m.code,
            name=m.name,
            parent_code=m.parent.code if m.parent else None,
            parent_name=m.parent.name if m.parent else None,
            category=m.category,
            time_limit=m.time_limit,
            working_days=m.working_days,
            fee_yuan=str(m.fee_yuan) if m.fee_yuan is not None else None,
            fee_note=m.fee_note,
            in_person=m.in_person,
            video_allowed=m.video_allowed,
            agency_point_allowed=m.agency_point_allowed,
            is_example=m.is_example,
            materials=[BookingMaterialOut(name=x.name, note=x.note, required=x.required) for x in m.materials.all()],
        )
        for m in queryset
    ]


# --- booking ------------------------------------------------------------------------------------


def _client_key(client_id: str, key: str) -> str:
    """The stored idempotency key: one namespace per token or signed-in person (64 hex chars)."""
    return hashlib.sha256(f"{client_id}\n{key}".encode()).hexdigest()


def _references(payload: BookingIn) -> tuple[Agency, BookableResource, NotarialMatter]:
    """The office, resource and matter the body names; every unknown one at once (400)."""
    problems = Problems()
    office = Agency.objects.select_related("region").filter(pk=payload.office_id, kind=AgencyKind.NOTARY_OFFICE).first()
    if office is None:
        problems.add("office_id", gettext("未找到该公证处。"), code="unknown_office")
    resource = BookableResource.objects.filter(pk=payload.resource_id).first()
    if resource is None:
        problems.add("resource_id", gettext("未找到该预约资源。"), code="unknown_resource")
    matter = NotarialMatter.objects.filter(code=payload.matter_code.strip()).first()
    if matter is None:
        problems.add("matter_code", gettext("未找到该公证事项。"), code="unknown_matter")
    problems.raise_if_any()
    assert office is not None
    assert resource is not None
    assert matter is not None
    return office, resource, matter


def _channel(user: User, via_session: bool, asked: BookingChannel | None) -> str:
    if user.is_citizen:
        return BookingChannel.PORTAL if via_session else BookingChannel.API
    if via_session:
        raise NotPermitted(gettext("工作人员请在工作台代为预约，或使用接口令牌。"))
    if asked in (BookingChannel.HOTLINE, BookingChannel.WINDOW):
        return asked
    return BookingChannel.API


@router.post(
    "/bookings",
    auth=BOOK,
    throttle=book_throttles(),
    response={200: BookingOut, 201: BookingOut, **ERRORS_WITH_LIMIT},
    summary="预约公证（幂等）",
    openapi_extra={"responses": {200: {"description": "同一 Idempotency-Key 的重复提交：返回原预约"}}},
)
@api_door(Audience.CITIZEN, scope=TokenScope.APPOINTMENTS_BOOK, message="工作人员请在工作台代为预约，或使用接口令牌。")
def create_booking(
    request: HttpRequest,
    response: HttpResponse,
    payload: BookingIn,
    idempotency_key: Annotated[
        IdempotencyKey | None,
        Header(alias="Idempotency-Key", description="必填，≤128 字符；同一键总是返回同一预约"),
    ] = None,
) -> Status[BookingOut]:
    """Book one free slot. Needs a citizen's session or a token with `appointments:book`.

    The `Idempotency-Key` header is required: the first request answers 201 with the booking
    number and the material list; the same key again answers 200 with the same booking (header
    `Idempotent-Replayed: true`). A slot someone else holds answers 409 `slot_taken`; every input
    problem is listed at once in a 400."""
    caller = principal(request)
    key = (idempotency_key or "").strip()
    if not key:
        raise IdempotencyKeyError(gettext("缺少 Idempotency-Key 请求头。"), field="Idempotency-Key")
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise IdempotencyKeyError(
            gettext("Idempotency-Key 不能超过 {IDEMPOTENCY_KEY_MAX} 个字符。").format(
                IDEMPOTENCY_KEY_MAX=IDEMPOTENCY_KEY_MAX
            ),
            code="idempotency_key_too_long",
            field="Idempotency-Key",
        )
    user = caller.user
    channel = _channel(user, caller.via_session, payload.channel)
    client_key = _client_key(caller.client_id, key)
    existing = Booking.objects.filter(client_key=client_key).first()
    if existing is not None:
        response["Idempotent-Replayed"] = "true"
        return Status(200, booking_out(_refetch(existing)))
    office, resource, matter = _references(payload)
    name, phone = payload.name, payload.phone
    if user.is_citizen:
        name = name or user.real_name
        phone = phone or user.phone
    started = timezone.now()
    booking = svc.book_slot(
        actor=user,
        office=office,
        resource=resource,
        matter=matter,
        date=payload.date,
        starts_at=payload.starts_at,
        name=name,
        phone=phone,
        id_number=payload.id_number,
        address=payload.address,
        special_group=payload.special_group,
        note=payload.note,
        channel=channel,
        client_key=client_key,
    )
    if booking.created_at < started:  # a concurrent request with the same key booked it first
        response["Idempotent-Replayed"] = "true"
        return Status(200, booking_out(_refetch(booking)))
    return Status(201, booking_out(_refetch(booking)))


@router.get("/bookings/{number}", auth=BOOK, response={200: BookingOut, **ERRORS}, summary="查看预约")
@api_door(Audience.SIGNED_IN, scope=TokenScope.APPOINTMENTS_BOOK)
def get_booking(request: HttpRequest, number: BookingNumber) -> BookingOut:
    """One booking: its citizen, the office's staff, or whoever booked it on the citizen's behalf
    (404 for anyone else). Name and phone are masked."""
    booking = _visible_booking(principal(request).user, number)
    return booking_out(_refetch(booking))


@router.post("/bookings/{number}/reschedule", auth=BOOK, response={200: BookingOut, **ERRORS}, summary="改约")
@api_door(Audience.SIGNED_IN, scope=TokenScope.APPOINTMENTS_BOOK)
def reschedule(request: HttpRequest, number: BookingNumber, payload: BookingRescheduleIn) -> BookingOut:
    """Move the booking to another free slot of the same office (before the cut-off, within the
    number of changes allowed). 409 `slot_taken` when the new slot is held."""
    user = principal(request).user
    booking = _visible_booking(user, number)
    resource = BookableResource.objects.filter(pk=payload.resource_id, office_id=booking.office_id).first()
    if resource is None:
        raise DomainError(gettext("该公证处没有这个预约资源。"), code="unknown_resource", field="resource_id")
    moved = svc.reschedule_booking(
        actor=user, booking=booking, resource=resource, date=payload.date, starts_at=payload.starts_at
    )
    return booking_out(_refetch(moved))


@router.post("/bookings/{number}/cancel", auth=BOOK, response={200: BookingOut, **ERRORS}, summary="取消预约")
@api_door(Audience.SIGNED_IN, scope=TokenScope.APPOINTMENTS_BOOK)
def cancel(request: HttpRequest, number: BookingNumber, payload: BookingCancelIn) -> BookingOut:
    """Cancel the booking (before the cut-off: 400 `past_cutoff` after it)."""
    user = principal(request).user
    booking = _visible_booking(user, number)
    return booking_out(_refetch(svc.cancel_booking(actor=user, booking=booking, reason=payload.reason)))
