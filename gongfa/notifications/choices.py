"""Kinds of notice (通知类型), stored on each notification (filters, SMS purpose)."""

from django.db import models


class NoticeKind(models.TextChoices):
    ASSIGNMENT = "assignment", "派单"
    TRANSFER = "transfer", "转办"
    RECTIFICATION = "rectification", "整改"
    RETURN_VISIT = "return_visit", "回访"
    SUPERVISION = "supervision", "督办"
    DUE_SOON = "due_soon", "即将超时"
    LEGAL_AID_ASSIGNMENT = "legal_aid_assignment", "法律援助指派"
    PEER_REVIEW = "peer_review", "同行评估"
    MATERIAL_FILED = "material_filed", "材料提交"
    OTHER = "other", "其他"
