"""Indicators (考核指标) as data: a numerator and an optional denominator over registered measures."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import Direction, SourceKind, Unit


class Indicator(models.Model):
    """An indicator (指标): code, name, definition over measures, unit, direction, levels, source.

    numerator / denominator: {"measures": ["wo.closed_on_time"], "filters": {"channel": ["hotline"],
    "service": [...], "topic": [...], "special_group": [1, 8], "tier": [...]}}. The value is
    numerator ÷ denominator × scale (100 for a percentage), or numerator × scale without a
    denominator. Checked against the measure registry by performance.definitions.check_definition.
    """

    code = models.SlugField(_("指标代码"), max_length=64, unique=True)
    name = models.CharField(_("指标名称"), max_length=64)
    category = models.CharField(_("指标分类"), max_length=32, blank=True)
    description = models.TextField(_("口径说明"), blank=True)
    numerator = models.JSONField(_("分子"))
    denominator = models.JSONField(_("分母"), null=True, blank=True)
    scale = models.DecimalField(_("换算系数"), max_digits=20, decimal_places=12, default=1)
    unit = models.CharField(_("单位"), max_length=16, choices=Unit.choices, default=Unit.COUNT)
    decimals = models.PositiveSmallIntegerField(_("小数位"), default=1)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    levels = models.JSONField(_("填报层级"), default=list, blank=True, help_text=_("区划层级 1–5；空表示各级"))
    source_kind = models.CharField(
        _("依据类型"), max_length=16, choices=SourceKind.choices, default=SourceKind.PRACTICE
    )
    source_document = models.CharField(_("依据文件"), max_length=255, blank=True)
    benchmark = models.DecimalField(
        _("参考标准值"), max_digits=14, decimal_places=4, null=True, blank=True, help_text=_("如接通率≥95%")
    )
    is_public = models.BooleanField(_("对外公开"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None
