"""Handling a work order (办理): accept, return, call back, answer, pause/resume the clock,
transfer out, convert to a case, close with a result code, reopen, merge and link.

Each verb validates, locks the row (only when the actor may act on it), applies the transition
table and writes the event in one transaction. Refusals raise DomainError and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.core.i18n import stored_text
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, CallbackOutcome, ExternalUpdateKind, ResultCode
from gongfa.workorders.models import AnswerTemplate, CallbackRecord, CaseLink, Topic, TopicLabel, WorkOrder
from gongfa.workorders.search import build_search_text
from gongfa.workorders.services.common import clean_text, lock_for, step
from gongfa.workorders.services.deadlines import shift_deadlines
from gongfa.workorders.services.dispatch import county_centre
from gongfa.workorders.services.external import queue_external_update
from gongfa.workorders.services.supervision import resolve_answered_notices

CHANNEL = Channel.WORKBENCH


def check_reason(reason: str, label: str) -> str:
    """The reason a hand-over or pause needs (原因): required, at most 1000 characters."""
    text = (reason or "").strip()
    if not text:
        raise DomainError(gettext("{label}须填写原因。").format(label=label), code="reason_required", field="reason")
    if len(text) > 1000:
        raise DomainError(gettext("原因不能超过 1000 个字。"), code="too_long", field="reason")
    return text


def accept_work_order(*, order: WorkOrder, actor: User, channel: str = CHANNEL) -> WorkOrder:
    """受理: the assigned place takes the order on; the acceptor becomes its handler."""
    with transaction.atomic():
        locked = lock_for(actor, order)
        locked.accepted_at = timezone.now()
        if locked.owner_user_id is None:
            locked.owner_user = actor
        step(locked, "accept", actor=actor, channel=channel, fields=("accepted_at", "owner_user"))
        queue_external_update(locked, ExternalUpdateKind.ACCEPTED, f"{locked.owner_place_name}已受理，正在办理。")
    return locked


def return_work_order(*, order: WorkOrder, actor: User, reason: str, channel: str = CHANNEL) -> WorkOrder:
    """退回: give the order back to the dispatch desk with a reason; it waits for manual dispatch."""
    why = check_reason(reason, gettext("退回"))
    with transaction.atomic():
        locked = lock_for(actor, order)
        desk = county_centre(locked.region)
        if desk is None:
            raise DomainError(gettext("找不到派单中心，无法退回。"), code="no_dispatch_desk")
        previous = locked.owner_place_name
        owner_fields = locked.set_owner(desk)
        locked.manual_dispatch = True
        locked.routing_reason = f"由{previous}退回：{why}"[:500]
        step(
            locked,
            "return",
            actor=actor,
            channel=channel,
            reason=why,
            data={"from": previous, "to": desk.name},
            fields=(*owner_fields, "manual_dispatch", "routing_reason"),
        )
    return locked


def check_callback(*, outcome: str, notes: str = "") -> None:
    """A call-back's outcome and notes, both reported at once; writes nothing."""
    problems = Problems()
    if outcome not in CallbackOutcome.values:
        problems.add("outcome", gettext("请选择回拨结果。"), code="invalid_outcome")
    if len(notes or "") > 2000:
        problems.add("notes", gettext("回拨记录不能超过 2000 个字。"), code="too_long")
    problems.raise_if_any()


def log_callback(
    *, order: WorkOrder, actor: User, outcome: str, notes: str = "", channel: str = CHANNEL
) -> CallbackRecord:
    """回拨: record a call to the citizen. The first call that reaches them meets the contact clock."""
    check_callback(outcome=outcome, notes=notes)
    with transaction.atomic():
        locked = lock_for(actor, order)
        if not locked.is_open:
            raise DomainError(gettext("工单已办结或已合并，不能再登记回拨。"), code="order_closed")
        record = CallbackRecord.objects.create(
            order=locked, called_by=actor, outcome=outcome, notes=(notes or "").strip()
        )
        if outcome == CallbackOutcome.REACHED and locked.first_contact_at is None:
            locked.first_contact_at = record.called_at
            locked.save(update_fields=["first_contact_at", "updated_at"])
        record_event(
            locked,
            "workorders.workorder.callback",
            actor=actor,
            channel=channel,
            reason=stored_text(record.get_outcome_display()),
            data={"outcome": outcome, "notes": record.notes[:200]},
            region=locked.region,
        )
    return record


