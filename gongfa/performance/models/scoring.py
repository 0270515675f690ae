"""Demonstration-site and standardisation scoring (示范点/规范化建设评分): sheets as data, point
profiles, inspections with item scores, and a rectification for every item that loses points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import InspectionMode, InspectionStatus, InspectionVenue, SiteLevel


class ScoringSheet(models.Model):
    """A scoring sheet (评分表), e.g. the 100-point sheet of practice.md §c."""

    code = models.SlugField(_("评分表代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    total_points = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=100)
    tiers = models.JSONField(_("适用平台层级"), default=list, blank=True)
    description = models.TextField(_("说明"), blank=True)
    source_document = models.CharField(_("依据"), max_length=255, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ScoringCategory(models.Model):
    """A category of a sheet (评分类别), e.g. 基础设施."""

    sheet = models.ForeignKey(
        ScoringSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="categories"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("类别"), max_length=64)

    class Meta:
        verbose_name = _("评分类别")
        verbose_name_plural = _("评分类别")
        ordering = ["sheet", "order"]

    def __str__(self) -> str:
        return self.name


class ScoringItem(models.Model):
    """An item (评分项目) worth some points, with the evidence it needs; `computed_by` names a
    registered computation (performance.scoring) when data can answer it."""

    category = models.ForeignKey(
        ScoringCategory, verbose_name=_("类别"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.SlugField(_("项目代码"), max_length=64)
    name = models.CharField(_("评分内容"), max_length=255)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    evidence = models.CharField(_("评分依据/所需材料"), max_length=255, blank=True)
    computed_by = models.CharField(_("系统计算"), max_length=64, blank=True)
    parameters = models.JSONField(_("计算参数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评分项目")
        verbose_name_plural = _("评分项目")
        ordering = ["category", "order"]

    def __str__(self) -> str:
        return self.name


class PointProfile(models.Model):
    """What a service point has (平台建设情况): floor area, posts, opening hours, stationed agencies
    and the 六统一 signage checks."""

    point = models.OneToOneField(
        "network.ServicePoint", verbose_name=_("服务平台"), on_delete=models.CASCADE, related_name="profile"
    )
    floor_area_m2 = models.DecimalField(_("面积(㎡)"), max_digits=8, decimal_places=1, null=True, blank=True)
    street_level = models.BooleanField(_("临街一层"), default=False)
    posts = models.JSONField(_("岗位设置"), default=list, blank=True, help_text=_("窗口/岗位名称列表"))
    weekly_hours = models.DecimalField(_("每周开放时长(小时)"), max_digits=5, decimal_places=1, null=True, blank=True)
    stationed_agencies = models.ManyToManyField(
        "network.Agency", verbose_name=_("入驻机构"), blank=True, related_name="+"
    )
    signage = models.JSONField(
        _("六统一"),
        default=dict,
        blank=True,
        help_text=_("统一名称、统一标识、统一场所设置、统一服务内容、统一工作流程、统一管理制度"),
    )
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("平台建设情况")
        verbose_name_plural = _("平台建设情况")

    def __str__(self) -> str:
        return f"{self.point} 建设情况"


class SiteInspection(models.Model):
    """One scoring of a point against a sheet (检查评分), open or covert, on site or remote."""

    sheet = models.ForeignKey(
        ScoringSheet, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="inspections"
    )
    point = models.ForeignKey(
        "network.ServicePoint", verbose_name=_("服务平台"), on_delete=models.PROTECT, related_name="inspections"
    )
    site_level = models.CharField(_("评定级别"), max_length=16, choices=SiteLevel.choices)
    mode = models.CharField(_("检查方式"), max_length=8, choices=InspectionMode.choices)
    venue = models.CharField(_("检查形式"), max_length=8, choices=InspectionVenue.choices)
    inspected_on = models.DateField(_("检查日期"))
    inspectors = models.CharField(_("检查人员"), max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT)
    total = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    threshold = models.DecimalField(_("达标分数线"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("达标"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查评分")
        verbose_name_plural = _("检查评分")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.point} {self.inspected_on} {self.sheet}"


class ItemScore(models.Model):
    """The score of one item in an inspection (项目得分); an item below its points opens a
    rectification (整改) through the work-order rectification flow."""

    inspection = models.ForeignKey(
        SiteInspection, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(ScoringItem, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    computed = models.BooleanField(_("系统计算"), default=False)
    explanation = models.CharField(_("计算说明"), max_length=255, blank=True)
    note = models.CharField(_("扣分说明"), max_length=500, blank=True)
    rectification = models.OneToOneField(
        "workorders.Rectification",
        verbose_name=_("整改"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_item",
    )

    class Meta:
        verbose_name = _("项目得分")
        verbose_name_plural = _("项目得分")
        ordering = ["inspection", "item__category__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="perf_one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.inspection} {self.item}: {self.score}"
