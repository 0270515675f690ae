"""Kinds of notice (通知类型), stored on each notification (filters, SMS purpose)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("派单")
    TRANSFER = "transfer", _("转办")
    RECTIFICATION = "rectification", _("整改")
    RETURN_VISIT = "return_visit", _("回访")
    SUPERVISION = "supervision", _("督办")
    DUE_SOON = "due_soon", _("即将超时")
    LEGAL_AID_ASSIGNMENT = "legal_aid_assignment", _("法律援助指派")
    PEER_REVIEW = "peer_review", _("同行评估")
    MATERIAL_FILED = "material_filed", _("材料提交")
    OTHER = "other", _("其他")
