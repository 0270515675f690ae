"""The 12348 hotline's calls as the call-centre software (CTI) reports them (话务对接).

- record_ring: a call rings at an agent's desk (idempotent on the switch's call id);
- record_answer: an agent picks it up (the wait is measured from the ring);
- record_hangup: it ends; answered calls get their talk time, unanswered ones count as abandoned
  (呼损); the agent may name the order the call was registered as;
- link_order: the desk registered an order during the call (the desk's own link);
- import_call_records: a day's call records in bulk, all or nothing, every bad row named by its
  index, re-imports update (idempotent on call_id);
- leave_after_hours_message: outside the queue's duty roster (7×24), the CTI hands the caller's
  message over; it becomes a work order at the hotline desk with a call-back deadline on the next
  working day (rules_hotline.AFTER_HOURS_CALLBACK_HOURS).

Personal data (the caller's number) is stored encrypted and never logged; events on orders carry
the call id only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import STAFF_ROLES
from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.core.validators import contains_control_chars, normalize_phone, validate_person_phone
from gongfa.workorders.choices import CallOutcome, CallResult, CallSource
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder
from gongfa.workorders.rules_hotline import AFTER_HOURS_CALLBACK_HOURS

logger = logging.getLogger(__name__)

CALL_ID_MAX = 64
CALLER_MAX = 20
AGENT_CODE_MAX = 32
RECORDING_REF_MAX = 128
MESSAGE_MAX = 2000
# A call longer than a day is a clock error of the switch, not a call.
LONGEST_CALL = datetime.timedelta(hours=24)
DEFAULT_MESSAGE = "12348热线非值班时段来电留言，请于次一工作日回电。"  # stored as the order text
CALL_VERB = "workorders.workorder.call_recorded"


class UnknownCall(DomainError):
    code = "unknown_call"
    status = 404


class CallConflict(DomainError):
    code = "call_conflict"
    status = 409


class OnDuty(DomainError):
    """Someone is on the queue's duty roster: the call goes to an agent, not to the message box."""

    code = "on_duty"
    status = 409


# --- shared checks ------------------------------------------------------------------------------


def _call_id(problems: Problems, value: str, field: str = "call_id") -> str:
    call_id = (value or "").strip()
    if not call_id:
        problems.add(field, gettext("缺少呼叫编号。"), code="required")
    elif len(call_id) > CALL_ID_MAX or contains_control_chars(call_id):
        problems.add(
            field,
            gettext("呼叫编号不能超过 {CALL_ID_MAX} 个字符，且不能含控制字符。").format(CALL_ID_MAX=CALL_ID_MAX),
            code="invalid_call_id",
        )
    return call_id


def _caller(problems: Problems, value: str, field: str = "caller") -> str:
    """The calling number as the switch gives it (empty: withheld). Any digits are kept — a
    switch also reports landlines and service numbers — but never anything else."""
    caller = normalize_phone(value or "")
    if caller and (len(caller) > CALLER_MAX or not caller.lstrip("+").isdigit()):
        problems.add(field, gettext("来电号码应为数字（号码未显示时留空）。"), code="invalid_caller")
        return ""
    return caller


def _queue(problems: Problems, code: str, field: str = "queue") -> HotlineQueue | None:
    code = (code or "").strip()
    if not code:
        problems.add(field, gettext("缺少队列代码。"), code="required")
        return None
    queue = HotlineQueue.objects.select_related("point__region").filter(code=code[:32]).first()
    if queue is None or not queue.is_active:
        problems.add(field, gettext("未知或已停用的热线队列：{value}。").format(value=code[:32]), code="unknown_queue")
        return None
    return queue


def _agent_code(problems: Problems, value: str, field: str = "agent_code") -> str:
    code = (value or "").strip()
    if len(code) > AGENT_CODE_MAX or contains_control_chars(code):
        problems.add(
            field,
            gettext("坐席工号不能超过 {AGENT_CODE_MAX} 个字符。").format(AGENT_CODE_MAX=AGENT_CODE_MAX),
            code="invalid_agent_code",
        )
        return ""
    return code


