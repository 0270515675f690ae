"""Integrations with other systems: the 12345 hotline platform transfers matters in (12345转办)."""

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Status

from gongfa.api import lookups
from gongfa.api.auth import TokenAuth, principal
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import ErrorOut, PlainText, documented
from gongfa.core.access import Audience, api_door
from gongfa.workorders import services
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.external import order_for_12345, reopen_from_12345

router = Router(tags=["integrations"])


class Inbound12345In(Schema):
    reference: PlainText = Field(..., max_length=64, description="12345 工单编号；同一编号只受理一次")
    region_code: PlainText = Field(..., max_length=12)
    text: PlainText = Field(
        ..., description="诉求内容", json_schema_extra=documented(maxLength=settings.QUESTION_MAX_CHARS)
    )
    contact_name: PlainText = Field("", max_length=64)
    contact_phone: PlainText = Field("", max_length=20)
    urgency: PlainText = Field("normal", max_length=16, description="normal / urgent / critical")
    deadline: datetime.datetime | None = Field(
        None,
        description="12345工单规定的办理时限（ISO 8601，如 2026-12-10T18:00:00+08:00；不带时区按北京时间）。"
        "给出时以此为准，不再按服务目录计算；不能早于当前时间",
        json_schema_extra=documented(maxLength=40),
    )


class Inbound12345Out(Schema):
    """What 12345 needs back: our tracking number and where the matter went (no personal data)."""

    tracking_number: str
    reference: str
    status: str
    status_label: str
    owner_place: str
    created_at: datetime.datetime
    resolve_due: datetime.datetime | None
    deadline_source: str

    @staticmethod
    def resolve_reference(obj: WorkOrder) -> str:
        return obj.external_ref

    @staticmethod
    def resolve_status_label(obj: WorkOrder) -> str:
        return str(WorkOrderStatus(obj.status).label)

    @staticmethod
    def resolve_owner_place(obj: WorkOrder) -> str:
        return obj.owner_place_name


ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 422), ErrorOut)


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A time without a zone is Beijing time (the project's TIME_ZONE)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


@router.post(
    "/12345/inbound",
    auth=[TokenAuth(TokenScope.INBOUND_12345)],
    response={200: Inbound12345Out, 201: Inbound12345Out, **ERRORS},
    summary="接收12345转办（按12345编号幂等）",
)
@api_door(Audience.INTEGRATION, scope=TokenScope.INBOUND_12345)
def receive_12345(request: HttpRequest, response: HttpResponse, payload: Inbound12345In) -> Status[WorkOrder]:
    """A matter transferred in from the 12345 hotline (scope `12345:inbound`). The first delivery
    of a reference answers 201; the same reference again answers 200 with the same order (header
    `Idempotent-Replayed: true`)."""
    result = services.receive_12345_transfer(
        reference=payload.reference,
        region=lookups.region_by_code(payload.region_code),
        text=payload.text,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        urgency=payload.urgency,
        submitted_by=principal(request).user,
        deadline=_aware(payload.deadline),
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    order = WorkOrder.objects.select_related("owner_point", "owner_agency").get(pk=result.order.pk)
    return Status(201 if result.created else 200, order)


class Return12345In(Schema):
    reference: PlainText = Field(..., max_length=64, description="12345 工单编号（或本平台工单编号）")
    reason: PlainText = Field(
        ..., description="退回原因（群众不满意的情况）", json_schema_extra=documented(maxLength=1000)
    )
    deadline: datetime.datetime | None = Field(
        None,
        description="12345重新规定的办理时限（ISO 8601；不带时区按北京时间）；不给则沿用原时限",
        json_schema_extra=documented(maxLength=40),
    )


@router.post(
    "/12345/returns",
    auth=[TokenAuth(TokenScope.INBOUND_12345)],
    response={200: Inbound12345Out, **ERRORS, 404: ErrorOut, 409: ErrorOut},
    summary="12345不满意退回重办（同一退回重复发送不重复处理）",
)
@api_door(Audience.INTEGRATION, scope=TokenScope.INBOUND_12345)
def return_from_12345(request: HttpRequest, response: HttpResponse, payload: Return12345In) -> Status[WorkOrder]:
    """12345 sends back an answered or closed order its citizen found unsatisfactory (scope
    `12345:inbound`): the order is handled again with the returned reason, and its handler is told.
    Errors: 404 `unknown_reference`; 400 `not_from_12345`, `reason_required`, `deadline_in_past`;
    409 `not_answered` (still being handled). The same return sent again answers 200 with header
    `Idempotent-Replayed: true` and changes nothing."""
    order = order_for_12345(payload.reference)
    result = reopen_from_12345(order=order, reason=payload.reason, deadline=_aware(payload.deadline))
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
    fresh = WorkOrder.objects.select_related("owner_point", "owner_agency").get(pk=result.order.pk)
    return Status(200, fresh)