def check_answer(*, answer: str, close_with: str = "") -> str:
    """An answer's text and, when it closes the order too, the result code, both reported at once;
    writes nothing. Returns the answer as it will be stored."""
    problems = Problems()
    body = ""
    with problems.check():
        body = clean_text(answer, field="answer", label=gettext("答复内容"))
    if close_with and close_with not in ResultCode.values:
        problems.add("result_code", gettext("请选择办结结果。"), code="result_required")
    problems.raise_if_any()
    return body


def answer_work_order(
    *,
    order: WorkOrder,
    actor: User,
    answer: str,
    close_with: str = "",
    channel: str = CHANNEL,
    template: AnswerTemplate | None = None,
    attachment: UploadedFile | None = None,
) -> WorkOrder:
    """答复: reply to the citizen (the citizen is told by SMS after commit). With close_with, the
    order is also closed with that result code in the same step (answered on the spot).

    `template`: the answer template (答复模板) it was written from (its use is counted, and its
    attachment goes with the answer unless `attachment`, an uploaded PDF or image, is given). An
    order from 12345 reports the answer back as its result."""
    from gongfa.workorders.services.answers import (
        check_answer_attachment,
        check_template_for,
        set_answer_attachment,
    )
    from gongfa.workorders.tasks import notify_requester_answered

    problems = Problems()
    body = ""
    with problems.check():
        body = check_answer(answer=answer, close_with=close_with)
    checked = None
    with problems.check():
        check_template_for(template, order)
        checked = check_answer_attachment(attachment)
    problems.raise_if_any()
    with transaction.atomic():
        locked = lock_for(actor, order)
        now = timezone.now()
        locked.answer = body
        locked.answered_at = now
        locked.answered_by = actor
        if locked.owner_user_id is None:
            locked.owner_user = actor
        if locked.accepted_at is None:
            locked.accepted_at = now
        attachment_fields = set_answer_attachment(locked, template=template, checked=checked)
        step(
            locked,
            "answer",
            actor=actor,
            channel=channel,
            data={"template": template.pk} if template is not None else None,
            fields=("answer", "answered_at", "answered_by", "owner_user", "accepted_at", *attachment_fields),
        )
        if template is not None:
            AnswerTemplate.objects.filter(pk=template.pk).update(use_count=F("use_count") + 1)
        queue_external_update(locked, ExternalUpdateKind.RESULT, _result_text(locked, close_with))
        resolve_answered_notices(locked)
        if close_with:
            _close(locked, actor=actor, result_code=close_with, channel=channel)  # queues the closing SMS
        else:
            transaction.on_commit(lambda: notify_requester_answered.delay(locked.pk))
    return locked


def pause_clock(*, order: WorkOrder, actor: User, reason: str, channel: str = CHANNEL) -> WorkOrder:
    """暂停计时: waiting for the citizen (materials, a decision); the reason is recorded."""
    why = check_reason(reason, gettext("暂停计时"))
    with transaction.atomic():
        locked = lock_for(actor, order)
        locked.paused_at = timezone.now()
        step(locked, "pause", actor=actor, channel=channel, reason=why, fields=("paused_at",))
    return locked


def resume_clock(*, order: WorkOrder, actor: User, channel: str = CHANNEL) -> WorkOrder:
    """恢复计时: the deadlines move later by the time spent waiting."""
    with transaction.atomic():
        locked = lock_for(actor, order)
        now = timezone.now()
        paused = now - (locked.paused_at or now)
        changed = shift_deadlines(locked, paused)
        locked.paused_seconds += int(paused.total_seconds())
        locked.paused_at = None
        step(
            locked,
            "resume",
            actor=actor,
            channel=channel,
            data={"paused_seconds": int(paused.total_seconds())},
            fields=("paused_at", "paused_seconds", *changed),
        )
    return locked


