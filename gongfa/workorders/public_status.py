"""A work order's state in the citizen's words (我的事项): the one table the portal, the citizen's
SMS and the citizen API read (gongfa.core.public_status)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.core.public_status import PublicStatus, PublicStatusTable
from gongfa.workorders.choices import WorkOrderStatus as S

WORK_ORDER_STATUS = PublicStatusTable(
    S,
    {
        S.NEW: PublicStatus(_("已收到，正在安排办理单位"), _("我们会尽快把您的事项交给办理单位。")),
        S.ASSIGNED: PublicStatus(_("已交给办理单位，等待受理"), _("办理单位受理后开始办理，答复后会短信通知您。")),
        S.IN_PROGRESS: PublicStatus(_("正在办理"), _("工作人员正在处理，答复后会短信通知您。")),
        S.WAITING: PublicStatus(
            _("等待您补充情况或材料"), _("工作人员会联系您，请按要求补充；补充期间不计入办理时限。")
        ),
        S.ANSWERED: PublicStatus(_("已答复"), _("请阅读下面的答复。事项办结后，您可以在这里评价我们的服务。")),
        S.TRANSFERRED_OUT: PublicStatus(
            _("已转交其他部门办理"), _("该部门办理后，我们会把办理结果登记在这里并通知您。")
        ),
        S.CONVERTED: PublicStatus(_("已转为案件办理"), _("请在相应的案件中查看办理进展。")),
        S.CLOSED: PublicStatus(_("已办结"), _("这件事已经办完了。")),
        S.MERGED: PublicStatus(_("已与您的其他事项合并办理"), _("请在合并后的事项中查看办理进展。")),
    },
)

# 转外部门 goes through the gateway to the 12345 platform, which passes it to the department.
TRANSFER_OUT_PLACE = _("12345政务服务便民热线")
