"""The order's timeline in plain words (办理记录): every audit event of the order and of the cases
converted from it, with Chinese labels. Citizens' names are masked (User.listed_name)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from gongfa.audit.models import Event
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, CallbackOutcome, Rating, ResultCode
from gongfa.workorders.models import WorkOrder

PREFIX = "workorders.workorder."
OTHER_LABELS = {
    f"{PREFIX}submit": "登记受理",
    f"{PREFIX}callback": "回拨群众",
    f"{PREFIX}rate": "群众评价",
    f"{PREFIX}merged_in": "合并入其他工单",
    f"{PREFIX}linked": "关联工单",
    f"{PREFIX}reclassified": "重新分类",
    "workorders.supervision_raised": "督办",
    "workorders.supervision_acknowledged": "签收督办",
    "workorders.return_visit_opened": "生成差评回访和整改任务",
    "workorders.return_visit_sampled": "抽查回访",
    "workorders.return_visit_done": "完成回访",
    "workorders.rectification_done": "完成整改",
}


def verb_label(verb: str) -> str:
    if verb in OTHER_LABELS:
        return OTHER_LABELS[verb]
    if verb.startswith(PREFIX):
        action = verb.removeprefix(PREFIX)
        for transition in WORK_ORDER_TRANSITIONS.transitions:
            if transition.action == action:
                return transition.label
    return verb


def _label(choices: type[ResultCode] | type[CallbackOutcome], value: object) -> str:
    try:
        return str(choices(str(value)).label)
    except ValueError:
        return str(value)


def _detail(event: Event) -> str:
    """One line of what the event's data says, in words."""
    data = event.data or {}
    action = event.verb.removeprefix(PREFIX)
    if action in {"dispatch", "transfer", "return"} and data.get("to"):
        verb = {"dispatch": "派至", "transfer": "转办至", "return": "退回至"}[action]
        return f"{verb}{data['to']}"
    if action == "close" and data.get("result_code"):
        return f"办结结果：{_label(ResultCode, data['result_code'])}"
    if action == "rate" and data.get("rating"):
        try:
            return str(Rating(int(data["rating"])).label)
        except (TypeError, ValueError):
            return ""
    if action == "callback" and data.get("notes"):
        return str(data["notes"])
    if action == "reclassified":
        return f"{data.get('from') or '未分类'} → {data.get('to', '')}"
    if action == "merge" and data.get("into"):
        return f"合并到 {data['into']}"
    if action == "merged_in" and data.get("from"):
        return f"工单 {data['from']} 合并入本工单"
    if action == "linked" and data.get("parent"):
        return f"关联到 {data['parent']}"
    if action == "transfer_out" and data.get("gateway_ref"):
        return f"外部编号 {data['gateway_ref']}"
    return ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    who: str
    channel: str
    label: str
    detail: str
    reason: str
    status: str
    of_case: bool


def order_timeline(order: WorkOrder) -> list[TimelineEntry]:
    """Events of the order and of its linked cases, oldest first (two queries)."""
    condition = Q(subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk))
    links = list(order.case_links.all())
    for link in links:
        condition |= Q(subject_type_id=link.case_type_id, subject_id=link.case_id)
    order_type = ContentType.objects.get_for_model(WorkOrder).pk
    entries = []
    for event in Event.objects.filter(condition).select_related("actor").order_by("occurred_at", "pk"):
        entries.append(
            TimelineEntry(
                at=event.occurred_at,
                who=event.actor.listed_name if event.actor is not None else "系统",
                channel=event.get_channel_display(),
                label=verb_label(event.verb),
                detail=_detail(event),
                reason=event.reason,
                status=WORK_ORDER_TRANSITIONS.label_of(event.to_status) if event.to_status else "",
                of_case=event.subject_type_id != order_type,
            )
        )
    return entries