def agents_by_code(codes: Sequence[str]) -> dict[str, User]:
    """The staff accounts whose username is a switch's agent code (工号); one query. A code that
    matches nobody is simply absent (the call keeps the code, with no agent)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    users = User.objects.filter(username__in=wanted, role__in=STAFF_ROLES, is_active=True)
    return {u.username: u for u in users}


def _order(problems: Problems, tracking_number: str, field: str = "order") -> WorkOrder | None:
    number = (tracking_number or "").strip()
    if not number:
        return None
    order = WorkOrder.objects.filter(tracking_number=number[:20]).first()
    if order is None:
        problems.add(field, gettext("未找到工单 {value}。").format(value=number[:20]), code="unknown_order")
    return order


def _moment(value: datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _get_call(call_id: str, *, lock: bool = True) -> CallRecord:
    problems = Problems()
    call_id = _call_id(problems, call_id)
    problems.raise_if_any()
    queryset = CallRecord.objects.select_for_update() if lock else CallRecord.objects.all()
    call = queryset.filter(call_id=call_id).first()
    if call is None:
        raise UnknownCall(
            gettext("未找到呼叫 {call_id}：请先推送振铃（ring）。").format(call_id=call_id), field="call_id"
        )
    return call


def _link_event(order: WorkOrder, call: CallRecord, actor: User | None, channel: str) -> None:
    """The call on the order's record (no number: the call id, outcome and talk time only)."""
    record_event(
        order,
        CALL_VERB,
        actor=actor,
        channel=channel,
        reason=f"热线通话（{stored_text(CallOutcome(call.outcome).label)}）",
        data={
            "call_id": call.call_id,
            "outcome": call.outcome,
            "result": call.result,
            "talk_seconds": call.talk_seconds,
        },
        region=order.region,
    )


def _changed(call: CallRecord) -> None:
    """Performance facts follow the call (it records no audit event of its own)."""
    from gongfa.performance import rollup
    from gongfa.workorders.measures_hotline import SOURCE

    rollup.mark_changed(SOURCE, [call.pk])


# --- ring, answer, hang up ----------------------------------------------------------------------


@dataclass
class CallResultOut:
    call: CallRecord
    created: bool


def record_ring(
    call_id: str,
    caller: str,
    queue_code: str,
    at: datetime.datetime | None = None,
    agent: User | None = None,
    *,
    agent_code: str = "",
) -> CallResultOut:
    """A call rings (振铃): create its record, or return the one already there (the CTI may send
    the ring twice, and the desk page reports it again when it opens). A repeat fills in what the
    first ring lacked (the agent) and never changes a call already answered or ended."""
    problems = Problems()
    call_id = _call_id(problems, call_id)
    number = _caller(problems, caller)
    queue = _queue(problems, queue_code)
    code = _agent_code(problems, agent_code)
    problems.raise_if_any()
    assert queue is not None
    if agent is None and code:
        agent = agents_by_code([code]).get(code)
    if agent is not None and not code:
        code = agent.username[:AGENT_CODE_MAX]
    moment = _moment(at)
    with transaction.atomic():
        existing = CallRecord.objects.select_for_update().filter(call_id=call_id).first()
        if existing is not None:
            if existing.agent_id is None and agent is not None and existing.outcome == CallOutcome.RINGING:
                existing.agent, existing.agent_code = agent, code
                existing.save(update_fields=["agent", "agent_code", "updated_at"])
            return CallResultOut(existing, created=False)
        try:
            with transaction.atomic():
                call = CallRecord.objects.create(
                    call_id=call_id,
                    source=CallSource.CTI,
                    queue=queue,
                    region_code=queue.point.region.code,
                    caller_phone=number,
                    received_at=moment,
                    agent=agent,
                    agent_code=code,
                )
        except IntegrityError:  # a concurrent ring with the same id got there first
            return CallResultOut(CallRecord.objects.get(call_id=call_id), created=False)
        _changed(call)
    logger.info("hotline call rang", extra={"call_id": call_id, "queue": queue.code})
    return CallResultOut(call, created=True)


