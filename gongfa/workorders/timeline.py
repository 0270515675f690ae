"""An order's timeline in words, in one place for every door:

- order_timeline: what staff see (办理记录): every audit event of the order and of the cases
  converted from it, with Chinese labels; citizens' names are masked (User.listed_name);
- citizen_timeline: what the citizen sees: only the steps that matter to them (submitted, passed
  to a place, accepted, answered, closed), never staff names;
- verb_label: the label of any event verb (the API uses it too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from gongfa.audit.models import Event
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, CallbackOutcome, Rating, ResultCode, WorkOrderStatus
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


# --- the citizen's view -------------------------------------------------------------------------
S = WorkOrderStatus
PLAIN_STATUS = {
    S.NEW: "已收到，正在安排办理单位",
    S.ASSIGNED: "已交给办理单位，等待受理",
    S.IN_PROGRESS: "正在办理",
    S.WAITING: "等待您补充情况或材料",
    S.ANSWERED: "已答复",
    S.TRANSFERRED_OUT: "已转交其他部门办理",
    S.CONVERTED: "已转为案件办理",
    S.CLOSED: "已办结",
    S.MERGED: "已与您的其他事项合并办理",
}

CITIZEN_VERBS = [
    f"{PREFIX}{action}"
    for action in ("submit", "dispatch", "transfer", "accept", "answer", "feedback", "close", "reopen", "rate")
]


def plain_status(order: WorkOrder) -> str:
    return PLAIN_STATUS.get(S(order.status), order.get_status_display())


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    text: str


def _text(event: Event) -> str:
    action = event.verb.removeprefix(PREFIX)
    place = (event.data or {}).get("to") or ""
    if action == "submit":
        return "您的事项已提交"
    if action in {"dispatch", "transfer"}:
        return f"已交由{place}办理" if place else "已交给办理单位"
    if action == "accept":
        return "工作人员已受理"
    if action in {"answer", "feedback"}:
        return "已答复您"
    if action == "close":
        return "事项已办结"
    if action == "reopen":
        return "事项重新办理"
    if action == "rate":
        return "您已评价"
    return ""


def citizen_timeline(order: WorkOrder) -> list[Step]:
    events = Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk), verb__in=CITIZEN_VERBS
    ).order_by("occurred_at", "pk")
    steps = []
    for event in events.only("occurred_at", "verb", "data"):
        text = _text(event)
        if text:
            steps.append(Step(event.occurred_at, text))
    return steps
