"""The transition tables of the appointments app: the booking, the notarization case (rules.md §5.6)
and the judicial-appraisal referral (§5.7). Services in appointments.services are the only callers;
each step writes an audit event."""

from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import AppraisalStatus as A
from gongfa.appointments.choices import BookingStatus as B
from gongfa.appointments.choices import NotarizationStatus as N
from gongfa.core.statemachine import Transition, TransitionTable

BOOKING = TransitionTable(
    "公证预约",
    B,
    [
        # Rescheduling keeps the booking (and its number): the slot changes, the status does not.
        Transition("reschedule", (B.BOOKED,), B.BOOKED, _("改约")),
        Transition("cancel", (B.BOOKED,), B.CANCELLED, _("取消预约")),
        Transition("check_in", (B.BOOKED,), B.ATTENDED, _("到场签到")),
        Transition("record_no_show", (B.BOOKED,), B.NO_SHOW, _("记录爽约")),
    ],
)

_WORKING = (N.ACCEPTED, N.SUPPLEMENTING, N.VERIFYING)

NOTARIZATION = TransitionTable(
    "公证",
    N,
    [
        # Acceptance conditions (公证程序规则 ◐): name the competent office where the area is wrong.
        Transition("decline", (N.APPLIED,), N.NOT_ACCEPTED, _("不予受理"), reason_required=True),
        # 第27、30、34条: notary assigned, legal meaning explained, fee charged or waived; clock starts.
        Transition("accept", (N.APPLIED,), N.ACCEPTED, _("受理")),
        # 第23条第(三)项: a notary with a conflict steps aside and another takes the case.
        Transition("recuse", (N.ACCEPTED,), N.ACCEPTED, _("公证员回避并更换"), reason_required=True),
        # 第27、30条: time for supplementing proof is not counted.
        Transition("request_supplement", (N.ACCEPTED,), N.SUPPLEMENTING, _("通知补充材料"), reason_required=True),
        Transition("receive_supplement", (N.SUPPLEMENTING,), N.ACCEPTED, _("补充材料已收齐")),
        # 第29–30条; 公证程序规则第33条 ◐ (another office: one month).
        Transition("start_verification", (N.ACCEPTED,), N.VERIFYING, _("开始核实"), reason_required=True),
        Transition("finish_verification", (N.VERIFYING,), N.ACCEPTED, _("核实完毕")),
        # 第31条: refusal on one of its nine grounds, in writing, with the refund.
        Transition("refuse", _WORKING, N.REFUSED, _("不予办理"), reason_required=True),
        # 公证程序规则 ⚠: withdrawal, six months stalled, death, obstruction.
        Transition("terminate", (N.APPLIED, *_WORKING), N.TERMINATED, _("终止公证"), reason_required=True),
        # 第32条: effective from the date of issue (issued in the office's own system).
        Transition("issue", (N.ACCEPTED,), N.ISSUED, _("出具公证书")),
        # 第35条; 公证程序规则第57条 ◐.
        Transition("archive", (N.ISSUED,), N.ARCHIVED, _("归档")),
        # 第39条; 公证程序规则第61条 ◐: within one year, 20-year cap.
        Transition("request_review", (N.ISSUED, N.ARCHIVED), N.REVIEW_PENDING, _("申请复查"), reason_required=True),
        # 公证程序规则第63条 ◐: uphold, correct or revoke.
        Transition("decide_review", (N.REVIEW_PENDING,), N.ARCHIVED, _("作出复查决定"), reason_required=True),
    ],
)

APPRAISAL = TransitionTable(
    "司法鉴定委托引导",
    A,
    [
        # In litigation the court or case-handling organ commissions (通则第11条 ⚠): guidance only.
        Transition("give_guidance", (A.CREATED,), A.GUIDANCE_GIVEN, _("告知经办案机关委托")),
        # By agreement or by random draw (摇号) among the eligible institutions.
        Transition("commission", (A.CREATED,), A.COMMISSIONED, _("委托鉴定机构")),
        # 通则第13条 ◐: the institution decides within 7 working days.
        Transition("accept", (A.COMMISSIONED,), A.ACCEPTED, _("鉴定机构受理")),
        Transition("decline", (A.COMMISSIONED,), A.NOT_ACCEPTED, _("鉴定机构不予受理"), reason_required=True),
        # 通则≈第28条 ◐/⚠: 30 working days from the agreement taking effect.
        Transition("sign_agreement", (A.ACCEPTED,), A.IN_APPRAISAL, _("签订委托协议，开始鉴定")),
        Transition("extend", (A.IN_APPRAISAL,), A.IN_APPRAISAL, _("延长鉴定时限"), reason_required=True),
        Transition("issue_opinion", (A.IN_APPRAISAL,), A.OPINION_ISSUED, _("出具鉴定意见")),
        Transition(
            "withdraw",
            (A.CREATED, A.COMMISSIONED, A.ACCEPTED, A.IN_APPRAISAL),
            A.WITHDRAWN,
            _("撤回"),
            reason_required=True,
        ),
    ],
)
