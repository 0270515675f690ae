"""Targets (目标任务): a year's value of an indicator for a region, split down the tree, with a
quarterly or monthly schedule (进度安排)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import MilestonePeriod, SplitMethod


class Target(models.Model):
    """A region's target for an indicator in a year (年度目标), entered by a level or split from the
    target of the region above (parent)."""

    indicator = models.ForeignKey(
        "performance.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    region = models.ForeignKey("network.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级目标"), null=True, blank=True, on_delete=models.CASCADE, related_name="parts"
    )
    split_method = models.CharField(
        _("分解方式"), max_length=16, choices=SplitMethod.choices, default=SplitMethod.TYPED, blank=True
    )
    weight = models.DecimalField(_("分解权重"), max_digits=10, decimal_places=4, null=True, blank=True)
    source_document = models.CharField(_("文件依据"), max_length=255, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下达人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("下达时间"), default=timezone.now)

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        ordering = ["year", "indicator", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="perf_one_target_per_region_year")
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="perf_target_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.indicator}"


class Milestone(models.Model):
    """One step of a target's schedule (进度节点): the share of the year's value due in a quarter or
    a month (Yunnan: Q1 10 %, Q2 50 %, Q3 40 %)."""

    target = models.ForeignKey(Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="milestones")
    period = models.CharField(_("进度周期"), max_length=8, choices=MilestonePeriod.choices)
    index = models.PositiveSmallIntegerField(_("第几期"), help_text=_("季度 1–4，月 1–12"))
    share = models.DecimalField(_("本期占年度目标(%)"), max_digits=7, decimal_places=3)

    class Meta:
        verbose_name = _("进度节点")
        verbose_name_plural = _("进度节点")
        ordering = ["target", "period", "index"]
        constraints = [models.UniqueConstraint(fields=["target", "period", "index"], name="perf_one_milestone")]

    def __str__(self) -> str:
        return f"{self.target} {self.get_period_display()}{self.index}: {self.share}%"
