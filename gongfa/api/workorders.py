"""Work-order endpoints. Thin: they validate, call selectors/services, and shape the response.

Who may see and touch which order is decided by the selectors (visible_to) and the services
(lock_for), for tokens as for people: an order outside the caller's scope is 404, never 403.
"""

from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Header, Query, Router, Status
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import (
    LONG_TEXT_MAX,
    BoundedPageNumberPagination,
    ErrorOut,
    PlainText,
    RowId,
    TimelineEventOut,
    TrackingNumberPath,
    WorkOrderOut,
    documented,
)
from gongfa.audit.models import Event
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problem, ValidationFailed
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import SlaState, SpecialGroup, WorkOrderStatus
from gongfa.workorders.models import CaseLink, WorkOrder
from gongfa.workorders.services.intake import STAFF_CHANNELS

router = Router(tags=["workorders"])

CREATE = token_or_session(TokenScope.WORKORDERS_CREATE)
READ = token_or_session(TokenScope.WORKORDERS_READ)
ACT = token_or_session(TokenScope.WORKORDERS_ACT)

IDEMPOTENCY_KEY_MAX = 128
# Channels an API client may name. Staff channels (hotline, window …) need a staff account.
IntakeChannel = Literal["api", "kiosk", "portal", "hotline", "window", "village_room", "letter"]
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)


# The length is stated in the schema; the view refuses a longer key with its own error code.
IdempotencyKey = Annotated[PlainText, Field(json_schema_extra=documented(maxLength=IDEMPOTENCY_KEY_MAX))]


class IdempotencyKeyError(DomainError):
    code = "idempotency_key_required"
    status = 400


def _refetch(order: WorkOrder) -> WorkOrder:
    """The order with everything the response shows (one query)."""
    return selectors.with_list_relations(WorkOrder.objects.all()).get(pk=order.pk)


def _visible(user: User, tracking_number: TrackingNumberPath) -> WorkOrder:
    try:
        return selectors.get_visible(user, tracking_number)
    except WorkOrder.DoesNotExist:
        raise lookups.order_not_found(tracking_number) from None


# --- create -------------------------------------------------------------------------------------


# A special group by its value (1, 2, 4 …; lookups names an unknown one) or by name or label.
SpecialGroupRef = (
    Annotated[
        int, Field(json_schema_extra=documented(minimum=min(SpecialGroup.values), maximum=max(SpecialGroup.values)))
    ]
    | Annotated[PlainText, Field(max_length=32)]
)


class WorkOrderIn(Schema):
    region_code: PlainText = Field(..., max_length=12, description="12 位行政区划代码（建议到村/社区）")
    text: PlainText = Field(
        ...,
        description="诉求内容（不能为空，长度上限见 QUESTION_MAX_CHARS）",
        json_schema_extra=documented(maxLength=settings.QUESTION_MAX_CHARS),
    )
    contact_name: PlainText = Field("", max_length=64)
    contact_phone: PlainText = Field("", max_length=20, description="匿名来访须填写；群众账号提交时默认用账号手机号")
    topic_code: PlainText | None = Field(None, max_length=40, description="咨询类别代码，留空则自动分类")
    service_type_code: PlainText | None = Field(None, max_length=64, description="服务事项代码，留空为法律咨询")
    urgency: PlainText = Field("normal", max_length=16, description="normal / urgent / critical")
    special_groups: list[SpecialGroupRef] = Field(
        default_factory=list, max_length=16, description="特殊群体：取值（1,2,4…）、名称（elderly…）或中文（老年人…）"
    )
    channel: IntakeChannel = Field("api", description="受理渠道；hotline/window/village_room/letter 仅限工作人员账号")


