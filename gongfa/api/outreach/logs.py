"""Advisers' work log (村(居)法律顾问工作日志) under /api/v1/outreach/.

- GET  /log-kinds       the active kinds with the fields each asks for (required / optional)
- GET  /logs?month=     the caller's own entries of a month (paginated)
- POST /logs            record one entry (Idempotency-Key header or client_key; 201 new, 200 replay)

Every input problem is listed at once in a 400 (the same checks as the workbench form:
gongfa.outreach.services.advisers.record_log). Photos are not part of this JSON endpoint."""

import datetime
import hashlib
import re
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Header, Query, Router, Status
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal
from gongfa.api.base import Schema
from gongfa.api.outreach.common import OUTREACH_LOG, outreach_auth
from gongfa.api.schemas import BoundedPageNumberPagination, PlainText, RowId, documented
from gongfa.core.access import Audience, api_door
from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.network.models import Region
from gongfa.outreach.models import AdvisorLog
from gongfa.outreach.models.advisers import LOG_FIELDS
from gongfa.outreach.selectors import advisers as sel
from gongfa.outreach.services.advisers import (
    MAX_AUDIENCE,
    MAX_COUNT,
    MAX_HOURS,
    MAX_SUMMARY_CHARS,
    LogEntry,
    record_log,
)

router = Router(tags=["outreach"])
LOG = outreach_auth(OUTREACH_LOG)
IDEMPOTENCY_KEY_MAX = 128
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class IdempotencyKeyError(DomainError):
    code = "idempotency_key_too_long"
    status = 400


class InvalidMonth(DomainError):
    code = "invalid_month"
    status = 400


# --- schemas ------------------------------------------------------------------------------------


class OutreachLogKindFieldOut(Schema):
    name: str = Field(..., description="字段名（请求体中的键）")
    label: str
    required: bool


class OutreachLogKindOut(Schema):
    code: str
    name: str
    description: str
    creates_work_order: bool = Field(..., description="现场解答的咨询：生成一件已办结的工单")
    counts_as_visit: bool
    default_hours: Decimal
    fields: list[OutreachLogKindFieldOut]


class OutreachLogFilters(Schema):
    month: PlainText | None = Field(
        None, description="月份 YYYY-MM（默认本月）", json_schema_extra=documented(maxLength=7)
    )


class OutreachLogIn(Schema):
    village: PlainText = Field(..., max_length=12, description="村(社区)区划代码（须是本人在任服务的村）")
    kind: PlainText = Field(..., max_length=32, description="工作类型代码（见 /log-kinds）")
    occurred_on: datetime.date | None = Field(
        None, description="日期 YYYY-MM-DD（不晚于今天）", json_schema_extra=documented(maxLength=10)
    )
    summary: PlainText = Field("", description="工作内容", json_schema_extra=documented(maxLength=MAX_SUMMARY_CHARS))
    topic: PlainText = Field("", max_length=128)
    days_in_village: Decimal | None = Field(
        None, description="驻村天数（0–31）", json_schema_extra=documented(minimum=0, maximum=31, maxLength=8)
    )
    audience: int | None = Field(
        None, description="听众人数", json_schema_extra=documented(minimum=0, maximum=MAX_AUDIENCE)
    )
    audience_groups: list[Annotated[PlainText, Field(max_length=32)]] = Field(default_factory=list, max_length=20)
    questions_answered: int | None = Field(None, json_schema_extra=documented(minimum=0, maximum=MAX_COUNT))
    group_members: int | None = Field(None, json_schema_extra=documented(minimum=0, maximum=MAX_COUNT))
    document_title: PlainText = Field("", max_length=128)
    mediation_case_id: RowId | None = Field(None, description="关联调解案件 ID")
    requester_name: PlainText = Field("", max_length=64, description="咨询人（现场解答的咨询）")
    requester_phone: PlainText = Field("", max_length=20, description="咨询人电话（现场解答的咨询须填写）")
    hours: Decimal | None = Field(
        None,
        description="服务时长（小时）",
        json_schema_extra=documented(minimum=0, maximum=int(MAX_HOURS), maxLength=8),
    )
    confirm_audience: bool = Field(False, description="听众人数超过本地核对线时，确认人数无误")
    client_key: PlainText = Field(
        "", max_length=IDEMPOTENCY_KEY_MAX, description="幂等键（也可用 Idempotency-Key 请求头）"
    )


class OutreachLogOut(Schema):
    id: int
    village_code: str
    village_name: str
    kind: str
    kind_name: str
    occurred_on: datetime.date
    summary: str
    topic: str
    days_in_village: Decimal | None
    audience: int | None
    audience_groups: list[str]
    questions_answered: int | None
    group_members: int | None
    document_title: str
    hours: Decimal
    work_order: str | None = Field(None, description="现场解答生成的工单编号")
    mediation_case_id: int | None
    photos: int = Field(..., description="照片与材料数")

    @staticmethod
    def resolve_village_code(obj: AdvisorLog) -> str:
        return obj.village.code

    @staticmethod
    def resolve_village_name(obj: AdvisorLog) -> str:
        return obj.village.name

    @staticmethod
    def resolve_kind(obj: AdvisorLog) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: AdvisorLog) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_work_order(obj: AdvisorLog) -> str | None:
        return obj.work_order.tracking_number if obj.work_order is not None else None

    @staticmethod
    def resolve_photos(obj: AdvisorLog) -> int:
        return len(obj.attachments.all())


# --- helpers ------------------------------------------------------------------------------------


