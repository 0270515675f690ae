"""A legal-aid application's state in the citizen's words (我的申请), and which of the
eligibility engine's reasons are for the reviewer only (never shown to the applicant)."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from gongfa.core.public_status import PublicStatus, PublicStatusTable
from gongfa.legalaid.choices import ApplicationStatus as S
from gongfa.legalaid.eligibility import Proposal
from gongfa.legalaid.pdf import REVIEWER_ONLY_REASONS

LEGAL_AID_STATUS = PublicStatusTable(
    S,
    {
        S.DRAFT: PublicStatus(_("还没有提交"), _("填写完成并提交后，法律援助中心才开始审查。")),
        S.RECEIVED: PublicStatus(_("已收到，正在审查"), _("法律援助中心会在七日内作出决定。")),
        S.UNDER_REVIEW: PublicStatus(_("正在审查"), _("法律援助中心会在七日内作出决定。")),
        S.SUPPLEMENT_REQUESTED: PublicStatus(_("需要您补充材料"), _("请按下面的清单在期限内补充；补齐后继续审查。")),
        S.ADVANCE_AID: PublicStatus(_("情况紧急，已先行提供法律援助"), _("请补充材料，法律援助中心会补办审查。")),
        S.GRANTED: PublicStatus(_("已决定给予法律援助，正在安排律师"), _("安排好律师后会通知您。")),
        S.ASSIGNED: PublicStatus(_("已指派律师，律师会联系您签订委托协议"), _("请留意律师的电话。")),
        S.IN_SERVICE: PublicStatus(_("律师正在为您办理"), _("有进展时会显示在下面。")),
        S.CLOSING_REVIEW: PublicStatus(_("律师已办结，正在结案审查"), _("审查后结案，并请您评价服务。")),
        S.CLOSED: PublicStatus(_("已结案"), _("这件事已经办完了，欢迎您评价这次服务。")),
        S.REFUSED: PublicStatus(
            _("决定不予法律援助"), _("不同意这个决定的，可以向设立该法律援助机构的司法行政部门提出异议。")
        ),
        S.TERMINATED: PublicStatus(
            _("法律援助已终止"), _("不同意这个决定的，可以向设立该法律援助机构的司法行政部门提出异议。")
        ),
        S.OBJECTION_PENDING: PublicStatus(_("您的异议正在审查"), _("司法行政部门审查后会书面告诉您结果。")),
        S.OBJECTION_UPHELD: PublicStatus(
            _("异议审查维持原决定"), _("对维持决定不服的，可以依法申请行政复议或者提起行政诉讼。")
        ),
        S.REDIRECTED: PublicStatus(_("请向有管辖权的法律援助机构申请"), _("请按通知上写明的机构重新申请。")),
        S.WITHDRAWN: PublicStatus(_("已撤回"), _("需要时可以重新申请。")),
        S.DEEMED_WITHDRAWN: PublicStatus(_("逾期未补充材料，视为撤回"), _("需要时可以重新申请。")),
    },
)


def for_applicant(proposal: Proposal | None) -> Proposal | None:
    """The proposal as the applicant may read it: the reviewer-only reasons (an unverified
    hardship standard and its source, a missing standard) left out, as on the printed decision."""
    if proposal is None:
        return None
    reasons = tuple(r for r in proposal.reasons if r.code not in REVIEWER_ONLY_REASONS)
    return replace(proposal, reasons=reasons)
