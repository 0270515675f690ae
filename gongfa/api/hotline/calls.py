"""What the call-centre software (CTI) reports, under /api/v1/hotline/calls/ (scope `hotline:cti`,
token only):

- POST /calls/ring                 a call rings (idempotent on call_id: 201 new, 200 known)
- POST /calls/answer               an agent picks it up
- POST /calls/hangup               it ends (talk time; result; the order it was registered as)
- POST /calls/import               call records in bulk, all or nothing (every bad row by index)
- POST /calls/after-hours-message  outside the duty roster: the caller's message becomes an order

Every refusal has the API's one shape; several problems at once come in `errors`."""

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Status

from gongfa.api.actions import ERRORS
from gongfa.api.auth import TokenAuth, principal
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import PlainText, documented
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.workorders.choices import CallOutcome, CallResult
from gongfa.workorders.models import CallRecord
from gongfa.workorders.services import calls as services

router = Router(tags=["hotline"])
CTI = [TokenAuth(TokenScope.HOTLINE_CTI)]
SCOPE = TokenScope.HOTLINE_CTI
IMPORT_MAX_ROWS = 5000


class HotlineRingIn(Schema):
    call_id: PlainText = Field(
        ..., description="话务系统的呼叫编号（幂等键）", json_schema_extra=documented(maxLength=64)
    )
    caller: PlainText = Field("", max_length=32, description="来电号码（号码未显示时留空）")
    queue: PlainText = Field(..., max_length=32, description="热线队列代码（管理后台“热线队列”）")
    at: datetime.datetime | None = Field(
        None, description="振铃时间（ISO 8601，默认为收到请求时）", json_schema_extra=documented(maxLength=40)
    )
    agent_code: PlainText = Field(
        "", description="坐席工号（平台账号用户名）", json_schema_extra=documented(maxLength=32)
    )


class HotlineAnswerIn(Schema):
    call_id: PlainText = Field(..., json_schema_extra=documented(maxLength=64))
    at: datetime.datetime | None = Field(
        None, description="接听时间（默认为收到请求时）", json_schema_extra=documented(maxLength=40)
    )
    agent_code: PlainText = Field("", json_schema_extra=documented(maxLength=32))


class HotlineHangupIn(Schema):
    call_id: PlainText = Field(..., json_schema_extra=documented(maxLength=64))
    ended_at: datetime.datetime | None = Field(
        None, description="挂机时间（默认为收到请求时）", json_schema_extra=documented(maxLength=40)
    )
    result: PlainText = Field(
        "", max_length=20, description=f"处理结果（已接听的呼叫）：{', '.join(CallResult.values)}"
    )
    order: PlainText = Field("", max_length=20, description="登记的工单编号（可选）")


class HotlineCallOut(Schema):
    """A call as the switch and the platform know it (the number masked)."""

    call_id: str
    queue: str | None
    caller: str = Field(..., description="来电号码（脱敏）")
    outcome: str
    outcome_label: str
    received_at: datetime.datetime
    answered_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    wait_seconds: int | None
    talk_seconds: int | None
    result: str
    agent_code: str
    agent: str | None = Field(..., description="坐席姓名（工号未匹配到账号时为 null）")
    order: str | None = Field(..., description="关联工单编号")
    inspected: bool

    @staticmethod
    def resolve_queue(obj: CallRecord) -> str | None:
        return obj.queue.code if obj.queue is not None else None

    @staticmethod
    def resolve_caller(obj: CallRecord) -> str:
        return obj.masked_caller

    @staticmethod
    def resolve_outcome_label(obj: CallRecord) -> str:
        return str(CallOutcome(obj.outcome).label)

    @staticmethod
    def resolve_agent(obj: CallRecord) -> str | None:
        return obj.agent.display_name if obj.agent is not None else None

    @staticmethod
    def resolve_order(obj: CallRecord) -> str | None:
        return obj.order.tracking_number if obj.order is not None else None

    @staticmethod
    def resolve_inspected(obj: CallRecord) -> bool:
        return getattr(obj, "inspection", None) is not None


class HotlineImportRowIn(Schema):
    call_id: PlainText = Field(..., json_schema_extra=documented(maxLength=64))
    queue: PlainText = Field(..., max_length=32)
    caller: PlainText = Field("", max_length=32)
    received_at: datetime.datetime | None = Field(
        None, description="来电时间（必填）", json_schema_extra=documented(maxLength=40)
    )
    answered_at: datetime.datetime | None = Field(
        None, description="接听时间（未接通留空：计为呼损）", json_schema_extra=documented(maxLength=40)
    )
    ended_at: datetime.datetime | None = Field(
        None, description="挂机时间（必填）", json_schema_extra=documented(maxLength=40)
    )
    agent_code: PlainText = Field("", json_schema_extra=documented(maxLength=32))
    talk_seconds: int | None = Field(
        None, description="通话秒数（缺省按接听至挂机计算）", json_schema_extra=documented(minimum=0, maximum=86400)
    )
    result: PlainText = Field("", max_length=20)
    order: PlainText = Field("", max_length=20, description="关联工单编号")
    recording_ref: PlainText = Field("", json_schema_extra=documented(maxLength=128))


class HotlineImportIn(Schema):
    rows: list[HotlineImportRowIn] = Field(
        ..., max_length=IMPORT_MAX_ROWS, description=f"话单（至多 {IMPORT_MAX_ROWS} 行）"
    )


