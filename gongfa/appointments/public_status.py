"""Notarization cases and bookings in the citizen's words (我的公证, 我的预约): the one table per
case type the portal reads (gongfa.core.public_status)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import BookingStatus, NotarizationStatus
from gongfa.core.public_status import PublicStatus, PublicStatusTable

N = NotarizationStatus
NOTARIZATION_STATUS = PublicStatusTable(
    N,
    {
        N.APPLIED: PublicStatus(_("已收到申请，等待公证处受理"), _("公证处审查申请材料后决定是否受理。")),
        N.NOT_ACCEPTED: PublicStatus(_("公证处没有受理"), _("不受理的理由和可以去哪里办理见下方。")),
        N.ACCEPTED: PublicStatus(_("公证处正在办理"), _("公证处会在出证期限内出具公证书。")),
        N.SUPPLEMENTING: PublicStatus(_("需要您补充材料"), _("请按要求补充材料；补充期间不计入出证期限。")),
        N.VERIFYING: PublicStatus(_("公证处正在核实情况"), _("核实期间不计入出证期限，核实后继续办理。")),
        N.REFUSED: PublicStatus(_("公证处决定不予办理"), _("不予办理的理由和退费情况见下方。")),
        N.TERMINATED: PublicStatus(_("公证已终止"), _("终止的理由见下方。")),
        N.ISSUED: PublicStatus(_("公证书已出具"), _("请按约定领取公证书。")),
        N.ARCHIVED: PublicStatus(_("已办结"), _("这件事已经办完了。")),
        N.REVIEW_PENDING: PublicStatus(_("您的复查申请正在处理"), _("公证处复查后会书面告诉您结果。")),
    },
)

B = BookingStatus
BOOKING_STATUS = PublicStatusTable(
    B,
    {
        B.BOOKED: PublicStatus(_("已预约"), _("请按时前往办理。")),
        B.CANCELLED: PublicStatus(_("已取消"), _("需要时可以重新预约。")),
        B.ATTENDED: PublicStatus(_("已到场办理"), ""),
        B.NO_SHOW: PublicStatus(_("未按时到场"), _("需要时可以重新预约。")),
    },
)
