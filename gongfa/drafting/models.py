"""Document drafting (文书代书): template versions, interviews and the documents they make.

A template's YAML (library/) is copied into a TemplateVersion row the first time it is used, so an
interview and every document keep the exact definition they were made with after the file changes.
An interview's answers hold personal data (names, ID numbers, addresses): encrypted at rest, like
the files of each document version.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.core.fields import EncryptedJSONField
from gongfa.drafting.choices import DocumentKind, InterviewStatus, VersionReason


class TemplateVersion(models.Model):
    """One version of a document template as it was used (文书模板版本)."""

    code = models.CharField(_("模板代码"), max_length=48)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("文书名称"), max_length=200)
    kind = models.CharField(_("文书类别"), max_length=32, choices=DocumentKind.choices)
    official = models.BooleanField(_("官方示范文本"), default=False)
    source = models.CharField(_("定义文件"), max_length=100)
    # The YAML itself: the definition an old document was made with is read from here.
    definition_text = models.TextField(_("模板定义"))
    sha256 = models.CharField(_("定义摘要"), max_length=64)
    is_current = models.BooleanField(_("现行版本"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文书模板版本")
        verbose_name_plural = _("文书模板版本")
        ordering = ["code", "-version", "-pk"]
        constraints = [models.UniqueConstraint(fields=["code", "sha256"], name="drafting_template_code_sha")]
        indexes = [models.Index(fields=["code", "is_current"], name="drafting_template_current")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class InterviewQuerySet(models.QuerySet["Interview"]):
    def visible_to(self, user: object) -> InterviewQuerySet:
        """A citizen sees their own; staff see what was drafted at their point or handed to them."""
        from gongfa.drafting.selectors import visible_interviews

        return visible_interviews(self, user)


class Interview(models.Model):
    """A guided interview that drafts one document (代书填写)."""

    # In URLs instead of the id: not guessable, and no personal data in it.
    reference = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(
        TemplateVersion, verbose_name=_("文书模板"), on_delete=models.PROTECT, related_name="interviews"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.IN_PROGRESS
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("群众"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafting_interviews",
    )
    # Staff drafting for a citizen at a window or in a village room (代书人).
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代书人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=32, choices=Channel.choices, default=Channel.PORTAL)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("关联工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafting_interviews",
    )
    legal_aid_application = models.ForeignKey(
        "legalaid.LegalAidApplication",
        verbose_name=_("关联法律援助案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafting_interviews",
    )
    # The lawyer-review hand-over (申请律师审核): a work order with the draft attached.
    review_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("审核工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafting_review",
    )
    answers = EncryptedJSONField(_("答案"), default=dict, blank=True)
    current_step = models.CharField(_("当前步骤"), max_length=48, blank=True)
    created_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("最后保存"), default=timezone.now)
    completed_at = models.DateTimeField(_("首次生成时间"), null=True, blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("代书填写")
        verbose_name_plural = _("代书填写")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["citizen", "-updated_at"], name="drafting_interview_citizen"),
            models.Index(fields=["point", "-updated_at"], name="drafting_interview_point"),
            models.Index(fields=["drafted_by", "-updated_at"], name="drafting_interview_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.template.title}（{self.get_status_display()}）"

    @property
    def latest_document(self) -> DraftDocument | None:
        versions = getattr(self, "_prefetched_objects_cache", {}).get("documents")
        if versions is not None:
            return max(versions, key=lambda item: item.number, default=None)
        return self.documents.order_by("-number").first()


class DraftDocument(models.Model):
    """One version of a drafted document (文书版本): the files and the answers that made them."""

    ENCRYPTED_FILE_FIELDS = ("docx", "pdf")

    interview = models.ForeignKey(
        Interview, verbose_name=_("代书填写"), on_delete=models.PROTECT, related_name="documents"
    )
    number = models.PositiveIntegerField(_("版本号"))
    template = models.ForeignKey(
        TemplateVersion, verbose_name=_("文书模板"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("文书类别"), max_length=32, choices=DocumentKind.choices)
    reason = models.CharField(
        _("生成原因"), max_length=16, choices=VersionReason.choices, default=VersionReason.DRAFTED
    )
    answers = EncryptedJSONField(_("生成时的答案"), default=dict, blank=True)
    docx = models.FileField(_("Word 文件"), upload_to="drafting/%Y/%m/", max_length=255)
    pdf = models.FileField(_("PDF 文件"), upload_to="drafting/%Y/%m/", max_length=255)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    # Denormalised from the interview for the KPI facts and the point's counts.
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=32, choices=Channel.choices, default=Channel.PORTAL)

    class Meta:
        verbose_name = _("文书版本")
        verbose_name_plural = _("文书版本")
        ordering = ["interview", "number"]
        constraints = [models.UniqueConstraint(fields=["interview", "number"], name="drafting_document_number")]
        indexes = [models.Index(fields=["point", "made_at"], name="drafting_document_point")]

    def __str__(self) -> str:
        return f"{self.template.title} 第{self.number}版"

    def must_encrypt_files(self) -> bool:
        return True
