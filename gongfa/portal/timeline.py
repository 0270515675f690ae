"""What the citizen sees of an order's progress, in plain words: only the steps that matter to
them (submitted, passed to a place, accepted, answered, closed), never staff names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from gongfa.audit.models import Event
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

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

PREFIX = "workorders.workorder."
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