def record_answer(
    call_id: str, at: datetime.datetime | None = None, agent: User | None = None, *, agent_code: str = ""
) -> CallRecord:
    """An agent picks the call up (接听). Repeating it changes nothing."""
    problems = Problems()
    code = _agent_code(problems, agent_code)
    problems.raise_if_any()
    moment = _moment(at)
    with transaction.atomic():
        call = _get_call(call_id)
        if call.outcome == CallOutcome.ANSWERED and call.ended_at is None:
            return call
        if call.outcome != CallOutcome.RINGING:
            raise CallConflict(
                gettext("呼叫 {call_id} 已结束（{label}），不能再接听。").format(
                    call_id=call.call_id, label=CallOutcome(call.outcome).label
                )
            )
        if moment < call.received_at:
            raise DomainError(gettext("接听时间早于来电时间。"), code="answered_before_ring", field="at")
        if agent is None and code:
            agent = agents_by_code([code]).get(code)
        if agent is not None:
            call.agent, call.agent_code = agent, code or agent.username[:AGENT_CODE_MAX]
        elif code:
            call.agent_code = code
        call.answered_at = moment
        call.wait_seconds = int((moment - call.received_at).total_seconds())
        call.outcome = CallOutcome.ANSWERED
        call.save(update_fields=["agent", "agent_code", "answered_at", "wait_seconds", "outcome", "updated_at"])
        _changed(call)
    return call


def record_hangup(
    call_id: str,
    ended_at: datetime.datetime | None = None,
    result: str = "",
    tracking_number: str = "",
    *,
    actor: User | None = None,
    channel: str = Channel.API,
) -> CallRecord:
    """The call ends (挂机). An answered call gets its talk time (ended − answered) and may name
    what the agent did (result) and the order it was registered as (tracking_number: the call is
    recorded on that order's history); a call never answered counts as abandoned (呼损). The same
    hang-up again changes nothing; a different one is refused."""
    problems = Problems()
    if result and result not in CallResult.values:
        problems.add("result", gettext("未知的处理结果：{value}。").format(value=result[:20]), code="invalid_result")
    order = _order(problems, tracking_number)
    moment = _moment(ended_at)
    with transaction.atomic():
        call = _get_call(call_id)
        if call.ended_at is not None:
            problems.raise_if_any()
            if call.ended_at == moment and (not result or result == call.result):
                return call
            raise CallConflict(
                gettext("呼叫 {call_id} 已于 {localtime:%H:%M:%S} 挂机。").format(
                    call_id=call.call_id, localtime=timezone.localtime(call.ended_at)
                )
            )
        if moment < (call.answered_at or call.received_at):
            problems.add("ended_at", gettext("挂机时间早于来电或接听时间。"), code="ended_before_start")
        elif moment - call.received_at > LONGEST_CALL:
            problems.add(
                "ended_at", gettext("挂机时间距来电超过 24 小时，请检查话务系统时钟。"), code="implausible_duration"
            )
        if result and call.answered_at is None:
            problems.add("result", gettext("未接通的呼叫没有处理结果。"), code="result_without_answer")
        if order is not None and call.answered_at is None:
            problems.add("order", gettext("未接通的呼叫不能关联工单。"), code="order_without_answer")
        problems.raise_if_any()
        call.ended_at = moment
        if call.answered_at is not None:
            call.talk_seconds = int((moment - call.answered_at).total_seconds())
            call.result = result
        else:
            call.outcome = CallOutcome.ABANDONED
            call.wait_seconds = int((moment - call.received_at).total_seconds())
        if order is not None:
            call.order = order
        call.save(
            update_fields=["ended_at", "talk_seconds", "result", "outcome", "wait_seconds", "order", "updated_at"]
        )
        if order is not None:
            _link_event(order, call, actor, channel)
        _changed(call)
    return call


def link_order(*, call_id: str, order: WorkOrder, agent: User | None, channel: str = Channel.WORKBENCH) -> bool:
    """The desk registered `order` during the call: link them (CallRecord.order) and record the call
    on the order's history, unless the call is unknown or already linked (then nothing changes: a
    registration never fails for its call). Returns whether it linked."""
    with transaction.atomic():
        call = CallRecord.objects.select_for_update().filter(call_id=(call_id or "").strip()[:CALL_ID_MAX]).first()
        if call is None or call.order_id is not None:
            return False
        call.order = order
        if call.agent_id is None and agent is not None:
            call.agent, call.agent_code = agent, call.agent_code or agent.username[:AGENT_CODE_MAX]
        call.save(update_fields=["order", "agent", "agent_code", "updated_at"])
        _link_event(order, call, agent, channel)
        _changed(call)
    return True