@router.post(
    "",
    auth=CREATE,
    response={200: WorkOrderOut, 201: WorkOrderOut, **ERRORS},
    summary="提交工单（幂等）",
    openapi_extra={"responses": {200: {"description": "同一 Idempotency-Key 的重复提交：返回原工单"}}},
)
@api_door(
    Audience.CITIZEN,
    scope=TokenScope.WORKORDERS_CREATE,
    message="工作人员请在工作台登记，或使用接口令牌提交。",
)
def create_work_order(
    request: HttpRequest,
    response: HttpResponse,
    payload: WorkOrderIn,
    idempotency_key: Annotated[
        IdempotencyKey | None,
        Header(alias="Idempotency-Key", description="必填，≤128 字符；同一键同一内容总是返回同一工单"),
    ] = None,
) -> Status[WorkOrder]:
    """Record a request as a work order. Needs scope `workorders:create`, or a citizen's session.

    The `Idempotency-Key` header is required: the same key with the same body returns the same
    order (200, header `Idempotent-Replayed: true`); the first time answers 201; the same key
    with a different body answers 409.

    The order is recorded at once; automatic dispatch follows in the background, so the answer
    may still show status `new` (待分派) — read the order again for its owner."""
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
    if caller.via_session and not user.is_citizen:
        raise NotPermitted(gettext("工作人员请在工作台登记，或使用接口令牌提交。"))
    groups = lookups.special_groups_mask(payload.special_groups)
    body = payload.model_dump(mode="json")
    body["special_groups"] = groups
    idempotency = services.Idempotency(caller.client_id, key, services.Idempotency.hash_of(body))
    staff_channel = payload.channel in STAFF_CHANNELS
    result = services.create_idempotent(
        idempotency,
        channel=payload.channel,
        region=lookups.region_by_code(payload.region_code),
        text=payload.text,
        requester=user if user.is_citizen else None,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        topic=lookups.topic_by_code(payload.topic_code) if payload.topic_code else None,
        service_type=lookups.service_type_of(payload.service_type_code) if payload.service_type_code else None,
        urgency=payload.urgency,
        special_groups=groups,
        received_by=user if staff_channel and user.is_platform_staff else None,
        submitted_by=None if user.is_citizen or staff_channel else user,
        queue_dispatch=True,
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    # A new order is answered as written (its related rows are already in memory); a replay
    # reads the order again to show where it stands now.
    return Status(201, result.order) if result.created else Status(200, _refetch(result.order))


# --- read ---------------------------------------------------------------------------------------


class ListFilters(Schema):
    status: WorkOrderStatus | Literal["open"] | None = Field(None, description="状态；open 为所有未办结状态")
    sla: SlaState | None = Field(None, description="时限状态")
    topic: PlainText | None = Field(None, max_length=40, description="咨询类别代码")
    channel: Channel | None = None
    point: RowId | None = Field(None, description="承办服务点 ID")
    person: RowId | None = Field(None, description="承办人 ID")
    special_group: PlainText | None = Field(None, max_length=32, description="特殊群体（取值、名称或中文）")
    q: PlainText | None = Field(None, max_length=200, description="全文检索（中文分词）")


@router.get("", auth=READ, response={200: list[WorkOrderOut], **ERRORS}, summary="工单列表（按权限范围，支持筛选）")
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.WORKORDERS_READ)
def list_work_orders(request: HttpRequest, filters: Query[ListFilters]) -> list[WorkOrder]:
    """Orders the caller may see (scope `workorders:read`, or a session), filtered. Staff get the
    queue order (most urgent, oldest first); a citizen gets their own orders, newest first."""
    user = principal(request).user
    queue = selectors.QueueFilters(
        status=filters.status or "",
        sla=filters.sla or "",
        topic=lookups.topic_by_code(filters.topic, field="topic").pk if filters.topic else None,
        channel=filters.channel or "",
        point=filters.point,
        person=filters.person,
        special_group=lookups.special_groups_mask([filters.special_group], field="special_group")
        if filters.special_group
        else 0,
        query=filters.q or "",
    )
    queryset = selectors.with_list_relations(selectors.apply_filters(selectors.visible_to(user), queue))
    ordering = ("-created_at", "-pk") if user.is_citizen else ("-priority", "created_at", "pk")
    return queryset.order_by(*ordering)  # type: ignore[return-value]


@router.get("/{tracking_number}", auth=READ, response={200: WorkOrderOut, **ERRORS}, summary="按编号查询工单")
@api_door(Audience.SIGNED_IN, scope=TokenScope.WORKORDERS_READ)
def get_work_order(request: HttpRequest, tracking_number: TrackingNumberPath) -> WorkOrder:
    """One order: its requester (session), or staff whose scope covers it (scope `workorders:read`
    or a session). Anyone else gets 404."""
    return _visible(principal(request).user, tracking_number)


