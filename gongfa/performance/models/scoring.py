"""Demonstration-site and standardisation scoring (示范点/规范化建设评分): sheets as data, point
profiles, inspections with item scores, and a rectification for every item that loses points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongfa.performance.choices import InspectionMode, InspectionStatus, InspectionVenue, SiteLevel


class ScoringSheet(models.Model):
    """A scoring sheet (评分表), e.g. the 100-point sheet of practice.md §c."""

    code = models.SlugField("评分表代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=128)
    version = models.PositiveSmallIntegerField("版本", default=1)
    total_points = models.DecimalField("满分", max_digits=6, decimal_places=2, default=100)
    tiers = models.JSONField("适用平台层级", default=list, blank=True)
    description = models.TextField("说明", blank=True)
    source_document = models.CharField("依据", max_length=255, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ScoringCategory(models.Model):
    """A category of a sheet (评分类别), e.g. 基础设施."""

    sheet = models.ForeignKey(ScoringSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("类别", max_length=64)

    class Meta:
        verbose_name = "评分类别"
        verbose_name_plural = "评分类别"
        ordering = ["sheet", "order"]

    def __str__(self) -> str:
        return self.name


class ScoringItem(models.Model):
    """An item (评分项目) worth some points, with the evidence it needs; `computed_by` names a
    registered computation (performance.scoring) when data can answer it."""

    category = models.ForeignKey(ScoringCategory, verbose_name="类别", on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("顺序")
    code = models.SlugField("项目代码", max_length=64)
    name = models.CharField("评分内容", max_length=255)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    evidence = models.CharField("评分依据/所需材料", max_length=255, blank=True)
    computed_by = models.CharField("系统计算", max_length=64, blank=True)
    parameters = models.JSONField("计算参数", default=dict, blank=True)

    class Meta:
        verbose_name = "评分项目"
        verbose_name_plural = "评分项目"
        ordering = ["category", "order"]

    def __str__(self) -> str:
        return self.name


class PointProfile(models.Model):
    """What a service point has (平台建设情况): floor area, posts, opening hours, stationed agencies
    and the 六统一 signage checks."""

    point = models.OneToOneField(
        "network.ServicePoint", verbose_name="服务平台", on_delete=models.CASCADE, related_name="profile"
    )
    floor_area_m2 = models.DecimalField("面积(㎡)", max_digits=8, decimal_places=1, null=True, blank=True)
    street_level = models.BooleanField("临街一层", default=False)
    posts = models.JSONField("岗位设置", default=list, blank=True, help_text="窗口/岗位名称列表")
    weekly_hours = models.DecimalField("每周开放时长(小时)", max_digits=5, decimal_places=1, null=True, blank=True)
    stationed_agencies = models.ManyToManyField("network.Agency", verbose_name="入驻机构", blank=True, related_name="+")
    signage = models.JSONField(
        "六统一",
        default=dict,
        blank=True,
        help_text="统一名称、统一标识、统一场所设置、统一服务内容、统一工作流程、统一管理制度",
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "平台建设情况"
        verbose_name_plural = "平台建设情况"

    def __str__(self) -> str:
        return f"{self.point} 建设情况"


class SiteInspection(models.Model):
    """One scoring of a point against a sheet (检查评分), open or covert, on site or remote."""

    sheet = models.ForeignKey(ScoringSheet, verbose_name="评分表", on_delete=models.PROTECT, related_name="inspections")
    point = models.ForeignKey(
        "network.ServicePoint", verbose_name="服务平台", on_delete=models.PROTECT, related_name="inspections"
    )
    site_level = models.CharField("评定级别", max_length=16, choices=SiteLevel.choices)
    mode = models.CharField("检查方式", max_length=8, choices=InspectionMode.choices)
    venue = models.CharField("检查形式", max_length=8, choices=InspectionVenue.choices)
    inspected_on = models.DateField("检查日期")
    inspectors = models.CharField("检查人员", max_length=255, blank=True)
    status = models.CharField("状态", max_length=8, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT)
    total = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    threshold = models.DecimalField("达标分数线", max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField("达标", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查评分"
        verbose_name_plural = "检查评分"
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.point} {self.inspected_on} {self.sheet}"


class ItemScore(models.Model):
    """The score of one item in an inspection (项目得分); an item below its points opens a
    rectification (整改) through the work-order rectification flow."""

    inspection = models.ForeignKey(SiteInspection, verbose_name="检查", on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoringItem, verbose_name="项目", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    computed = models.BooleanField("系统计算", default=False)
    explanation = models.CharField("计算说明", max_length=255, blank=True)
    note = models.CharField("扣分说明", max_length=500, blank=True)
    rectification = models.OneToOneField(
        "workorders.Rectification",
        verbose_name="整改",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_item",
    )

    class Meta:
        verbose_name = "项目得分"
        verbose_name_plural = "项目得分"
        ordering = ["inspection", "item__category__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="perf_one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.inspection} {self.item}: {self.score}"