# --- bulk import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallRow:
    """One row of a call-record import (话单): times as the switch logged them. outcome is
    derived: answered when answered_at is given, else abandoned."""

    call_id: str
    queue: str
    received_at: datetime.datetime | None
    ended_at: datetime.datetime | None = None
    answered_at: datetime.datetime | None = None
    caller: str = ""
    agent_code: str = ""
    talk_seconds: int | None = None
    result: str = ""
    order: str = ""
    recording_ref: str = ""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


def _check_row(problems: Problems, index: int, row: CallRow, queues: dict[str, HotlineQueue]) -> None:
    def add(name: str, message: str, code: str) -> None:
        problems.add(
            f"rows[{index}].{name}",
            gettext("第{value}行：{message}").format(value=index + 1, message=message),
            code=code,
        )

    row_problems = Problems()
    _call_id(row_problems, row.call_id)
    _caller(row_problems, row.caller)
    _agent_code(row_problems, row.agent_code)
    for problem in row_problems:
        add(problem.field or "row", problem.message, problem.code)
    if not row.queue.strip():
        add("queue", gettext("缺少队列代码。"), "required")
    elif row.queue.strip() not in queues:
        add("queue", gettext("未知或已停用的热线队列：{value}。").format(value=row.queue.strip()[:32]), "unknown_queue")
    if row.received_at is None:
        add("received_at", gettext("缺少来电时间。"), "required")
        return
    received = _moment(row.received_at)
    answered = _moment(row.answered_at) if row.answered_at is not None else None
    ended = _moment(row.ended_at) if row.ended_at is not None else None
    if ended is None:
        add("ended_at", gettext("缺少挂机时间。"), "required")
    if answered is not None and answered < received:
        add("answered_at", gettext("接听时间早于来电时间。"), "answered_before_ring")
    if ended is not None and ended < (answered or received):
        add("ended_at", gettext("挂机时间早于来电或接听时间。"), "ended_before_start")
    elif ended is not None and ended - received > LONGEST_CALL:
        add("ended_at", gettext("挂机时间距来电超过 24 小时。"), "implausible_duration")
    if row.talk_seconds is not None:
        if row.talk_seconds < 0:
            add("talk_seconds", gettext("通话秒数不能为负数。"), "negative_duration")
        elif answered is None and row.talk_seconds > 0:
            add("talk_seconds", gettext("未接听的呼叫不能有通话时长。"), "talk_without_answer")
        elif ended is not None and answered is not None and row.talk_seconds > (ended - answered).total_seconds() + 1:
            add("talk_seconds", gettext("通话秒数超过接听至挂机的时长。"), "talk_too_long")
    if row.result and row.result not in CallResult.values:
        add("result", gettext("未知的处理结果：{value}。").format(value=row.result[:20]), "invalid_result")
    elif row.result and answered is None:
        add("result", gettext("未接通的呼叫没有处理结果。"), "result_without_answer")
    if len(row.recording_ref) > RECORDING_REF_MAX or contains_control_chars(row.recording_ref):
        add(
            "recording_ref",
            gettext("录音编号不能超过 {RECORDING_REF_MAX} 个字符。").format(RECORDING_REF_MAX=RECORDING_REF_MAX),
            "invalid_recording_ref",
        )


