from django.db import models


class Role(models.TextChoices):
    """The platform's roles (角色). A staff member's posting may carry a more specific role."""

    CITIZEN = "citizen", "群众"
    HOTLINE_AGENT = "hotline_agent", "12348热线坐席"
    WINDOW_STAFF = "window_staff", "窗口工作人员"
    VILLAGE_ADVISOR = "village_advisor", "村(居)法律顾问"
    LEGAL_AID_REVIEWER = "legal_aid_reviewer", "法律援助审查人员"
    LAWYER = "lawyer", "律师/基层法律服务工作者"
    MEDIATOR = "mediator", "人民调解员"
    NOTARY_CLERK = "notary_clerk", "公证/司法鉴定受理人员"
    NOTARY = "notary", "公证员"
    APPRAISER = "appraiser", "司法鉴定人"
    ARBITRATION_STAFF = "arbitration_staff", "仲裁工作人员"
    SUPERVISOR = "supervisor", "督办主管"
    ADMINISTRATOR = "administrator", "系统管理员"


STAFF_ROLES = frozenset(Role.values) - {Role.CITIZEN}
