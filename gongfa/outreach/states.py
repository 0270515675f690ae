"""The transition tables of outreach: the publicity event (rules.md §5.8), the publicity prompt
(§5.8 sub-flow), manual public-good records, volunteers and typical cases. Services in
outreach.services are the only callers; each step writes an audit event."""

from django.utils.translation import gettext_lazy as _

from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.outreach.choices import EventStatus as E
from gongfa.outreach.choices import PromptStatus as P
from gongfa.outreach.choices import RecordStatus as R
from gongfa.outreach.choices import TypicalCaseStatus as T
from gongfa.outreach.choices import VolunteerStatus as V

EVENT = TransitionTable(
    "普法活动",
    E,
    [
        # 第24条: audience and the accessible formats used are recorded when it is held.
        Transition("hold", (E.PLANNED,), E.HELD, _("登记举办情况")),
        # 第56条: publicity work is evaluated.
        Transition("evaluate", (E.HELD,), E.EVALUATED, _("效果评估")),
        Transition("archive", (E.EVALUATED,), E.ARCHIVED, _("归档")),
        Transition("cancel", (E.PLANNED,), E.CANCELLED, _("取消活动"), reason_required=True),
    ],
)

PROMPT = TransitionTable(
    "普法提示",
    P,
    [
        # 第57条: past its feedback deadline the prompt is overdue (the daily sweep).
        Transition("mark_overdue", (P.ISSUED,), P.FEEDBACK_DUE, _("反馈逾期")),
        Transition("record_feedback", (P.ISSUED, P.FEEDBACK_DUE), P.CLOSED, _("登记整改反馈")),
    ],
)

PUBLIC_GOOD = TransitionTable(
    "公益法律服务申报",
    R,
    [
        Transition("approve", (R.PENDING,), R.APPROVED, _("认定")),
        Transition("reject", (R.PENDING,), R.REJECTED, _("不予认定"), reason_required=True),
    ],
)

VOLUNTEER = TransitionTable(
    "志愿者",
    V,
    [
        Transition("approve", (V.APPLIED,), V.APPROVED, _("审核通过")),
        Transition("reject", (V.APPLIED,), V.REJECTED, _("审核不通过"), reason_required=True),
        Transition("suspend", (V.APPROVED,), V.SUSPENDED, _("暂停服务"), reason_required=True),
        Transition("reinstate", (V.SUSPENDED,), V.APPROVED, _("恢复服务")),
    ],
)

TYPICAL_CASE = TransitionTable(
    "典型案例",
    T,
    [
        # De-identification is its own step: names and places replaced, no ID or phone pattern left.
        Transition("deidentify", (T.NOMINATED, T.RETURNED), T.DEIDENTIFIED, _("完成脱敏")),
        Transition("submit", (T.DEIDENTIFIED,), T.IN_REVIEW, _("提交审核")),
        Transition("publish", (T.IN_REVIEW,), T.PUBLISHED, _("审核发布")),
        Transition("return_for_edit", (T.IN_REVIEW,), T.RETURNED, _("退回修改"), reason_required=True),
        Transition(
            "withdraw",
            (T.NOMINATED, T.DEIDENTIFIED, T.IN_REVIEW, T.RETURNED, T.PUBLISHED),
            T.WITHDRAWN,
            _("撤回"),
            reason_required=True,
        ),
    ],
)