def import_call_records(rows: Sequence[CallRow], *, actor: User | None = None) -> ImportReport:
    """Import call records (话单导入): every row is checked first and any problem refuses the whole
    import, each named by its row index (rows[3].ended_at); a call id already known is updated
    (a re-import corrects it), one given twice in the same import is refused."""
    problems = Problems()
    if not rows:
        problems.add("rows", gettext("没有要导入的话单。"), code="empty")
        problems.raise_if_any()
    queue_codes = {r.queue.strip() for r in rows if r.queue.strip()}
    queues = {
        q.code: q
        for q in HotlineQueue.objects.select_related("point__region").filter(code__in=queue_codes, is_active=True)
    }
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        _check_row(problems, index, row, queues)
        call_id = row.call_id.strip()
        if call_id in seen:
            problems.add(
                f"rows[{index}].call_id",
                gettext("第{value}行：呼叫编号 {value2} 与第{value3}行重复。").format(
                    value=index + 1, value2=call_id[:CALL_ID_MAX], value3=seen[call_id] + 1
                ),
                code="duplicate_call_id",
            )
        elif call_id:
            seen[call_id] = index
    numbers = {r.order.strip()[:20] for r in rows if r.order.strip()}
    orders = {o.tracking_number: o for o in WorkOrder.objects.filter(tracking_number__in=numbers)}
    for index, row in enumerate(rows):
        number = row.order.strip()[:20]
        if number and number not in orders:
            problems.add(
                f"rows[{index}].order",
                gettext("第{value}行：未找到工单 {number}。").format(value=index + 1, number=number),
                code="unknown_order",
            )
        elif number and row.answered_at is None:
            problems.add(
                f"rows[{index}].order",
                gettext("第{value}行：未接通的呼叫不能关联工单。").format(value=index + 1),
                code="order_without_answer",
            )
    problems.raise_if_any()
    agents = agents_by_code([r.agent_code.strip() for r in rows])
    report = ImportReport()
    with transaction.atomic():
        existing = {c.call_id: c for c in CallRecord.objects.select_for_update().filter(call_id__in=list(seen))}
        touched: list[int] = []
        for row in rows:
            call = existing.get(row.call_id.strip())
            created = call is None
            if call is None:
                call = CallRecord(call_id=row.call_id.strip(), source=CallSource.IMPORT)
            previous_order_id = call.order_id
            _apply_row(call, row, queues[row.queue.strip()], agents.get(row.agent_code.strip()), orders)
            call.save()
            touched.append(call.pk)
            if call.order is not None and call.order_id != previous_order_id:
                _link_event(call.order, call, actor, Channel.API)
            if created:
                report.created += 1
            else:
                report.updated += 1
        from gongfa.performance import rollup
        from gongfa.workorders.measures_hotline import SOURCE

        rollup.mark_changed(SOURCE, touched)
    logger.info(
        "hotline call records imported", extra={"calls_created": report.created, "calls_updated": report.updated}
    )
    return report


def _apply_row(
    call: CallRecord, row: CallRow, queue: HotlineQueue, agent: User | None, orders: dict[str, WorkOrder]
) -> None:
    received = _moment(row.received_at)
    answered = _moment(row.answered_at) if row.answered_at is not None else None
    ended = _moment(row.ended_at) if row.ended_at is not None else None
    call.queue = queue
    call.region_code = queue.point.region.code
    call.caller_phone = normalize_phone(row.caller or "")
    call.received_at, call.answered_at, call.ended_at = received, answered, ended
    call.agent_code = row.agent_code.strip()
    call.agent = agent
    call.recording_ref = row.recording_ref.strip()
    if call.outcome != CallOutcome.MESSAGE:  # a message left after hours stays one
        call.outcome = CallOutcome.ANSWERED if answered is not None else CallOutcome.ABANDONED
    if answered is not None:
        call.wait_seconds = int((answered - received).total_seconds())
        measured = int((ended - answered).total_seconds()) if ended is not None else None
        call.talk_seconds = row.talk_seconds if row.talk_seconds is not None else measured
        call.result = row.result
    else:
        call.wait_seconds = int((ended - received).total_seconds()) if ended is not None else None
        call.talk_seconds = None
        call.result = ""
    if row.order.strip():
        call.order = orders[row.order.strip()[:20]]


# --- after hours (7×24) --------------------------------------------------------------------------