@router.get(
    "/{tracking_number}/timeline",
    auth=READ,
    response={200: list[TimelineEventOut], **ERRORS},
    summary="工单时间线",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.WORKORDERS_READ)
def get_timeline(request: HttpRequest, tracking_number: TrackingNumberPath) -> list[Event]:
    """Every event of the order and of the cases converted from it, oldest first. Citizens appear
    as 群众; notes and other free-form data are left out."""
    order = _visible(principal(request).user, tracking_number)
    subjects = Q(subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk))
    for case_type_id, case_id in CaseLink.objects.filter(order=order).values_list("case_type_id", "case_id"):
        subjects |= Q(subject_type_id=case_type_id, subject_id=case_id)
    return list(Event.objects.filter(subjects).select_related("actor").order_by("occurred_at", "pk"))


# --- actions ------------------------------------------------------------------------------------


class ReasonIn(Schema):
    reason: PlainText = Field("", max_length=1000)


class TransferIn(Schema):
    point_id: RowId | None = Field(None, description="转给服务点（与 agency_id 二选一）")
    agency_id: RowId | None = Field(None, description="转给机构（与 point_id 二选一）")
    person_id: RowId | None = Field(None, description="指定承办人（可选，须在该单位在岗）")
    reason: PlainText = Field("", max_length=1000)


class CallbackIn(Schema):
    outcome: PlainText = Field("", max_length=16, description="reached / no_answer / busy / wrong_number")
    notes: PlainText = Field("", max_length=2000)


class AnswerIn(Schema):
    answer: PlainText = Field("", max_length=LONG_TEXT_MAX, description="答复内容")
    close_with: PlainText = Field("", max_length=20, description="同时办结的办结结果代码（可选）")


class CloseIn(Schema):
    result_code: PlainText = Field("", max_length=20, description="办结结果代码（必填）")


def _act(request: HttpRequest, tracking_number: TrackingNumberPath) -> tuple[User, WorkOrder]:
    user = principal(request).user
    return user, _visible(user, tracking_number)


API = Channel.API
View = TypeVar("View", bound=Callable[..., WorkOrder])


def _action(name: str, summary: str) -> Callable[[View], View]:
    register = router.post(
        f"/{{tracking_number}}/actions/{name}",
        auth=ACT,
        response={200: WorkOrderOut, **ERRORS},
        summary=summary,
        operation_id=f"workorder_action_{name}",
    )

    def decorate(view: View) -> View:
        return register(api_door(Audience.STAFF, scope=TokenScope.WORKORDERS_ACT)(view))

    return decorate


@_action("accept", "受理")
def accept(request: HttpRequest, tracking_number: TrackingNumberPath) -> WorkOrder:
    """受理: the assigned place takes the order on (from 待受理)."""
    user, order = _act(request, tracking_number)
    return _refetch(services.accept_work_order(order=order, actor=user, channel=API))


@_action("return", "退回")
def return_(request: HttpRequest, tracking_number: TrackingNumberPath, payload: ReasonIn) -> WorkOrder:
    """退回 to the dispatch desk with a reason."""
    user, order = _act(request, tracking_number)
    return _refetch(services.return_work_order(order=order, actor=user, reason=payload.reason, channel=API))


@_action("transfer", "转办")
def transfer(request: HttpRequest, tracking_number: TrackingNumberPath, payload: TransferIn) -> WorkOrder:
    """转办 to another service point or agency (also across regions), with a reason."""
    if (payload.point_id is None) == (payload.agency_id is None):
        raise lookups.InvalidField(
            gettext("请指定 point_id 或 agency_id 之一。"), code="transfer_target_required", field="point_id"
        )
    user, order = _act(request, tracking_number)
    place = (
        lookups.point_by_id(payload.point_id)
        if payload.point_id is not None
        else lookups.agency_by_id(payload.agency_id or 0)
    )
    person = lookups.person_by_id(payload.person_id) if payload.person_id is not None else None
    return _refetch(
        services.transfer_work_order(
            order=order, actor=user, place=place, person=person, reason=payload.reason, channel=API
        )
    )


