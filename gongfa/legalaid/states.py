"""The legal-aid transition table (rules.md §5.2 application route, §5.3 notified route).

Services in legalaid.services are the only callers; each step writes an audit event.
"""

from django.utils.translation import gettext_lazy as _

from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.legalaid.choices import ApplicationStatus as S

_BEFORE_DECISION = (S.RECEIVED, S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED)

LEGAL_AID = TransitionTable(
    "法律援助",
    S,
    [
        Transition("submit", (S.DRAFT,), S.RECEIVED, _("提交申请")),
        Transition("redirect", (S.RECEIVED,), S.REDIRECTED, _("告知向有管辖权的机构申请"), reason_required=True),
        Transition("start_review", (S.RECEIVED,), S.UNDER_REVIEW, _("开始审查")),
        Transition("request_supplement", (S.RECEIVED, S.UNDER_REVIEW), S.SUPPLEMENT_REQUESTED, _("一次性告知补充材料")),
        Transition("receive_supplement", (S.SUPPLEMENT_REQUESTED,), S.UNDER_REVIEW, _("材料已补齐")),
        Transition("deem_withdrawn", (S.SUPPLEMENT_REQUESTED,), S.DEEMED_WITHDRAWN, _("逾期未补充，视为撤回")),
        Transition("start_advance_aid", _BEFORE_DECISION, S.ADVANCE_AID, _("先行提供法律援助"), reason_required=True),
        Transition("confirm_advance_aid", (S.ADVANCE_AID,), S.IN_SERVICE, _("审查符合条件，转为承办")),
        Transition("grant", (S.RECEIVED, S.UNDER_REVIEW), S.GRANTED, _("决定给予法律援助")),
        Transition("refuse", (S.RECEIVED, S.UNDER_REVIEW), S.REFUSED, _("决定不予法律援助"), reason_required=True),
        Transition(
            "withdraw",
            (S.DRAFT, *_BEFORE_DECISION, S.GRANTED),
            S.WITHDRAWN,
            _("撤回申请"),
        ),
        Transition("assign", (S.GRANTED,), S.ASSIGNED, _("指派承办人员")),
        Transition("assign_notified", (S.RECEIVED,), S.ASSIGNED, _("指派承办人员（通知辩护/代理）")),
        Transition("replace_provider", (S.ASSIGNED, S.IN_SERVICE), S.ASSIGNED, _("更换承办人员"), reason_required=True),
        Transition("sign_engagement", (S.ASSIGNED,), S.IN_SERVICE, _("签订委托协议")),
        Transition(
            "terminate",
            (S.ASSIGNED, S.IN_SERVICE, S.ADVANCE_AID),
            S.TERMINATED,
            _("终止法律援助"),
            reason_required=True,
        ),
        Transition("file_closing_report", (S.IN_SERVICE,), S.CLOSING_REVIEW, _("提交结案材料")),
        Transition("return_closing_report", (S.CLOSING_REVIEW,), S.IN_SERVICE, _("退回结案材料"), reason_required=True),
        Transition("close", (S.CLOSING_REVIEW,), S.CLOSED, _("结案")),
        Transition(
            "lodge_objection", (S.REFUSED, S.TERMINATED), S.OBJECTION_PENDING, _("提出异议"), reason_required=True
        ),
        Transition(
            "uphold_objection", (S.OBJECTION_PENDING,), S.OBJECTION_UPHELD, _("维持原决定"), reason_required=True
        ),
        Transition(
            "correct_refusal", (S.OBJECTION_PENDING,), S.UNDER_REVIEW, _("责令改正：重新审查"), reason_required=True
        ),
        Transition(
            "correct_termination",
            (S.OBJECTION_PENDING,),
            S.IN_SERVICE,
            _("责令改正：恢复法律援助"),
            reason_required=True,
        ),
    ],
)
