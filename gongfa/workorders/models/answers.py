"""The phrase library of reusable answers (答复模板), per topic, maintained by staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerTemplateQuerySet(models.QuerySet["AnswerTemplate"]):
    def active(self) -> AnswerTemplateQuerySet:
        return self.filter(is_active=True)


class AnswerTemplate(models.Model):
    """A reusable answer (常用答复) for one topic, optionally with a file to send with it."""

    topic = models.ForeignKey(
        "workorders.Topic",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answer_templates",
        help_text=_("留空为通用答复"),
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("适用区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空为全部区划通用；填写后仅该区划及下级使用"),
    )
    title = models.CharField(_("标题"), max_length=64)
    body = models.TextField(_("答复内容"))
    attachment = models.FileField(_("附件"), upload_to="answer_templates/%Y/", blank=True, max_length=255)
    is_active = models.BooleanField(_("启用"), default=True)
    use_count = models.PositiveIntegerField(_("使用次数"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AnswerTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")
        ordering = ["topic__sort_order", "title", "pk"]
        indexes = [models.Index(fields=["topic", "is_active"], name="wo_answer_template_topic")]
        constraints = [
            models.UniqueConstraint(fields=["topic", "region", "title"], name="wo_answer_template_unique_title"),
            # NULLs are distinct in a unique index: the nationwide templates (no region) need their own.
            models.UniqueConstraint(
                fields=["topic", "title"],
                condition=models.Q(region__isnull=True),
                name="wo_answer_template_unique_national_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title
