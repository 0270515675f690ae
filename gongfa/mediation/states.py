"""The people's-mediation transition table (rules.md §5.5).

Services in mediation.services are the only callers; each step writes an audit event. The article
behind each step is in rules.md §2 and in the service that takes it.
"""

from django.utils.translation import gettext_lazy as _

from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.mediation.choices import ENDED_STATUSES, GradeAwardStatus
from gongfa.mediation.choices import CaseStatus as S

_BEFORE_ACCEPTANCE = (S.APPLIED, S.CONSENT_PENDING)
_HANDLING = (S.MEDIATOR_ASSIGNED, S.IN_MEDIATION)
_IN_FORCE = (S.AGREEMENT_EFFECTIVE, S.JC_CONFIRMED)

MEDIATION = TransitionTable(
    "人民调解",
    S,
    [
        # 第17条: the other party's wish is sought; a clear refusal means no mediation.
        Transition("seek_consent", (S.APPLIED,), S.CONSENT_PENDING, _("征询对方当事人调解意愿")),
        Transition(
            "record_refusal",
            (*_BEFORE_ACCEPTANCE, S.ACCEPTED, S.MEDIATOR_ASSIGNED),
            S.NOT_MEDIATED,
            _("当事人拒绝调解"),
        ),
        # Mediation Provisions 第22条 ◐: excluded matters get a non-acceptance notice with the route.
        Transition("refuse_acceptance", _BEFORE_ACCEPTANCE, S.NOT_ACCEPTED, _("不予受理"), reason_required=True),
        Transition("accept", _BEFORE_ACCEPTANCE, S.ACCEPTED, _("受理")),
        # 第19条: designated by the committee or chosen by the parties.
        Transition("assign_mediator", (S.ACCEPTED,), S.MEDIATOR_ASSIGNED, _("指定调解员")),
        Transition("add_mediator", _HANDLING, S.MEDIATOR_ASSIGNED, _("增加调解员")),
        # 第23条第(一)项; Mediation Provisions ◐: a recused mediator is replaced.
        Transition("replace_mediator", _HANDLING, S.MEDIATOR_ASSIGNED, _("调解员回避并更换"), reason_required=True),
        # Mediation Provisions 第30条 ◐: the rights-and-duties notice comes before the first session.
        Transition("start_mediation", (S.MEDIATOR_ASSIGNED,), S.IN_MEDIATION, _("告知权利义务，开始调解")),
        Transition("record_session", (S.IN_MEDIATION,), S.IN_MEDIATION, _("记录调解过程")),
        Transition("extend", (S.IN_MEDIATION,), S.IN_MEDIATION, _("经双方同意延长调解期限"), reason_required=True),
        # 第25条: escalation risk is reported; the case goes on. Allowed before the first session too,
        # but there services.handling writes the event without a step, so the status stays
        # MEDIATOR_ASSIGNED and neither skips the rights notice and the clock.
        Transition("report_escalation", _HANDLING, S.IN_MEDIATION, _("报告纠纷激化风险"), reason_required=True),
        Transition("request_consultation", _HANDLING, S.IN_MEDIATION, _("申请专家会诊")),
        # 第23条第(二)项: a party may ask to stop at any time.
        Transition(
            "terminate_by_party", _HANDLING, S.TERMINATED_BY_PARTY, _("当事人要求终止调解"), reason_required=True
        ),
        # 第26条: no agreement: end it and tell the parties the other routes.
        Transition("fail", (S.IN_MEDIATION,), S.FAILED, _("调解不成，终止调解"), reason_required=True),
        # 第28–30条: the written agreement takes effect when signed and sealed; the oral one when reached.
        Transition("make_agreement_effective", (S.IN_MEDIATION,), S.AGREEMENT_EFFECTIVE, _("调解协议生效")),
        # 第33条; 民事诉讼法第205–206条.
        Transition("file_confirmation", (S.AGREEMENT_EFFECTIVE,), S.JC_FILED, _("共同申请司法确认")),
        Transition("record_confirmation", (S.JC_FILED,), S.JC_CONFIRMED, _("法院裁定调解协议有效")),
        Transition(
            "remediate_after_rejection",
            (S.JC_FILED,),
            S.IN_MEDIATION,
            _("法院驳回申请，经双方同意重新调解"),
            reason_required=True,
        ),
        Transition(
            "refer_after_rejection",
            (S.JC_FILED,),
            S.REFERRED_TO_COURT,
            _("法院驳回申请，告知向法院起诉"),
            reason_required=True,
        ),
        # 第31–32条: performance is followed; non-performance is urged, then referred.
        Transition("record_performance", (*_IN_FORCE, S.NONPERFORMANCE), S.PERFORMED, _("回访：协议已履行")),
        Transition("record_nonperformance", _IN_FORCE, S.NONPERFORMANCE, _("回访：协议未履行，督促履行")),
        Transition(
            "refer_nonperformance",
            (S.NONPERFORMANCE,),
            S.REFERRED_TO_COURT,
            _("告知起诉或申请强制执行"),
            reason_required=True,
        ),
        # 第27条: the file (卷宗) is complete before the case is archived.
        Transition("close", ENDED_STATUSES, S.CLOSED, _("结案归档")),
    ],
)

_G = GradeAwardStatus

# A mediator's grading (等级评定, practice.md §a): proposed with the evidence, published for comment
# (公示), then granted or not by the body of the right level; a granted grade may be withdrawn.
GRADE_AWARD = TransitionTable(
    "调解员等级评定",
    GradeAwardStatus,
    [
        Transition("publicise", (_G.PROPOSED,), _G.PUBLICISED, _("公示")),
        Transition("grant", (_G.PUBLICISED,), _G.GRANTED, _("授予等级")),
        Transition("reject", (_G.PROPOSED, _G.PUBLICISED), _G.REJECTED, _("不予授予"), reason_required=True),
        Transition("withdraw", (_G.GRANTED,), _G.WITHDRAWN, _("撤销等级"), reason_required=True),
    ],
)
