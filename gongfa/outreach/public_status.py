"""A volunteer's registration in the citizen's own words (我的志愿者登记): the one table the portal
reads (gongfa.core.public_status)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.core.public_status import PublicStatus, PublicStatusTable
from gongfa.outreach.choices import VolunteerStatus as S

VOLUNTEER_STATUS = PublicStatusTable(
    S,
    {
        S.APPLIED: PublicStatus(_("已收到您的登记，正在审核"), _("审核通过后，司法所会联系您参加服务。")),
        S.APPROVED: PublicStatus(_("审核已通过"), _("有服务活动时，司法所会联系您。")),
        S.REJECTED: PublicStatus(_("这次登记没有通过"), _("原因见下方说明；条件具备后可以重新登记。")),
        S.SUSPENDED: PublicStatus(_("志愿服务已暂停"), _("如需恢复，请联系登记所在地的司法所。")),
    },
)
