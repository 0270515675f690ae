"""A mediation case's state in the citizen's words (我的调解): the phrase and the next step,
the one table the portal reads (gongfa.core.public_status)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.core.public_status import PublicStatus, PublicStatusTable
from gongfa.mediation.choices import AgreementStatus
from gongfa.mediation.choices import CaseStatus as S

MEDIATION_STATUS = PublicStatusTable(
    S,
    {
        S.APPLIED: PublicStatus(
            _("已收到您的申请"),
            _("调委会会联系对方，问对方是否愿意调解。"),
        ),
        S.CONSENT_PENDING: PublicStatus(
            _("正在问对方是否愿意调解"),
            _("对方同意后，调委会就会受理。对方不同意的，不能强迫调解。"),
        ),
        S.NOT_MEDIATED: PublicStatus(
            _("对方不同意调解，本次不能调解"),
            _("您可以向人民法院起诉，或者申请仲裁、请有关行政机关处理。"),
        ),
        S.NOT_ACCEPTED: PublicStatus(
            _("调委会没有受理"),
            _("请按调委会告知的途径，向有关机关或人民法院申请。"),
        ),
        S.ACCEPTED: PublicStatus(
            _("调委会已受理"),
            _("调委会正在安排调解员，调解员会联系您。"),
        ),
        S.MEDIATOR_ASSIGNED: PublicStatus(
            _("已安排调解员"),
            _("调解员会告诉您调解的时间和地点，并告知您的权利和义务。"),
        ),
        S.IN_MEDIATION: PublicStatus(
            _("正在调解"),
            _("请按约定的时间参加调解。您随时可以要求停止调解。"),
        ),
        S.TERMINATED_BY_PARTY: PublicStatus(
            _("当事人要求停止，调解已结束"),
            _("您可以向人民法院起诉，或者通过其他途径解决。"),
        ),
        S.FAILED: PublicStatus(
            _("没有调解成功"),
            _("您可以向人民法院起诉，或者申请仲裁、请有关行政机关处理。"),
        ),
        S.AGREEMENT_EFFECTIVE: PublicStatus(
            _("已达成协议，协议已生效"),
            _("请按协议履行。双方可以在协议生效后30日内一起向法院申请司法确认。"),
        ),
        S.JC_FILED: PublicStatus(
            _("已向法院申请确认协议"),
            _("请等待法院的裁定。"),
        ),
        S.JC_CONFIRMED: PublicStatus(
            _("法院已确认协议有效"),
            _("一方不履行的，另一方可以向人民法院申请强制执行。"),
        ),
        S.NONPERFORMANCE: PublicStatus(
            _("协议还没有履行，调委会正在督促"),
            _("调委会会督促对方履行。"),
        ),
        S.PERFORMED: PublicStatus(
            _("协议已经履行"),
            _("调委会会回访，问问您是否满意。"),
        ),
        S.REFERRED_TO_COURT: PublicStatus(
            _("请到法院起诉或申请执行"),
            _("您可以向人民法院起诉或申请强制执行。"),
        ),
        S.CLOSED: PublicStatus(
            _("已结案"),
            _("这件事已经办完了。"),
        ),
    },
)

# The written agreement (调解协议书) on the citizen's case page: a draft is not yet anything the
# parties signed; only an effective agreement binds them (人民调解法 第31条).
AGREEMENT_STATUS = PublicStatusTable(
    AgreementStatus,
    {
        AgreementStatus.DRAFT: PublicStatus(_("调解员正在起草协议"), _("定稿后会请您核对并签名。")),
        AgreementStatus.FINALISED: PublicStatus(
            _("协议已定稿，等待签名"), _("请核对协议内容；同意的，签名或按确认链接确认。")
        ),
        AgreementStatus.EFFECTIVE: PublicStatus(_("协议已生效"), _("协议对双方有约束力，请按约定履行。")),
        AgreementStatus.VOID: PublicStatus(_("这份协议已作废"), _("以调委会重新制作的协议为准。")),
    },
)
