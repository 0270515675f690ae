"""Work-order states, the transition table and the small vocabularies of the engine."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# One list of special groups for work orders and legal aid (issue #16), kept in gongfa.core.choices.
from gongfa.core.choices import ALL_SPECIAL_GROUPS as ALL_SPECIAL_GROUPS
from gongfa.core.choices import SpecialGroup as SpecialGroup
from gongfa.core.choices import special_groups_mask as special_groups_mask
from gongfa.core.choices import special_groups_of as special_groups_of
from gongfa.core.statemachine import Transition, TransitionTable


class WorkOrderStatus(models.TextChoices):
    """Work-order states (rules.md §5.1, extended for dispatch and supervision)."""

    NEW = "new", _("待分派")
    ASSIGNED = "assigned", _("待受理")
    IN_PROGRESS = "in_progress", _("办理中")
    WAITING = "waiting", _("待群众补充")
    ANSWERED = "answered", _("已答复")
    TRANSFERRED_OUT = "transferred_out", _("已转外部门")
    CONVERTED = "converted", _("已转案件")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = (
    WorkOrderStatus.NEW,
    WorkOrderStatus.ASSIGNED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.WAITING,
    WorkOrderStatus.ANSWERED,
    WorkOrderStatus.TRANSFERRED_OUT,
    WorkOrderStatus.CONVERTED,
)
# States in which the resolve clock runs (paused while waiting for the citizen, stopped once answered).
CLOCK_RUNNING_STATUSES = (WorkOrderStatus.NEW, WorkOrderStatus.ASSIGNED, WorkOrderStatus.IN_PROGRESS)
S = WorkOrderStatus
HANDLING = (S.ASSIGNED, S.IN_PROGRESS)

WORK_ORDER_TRANSITIONS = TransitionTable(
    "work_order",
    WorkOrderStatus,
    [
        Transition("dispatch", (S.NEW,), S.ASSIGNED, _("派单")),
        Transition("accept", (S.ASSIGNED,), S.IN_PROGRESS, _("受理")),
        Transition("return", HANDLING, S.NEW, _("退回"), reason_required=True),
        Transition("transfer", HANDLING, S.ASSIGNED, _("转办"), reason_required=True),
        Transition("pause", (S.IN_PROGRESS,), S.WAITING, _("暂停计时（等待群众）"), reason_required=True),
        Transition("resume", (S.WAITING,), S.IN_PROGRESS, _("恢复计时")),
        Transition("answer", (*HANDLING, S.WAITING), S.ANSWERED, _("答复")),
        Transition("transfer_out", (S.NEW, *HANDLING), S.TRANSFERRED_OUT, _("转外部门办理"), reason_required=True),
        Transition("feedback", (S.TRANSFERRED_OUT,), S.ANSWERED, _("登记外部门反馈")),
        Transition("convert", (S.IN_PROGRESS, S.ANSWERED), S.CONVERTED, _("转为案件")),
        Transition("close", (S.ANSWERED, S.CONVERTED), S.CLOSED, _("办结")),
        Transition("reopen", (S.CLOSED,), S.IN_PROGRESS, _("重新办理"), reason_required=True),
        # 12345 sends back an order it found unsatisfactory (不满意退回): handled again.
        Transition(
            "return_12345",
            (S.ANSWERED, S.TRANSFERRED_OUT, S.CLOSED),
            S.IN_PROGRESS,
            _("12345不满意退回重办"),
            reason_required=True,
        ),
        Transition("merge", (S.NEW, *HANDLING, S.WAITING), S.MERGED, _("合并到其他工单"), reason_required=True),
        # 改派: the agent who registered a call sends it elsewhere before anyone accepts it (issue #16).
        Transition("redirect", (S.NEW, S.ASSIGNED), S.ASSIGNED, _("改派"), reason_required=True),
    ],
)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


URGENCY_PRIORITY = {Urgency.NORMAL: 0, Urgency.URGENT: 50, Urgency.CRITICAL: 100}
SPECIAL_GROUP_PRIORITY = 10  # per flagged group: special groups move up the queue


class ResultCode(models.TextChoices):
    """How an order ended (办结结果)."""

    ANSWERED = "answered", _("已解答")
    REFERRED = "referred", _("已引导至其他渠道")
    CONVERTED = "converted", _("已转为案件办理")
    TRANSFERRED = "transferred", _("已转外部门办理")
    WITHDRAWN = "withdrawn", _("群众撤回")
    UNREACHABLE = "unreachable", _("多次联系不上")
    NOT_OUR_MATTER = "not_our_matter", _("不属于受理范围")
    OTHER = "other", _("其他")


class CallbackOutcome(models.TextChoices):
    REACHED = "reached", _("已接通")
    NO_ANSWER = "no_answer", _("无人接听")
    BUSY = "busy", _("占线/拒接")
    WRONG_NUMBER = "wrong_number", _("号码错误")


class Rating(models.IntegerChoices):
    """The citizen's five-level rating (好差评)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_RATINGS = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)