@_action("callback", "登记回拨")
def callback(request: HttpRequest, tracking_number: TrackingNumberPath, payload: CallbackIn) -> WorkOrder:
    """回拨: record a call to the citizen (the first one that reaches them meets the contact clock)."""
    user, order = _act(request, tracking_number)
    services.log_callback(order=order, actor=user, outcome=payload.outcome, notes=payload.notes, channel=API)
    return _refetch(order)


@_action("answer", "答复")
def answer(request: HttpRequest, tracking_number: TrackingNumberPath, payload: AnswerIn) -> WorkOrder:
    """答复 the citizen; with close_with the order is also closed with that result code. Every
    problem of the body at once (a missing answer and an unknown close_with together)."""
    user, order = _act(request, tracking_number)
    try:
        answered = services.answer_work_order(
            order=order, actor=user, answer=payload.answer, close_with=payload.close_with, channel=API
        )
    except DomainError as exc:
        raise _on_body_fields(exc, {"result_code": "close_with"}) from None
    return _refetch(answered)


def _on_body_fields(error: DomainError, names: dict[str, str]) -> DomainError:
    """The service names a field as the staff page does (result_code); the body calls it otherwise
    (close_with): the error names the body's field."""
    if type(error) not in (DomainError, ValidationFailed) or not any(p.field in names for p in error.problems):
        return error
    problems = [Problem(names.get(p.field, p.field) if p.field else None, p.message, p.code) for p in error.problems]
    if len(problems) == 1:
        only = problems[0]
        return DomainError(only.message, code=only.code, field=only.field)
    return ValidationFailed(problems)


@_action("pause", "暂停计时")
def pause(request: HttpRequest, tracking_number: TrackingNumberPath, payload: ReasonIn) -> WorkOrder:
    """暂停计时 while waiting for the citizen (reason required)."""
    user, order = _act(request, tracking_number)
    return _refetch(services.pause_clock(order=order, actor=user, reason=payload.reason, channel=API))


@_action("resume", "恢复计时")
def resume(request: HttpRequest, tracking_number: TrackingNumberPath) -> WorkOrder:
    """恢复计时: the deadlines move later by the time spent waiting."""
    user, order = _act(request, tracking_number)
    return _refetch(services.resume_clock(order=order, actor=user, channel=API))


@_action("close", "办结")
def close(request: HttpRequest, tracking_number: TrackingNumberPath, payload: CloseIn) -> WorkOrder:
    """办结 with a result code (required)."""
    user, order = _act(request, tracking_number)
    return _refetch(services.close_work_order(order=order, actor=user, result_code=payload.result_code, channel=API))


@_action("reopen", "重新办理")
def reopen(request: HttpRequest, tracking_number: TrackingNumberPath, payload: ReasonIn) -> WorkOrder:
    """重新办理 a closed order (reason required)."""
    user, order = _act(request, tracking_number)
    return _refetch(services.reopen_work_order(order=order, actor=user, reason=payload.reason, channel=API))


@_action("transfer_out", "转外部门（12345）")
def transfer_out(request: HttpRequest, tracking_number: TrackingNumberPath, payload: ReasonIn) -> WorkOrder:
    """转外部门: not our matter; hand it to 12345 through the gateway (reason required)."""
    user, order = _act(request, tracking_number)
    return _refetch(services.transfer_out(order=order, actor=user, reason=payload.reason, channel=API))


ACTIONS = ("accept", "return", "transfer", "callback", "answer", "pause", "resume", "close", "reopen", "transfer_out")


@router.post("/{tracking_number}/actions/{action}", auth=ACT, response=ERRORS, include_in_schema=False)
@api_door(Audience.STAFF, scope=TokenScope.WORKORDERS_ACT)
def unknown_action(request: HttpRequest, tracking_number: TrackingNumberPath, action: str) -> None:
    raise lookups.NotFound(
        gettext("未知的操作：{action}（可用：{join}）。").format(action=action, join="、".join(ACTIONS)),
        code="unknown_action",
        field="action",
    )
