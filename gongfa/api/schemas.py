"""Response and error shapes shared by the routers."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Path
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

from gongfa.api.base import Schema
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.masking import mask_name, mask_phone
from gongfa.core.validators import validate_plain_text
from gongfa.workorders.choices import SlaState, Urgency, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.public_status import WORK_ORDER_STATUS
from gongfa.workorders.timeline import verb_label


def _plain_text(value: str) -> str:
    try:
        validate_plain_text(value)
    except DjangoValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return value


# Every free-text field a client sends: NUL and other control characters are refused with a 422
# naming the field (the one rule of gongfa.core.validators), before they reach PostgreSQL.
PlainText = Annotated[str, AfterValidator(_plain_text)]

# Ids of rows (BigAutoField): the schema states the range so a client never sends 0 or an
# out-of-range number that the database would refuse with an error.
ID_MAX = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=ID_MAX)]

# Free-text limits of the API where the model column has none (TextField).
REASON_MAX = 2000
LONG_TEXT_MAX = 10000

# Identifiers in a URL: letters, digits and dashes only (GF20260301-00001, FY20260000001).
IDENTIFIER_PATTERN = r"^[A-Za-z0-9-]+$"
TrackingNumberPath = Annotated[str, Path(..., max_length=20, pattern=IDENTIFIER_PATTERN, description="工单编号")]
CaseNumberPath = Annotated[str, Path(..., max_length=24, pattern=IDENTIFIER_PATTERN, description="案件编号")]
RowIdPath = Annotated[int, Path(..., ge=1, le=ID_MAX)]


def documented(**limits: Any) -> dict[str, Any]:
    """Limits a service checks itself, with its own specific error code: the schema states them
    (json_schema_extra) without pydantic refusing first with a generic one."""
    return limits


# Page numbers and sizes are bounded: an unbounded page number overflows the database's offset
# (a 500 "bigint out of range" before). Past the limit is a 422 naming the parameter.
PAGE_MAX = 10000
PAGE_SIZE_MAX = 200


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description=f"页码（1–{PAGE_MAX}）")
        page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX, description=f"每页条数（1–{PAGE_SIZE_MAX}）")


class ErrorBody(Schema):
    code: str
    message: str
    field: str | None = None
    details: list[dict[str, Any]] | None = None
    # Every rejected field when a service refuses several at once: [{"field", "code", "message"}].
    errors: list[dict[str, Any]] | None = None


class ErrorOut(Schema):
    """Every refusal: {"error": {"code", "message", "field"}} (code is stable, message is Chinese)."""

    error: ErrorBody


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class WorkOrderOut(Schema):
    """A work order as the API shows it. Personal data of the requester is masked."""

    tracking_number: str
    status: str
    status_label: str
    status_phrase: str = Field(..., description="群众看到的进展（与门户“我的事项”同一措辞）")
    channel: str
    channel_label: str
    region_code: str
    region_name: str
    topic_code: str | None
    topic_name: str | None
    service_type_code: str | None
    service_type_name: str | None
    urgency: str
    urgency_label: str
    special_groups: list[str]
    owner_place: str
    sla_state: str
    sla_state_label: str
    accept_due: datetime.datetime | None
    contact_due: datetime.datetime | None
    resolve_due: datetime.datetime | None
    text: str
    contact_name_masked: str
    contact_phone_masked: str
    external_ref: str
    created_at: datetime.datetime
    accepted_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    result_code: str
    answer: str
    rating: int | None

    @staticmethod
    def resolve_status_label(obj: WorkOrder) -> str:
        return _label(WorkOrderStatus, obj.status)

    @staticmethod
    def resolve_status_phrase(obj: WorkOrder) -> str:
        return WORK_ORDER_STATUS.phrase(obj.status)

    @staticmethod
    def resolve_channel_label(obj: WorkOrder) -> str:
        return _label(Channel, obj.channel)

    @staticmethod
    def resolve_region_code(obj: WorkOrder) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: WorkOrder) -> str:
        return obj.region.name

    @staticmethod
    def resolve_topic_code(obj: WorkOrder) -> str | None:
        return obj.topic.code if obj.topic is not None else None

    @staticmethod
    def resolve_topic_name(obj: WorkOrder) -> str | None:
        return obj.topic.name if obj.topic is not None else None

    @staticmethod
    def resolve_service_type_code(obj: WorkOrder) -> str | None:
        return obj.service_type.code if obj.service_type is not None else None

    @staticmethod
    def resolve_service_type_name(obj: WorkOrder) -> str | None:
        return obj.service_type.name if obj.service_type is not None else None

    @staticmethod
    def resolve_urgency_label(obj: WorkOrder) -> str:
        return _label(Urgency, obj.urgency)

    @staticmethod
    def resolve_special_groups(obj: WorkOrder) -> list[str]:
        return obj.special_group_list

    @staticmethod
    def resolve_owner_place(obj: WorkOrder) -> str:
        return obj.owner_place_name

    @staticmethod
    def resolve_sla_state(obj: WorkOrder) -> str:
        return str(obj.sla_state())

    @staticmethod
    def resolve_sla_state_label(obj: WorkOrder) -> str:
        return str(obj.sla_state().label)

    @staticmethod
    def resolve_contact_name_masked(obj: WorkOrder) -> str:
        return mask_name(obj.contact_name)

    @staticmethod
    def resolve_contact_phone_masked(obj: WorkOrder) -> str:
        return mask_phone(obj.contact_phone)


def short_verb(verb: str) -> str:
    """workorders.workorder.accept → accept; workorders.return_visit_opened → return_visit_opened."""
    for prefix in ("workorders.workorder.", "workorders."):
        if verb.startswith(prefix):
            return verb[len(prefix) :]
    return verb


class TimelineEventOut(Schema):
    """One event of the order's timeline. No personal data of citizens: citizens appear as 群众,
    and the event's free-form data (call-back notes, …) is left out."""

    verb: str
    label: str
    at: datetime.datetime
    channel: str
    channel_label: str
    from_status: str
    from_status_label: str
    to_status: str
    to_status_label: str
    reason: str
    actor: str

    @staticmethod
    def resolve_verb(obj: Event) -> str:
        return short_verb(obj.verb)

    @staticmethod
    def resolve_label(obj: Event) -> str:
        return verb_label(obj.verb)

    @staticmethod
    def resolve_at(obj: Event) -> datetime.datetime:
        return obj.occurred_at

    @staticmethod
    def resolve_channel_label(obj: Event) -> str:
        return _label(Channel, obj.channel)

    @staticmethod
    def resolve_from_status_label(obj: Event) -> str:
        return _label(WorkOrderStatus, obj.from_status) if obj.from_status else ""

    @staticmethod
    def resolve_to_status_label(obj: Event) -> str:
        return _label(WorkOrderStatus, obj.to_status) if obj.to_status else ""

    @staticmethod
    def resolve_actor(obj: Event) -> str:
        actor = obj.actor
        if actor is None:
            return "系统"
        return "群众" if actor.is_citizen else actor.display_name


__all__ = [
    "PAGE_MAX",
    "BoundedPageNumberPagination",
    "CaseNumberPath",
    "ErrorOut",
    "PlainText",
    "RowId",
    "RowIdPath",
    "SlaState",
    "TimelineEventOut",
    "TrackingNumberPath",
    "WorkOrderOut",
    "documented",
    "short_verb",
]