class SlaState(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    NEAR_DUE = "near_due", _("即将超时")
    OVERDUE = "overdue", _("已超时")
    PAUSED = "paused", _("暂停计时")
    STOPPED = "stopped", _("已答复/办结")


class SupervisionKind(models.TextChoices):
    """Where a supervision notice came from: the overdue sweep, or a supervisor's own decision."""

    SWEEP = "sweep", _("超时自动督办")
    MANUAL = "manual", _("督办人发起")


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    RESOLVED = "resolved", _("已解除")


class ReturnVisitKind(models.TextChoices):
    DISSATISFIED = "dissatisfied", _("差评必回访")
    SAMPLE = "sample", _("抽查回访")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已完成")


class ExternalSystem(models.TextChoices):
    HOTLINE_12345 = "12345", _("12345政务服务便民热线")
    OTHER = "other", _("其他部门")


class ContactSex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class AgeBand(models.TextChoices):
    """The caller's age band as the agent judges it (年龄段); exact birth dates are not asked."""

    UNDER_18 = "under_18", _("18岁以下")
    FROM_18 = "18_34", _("18–34岁")
    FROM_35 = "35_59", _("35–59岁")
    FROM_60 = "60_79", _("60–79岁")
    FROM_80 = "80_plus", _("80岁及以上")


class CallDirection(models.TextChoices):
    INBOUND = "inbound", _("呼入")
    OUTBOUND = "outbound", _("呼出")


class CallOutcome(models.TextChoices):
    """How a hotline call ended at the switch (话务结果)."""

    RINGING = "ringing", _("振铃中")
    ANSWERED = "answered", _("已接听")
    ABANDONED = "abandoned", _("呼损（未接通即挂断）")
    MESSAGE = "message", _("非值班时段留言")


class CallResult(models.TextChoices):
    """What the agent did with an answered call (通话处理结果), recorded at hang-up."""

    ANSWERED_ON_CALL = "answered_on_call", _("当场解答")
    REGISTERED = "registered", _("登记工单")
    TRANSFERRED = "transferred", _("转接其他部门")
    DROPPED = "dropped", _("通话中断")
    NOT_LEGAL = "not_legal", _("非法律问题")
    OTHER = "other", _("其他")


class CallSource(models.TextChoices):
    CTI = "cti", _("话务系统实时推送")
    IMPORT = "import", _("话单导入")


class ExternalUpdateKind(models.TextChoices):
    """What gongfa reports back to the system an order came from (回传12345)."""

    ACCEPTED = "accepted", _("受理")
    PROGRESS = "progress", _("办理进展")
    RESULT = "result", _("办理结果")


class ExternalUpdateStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("对方已确认")
    GAVE_UP = "gave_up", _("多次失败，需人工处理")
