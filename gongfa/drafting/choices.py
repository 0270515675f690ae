"""Statuses and code lists of document drafting (文书代书)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewStatus(models.TextChoices):
    """Where a drafting interview stands (代书进度)."""

    IN_PROGRESS = "in_progress", _("填写中")
    COMPLETED = "completed", _("已生成文书")
    IN_REVIEW = "in_review", _("律师审核中")
    REVIEWED = "reviewed", _("律师已审核")
    DISCARDED = "discarded", _("已放弃")


class DocumentKind(models.TextChoices):
    """The kinds of document a template makes (definitions.DOCUMENT_KINDS, with their names)."""

    COMPLAINT = "complaint", _("民事起诉状")
    DEFENCE = "defence", _("民事答辩状")
    ARBITRATION = "arbitration", _("劳动仲裁申请书")
    IOU = "iou", _("借条")
    DIVORCE_AGREEMENT = "divorce_agreement", _("离婚协议书")
    MEDIATION_APPLICATION = "mediation_application", _("人民调解申请书")


class VersionReason(models.TextChoices):
    """Why a document version was made."""

    DRAFTED = "drafted", _("填写完成生成")
    REDRAFTED = "redrafted", _("修改后重新生成")
    REVIEWED = "reviewed", _("律师审核修改")
