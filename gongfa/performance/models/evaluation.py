"""Evaluation (绩效考评): schemes as data, runs over a period, results with a per-item breakdown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import EvaluationComponent, EvaluationRunStatus, SubjectKind


class EvaluationScheme(models.Model):
    """An evaluation scheme (考评方案): weighted items whose weights add up to 100."""

    code = models.SlugField(_("方案代码"), max_length=64, unique=True)
    name = models.CharField(_("方案名称"), max_length=128)
    subject_kind = models.CharField(_("考评对象"), max_length=16, choices=SubjectKind.choices)
    description = models.TextField(_("说明"), blank=True)
    source_document = models.CharField(_("依据文件"), max_length=255, blank=True)
    grade_bands = models.JSONField(
        _("等次划分"), default=list, blank=True, help_text=_('[{"min": 90, "grade": "优秀"}, …]，从高到低')
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考评方案")
        verbose_name_plural = _("考评方案")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class EvaluationItem(models.Model):
    """An item of a scheme (考评项目): a component, its weight in %, and banded scoring rules.

    bands: [{"min": 95, "score": 100}, {"min": 90, "score": 80}, …] read from the top: the first band
    whose min the value reaches gives the item's score out of 100 (for a lower-is-better indicator,
    "max" instead of "min"). Without bands the value itself (0–100) is the score."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.SlugField(_("项目代码"), max_length=64)
    name = models.CharField(_("项目名称"), max_length=128)
    component = models.CharField(_("评分来源"), max_length=20, choices=EvaluationComponent.choices)
    indicator = models.ForeignKey(
        "performance.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weight = models.DecimalField(_("权重(%)"), max_digits=6, decimal_places=2)
    bands = models.JSONField(_("评分档次"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("考评项目")
        verbose_name_plural = _("考评项目")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="perf_eval_item_code")]

    def __str__(self) -> str:
        return self.name


class EvaluationRun(models.Model):
    """A scheme applied to the subjects of a region for a period (一次考评)."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name=_("方案"), on_delete=models.PROTECT, related_name="runs")
    region = models.ForeignKey("network.Region", verbose_name=_("考评区划"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=128)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=EvaluationRunStatus.choices, default=EvaluationRunStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考评")
        verbose_name_plural = _("考评")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return self.title


class EvaluationInput(models.Model):
    """A typed score for an item and a subject (自评/第三方评分), 0–100."""

    run = models.ForeignKey(EvaluationRun, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="inputs")
    item = models.ForeignKey(EvaluationItem, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    subject_id = models.BigIntegerField(_("考评对象编号"))
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("考评录入分")
        verbose_name_plural = _("考评录入分")
        constraints = [models.UniqueConstraint(fields=["run", "item", "subject_id"], name="perf_one_input")]

    def __str__(self) -> str:
        return f"{self.run} {self.item} {self.subject_id}: {self.score}"


class EvaluationResult(models.Model):
    """A subject's result in a run (考评结果), with the breakdown that explains each item's score.
    Recomputing a draft run replaces its results; a final run's results are kept as history."""

    run = models.ForeignKey(EvaluationRun, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="results")
    subject_kind = models.CharField(_("考评对象类型"), max_length=16, choices=SubjectKind.choices)
    subject_id = models.BigIntegerField(_("考评对象编号"))
    subject_name = models.CharField(_("考评对象"), max_length=128)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=16, blank=True)
    rank = models.PositiveIntegerField(_("名次"))
    breakdown = models.JSONField(_("分项得分"), default=list)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    class Meta:
        verbose_name = _("考评结果")
        verbose_name_plural = _("考评结果")
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "subject_id"], name="perf_one_result")]

    def __str__(self) -> str:
        return f"{self.run} {self.subject_name}: {self.total}"
