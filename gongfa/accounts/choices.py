from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The platform's roles (角色). A staff member's posting may carry a more specific role."""

    CITIZEN = "citizen", _("群众")
    HOTLINE_AGENT = "hotline_agent", _("12348热线坐席")
    WINDOW_STAFF = "window_staff", _("窗口工作人员")
    VILLAGE_ADVISOR = "village_advisor", _("村(居)法律顾问")
    LEGAL_AID_REVIEWER = "legal_aid_reviewer", _("法律援助审查人员")
    LAWYER = "lawyer", _("律师/基层法律服务工作者")
    MEDIATOR = "mediator", _("人民调解员")
    NOTARY_CLERK = "notary_clerk", _("公证/司法鉴定受理人员")
    NOTARY = "notary", _("公证员")
    APPRAISER = "appraiser", _("司法鉴定人")
    ARBITRATION_STAFF = "arbitration_staff", _("仲裁工作人员")
    SUPERVISOR = "supervisor", _("督办主管")
    ADMINISTRATOR = "administrator", _("系统管理员")


STAFF_ROLES = frozenset(Role.values) - {Role.CITIZEN}