def transfer_out(*, order: WorkOrder, actor: User, reason: str, channel: str = CHANNEL) -> WorkOrder:
    """转外部门: the matter is not ours; hand it to 12345 (or another department) through the
    gateway and wait for their feedback."""
    from gongfa.workorders.gateways import get_gateway

    why = check_reason(reason, gettext("转外部门"))
    with transaction.atomic():
        locked = lock_for(actor, order)
        WORK_ORDER_TRANSITIONS.get(locked.status, "transfer_out")  # refuse before anything is sent
        reference = get_gateway().transfer(locked, why)
        step(
            locked,
            "transfer_out",
            actor=actor,
            channel=channel,
            reason=why,
            data={"gateway_ref": reference},
        )
    return locked


def record_feedback(*, order: WorkOrder, actor: User | None, feedback: str, channel: str = CHANNEL) -> WorkOrder:
    """登记外部门反馈: the other department's answer becomes the order's answer."""
    body = clean_text(feedback, field="feedback", label=gettext("反馈内容"))
    with transaction.atomic():
        locked = lock_for(actor, order)
        locked.answer = body
        locked.answered_at = timezone.now()
        step(locked, "feedback", actor=actor, channel=channel, fields=("answer", "answered_at"))
        queue_external_update(locked, ExternalUpdateKind.RESULT, _result_text(locked, ""))
        resolve_answered_notices(locked)
    return locked


# Case types register how to open a case from an order (legal aid, mediation, appointments …).
CaseOpener = Callable[[WorkOrder, User], models.Model]


@dataclass(frozen=True)
class CaseKind:
    code: str
    label: str
    opener: CaseOpener


CASE_KINDS: dict[str, CaseKind] = {}


def register_case_kind(code: str, label: str, opener: CaseOpener) -> None:
    CASE_KINDS[code] = CaseKind(code, label, opener)


def convert_to_case(*, order: WorkOrder, actor: User, kind: str, channel: str = CHANNEL) -> CaseLink:
    """转为案件: open a case of a registered kind from the order and link them."""
    case_kind = CASE_KINDS.get(kind)
    if case_kind is None:
        raise DomainError(gettext("未知的案件类型。"), code="unknown_case_kind", field="kind")
    with transaction.atomic():
        locked = lock_for(actor, order)
        case = case_kind.opener(locked, actor)
        link = CaseLink.objects.create(
            order=locked, case_type=ContentType.objects.get_for_model(case), case_id=str(case.pk)
        )
        step(locked, "convert", actor=actor, channel=channel, data={"kind": kind, "case_id": str(case.pk)})
    return link


def check_close(*, result_code: str) -> None:
    """办结 needs a result code from the list; writes nothing."""
    if result_code not in ResultCode.values:
        raise DomainError(gettext("办结须选择办结结果。"), code="result_required", field="result_code")


def _close(order: WorkOrder, *, actor: User | None, result_code: str, channel: str) -> None:
    check_close(result_code=result_code)
    order.result_code = result_code
    order.closed_at = timezone.now()
    step(
        order,
        "close",
        actor=actor,
        channel=channel,
        data={"result_code": result_code},
        fields=("result_code", "closed_at"),
    )
    from gongfa.workorders.services.feedback import after_close
    from gongfa.workorders.tasks import notify_requester_closed

    after_close(order)
    transaction.on_commit(lambda: notify_requester_closed.delay(order.pk))


def close_work_order(*, order: WorkOrder, actor: User, result_code: str, channel: str = CHANNEL) -> WorkOrder:
    """办结 with a result code (required)."""
    check_close(result_code=result_code)
    with transaction.atomic():
        locked = lock_for(actor, order)
        _close(locked, actor=actor, result_code=result_code, channel=channel)
        result_sent = locked.answered_at is not None and (
            locked.external_updates.filter(kind=ExternalUpdateKind.RESULT, created_at__gte=locked.answered_at).exists()
        )
        if not result_sent:  # closed without an answer reported (e.g. after a case): the result goes now
            queue_external_update(locked, ExternalUpdateKind.RESULT, _result_text(locked, result_code))
    return locked


def _result_text(order: WorkOrder, result_code: str) -> str:
    """What 12345 is told as the result: the answer, and how the order ended when it did."""
    parts = []
    if result_code:
        parts.append(f"办结结果：{stored_text(ResultCode(result_code).label)}。")
    if order.answer:
        parts.append(f"答复意见：{order.answer}")
    return "".join(parts) or "已办结。"