def callback_due(at: datetime.datetime, region: object = None) -> datetime.datetime:
    """The call-back deadline of a message left at `at`: the start of office hours of the next
    working day (today's, when the office has not opened yet on a working day) plus the region's
    AFTER_HOURS_CALLBACK_HOURS."""
    from gongfa.catalog.conf import OFFICE_START
    from gongfa.network.selectors import region_setting
    from gongfa.workdays.services import add_working_days, is_working_day

    local = timezone.localtime(at)
    day = local.date()
    if not (is_working_day(day) and local.time() < OFFICE_START):
        day = add_working_days(day, 1)
    hours = int(region_setting(region, AFTER_HOURS_CALLBACK_HOURS.key, local.date()))  # type: ignore[arg-type]
    opening = timezone.make_aware(datetime.datetime.combine(day, OFFICE_START))
    return opening + datetime.timedelta(hours=hours)


def leave_after_hours_message(
    call_id: str,
    caller: str,
    queue_code: str,
    *,
    received_by: User,
    text: str = "",
    at: datetime.datetime | None = None,
    channel: str = Channel.API,
) -> CallResultOut:
    """Outside the duty roster (非值班时段), the CTI hands a call over as a message (留言): a work
    order of the hotline, kept at the queue's point for the desk (after_hours, not dispatched),
    with its call-back deadline (callback_due), and the call recorded with outcome MESSAGE.

    Refused (OnDuty, 409) while someone is on the point's roster: the call must go to an agent.
    received_by is the account that hands it over (the CTI's token user: staff, posted at the
    hotline's point). The same call id again returns the same order (created=False)."""
    from gongfa.network.selectors import on_duty
    from gongfa.workorders.services.intake import CallerDetails, create_work_order

    if received_by is None or not received_by.is_platform_staff:
        raise NotPermitted(gettext("留言须由话务系统的工作人员账号提交。"))
    problems = Problems()
    call_id = _call_id(problems, call_id)
    number = _caller(problems, caller)
    queue = _queue(problems, queue_code)
    body = (text or "").strip()
    if len(body) > MESSAGE_MAX or contains_control_chars(body):
        problems.add(
            "text",
            gettext("留言内容不能超过 {MESSAGE_MAX} 个字符。").format(MESSAGE_MAX=MESSAGE_MAX),
            code="invalid_text",
        )
    problems.raise_if_any()
    assert queue is not None
    moment = _moment(at)
    known = CallRecord.objects.select_related("order").filter(call_id=call_id).first()
    if known is not None and known.outcome == CallOutcome.MESSAGE and known.order is not None:
        return CallResultOut(known, created=False)
    if known is not None and known.outcome != CallOutcome.RINGING:
        raise CallConflict(
            gettext("呼叫 {call_id} 已{label}，不能再转为留言。").format(
                call_id=call_id, label=CallOutcome(known.outcome).label
            )
        )
    if on_duty(queue.point, moment):
        raise OnDuty(gettext("当前为值班时段，有坐席在岗：来电应转坐席接听，不能转为留言。"), field="queue")
    try:
        validate_person_phone(number)
        phone = number
    except ValidationError:
        phone = ""  # withheld, or a number nobody can call back: the desk sees 号码未显示
    region = queue.point.region
    with transaction.atomic():
        call = record_ring(call_id, number, queue.code, moment).call
        call = CallRecord.objects.select_for_update().get(pk=call.pk)
        if call.outcome == CallOutcome.MESSAGE and call.order_id is not None:  # a concurrent twin
            return CallResultOut(call, created=False)
        result = create_work_order(
            channel=Channel.HOTLINE,
            region=region,
            text=f"{DEFAULT_MESSAGE}\n{body}" if body else DEFAULT_MESSAGE,
            contact_phone=phone,
            received_by=received_by,
            auto_dispatch=False,
            details=CallerDetails(phone_withheld=not phone),
            after_hours=True,
            contact_due=callback_due(moment, region),
        )
        call.outcome = CallOutcome.MESSAGE
        call.ended_at = max(moment, call.received_at)
        call.order = result.order
        call.save(update_fields=["outcome", "ended_at", "order", "updated_at"])
        _link_event(result.order, call, received_by, channel)
        _changed(call)
    logger.info("hotline after-hours message", extra={"call_id": call_id, "queue": queue.code})
    return CallResultOut(call, created=True)