def _month(value: str | None) -> tuple[int, int]:
    if not value:
        today = timezone.localdate()
        return today.year, today.month
    found = MONTH_PATTERN.match(value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        raise InvalidMonth(gettext("月份格式应为 YYYY-MM，如 2026-03。"), field="month")
    return int(found.group(1)), int(found.group(2))


def _client_key(client_id: str, key: str) -> str:
    """The stored key: one namespace per token or signed-in person (64 hex chars)."""
    return hashlib.sha256(f"outreach-log\n{client_id}\n{key}".encode()).hexdigest()


def _refetch(log: AdvisorLog) -> AdvisorLog:
    return (
        AdvisorLog.objects.select_related("village", "kind", "work_order")
        .prefetch_related("attachments")
        .get(pk=log.pk)
    )


def _entry(payload: OutreachLogIn, client_key: str) -> tuple[LogEntry, list[Problem]]:
    """The service's entry, and the references the body names that do not exist (reported with
    the service's own problems, in place of its "required")."""
    extra: list[Problem] = []
    village = Region.objects.filter(code=payload.village.strip()).first() if payload.village.strip() else None
    if payload.village.strip() and village is None:
        extra.append(Problem("village", gettext("未找到该村(社区)区划代码。"), "unknown_village"))
    kind = sel.kind_by_code(payload.kind.strip())
    if payload.kind.strip() and kind is None:
        extra.append(
            Problem("kind", gettext("未知的工作类型，请从 /api/v1/outreach/log-kinds 中选择。"), "unknown_kind")
        )
    entry = LogEntry(
        village=village,
        kind=kind,
        occurred_on=payload.occurred_on,
        summary=payload.summary,
        topic=payload.topic,
        days_in_village=payload.days_in_village,
        audience=payload.audience,
        audience_groups=list(payload.audience_groups),
        questions_answered=payload.questions_answered,
        group_members=payload.group_members,
        document_title=payload.document_title,
        mediation_case_id=payload.mediation_case_id,
        requester_name=payload.requester_name,
        requester_phone=payload.requester_phone,
        hours=payload.hours,
        confirm_audience=payload.confirm_audience,
        client_key=client_key,
    )
    return entry, extra


def _record(user: User, entry: LogEntry, extra: list[Problem]) -> tuple[AdvisorLog, bool]:
    """record_log, its refusals always as a list of every problem (`errors`, even for one)."""
    replaced = {p.field for p in extra}
    try:
        return record_log(user, entry)
    except DomainError as exc:
        if exc.status != 400 and not extra:
            raise
        problems = [*extra, *(p for p in exc.problems if p.field not in replaced)]
        raise ValidationFailed(problems) from None


# --- endpoints ----------------------------------------------------------------------------------


@router.get("/log-kinds", auth=LOG, response={200: list[OutreachLogKindOut], **ERRORS}, summary="顾问工作类型")
@api_door(Audience.SIGNED_IN, scope=OUTREACH_LOG)
def log_kinds(request: HttpRequest) -> list[OutreachLogKindOut]:
    """The active kinds of work, each with the fields its entries ask for (required or optional);
    fields a kind does not name are ignored when an entry is recorded."""
    return [
        OutreachLogKindOut(
            code=k.code,
            name=k.name,
            description=k.description,
            creates_work_order=k.creates_work_order,
            counts_as_visit=k.counts_as_visit,
            default_hours=k.default_hours,
            fields=[
                OutreachLogKindFieldOut(name=name, label=LOG_FIELDS.get(name, name), required=k.requires(name))
                for name in k.field_names()
            ],
        )
        for k in sel.active_kinds()
    ]


@router.get("/logs", auth=LOG, response={200: list[OutreachLogOut], **ERRORS}, summary="本人工作日志（按月）")
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=OUTREACH_LOG)
def list_logs(request: HttpRequest, filters: Query[OutreachLogFilters]) -> list[AdvisorLog]:
    """The caller's own entries of `month` (YYYY-MM, default this month), by date."""
    year, month = _month(filters.month)
    user = principal(request).user
    queryset = (
        AdvisorLog.objects.in_month(year, month)
        .filter(advisor=user)
        .select_related("village", "kind", "work_order")
        .prefetch_related("attachments")
        .order_by("occurred_on", "pk")
    )
    return queryset  # type: ignore[return-value]


@router.post(
    "/logs",
    auth=LOG,
    response={200: OutreachLogOut, 201: OutreachLogOut, **ERRORS},
    summary="登记工作日志（幂等）",
    openapi_extra={"responses": {200: {"description": "同一幂等键的重复提交：返回原记录"}}},
)
@api_door(Audience.SIGNED_IN, scope=OUTREACH_LOG)
def create_log(
    request: HttpRequest,
    response: HttpResponse,
    payload: OutreachLogIn,
    idempotency_key: Annotated[
        PlainText | None,
        Header(alias="Idempotency-Key", description="≤128 字符；同一键只登记一次", max_length=IDEMPOTENCY_KEY_MAX),
    ] = None,
) -> Status[OutreachLogOut]:
    """Record one entry of the caller's work in a village they serve: the same checks as the
    workbench form, every problem at once (400). With an `Idempotency-Key` header (or
    `client_key`) the same key records once: 201 the first time, 200 with the same entry after
    (header `Idempotent-Replayed: true`)."""
    caller = principal(request)
    key = (idempotency_key or "").strip() or payload.client_key.strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise IdempotencyKeyError(
            gettext("幂等键不能超过 {IDEMPOTENCY_KEY_MAX} 个字符。").format(IDEMPOTENCY_KEY_MAX=IDEMPOTENCY_KEY_MAX),
            field="Idempotency-Key",
        )
    client_key = _client_key(caller.client_id, key) if key else ""
    entry, extra = _entry(payload, client_key)
    log, created = _record(caller.user, entry, extra)
    if not created:
        response["Idempotent-Replayed"] = "true"
        return Status(200, _refetch(log))  # type: ignore[arg-type]
    return Status(201, _refetch(log))  # type: ignore[arg-type]
