"""An order's timeline in words, in one place for every door:

- order_timeline: what staff see (办理记录): every audit event of the order and of the cases
  converted from it, with Chinese labels; citizens' names are masked (User.listed_name);
- citizen_timeline: what the citizen sees: only the steps that matter to them (submitted, passed
  to a place, transferred with the place and the reason, accepted, answered, closed), never staff
  names; the state's wording comes from workorders/public_status.py;
- verb_label: the label of any event verb (the API uses it too)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongfa.audit.models import Event
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, CallbackOutcome, Rating, ResultCode
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.public_status import TRANSFER_OUT_PLACE, WORK_ORDER_STATUS

PREFIX = "workorders.workorder."
OTHER_LABELS = {
    f"{PREFIX}submit": gettext_lazy("登记受理"),
    f"{PREFIX}callback": gettext_lazy("回拨群众"),
    f"{PREFIX}rate": gettext_lazy("群众评价"),
    f"{PREFIX}merged_in": gettext_lazy("合并入其他工单"),
    f"{PREFIX}linked": gettext_lazy("关联工单"),
    f"{PREFIX}reclassified": gettext_lazy("重新分类"),
    f"{PREFIX}call_recorded": gettext_lazy("热线通话"),
    "workorders.supervision_raised": gettext_lazy("督办"),
    "workorders.supervision_acknowledged": gettext_lazy("签收督办"),
    "workorders.return_visit_opened": gettext_lazy("生成差评回访和整改任务"),
    "workorders.return_visit_sampled": gettext_lazy("抽查回访"),
    "workorders.return_visit_done": gettext_lazy("完成回访"),
    "workorders.rectification_done": gettext_lazy("完成整改"),
}


def verb_label(verb: str) -> str:
    if verb in OTHER_LABELS:
        return str(OTHER_LABELS[verb])
    if verb.startswith(PREFIX):
        action = verb.removeprefix(PREFIX)
        for transition in WORK_ORDER_TRANSITIONS.transitions:
            if transition.action == action:
                return str(transition.label)
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
    if action in {"dispatch", "redirect", "transfer", "return"} and data.get("to"):
        verb = {"dispatch": "派至", "redirect": "改派至", "transfer": "转办至", "return": "退回至"}[action]
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
# The state's wording is the work order's one table (workorders/public_status.py).

CITIZEN_VERBS = [
    f"{PREFIX}{action}"
    for action in (
        "submit",
        "dispatch",
        "redirect",
        "transfer",
        "transfer_out",
        "accept",
        "answer",
        "feedback",
        "close",
        "reopen",
        "rate",
    )
]
# Hand-overs whose reason the citizen reads (the transfer forms tell staff so). A dispatch's or a
# 改派's reason is the routing rule, the person chosen or the agent's note: staff-only.
REASON_SHOWN = {"transfer", "transfer_out"}
# The help text of those forms' reason field (workbench/views/order.py).
CITIZEN_READS_REASON = gettext_lazy(
    "这里写的原因会显示在群众的“我的事项”中：请用群众看得懂的话写明为什么转、转给谁，不要写内部意见或他人的个人信息。"
)


def plain_status(order: WorkOrder) -> str:
    return WORK_ORDER_STATUS.phrase(order.status)


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    text: str
    reason: str = ""
    kind: str = ""  # the action (transfer, transfer_out …), for the page's markup


def _text(action: str, data: dict[str, object]) -> str:
    place = str(data.get("to") or "")
    if action == "submit":
        return str(_("您的事项已提交"))
    if action in {"dispatch", "redirect"}:
        return str(_("已交由%(place)s办理") % {"place": place}) if place else str(_("已交给办理单位"))
    if action == "transfer":
        return str(_("已转交%(place)s办理") % {"place": place}) if place else str(_("已转交其他办理单位"))
    if action == "transfer_out":
        return str(_("已转交%(place)s，由其交有关部门办理") % {"place": TRANSFER_OUT_PLACE})
    if action == "accept":
        return str(_("工作人员已受理"))
    if action == "answer":
        return str(_("已答复您"))
    if action == "feedback":
        return str(_("已收到有关部门的办理结果"))
    if action == "close":
        return str(_("事项已办结"))
    if action == "reopen":
        return str(_("事项重新办理"))
    if action == "rate":
        return str(_("您已评价"))
    return ""


def citizen_timeline(order: WorkOrder) -> list[Step]:
    """What the citizen reads under 办理进度: each step in words, where a transfer went and why;
    never a staff member's name (one query)."""
    events = Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(WorkOrder), subject_id=str(order.pk), verb__in=CITIZEN_VERBS
    ).order_by("occurred_at", "pk")
    steps = []
    for event in events.only("occurred_at", "verb", "data", "reason"):
        action = event.verb.removeprefix(PREFIX)
        text = _text(action, event.data or {})
        if text:
            reason = event.reason.strip() if action in REASON_SHOWN else ""
            steps.append(Step(event.occurred_at, text, reason, action))
    return steps


def latest_transfer(steps: list[Step]) -> Step | None:
    """The last hand-over to another place (转办 or 转外部门), as the order page's summary names it."""
    return next((s for s in reversed(steps) if s.kind in {"transfer", "transfer_out"}), None)