def reopen_work_order(*, order: WorkOrder, actor: User, reason: str, channel: str = CHANNEL) -> WorkOrder:
    """重新办理: a closed order comes back to its owner (e.g. after a return visit)."""
    why = check_reason(reason, gettext("重新办理"))
    with transaction.atomic():
        locked = lock_for(actor, order)
        locked.closed_at = None
        locked.result_code = ""
        step(locked, "reopen", actor=actor, channel=channel, reason=why, fields=("closed_at", "result_code"))
    return locked


def check_merge(*, order: WorkOrder, into: WorkOrder | None, reason: str) -> str:
    """A merge's reason and its target (another order, still open), every problem at once; writes
    nothing. `into` None: the target is unknown, already reported. Returns the reason as stored."""
    problems = Problems()
    if into is not None and order.pk == into.pk:
        problems.add("into", gettext("不能把工单合并到它自己。"), code="same_order")
    elif into is not None and not into.is_open:
        problems.add(
            "into",
            gettext("工单 {tracking_number} 已办结，不能合并到它。").format(tracking_number=into.tracking_number),
            code="target_closed",
        )
    why = ""
    with problems.check():
        why = check_reason(reason, gettext("合并"))
    problems.raise_if_any()
    return why


def merge_work_order(
    *, order: WorkOrder, into: WorkOrder, actor: User, reason: str, channel: str = CHANNEL
) -> WorkOrder:
    """合并: a duplicate is folded into another order (which must be open and visible to the actor)."""
    with transaction.atomic():
        target = lock_for(actor, into)
        why = check_merge(order=order, into=target, reason=reason)
        locked = lock_for(actor, order)
        locked.merged_into = target
        step(
            locked,
            "merge",
            actor=actor,
            channel=channel,
            reason=why,
            data={"into": target.tracking_number},
            fields=("merged_into",),
        )
        record_event(
            target,
            "workorders.workorder.merged_in",
            actor=actor,
            channel=channel,
            reason=why,
            data={"from": locked.tracking_number},
            region=target.region,
        )
    return locked


def link_work_orders(*, child: WorkOrder, parent: WorkOrder, actor: User, channel: str = CHANNEL) -> WorkOrder:
    """关联: mark an order as related to (a follow-up of) another; both stay open."""
    if child.pk == parent.pk:
        raise DomainError(gettext("不能把工单关联到它自己。"), code="same_order", field="parent")
    with transaction.atomic():
        locked_parent = lock_for(actor, parent)
        locked = lock_for(actor, child)
        ancestor_ids = set(
            WorkOrder.objects.filter(pk=locked_parent.pk).values_list("parent_id", "parent__parent_id").first() or ()
        )
        if locked.pk in ancestor_ids:
            raise DomainError(gettext("两张工单不能互相关联。"), code="link_cycle", field="parent")
        locked.parent = locked_parent
        locked.save(update_fields=["parent", "updated_at"])
        record_event(
            locked,
            "workorders.workorder.linked",
            actor=actor,
            channel=channel,
            data={"parent": parent.tracking_number},
            region=locked.region,
        )
    return locked


def reclassify_work_order(*, order: WorkOrder, actor: User, topic: Topic, channel: str = CHANNEL) -> WorkOrder:
    """重新分类: correct the topic; the correction is kept as labelled data for the classifier."""
    if not topic.is_active:
        raise DomainError(gettext("该类别已停用。"), code="inactive_topic", field="topic")
    with transaction.atomic():
        locked = lock_for(actor, order)
        if locked.topic_id == topic.pk:
            raise DomainError(
                gettext("工单已是“{name}”类别。").format(name=topic.name), code="same_topic", field="topic"
            )
        previous = locked.topic
        TopicLabel.objects.create(
            order=locked, text=locked.text, previous_topic=previous, topic=topic, labelled_by=actor
        )
        locked.topic = topic
        locked.topic_reason = f"{actor.display_name}人工分类"
        locked.save(update_fields=["topic", "topic_reason", "updated_at"])
        record_event(
            locked,
            "workorders.workorder.reclassified",
            actor=actor,
            channel=channel,
            data={"from": previous.name if previous else "", "to": topic.name},
            region=locked.region,
        )
    return locked


def refresh_search_text(order: WorkOrder) -> None:
    WorkOrder.objects.filter(pk=order.pk).update(search_text=build_search_text(order))
