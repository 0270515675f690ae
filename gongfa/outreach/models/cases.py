"""Typical cases (典型案例): nominated from closed cases, de-identified, reviewed and published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus


class TypicalCase(models.Model):
    """A typical case (典型案例) for the portal and the Q&A. The text is written de-identified;
    publication is refused while an ID-like or phone-like string remains."""

    number = models.CharField(_("编号"), max_length=24, unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=TypicalCaseSource.choices)
    legal_aid_case = models.ForeignKey(
        "legalaid.LegalAidApplication",
        verbose_name=_("法律援助案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="typical_cases",
    )
    mediation_case = models.ForeignKey(
        "mediation.MediationCase",
        verbose_name=_("调解案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="typical_cases",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("咨询工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="typical_cases",
    )
    region = models.ForeignKey(
        "network.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="typical_cases"
    )
    topic = models.CharField(_("领域"), max_length=32, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=128)
    facts = models.TextField(_("基本案情"))
    handling = models.TextField(_("办理经过与结果"))
    significance = models.TextField(_("典型意义"), blank=True)
    citations = models.JSONField(
        _("引用法条"), default=list, blank=True, help_text=_("如 ['中华人民共和国民法典 第一千零七十九条']")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=TypicalCaseStatus.choices, default=TypicalCaseStatus.NOMINATED, db_index=True
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(_("推荐时间"), default=timezone.now)
    deidentified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("脱敏人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.CharField(_("审核意见"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-nominated_at"]
        indexes = [models.Index(fields=["status", "topic"], name="outreach_case_status_topic")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