class HotlineImportOut(Schema):
    created: int
    updated: int


class HotlineMessageIn(Schema):
    call_id: PlainText = Field(..., json_schema_extra=documented(maxLength=64))
    caller: PlainText = Field("", max_length=32)
    queue: PlainText = Field(..., max_length=32)
    text: PlainText = Field(
        "", description="留言内容（语音转写等，可选）", json_schema_extra=documented(maxLength=2000)
    )
    at: datetime.datetime | None = Field(
        None, description="来电时间（默认为收到请求时）", json_schema_extra=documented(maxLength=40)
    )


class HotlineMessageOut(Schema):
    call_id: str
    tracking_number: str
    contact_due: datetime.datetime | None = Field(..., description="回电时限（次一工作日）")


def _fresh(call: CallRecord) -> CallRecord:
    return CallRecord.objects.select_related("queue", "agent", "order", "inspection").get(pk=call.pk)


@router.post(
    "/calls/ring",
    auth=CTI,
    response={200: HotlineCallOut, 201: HotlineCallOut, **ERRORS},
    summary="来电振铃（按呼叫编号幂等）",
    openapi_extra={"responses": {200: {"description": "同一呼叫编号已登记：返回原记录"}}},
)
@api_door(Audience.INTEGRATION, scope=SCOPE)
def ring(request: HttpRequest, response: HttpResponse, payload: HotlineRingIn) -> Status[HotlineCallOut]:
    """A call rings at the hotline (scope `hotline:cti`). The first report of a call id answers
    201; the same id again answers 200 with the same call (header `Idempotent-Replayed: true`)."""
    result = services.record_ring(
        payload.call_id, payload.caller, payload.queue, payload.at, agent_code=payload.agent_code
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201 if result.created else 200, _fresh(result.call))  # type: ignore[arg-type]


@router.post("/calls/answer", auth=CTI, response={200: HotlineCallOut, **ERRORS}, summary="坐席接听")
@api_door(Audience.INTEGRATION, scope=SCOPE)
def answer(request: HttpRequest, payload: HotlineAnswerIn) -> CallRecord:
    """An agent picks the call up: the wait is measured from the ring. 404 for a call id never
    rung; 409 for a call already ended."""
    return _fresh(services.record_answer(payload.call_id, payload.at, agent_code=payload.agent_code))


@router.post("/calls/hangup", auth=CTI, response={200: HotlineCallOut, **ERRORS}, summary="挂机（记录通话时长与结果）")
@api_door(Audience.INTEGRATION, scope=SCOPE)
def hangup(request: HttpRequest, payload: HotlineHangupIn) -> CallRecord:
    """The call ends: an answered call gets its talk time, its result and (optionally) the order it
    was registered as, which records the call on the order; an unanswered one counts as abandoned
    (呼损). The same hang-up again changes nothing; another is refused (409)."""
    call = services.record_hangup(
        payload.call_id,
        payload.ended_at,
        payload.result,
        payload.order,
        actor=principal(request).user,
        channel=Channel.API,
    )
    return _fresh(call)


@router.post("/calls/import", auth=CTI, response={200: HotlineImportOut, **ERRORS}, summary="导入话单（全部或全不）")
@api_door(Audience.INTEGRATION, scope=SCOPE)
def import_calls(request: HttpRequest, payload: HotlineImportIn) -> HotlineImportOut:
    """Import call records: every row is checked first; any problem refuses the whole import (400),
    each named `rows[<index>].<field>` in `errors`. A call id already known is updated."""
    rows = [
        services.CallRow(
            call_id=r.call_id,
            queue=r.queue,
            received_at=r.received_at,
            answered_at=r.answered_at,
            ended_at=r.ended_at,
            caller=r.caller,
            agent_code=r.agent_code,
            talk_seconds=r.talk_seconds,
            result=r.result,
            order=r.order,
            recording_ref=r.recording_ref,
        )
        for r in payload.rows
    ]
    report = services.import_call_records(rows, actor=principal(request).user)
    return HotlineImportOut(created=report.created, updated=report.updated)


@router.post(
    "/calls/after-hours-message",
    auth=CTI,
    response={200: HotlineMessageOut, 201: HotlineMessageOut, **ERRORS},
    summary="非值班时段留言（转为工单，次一工作日回电）",
)
@api_door(Audience.INTEGRATION, scope=SCOPE)
def after_hours_message(
    request: HttpRequest, response: HttpResponse, payload: HotlineMessageIn
) -> Status[HotlineMessageOut]:
    """Outside the queue's duty roster: the caller's message becomes a hotline work order kept at
    the desk, with a call-back deadline on the next working day. 409 `on_duty` while an agent is
    on the roster (put the call through instead). The token's account must be staff (posted at
    the hotline's point). The same call id again answers 200 with the same order."""
    result = services.leave_after_hours_message(
        payload.call_id,
        payload.caller,
        payload.queue,
        received_by=principal(request).user,
        text=payload.text,
        at=payload.at,
        channel=Channel.API,
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    order = result.call.order
    assert order is not None
    out = HotlineMessageOut(
        call_id=result.call.call_id, tracking_number=order.tracking_number, contact_due=order.contact_due
    )
    return Status(201 if result.created else 200, out)
